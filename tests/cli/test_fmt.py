"""`archdsl fmt`: rewriting, --check, --diff, exit codes, atomic writes, refusing broken files."""

from __future__ import annotations

import os

import archdsl.report.atomic as atomic

MESSY = "service web{replicas=2   # two copies\n}\n"
CANONICAL = "service web {\n  replicas = 2  # two copies\n}\n"
BROKEN = "service web {\n  replicas = = 2\n}\n"


def test_rewrites_a_file_in_place(cli, write):
    path = write("m.arch", MESSY)
    outcome = cli("fmt", "m.arch", expect=0)
    assert path.read_text(encoding="utf-8") == CANONICAL
    assert "reformatted m.arch" in outcome.err


def test_a_canonical_file_is_left_untouched(cli, write):
    path = write("m.arch", CANONICAL)
    before = path.stat().st_mtime_ns
    cli("fmt", "m.arch", expect=0)
    assert path.stat().st_mtime_ns == before
    assert path.read_text(encoding="utf-8") == CANONICAL


def test_check_reports_files_that_would_change_and_writes_nothing(cli, write):
    messy = write("a.arch", MESSY)
    write("b.arch", CANONICAL)
    outcome = cli("fmt", "--check", "a.arch", "b.arch", expect=1)
    assert outcome.out.splitlines() == ["would reformat a.arch"]
    assert messy.read_text(encoding="utf-8") == MESSY


def test_check_passes_when_everything_is_canonical(cli, write):
    write("b.arch", CANONICAL)
    assert cli("fmt", "--check", "b.arch", expect=0).out == ""


def test_diff_prints_a_unified_diff_and_writes_nothing(cli, write):
    path = write("m.arch", MESSY)
    outcome = cli("fmt", "--diff", "m.arch", expect=0)
    assert "--- m.arch (original)" in outcome.out and "+++ m.arch (formatted)" in outcome.out
    assert "-service web{replicas=2   # two copies" in outcome.out
    assert "+  replicas = 2  # two copies" in outcome.out
    assert path.read_text(encoding="utf-8") == MESSY


def test_check_with_diff_prints_the_diff_and_fails(cli, write):
    write("m.arch", MESSY)
    outcome = cli("fmt", "--check", "--diff", "m.arch", expect=1)
    assert "+service web {" in outcome.out


def test_a_file_with_syntax_errors_is_never_rewritten(cli, write):
    broken = write("broken.arch", BROKEN)
    fine = write("fine.arch", MESSY)
    outcome = cli("fmt", ".", expect=1)
    assert broken.read_text(encoding="utf-8") == BROKEN
    assert "broken.arch:2:" in outcome.err and "E001" in outcome.err
    assert fine.read_text(encoding="utf-8") == CANONICAL


def test_a_folder_means_every_arch_file_below_it(cli, write):
    nested = write("models/deep/x.arch", MESSY)
    other = write("models/notes.txt", MESSY)
    cli("fmt", "models", expect=0)
    assert nested.read_text(encoding="utf-8") == CANONICAL
    assert other.read_text(encoding="utf-8") == MESSY


def test_a_missing_path_is_a_usage_error(cli):
    outcome = cli("fmt", "nowhere.arch", expect=2)
    assert outcome.err.strip() == "archdsl: error: no such file or folder: nowhere.arch"


def test_a_file_that_is_not_utf8_is_a_usage_error(cli, tmp_path):
    (tmp_path / "bad.arch").write_bytes(b"service \xff\n")
    assert "not UTF-8" in cli("fmt", "bad.arch", expect=2).err


def test_writes_are_atomic(cli, write, monkeypatch):
    path = write("m.arch", MESSY)
    calls = []
    real = atomic.write_atomic

    def spy(target, text, *args, **kwargs):
        calls.append(os.fspath(target))
        return real(target, text, *args, **kwargs)

    monkeypatch.setattr(atomic, "write_atomic", spy)
    cli("fmt", "m.arch", expect=0)
    assert calls == ["m.arch"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["m.arch"]  # no temporary file left


def test_a_failed_write_leaves_the_original(cli, write, monkeypatch):
    path = write("m.arch", MESSY)

    def failing_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    cli("fmt", "m.arch", expect=2)
    assert path.read_text(encoding="utf-8") == MESSY
    assert sorted(p.name for p in path.parent.iterdir()) == ["m.arch"]
