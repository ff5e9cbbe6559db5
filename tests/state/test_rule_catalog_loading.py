"""The rule catalog loads all or nothing, once, under a lock (no half catalog after a failed
import, none for a second thread that asks while the first is still importing)."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from archdsl.rules import catalog
from archdsl.rules.registry import REGISTRY

FLAKY = '''
import os
from archdsl.rules.registry import rule

@rule("D990", "flaky-test-rule", "info", summary="a test rule", bad="service a", good="service a")
def flaky(ctx):
    """Registers, then fails to import while the flag file exists."""
    return []

if os.path.exists({flag!r}):
    raise ImportError("broken on purpose")
'''
SLOW = '''
import time
from archdsl.rules.registry import rule

time.sleep(0.3)  # the other thread asks for the catalog meanwhile

@rule("D991", "slow-test-rule", "info", summary="a test rule", bad="service a", good="service a")
def slow(ctx):
    """Registers after a pause."""
    return []
'''


@pytest.fixture
def fresh_catalog(tmp_path, monkeypatch):
    """The catalog as before its first load (built-in modules stay imported); the registry and
    the modules are put back afterwards."""
    catalog.load_rules()
    saved = REGISTRY.snapshot()
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(catalog, "_loaded", False)
    yield tmp_path
    REGISTRY.restore(saved)
    for name in ("archdsl_test_flaky_rules", "archdsl_test_slow_rules"):
        sys.modules.pop(name, None)


def test_a_failed_load_keeps_nothing_and_the_next_call_loads_everything(fresh_catalog, monkeypatch):
    flag = fresh_catalog / "broken"
    flag.write_text("")
    (fresh_catalog / "archdsl_test_flaky_rules.py").write_text(FLAKY.format(flag=str(flag)))
    monkeypatch.setattr(
        catalog, "FAMILY_MODULES", (*catalog.FAMILY_MODULES, "archdsl_test_flaky_rules")
    )
    before = len(REGISTRY)

    with pytest.raises(ImportError, match="broken on purpose"):
        catalog.all_rules()
    assert "D990" not in REGISTRY  # registered before the module failed: rolled back
    assert len(REGISTRY) == before
    assert catalog._loaded is False

    flag.unlink()
    codes = [rule.code for rule in catalog.all_rules()]
    assert "D990" in codes
    assert len(codes) == before + 1
    assert catalog._loaded is True


def test_a_second_thread_waits_for_the_whole_catalog(fresh_catalog, monkeypatch):
    (fresh_catalog / "archdsl_test_slow_rules.py").write_text(SLOW)
    monkeypatch.setattr(
        catalog, "FAMILY_MODULES", (*catalog.FAMILY_MODULES, "archdsl_test_slow_rules")
    )
    seen: dict[str, list[str]] = {}

    def ask(name: str) -> None:
        seen[name] = [rule.code for rule in catalog.all_rules()]

    first = threading.Thread(target=ask, args=("first",))
    second = threading.Thread(target=ask, args=("second",))
    first.start()
    time.sleep(0.05)  # the first thread is inside the slow import now
    second.start()
    first.join()
    second.join()
    assert "D991" in seen["first"]
    assert seen["second"] == seen["first"]
