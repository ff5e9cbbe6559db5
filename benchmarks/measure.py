"""Timing primitives: every figure is CPU time (user + system) beside wall time.

On a shared machine wall time swings 2-4x with the neighbours' load; CPU time of the measured
process barely moves. So each measurement returns both, and ratios are taken between CPU times
measured in the same run.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Best CPU and best wall seconds over the repeats (each minimum taken on its own)."""

    cpu: float
    wall: float

    def ratio(self, reference: Timing) -> float:
        """CPU time relative to `reference`'s CPU time."""
        return self.cpu / reference.cpu if reference.cpu else float("inf")


@dataclass(frozen=True)
class ProcessRun:
    """A whole child process: its CPU, wall and peak resident memory (MiB)."""

    timing: Timing
    peak_mib: float
    exit_code: int


def in_process(function: Callable[[], object], repeat: int, collector: bool = True) -> Timing:
    """Best CPU and wall time of `function()` in this process; `collector=False` runs it with the
    cyclic garbage collector off (and restores the previous setting)."""
    cpus, walls = [], []
    for _ in range(repeat):
        gc.collect()
        was_enabled = gc.isenabled()
        if not collector:
            gc.disable()
        try:
            cpu, wall = time.process_time(), time.perf_counter()
            function()
            cpus.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - wall)
        finally:
            if was_enabled:
                gc.enable()
    return Timing(min(cpus), min(walls))


# Runs `python -m MODULE ARGS...` and, at exit, writes the process's VmHWM (peak resident set of
# its own address space) to a file. `ru_maxrss` cannot be used: Linux carries the parent's peak
# into a child started with vfork (as subprocess does), so every child would report at least
# the benchmark's own size.
_PEAK_WRAPPER = """
import atexit, runpy, sys
out, module = sys.argv[1], sys.argv[2]
def record():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            open(out, "w").write(line.split()[1])
atexit.register(record)
sys.argv = [module] + sys.argv[3:]
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


def python_module(
    module: str,
    arguments: list[str],
    repeat: int,
    cwd: str | None = None,
    extra_env: dict[str, str] | None = None,
) -> ProcessRun:
    """Best CPU and wall time, and the largest peak RSS, of `python -m module arguments...` run
    `repeat` times. `os.wait4` gives the CPU time of that one child; the peak RSS is the child's
    own VmHWM: interpreter, imports, parsing, rules and output included. Output goes to
    /dev/null; the exit code is returned, not judged (findings exit 1). `extra_env` is added to
    the child's environment."""
    cpus, walls, peaks, code = [], [], [], 0
    env = child_environment() | (extra_env or {})
    with tempfile.TemporaryDirectory() as folder, open(os.devnull, "wb") as sink:
        peak_file = os.path.join(folder, "peak")
        command = [sys.executable, "-c", _PEAK_WRAPPER, peak_file, module, *arguments]
        for _ in range(repeat):
            start = time.perf_counter()
            child = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=sink, env=env)
            _, status, usage = os.wait4(child.pid, 0)
            walls.append(time.perf_counter() - start)
            child.returncode = code = os.waitstatus_to_exitcode(status)
            cpus.append(usage.ru_utime + usage.ru_stime)
            with open(peak_file) as peak:
                peaks.append(int(peak.read()) / 1024)  # KiB
    return ProcessRun(Timing(min(cpus), min(walls)), max(peaks), code)


def child_environment() -> dict[str, str]:
    """The environment of a measured child: this one, but with bytecode caching on. A user's
    installation imports from `.pyc` files; with PYTHONDONTWRITEBYTECODE set (as on some CI and
    shared machines) every start would compile archdsl's modules again, which is not what users
    pay (about 0.15 s of CPU per start here). `compile_package` writes the caches beforehand."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_package(folder: str) -> None:
    """Write the bytecode caches of the package in `folder`, as an installation does."""
    import compileall

    compileall.compile_dir(folder, quiet=1)
