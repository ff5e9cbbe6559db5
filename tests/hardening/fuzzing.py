"""A seeded mutation fuzzer over the models in `models/` and the examples in `docs/` and the
README: each case mutates one of them a few times and runs every stage a user can reach, so
that no exception escapes `archdsl.loads`, the rules, a reporter, render, export or fmt.

Used by tests/hardening/test_fuzz.py (a few thousand cases in CI) and by
benchmarks/fuzz.py (as many as you like: `python benchmarks/fuzz.py --cases 100000`).
"""

from __future__ import annotations

import json
import random
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archdsl.diagram import build_scene, draw
from archdsl.fmt import format_text
from archdsl.model.export import model_to_data
from archdsl.report import REPORTERS, format_run
from archdsl.report.catalog import rule_infos
from archdsl.report.run import RunResult, Summary
from archdsl.rules.engine import run_rules
from archdsl.workspace import open_text

ROOT = Path(__file__).resolve().parents[2]
NAME = "fuzz.arch"

# Pieces that broke archdsl before, or sit at the edges of the grammar and the value kinds.
TOKENS = (
    "{", "}", "[", "]", "(", '"', '"""', "->", "~>", "=", ",", "#", "\n", "\t", " ",
    "\x00", "\r", "\f", "\u2028", "\u0085", "\u202e", "\ufeff", "\\", "\\n", '\\"',
    "9" * 400, "9" * 5000, "1" + "0" * 320 + ".5", "-1", "0", "0.0", "1e309", "99.99999%",
    "101%", "0ms", "1000000000000d", "18446744073709551616rps", "\u0661\u0662\u0663",
    "2024-02-30", "1..0", "0..99999999999999999999", "nan", "inf", "unlimited", "inherit",
    "unbounded", "::error file=x::y", "&#60;", "<b>", "\\N", "'", "`",
    'import "x.arch"\n', 'import "a\x00b"\n', "boundary b {\n", "service s {}\n",
    'accept R001 on s { reason = "r" }\n', "flow f { steps = a -> b }\n",
    "data d in s { id uuid pk }\n", "replicas = ", "timeout = ", "retries = ",
    "peak = ", "calls = ", "autoscale = ", "sla = ", "slo = ",
)  # fmt: skip


def corpus() -> list[str]:
    """Every model in models/ and every ```arch example in docs/ and the README."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "models").rglob("*.arch"))]
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        texts += re.findall(r"```arch\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
    return [t for t in texts if t.strip()]


def mutate(text: str, rng: random.Random, others: list[str]) -> str:
    """`text` changed by one to three random edits."""
    for _ in range(rng.randint(1, 3)):
        text = _EDITS[rng.randrange(len(_EDITS))](text, rng, others)
    return text


def _spot(text: str, rng: random.Random) -> int:
    return rng.randint(0, len(text))


def _delete(text, rng, others):
    start = _spot(text, rng)
    return text[:start] + text[start + rng.randint(1, 40) :]


def _duplicate(text, rng, others):
    start = _spot(text, rng)
    piece = text[start : start + rng.randint(1, 80)]
    at = _spot(text, rng)
    return text[:at] + piece * rng.randint(1, 3) + text[at:]


def _insert(text, rng, others):
    at = _spot(text, rng)
    return text[:at] + rng.choice(TOKENS) + text[at:]


def _number(text, rng, others):
    numbers = list(re.finditer(r"\d+(?:\.\d+)?", text))
    if not numbers:
        return _insert(text, rng, others)
    found = rng.choice(numbers)
    new = rng.choice(("0", "9" * rng.randint(2, 400), "-1", "1e9", "0.000001", "65536"))
    return text[: found.start()] + new + text[found.end() :]


def _truncate(text, rng, others):
    return text[: _spot(text, rng)]


def _swap_lines(text, rng, others):
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _splice(text, rng, others):
    lines = rng.choice(others).split("\n")
    start = rng.randrange(len(lines))
    at = _spot(text, rng)
    return text[:at] + "\n".join(lines[start : start + rng.randint(1, 6)]) + "\n" + text[at:]


_EDITS = (_delete, _duplicate, _insert, _insert, _number, _truncate, _swap_lines, _splice)


def _no_constants(name: str):
    raise ValueError(f"{name} in JSON output")


def exercise(text: str) -> None:
    """Run `text` through every stage; raises whatever escapes one of them."""
    workspace = open_text(text, NAME)  # what archdsl.loads runs, before raising ModelError
    findings = run_rules(workspace)
    result = RunResult(
        findings=tuple(findings),
        files=(NAME,),
        summary=Summary.of(list(findings), 1),
        rules=tuple(rule_infos()),
        sources=workspace.sources,
    )
    for reporter in REPORTERS:
        output = format_run(result, reporter, color=True, show_source=True)
        if reporter in ("json", "sarif"):
            json.loads(output, parse_constant=_no_constants)
    if not workspace.has_errors:
        scene = build_scene(workspace.model, findings)
        for fmt in ("dot", "mermaid", "json"):
            draw(scene, fmt)
        json.dumps(model_to_data(workspace.model), allow_nan=False)
    format_text(text, NAME)


@dataclass
class Failure:
    """A case that raised: the input and the traceback."""

    case: int
    text: str
    error: str


def run(cases: int, seed: int = 0) -> Iterator[Failure]:
    """Fuzz `cases` inputs derived from the corpus with `seed`; yields each failure."""
    texts = corpus()
    rng = random.Random(seed)
    for case in range(cases):
        text = mutate(rng.choice(texts), rng, texts)
        try:
            exercise(text)
        except RecursionError:
            yield Failure(case, text, "RecursionError")
        except Exception:
            yield Failure(case, text, traceback.format_exc())
