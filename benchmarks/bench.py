"""Time every phase of archdsl on generated models and compare with a bare Lark parse.

    python benchmarks/bench.py                  # N = 100, 1000, 10000
    python benchmarks/bench.py --sizes 100,1000

For each N (components, 3 relations each, see generate.py) it reports, best of `--repeat` runs:
the bare parse `Lark(grammar, parser="lalr").parse(text)` building Lark's default tree;
parse + resolve + graph (`archdsl.workspace.open_text`); the rules phase (`run_rules`) and its
split per rule family (each family's `Rule.check` calls through one shared `RuleContext`, so a
shared analysis is charged to the first family that asks for it); the whole
`archdsl validate FILE --format json` as a subprocess (wall time, interpreter start included);
and the peak resident memory of a child process that runs parse + resolve + graph
(the child's own `resource.getrusage(RUSAGE_SELF).ru_maxrss`, interpreter and imports included). The
table goes to stdout and to benchmarks/results/latest.md.
"""

from __future__ import annotations

import argparse
import gc
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from lark import Lark  # noqa: E402

from archdsl.rules import catalog  # noqa: E402
from archdsl.rules.config import Config  # noqa: E402
from archdsl.rules.context import RuleContext  # noqa: E402
from archdsl.rules.engine import run_rules  # noqa: E402
from archdsl.rules.registry import FAMILIES, REGISTRY  # noqa: E402
from archdsl.syntax.parser import grammar_path  # noqa: E402
from archdsl.workspace import open_text  # noqa: E402

SHOP = REPO / "models" / "shop.arch"
MEMORY_CHILD = """
import resource, sys
from archdsl.workspace import open_workspace
open_workspace(sys.argv[1]).graph
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def best(function, repeat: int) -> float:
    """The fastest of `repeat` runs of `function()`, in seconds (a collection before each run)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def family_times(workspace, repeat: int) -> dict[str, float]:
    """Seconds per rule family: best of `repeat` fresh rule contexts, each running every rule once."""
    catalog.load_rules()
    best_times: dict[str, float] = {}
    for _ in range(repeat):
        context = RuleContext(workspace, Config())
        run = defaultdict(float)
        for rule in REGISTRY:
            if rule.check is None:
                continue
            context.rule = rule
            start = time.perf_counter()
            for _finding in rule.check(context):
                pass
            run[rule.family] += time.perf_counter() - start
        for family, seconds in run.items():
            best_times[family] = min(best_times.get(family, seconds), seconds)
    return best_times


def wall(command: list[str], repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time (user + system, from RUSAGE_CHILDREN) of a subprocess.
    CPU time is reported too because wall time suffers on a loaded machine. The exit code is not
    judged: a model with findings exits 1."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return min(walls), min(cpus)


def peak_memory_mb(path: Path) -> float:
    """Peak RSS in MB of a fresh interpreter running parse + resolve + graph on `path`: the child
    reports its own `getrusage(RUSAGE_SELF).ru_maxrss` (KB on Linux), interpreter and imports included."""
    child = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(path)],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(child.stdout.split()[-1]) / 1024


def measure(n: int, repeat: int, folder: Path) -> dict:
    text = generate(n)
    path = folder / f"bench{n}.arch"
    path.write_text(text, encoding="utf-8")
    bare = Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr")
    result = {"n": n, "bytes": len(text.encode()), "bare": best(lambda: bare.parse(text), repeat)}
    result["open"] = best(
        lambda: open_text(text, str(path)).graph, repeat
    )  # the graph is built lazily
    workspace = open_text(text, str(path))
    assert not workspace.has_errors, [str(d) for d in workspace.diagnostics[:5]]
    result["rules"] = best(lambda: run_rules(workspace), repeat)
    result["families"] = family_times(workspace, repeat)
    result["validate"], result["validate_cpu"] = wall(
        [sys.executable, "-m", "archdsl", "validate", str(path), "--format", "json"], repeat
    )
    result["memory"] = peak_memory_mb(path)
    return result


def table(results: list[dict]) -> str:
    families = [f for f in FAMILIES if any(f in r["families"] for r in results)]
    head = [
        "N",
        "text",
        "bare parse",
        "parse+resolve+graph",
        "rules",
        *[f"rules {f}" for f in families],
        "validate (subprocess, wall)",
        "validate CPU",
        "peak RSS",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        ratio = lambda s, r=r: f"{s:.3f} s ({s / r['bare']:.2f}x)"  # noqa: E731
        cells = [
            f"{r['n']:,}",
            f"{r['bytes'] / 1e3:,.0f} KB",
            f"{r['bare']:.3f} s",
            ratio(r["open"]),
            ratio(r["rules"]),
            *[f"{r['families'].get(f, 0):.3f} s" for f in families],
            ratio(r["validate"]),
            ratio(r["validate_cpu"]),
            f"{r['memory']:.0f} MB",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def growth(results: list[dict]) -> list[str]:
    """Time per component from the smallest to the largest N >= 1000: 1.0 is linear."""
    big = [r for r in results if r["n"] >= 1000]
    if len(big) < 2:
        return []
    low, high = big[0], big[-1]
    scale = high["n"] / low["n"]
    return [
        f"- growth {low['n']:,} -> {high['n']:,} (x{scale:g} components), time ratio / {scale:g}: "
        + ", ".join(
            f"{key} {high[key] / low[key] / scale:.2f}"
            for key in ("bare", "open", "rules", "validate_cpu")
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="100,1000,10000", help="comma-separated component counts"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per measurement; the best counts"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        results = [measure(int(n), args.repeat, Path(folder)) for n in args.sizes.split(",")]
    lines = [
        "# archdsl benchmark",
        "",
        f"Python {sys.version.split()[0]}, best of {args.repeat}; ratios are vs the bare "
        "Lark parse of the same text. Peak RSS: `ru_maxrss` of a fresh child process running parse + resolve + graph.",
        "",
        table(results),
        "",
        *growth(results),
    ]
    if SHOP.is_file():
        seconds, cpu = wall(
            [sys.executable, "-m", "archdsl", "validate", str(SHOP.relative_to(REPO))], args.repeat
        )
        lines.append(
            f"- `archdsl validate models/shop.arch`: {seconds:.3f} s wall, {cpu:.3f} s CPU (target < 0.3 s)"
        )
    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    out = HERE / "results" / "latest.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
