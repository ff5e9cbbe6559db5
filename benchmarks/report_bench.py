"""Time and size of `archdsl report` on generated models (issue 11: 300 elements, < 5 s, < 5 MB).

    python benchmarks/report_bench.py                 # N = 25, 100, 300; best of 3
    python benchmarks/report_bench.py --sizes 300 --repeat 5 --check

Each run is `python -m archdsl report MODEL -o PAGE` as a subprocess: interpreter start, parse,
rules, every Graphviz drawing and the page. Wall time is what a user waits; CPU time is the
child's user + system time including its `dot` processes (`RUSAGE_CHILDREN`), far less noisy on
a busy machine. `--check` exits 1 when the largest size misses a target. `measure(n)` returns
the same figures for another benchmark to include.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

TARGET_SECONDS = 5.0
TARGET_BYTES = 5 * 1024 * 1024


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(n: int, repeat: int = 3) -> dict:
    """{"elements", "wall", "cpu", "bytes"}: the best wall and CPU seconds of `repeat` runs."""
    with tempfile.TemporaryDirectory() as folder:
        model, page = Path(folder, f"m{n}.arch"), Path(folder, "page.html")
        model.write_text(generate(n), encoding="utf-8")
        walls, cpus = [], []
        for _ in range(repeat):
            before, start = _children_cpu(), time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "archdsl", "report", str(model), "-o", str(page)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            walls.append(time.perf_counter() - start)
            cpus.append(_children_cpu() - before)
        return {"elements": n, "wall": min(walls), "cpu": min(cpus), "bytes": page.stat().st_size}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25,100,300")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    rows = [measure(int(n), args.repeat) for n in args.sizes.split(",")]
    print("| elements | wall (s) | CPU (s) | page (KB) |\n|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['elements']} | {row['wall']:.2f} | {row['cpu']:.2f} | {row['bytes'] / 1024:.0f} |"
        )
    largest = rows[-1]
    missed = largest["wall"] >= TARGET_SECONDS or largest["bytes"] >= TARGET_BYTES
    print(
        f"targets at {largest['elements']} elements: under {TARGET_SECONDS:.0f} s and "
        f"{TARGET_BYTES // 2**20} MB: {'missed' if missed else 'met'}"
    )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
