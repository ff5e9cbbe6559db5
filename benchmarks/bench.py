"""Measure archdsl against a bare Lark parse of the same text: CPU beside wall, in one run.

    python benchmarks/bench.py                        # everything (about 15 minutes on 2 cores)
    python benchmarks/bench.py --sizes 100,1000       # the main model only, at these sizes
    python benchmarks/bench.py --shapes hub,chain     # only these adversarial shapes
    python benchmarks/bench.py --shapes none          # no adversarial shapes

Main model (generate.py: N components in domains of 25, layered calls, about 2.4 relations each),
per N:
- the reference: `Lark(grammar, parser="lalr").parse(text)` in this process, with the cyclic
  garbage collector off (the reference for every ratio) and, beside it, on;
- in process: parse + resolve + graph (`open_text`), all rules (`archdsl.check`) and each rule
  family alone (`check(select=[family])`, shared analyses included each time);
- whole processes: `archdsl validate FILE --format json`, `text` and `sarif` (interpreter start,
  imports, output included), with their peak resident memory (the child's own VmHWM).
Adversarial shapes (shapes.py): whole `validate --format json` at 1,000 and 10,000 (the hub
also at 30,000; the dense DAG and the mesh at 1,000 and 3,000), and how far each grows from
linear.
Every figure is the best of `--repeat` runs. Targets (issue 12) are judged on CPU time, since
wall time on a shared machine swings 2-4x. The report goes to stdout and benchmarks/results/.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from lark import Lark  # noqa: E402
from measure import ProcessRun, Timing, compile_package, in_process, python_module  # noqa: E402
from shapes import SHAPE_SIZES, SHAPES  # noqa: E402

import archdsl  # noqa: E402
from archdsl.syntax.engine import CYTHON  # noqa: E402
from archdsl.syntax.parser import grammar_path, parser_engine  # noqa: E402
from archdsl.workspace import open_text  # noqa: E402

SHOP = REPO / "models" / "shop.arch"
FAMILIES = ("E", "R", "U", "F", "S", "P", "D")
OUTPUTS = ("json", "text", "sarif")
TARGETS = {"json": 1.5, "text": 2.0, "sarif": 2.0}
PEAK_TARGET_MIB = 350
LINEAR_TARGET = 1.2
HUB_30K_TARGET = 3.6
SHOP_TARGET_CPU = 0.2


PURE_PYTHON = {"ARCHDSL_PURE_PYTHON_PARSER": "1"}


def validate(
    path: Path, output: str, repeat: int, extra_env: dict[str, str] | None = None
) -> ProcessRun:
    """A whole `archdsl validate PATH --format OUTPUT` process."""
    arguments = ["validate", str(path), "--format", output]
    return python_module("archdsl", arguments, repeat, str(REPO), extra_env)


def parser_in_use() -> str:
    """Which LALR engine `validate` runs here: lark-cython (the `fast` extra) or Lark's own."""
    if parser_engine() == CYTHON:
        return "lark-cython (the `fast` extra)"
    return "Lark's pure-Python parser (lark-cython not installed or not usable)"


def measure_main(n: int, repeat: int, folder: Path) -> dict:
    """Every figure of the main model at `n` components."""
    text = generate(n)
    path = folder / f"bench{n}.arch"
    path.write_text(text, encoding="utf-8")
    bare = Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr")
    row: dict = {"n": n, "bytes": len(text.encode())}
    row["bare_off"] = in_process(lambda: bare.parse(text), repeat, collector=False)
    row["bare_on"] = in_process(lambda: bare.parse(text), repeat, collector=True)
    row["open"] = in_process(lambda: open_text(text, str(path)).graph, repeat)
    workspace = open_text(text, str(path))
    errors = [str(d) for d in workspace.diagnostics if d.severity.value == "error"][:3]
    row["model_errors"] = errors
    row["rules"] = in_process(lambda: archdsl.check(workspace), repeat)
    row["families"] = {
        family: in_process(lambda f=family: archdsl.check(workspace, select=[f]), repeat)
        for family in FAMILIES
    }
    row["outputs"] = {output: validate(path, output, repeat) for output in OUTPUTS}
    row["json_pure"] = validate(path, "json", repeat, PURE_PYTHON)
    return row


def measure_shape(name: str, n: int, repeat: int, folder: Path) -> ProcessRun:
    path = folder / f"{name}{n}.arch"
    path.write_text(SHAPES[name](n), encoding="utf-8")
    return validate(path, "json", repeat)


def cell(timing: Timing) -> str:
    return f"{timing.cpu:.2f} / {timing.wall:.2f}"


def phase_table(rows: list[dict]) -> list[str]:
    """In-process phases of the main model, against the bare parse."""
    head = ["N", "text", "bare parse, gc off (reference)", "bare parse, gc on"]
    head += ["parse+resolve+graph", "all rules", *[f"rules {f}" for f in FAMILIES]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [f"{row['n']:,}", f"{row['bytes'] / 1e6:.2f} MB", cell(row["bare_off"])]
        cells += [cell(row["bare_on"]), cell(row["open"]), cell(row["rules"])]
        cells += [f"{row['families'][f].cpu:.2f}" for f in FAMILIES]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def process_table(rows: list[dict]) -> list[str]:
    """Whole `validate` processes of the main model, per output format."""
    head = ["N", *[f"validate --format {o}" for o in OUTPUTS], "peak RSS (json / text / sarif)"]
    head.append("json, pure-Python parser")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        runs = [row["outputs"][o] for o in OUTPUTS]
        cells = [f"{row['n']:,}"]
        cells += [f"{cell(r.timing)} ({r.timing.ratio(row['bare_off']):.2f}x)" for r in runs]
        cells.append(" / ".join(f"{r.peak_mib:.0f}" for r in runs) + " MiB")
        pure = row["json_pure"]
        cells.append(f"{cell(pure.timing)} ({pure.timing.ratio(row['bare_off']):.2f}x)")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main_targets(rows: list[dict]) -> list[str]:
    """The issue's targets, judged on the largest N measured."""
    row = rows[-1]
    reference = row["bare_off"]
    lines = [f"Targets at N = {row['n']:,} (CPU, vs the collector-free bare parse):"]
    for output, limit in TARGETS.items():
        ratio = row["outputs"][output].timing.ratio(reference)
        lines.append(
            f"- validate --format {output}: {ratio:.2f}x (target {limit}x) {_verdict(ratio <= limit)}"
        )
    pure = row["json_pure"].timing.ratio(reference)
    lines.append(
        f"- validate --format json, pure-Python parser: {pure:.2f}x (target {TARGETS['json']}x) "
        f"{_verdict(pure <= TARGETS['json'])}"
    )
    peak = max(run.peak_mib for run in row["outputs"].values())
    lines.append(
        f"- peak RSS: {peak:.0f} MiB (target {PEAK_TARGET_MIB} MiB) {_verdict(peak < PEAK_TARGET_MIB)}"
    )
    if row["model_errors"]:
        lines.append(
            f"- WARNING: the model has errors, so rules ran on part of it: {row['model_errors']}"
        )
    return lines


def shape_table(results: dict[str, dict[int, ProcessRun]]) -> list[str]:
    lines = [
        "| shape | N | validate json CPU / wall (s) | peak RSS | growth vs linear |",
        "|---|---|---|---|---|",
    ]
    for name, runs in results.items():
        sizes = sorted(runs)
        for n in sizes:
            run = runs[n]
            growth = ""
            if run.exit_code == 2:  # archdsl refused or failed: its time measures nothing
                growth = "FAILED: validate exited 2 (e.g. the file is over the 16 MB limit)"
            elif n != sizes[0] and runs[sizes[0]].exit_code != 2:
                base = sizes[0] if n <= 10_000 else 10_000
                factor = run.timing.cpu / runs[base].timing.cpu / (n / base)
                limit = LINEAR_TARGET if base == sizes[0] else HUB_30K_TARGET / 3
                growth = (
                    f"{factor:.2f} from {base:,} (target {limit:.1f}) {_verdict(factor <= limit)}"
                )
            lines.append(
                f"| {name} | {n:,} | {cell(run.timing)} | {run.peak_mib:.0f} MiB | {growth} |"
            )
    return lines


def shop_line(repeat: int) -> str:
    run = python_module("archdsl", ["validate", str(SHOP.relative_to(REPO))], repeat, str(REPO))
    cpu = run.timing.cpu
    return (
        f"- `archdsl validate models/shop.arch`: {cpu:.3f} s CPU, {run.timing.wall:.3f} s wall "
        f"(target < {SHOP_TARGET_CPU} s CPU) {_verdict(cpu < SHOP_TARGET_CPU)}"
    )


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return (
        f"{datetime.date.today().isoformat()}, {model}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()}, commit {commit or 'unknown'}"
    )


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="main model sizes")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="shapes, or `none`")
    parser.add_argument(
        "--shape-sizes",
        help="sizes for every shape (default: 1,000 and 10,000; the mesh 1,000 and 3,000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best counts")
    args = parser.parse_args(argv)
    shapes = [] if args.shapes == "none" else args.shapes.split(",")
    given = [int(n) for n in args.shape_sizes.split(",")] if args.shape_sizes else None
    compile_package(str(REPO / "archdsl"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = [measure_main(int(n), args.repeat, folder) for n in args.sizes.split(",") if n]
        shape_results = {}
        for name in shapes:
            sizes = given or list(SHAPE_SIZES.get(name, (1_000, 10_000)))
            sizes += [30_000] if name == "hub" and 10_000 in sizes else []
            shape_results[name] = {n: measure_shape(name, n, args.repeat, folder) for n in sizes}
    lines = [
        "# archdsl benchmark",
        "",
        f"{machine()}; best of {args.repeat}. Cells: CPU s / wall s (user + system CPU of the",
        "measured process); ratios are CPU vs the bare parse with the collector off, same run.",
        f"validate parses with {parser_in_use()}; the last column forces Lark's pure-Python",
        "parser (ARCHDSL_PURE_PYTHON_PARSER=1), the reference's own engine.",
        "",
    ]
    if rows:
        lines += phase_table(rows) + [""] + process_table(rows) + [""]
        lines += main_targets(rows) + [""]
    if shape_results:
        lines += shape_table(shape_results) + [""]
    if SHOP.is_file():
        lines.append(shop_line(max(args.repeat, 5)))
    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    out = HERE / "results" / "latest.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
