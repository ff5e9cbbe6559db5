"""Issue 10: a seeded mutation fuzzer in CI (see fuzzing.py; benchmarks/fuzz.py runs more).

No exception may escape loading, the rules, any reporter, render, export or fmt, whatever the
input. The seed is fixed so a failure reproduces; set ARCHDSL_FUZZ_CASES / ARCHDSL_FUZZ_SEED to
explore further.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import fuzzing  # noqa: E402

CASES = int(os.environ.get("ARCHDSL_FUZZ_CASES", "1200"))
SEED = int(os.environ.get("ARCHDSL_FUZZ_SEED", "20261127"))


def test_the_corpus_holds_every_model_and_example():
    texts = fuzzing.corpus()
    assert len(texts) > 50
    assert any("system shop" in t for t in texts)


def test_no_exception_escapes_any_stage():
    failures = []
    for failure in fuzzing.run(CASES, SEED):
        failures.append(failure)
        if len(failures) >= 3:
            break
    assert not failures, "\n\n".join(
        f"case {f.case} (seed {SEED}):\n{f.text!r}\n{f.error}" for f in failures
    )


def test_the_attacks_of_the_red_team_pass():
    for text in (
        "service a { replicas = " + "9" * 5000 + " }\n",
        "service a { replicas = " + "9" * 400 + " }\n",
        "flow f { peak = " + "9" * 400 + "rps }\n",
        'import "a\x00b"\nservice a {}\n',
        "boundary b {\n" * 3000 + "}\n" * 3000,
        "service s { tags = " + "[" * 3000 + "]" * 3000 + " }\n",
        'system x { description = """' + "a" * 100_000,
    ):
        fuzzing.exercise(text)
