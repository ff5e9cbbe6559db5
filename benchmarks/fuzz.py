"""Nightly fuzzing: many more cases than CI runs (tests/hardening/test_fuzz.py).

    python benchmarks/fuzz.py --cases 100000 --seed 1

Prints each distinct failure (the input and the traceback) and exits 1 if there was one.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "hardening"))

import fuzzing  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    start = time.process_time()
    seen: set[str] = set()
    for failure in fuzzing.run(args.cases, args.seed):
        last = failure.error.strip().splitlines()[-1]
        if last in seen:
            continue
        seen.add(last)
        print(f"--- case {failure.case} (seed {args.seed}): {failure.text!r}\n{failure.error}")
    elapsed = time.process_time() - start
    print(
        f"{args.cases} cases, seed {args.seed}: {len(seen)} distinct failures, {elapsed:.0f} s CPU"
    )
    return 1 if seen else 0


if __name__ == "__main__":
    sys.exit(main())
