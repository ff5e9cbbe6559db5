"""Issue 10, critical: did-you-mean hints cost bounded work per question.

Comparing each undefined name with every declared one was quadratic: 10,000 undefined references
against 10,000 names took 566 s. The candidates are indexed now.
"""

from __future__ import annotations

import difflib
import time

import pytest

import archdsl
from archdsl.diagnostics import NameIndex, did_you_mean, nearest

REALISTIC = ["orders_db", "payments_api", "checkout_web", "user_sessions", "search_index"]


@pytest.mark.parametrize("size", [0, 3, 60, 5000])
def test_realistic_typos_are_still_found_in_any_pool(size):
    index = NameIndex([f"component_{i}" for i in range(size)] + REALISTIC)
    assert index.nearest("order_db") == ["orders_db"]
    assert index.nearest("paymentsapi") == ["payments_api"]
    assert index.nearest("Checkout_Web") == ["checkout_web"]
    assert index.nearest("sessions") == ["user_sessions"]
    assert index.nearest("zzzz") == []
    if size > 7:
        assert index.nearest("component_7x")[0] == "component_7"


def test_small_lists_answer_as_before():
    assert nearest("replica", ["replicas", "retries", "timeout"]) == ["replicas"]
    assert did_you_mean("databse", ["database", "cache", "queue"]) == "did you mean `database`?"


def test_each_question_costs_bounded_work(monkeypatch):
    calls = 0
    real = difflib.SequenceMatcher.ratio

    def counting(self):
        nonlocal calls
        calls += 1
        return real(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counting)
    index = NameIndex(f"svc_{i:05d}" for i in range(10_000))
    questions = [f"svd_{i:05d}" for i in range(0, 10_000, 5)]
    for word in questions:
        index.nearest(word)
    # Scanning the pool would compare each word with 10,000 names (quadratic overall).
    assert calls <= 4 * NameIndex.SHORTLIST * len(questions)


def test_thousands_of_undefined_references_resolve_quickly():
    n = 2000
    text = "".join(f"service svc_{i:05d} {{}}\n" for i in range(n))
    text += "".join(f"svc_{i:05d} -> svd_{i:05d}\n" for i in range(n))
    start = time.process_time()
    with pytest.raises(archdsl.ModelError) as caught:
        archdsl.loads(text)
    elapsed = time.process_time() - start
    assert len(caught.value.diagnostics) == n
    assert "did you mean `svc_" in (caught.value.diagnostics[-1].hint or "")
    assert elapsed < 15, f"{n} undefined references took {elapsed:.1f} s (quadratic again?)"
