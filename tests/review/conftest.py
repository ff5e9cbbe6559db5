"""Fixtures for the review tests: the shop model with its findings on a fixed day, and model
text whose labels try to break out of HTML."""

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
  service api "API <b>bold</b> & \\" <i>" {
    -> db "reads </td><script>" { timeout = 1s }
  }
  database db "<img src=x onerror=alert(1)>" { replicas = 2  zones = 2  failover = automatic  backup = daily }
}
data Card "<script>" in db {
  number string pci
}
flow f "<img src=y>" { steps = api -> db }
"""


@pytest.fixture(scope="session")
def review_day():
    return REVIEW_DAY


@pytest.fixture(scope="session")
def shop():
    """The shop workspace and its findings as of REVIEW_DAY."""
    workspace = archdsl.load(REPO / "models" / "shop.arch")
    return workspace, run_rules(workspace, today=REVIEW_DAY)


@pytest.fixture
def hostile():
    return archdsl.loads(HOSTILE, "hostile.arch")
