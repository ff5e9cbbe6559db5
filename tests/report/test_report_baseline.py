"""Baselines (write, read, apply) and the atomic file writer."""

from __future__ import annotations

import json
import os
import stat

import pytest

from archdsl.findings import Severity
from archdsl.report import atomic
from archdsl.report.atomic import write_atomic
from archdsl.report.baseline import (
    Baseline,
    BaselineError,
    apply_baseline,
    parse_baseline,
    read_baseline,
    write_baseline,
)


def test_round_trip_reports_only_new_findings_and_counts_fixed(mk, tmp_path):
    old_db = mk.finding("R001", element="db", line=2)
    old_cache = mk.finding("R002", Severity.WARNING, element="cache", line=5)
    path = tmp_path / "baseline.json"
    write_baseline(path, [old_db, old_cache])

    moved_db = mk.finding("R001", element="db", line=40)  # same subject, edited file
    new_api = mk.finding("R001", element="api", line=9)
    new, fixed, baselined = apply_baseline([moved_db, new_api], read_baseline(path))
    assert new == [new_api]
    assert (fixed, baselined) == (1, 1)  # cache is fixed; db is still known


def test_file_format_is_sorted_readable_json(mk, tmp_path):
    path = tmp_path / "b.json"
    findings = [
        mk.finding("R002", element="b", target="c", message="m2"),
        mk.finding("R001", element="a", message="m1"),
    ]
    write_baseline(path, findings)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert document["entries"] == [
        {
            "fingerprint": findings[1].fingerprint,
            "code": "R001",
            "element": "a",
            "target": None,
            "message": "m1",
        },
        {
            "fingerprint": findings[0].fingerprint,
            "code": "R002",
            "element": "b",
            "target": "c",
            "message": "m2",
        },
    ]
    write_baseline(tmp_path / "again.json", list(reversed(findings)))
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_entries_are_a_multiset(mk):
    twin = mk.finding("R001", element="db")
    baseline = Baseline.of([twin])
    new, fixed, baselined = apply_baseline([twin, twin, twin], baseline)
    assert (len(new), fixed, baselined) == (2, 0, 1)


def test_accepted_findings_are_not_baselined(mk):
    accepted = mk.finding("R001", element="db", accepted=True, acceptance_reason="fine")
    assert Baseline.of([accepted]).entries == ()
    baseline = Baseline.of([mk.finding("R001", element="db")])
    new, fixed, baselined = apply_baseline([accepted], baseline)
    assert (new, fixed, baselined) == ([accepted], 1, 0)


def test_only_the_fingerprint_is_required(mk):
    finding = mk.finding("R001", element="db")
    text = json.dumps({"version": 1, "entries": [{"fingerprint": finding.fingerprint}]})
    assert apply_baseline([finding], parse_baseline(text)) == ([], 0, 1)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("{not json", "b.json:1:2: not valid JSON"),
        ("[]", "expected a JSON object"),
        ('{"version": 2, "entries": []}', "unsupported baseline version 2"),
        ('{"entries": []}', "unsupported baseline version None"),
        ('{"version": 1}', "`entries` must be a list"),
        ('{"version": 1, "entries": ["x"]}', "entry 1 is not an object"),
        ('{"version": 1, "entries": [{"code": "R001"}]}', "entry 1 has no fingerprint"),
        ('{"version": 1, "entries": [{"fingerprint": "ab", "element": 3}]}', "non-string element"),
    ],
)
def test_broken_baseline_is_a_clear_error(text, reason, tmp_path):
    path = tmp_path / "b.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError) as caught:
        read_baseline(path)
    assert reason in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_or_undecodable_baseline_is_a_baseline_error(tmp_path):
    with pytest.raises(BaselineError, match="cannot read baseline: No such file"):
        read_baseline(tmp_path / "absent.json")
    (tmp_path / "latin.json").write_bytes(b'{"version": 1, "entries": [], "x": "\xff"}')
    with pytest.raises(BaselineError, match="cannot read baseline"):
        read_baseline(tmp_path / "latin.json")


def test_write_atomic_replaces_content_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "out.sarif"
    write_atomic(path, "first ü\n")
    write_atomic(path, "second\r\n")
    assert path.read_bytes() == b"second\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.sarif"]


def test_write_atomic_keeps_permissions_and_uses_umask_for_new_files(tmp_path):
    path = tmp_path / "report.json"
    path.write_text("old")
    os.chmod(path, 0o640)
    write_atomic(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    old_umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "fresh.json", b"{}")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "fresh.json").stat().st_mode) == 0o644


def test_write_atomic_writes_through_symlinks(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_failed_write_keeps_the_old_file_and_cleans_up(tmp_path, monkeypatch):
    path = tmp_path / "out.xml"
    path.write_text("old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]


def test_write_atomic_into_missing_folder_fails_cleanly(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nope" / "out.json", "x")
