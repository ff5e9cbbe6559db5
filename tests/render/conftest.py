"""Shared helpers for the render tests: the shop model, its findings on a fixed date, and a
small hostile model whose labels try to break out of every output format."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import archdsl
from archdsl.rules.engine import run_rules

REPO = Path(__file__).resolve().parents[2]
# After the U001 acceptance in models/shop.arch expired (2026-09-30), before sessions' (2027-06-30).
REVIEW_DAY = datetime.date(2026, 11, 1)

HOSTILE = """
boundary zone "Zone </title><script>alert(1)</script>" {
  trust = low
  service api "API \\" ] } --> <b>bold</b> \\\\N #35; `x` & \\\\l" {
    replicas = 2  zones = 2
    -> db "reads \\" | --> <i>" { timeout = 1s  protocol = postgres  tls = true  auth = iam }
  }
  database db "DB\\\\" { replicas = 2  zones = 2  failover = automatic  backup = daily  encrypted = true }
}
"""


@pytest.fixture(scope="session")
def shop():
    """The shop workspace and its findings as of REVIEW_DAY."""
    workspace = archdsl.load(REPO / "models" / "shop.arch")
    return workspace, run_rules(workspace, today=REVIEW_DAY)


@pytest.fixture
def hostile():
    return archdsl.loads(HOSTILE, "hostile.arch")
