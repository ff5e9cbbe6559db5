"""A library call leaves the interpreter's collector settings as it found them (an exception
thrown mid-parse included); the command line switches the collector off only while it runs."""

from __future__ import annotations

import gc
import threading

import pytest

import archdsl
import archdsl.syntax.parser as parser
from archdsl.cli.main import main
from archdsl.gc_pause import RAISED_THRESHOLD, gc_paused

MODEL = 'service api { replicas = 2  owner = "t" }\nservice web { replicas = 2  owner = "t" }\n'
MODEL += "web -> api { timeout = 1s }\n"


@pytest.fixture
def host_settings():
    """Settings a host might have chosen; the test's own are put back afterwards."""
    saved, enabled = gc.get_threshold(), gc.isenabled()
    gc.set_threshold(1234, 11, 12)
    yield (1234, 11, 12)
    gc.set_threshold(*saved)
    (gc.enable if enabled else gc.disable)()


def test_load_check_render_leave_thresholds_and_switch_alone(host_settings):
    workspace = archdsl.loads(MODEL)
    archdsl.check(workspace)
    archdsl.render(workspace, format="dot")
    assert gc.get_threshold() == host_settings
    assert gc.isenabled()


def test_a_host_that_switched_the_collector_off_keeps_it_off(host_settings):
    gc.disable()
    archdsl.check(archdsl.loads(MODEL))
    assert not gc.isenabled()
    assert gc.get_threshold() == host_settings


def test_settings_come_back_when_parsing_raises_midway(host_settings, monkeypatch):
    inside = []

    def explode(lark, text):
        inside.append((gc.get_threshold(), gc.isenabled()))
        raise RuntimeError("thrown mid-parse")

    monkeypatch.setattr(parser, "_statements", explode)
    with pytest.raises(RuntimeError, match="mid-parse"):
        archdsl.loads(MODEL)
    assert inside == [((RAISED_THRESHOLD, 11, 12), True)]  # collecting, rarely
    assert gc.get_threshold() == host_settings
    assert gc.isenabled()


def test_overlapping_calls_in_two_threads_restore_the_host_settings(host_settings):
    entered, leave_first = threading.Event(), threading.Event()

    def first() -> None:
        with gc_paused():
            entered.set()
            leave_first.wait(5)

    thread = threading.Thread(target=first)
    thread.start()
    entered.wait(5)
    with gc_paused():
        leave_first.set()
        thread.join()  # the first call ends while this one still runs
        assert gc.get_threshold()[0] == RAISED_THRESHOLD
    assert gc.get_threshold() == host_settings


def test_the_command_line_gives_the_collector_back(host_settings, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.arch").write_text(MODEL)
    main(["validate", "m.arch"])
    assert gc.isenabled()
    assert gc.get_threshold() == host_settings
