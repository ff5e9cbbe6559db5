"""Issue 10, critical: outputs write through what they should not replace.

`write_atomic` renamed a temporary file over the target, so `-o /dev/null` run as root replaced
`/dev/null` with a regular file, a FIFO was replaced (its reader waited forever) and
`-o /dev/stdout` into a pipe failed. Only regular files are replaced now; `-` is standard output.
"""

from __future__ import annotations

import os
import stat
import threading

import pytest

from archdsl.report import atomic

MODEL = 'service api {}\ndatabase db { replicas = 2 failover = automatic }\napi -> db "reads"\n'
IS_ROOT = os.geteuid() == 0


@pytest.fixture
def no_replace(monkeypatch):
    """Fail the test the moment anything is renamed over a path (without harming the path)."""

    def refuse(source, target):
        raise AssertionError(f"{target} would have been replaced")

    monkeypatch.setattr(atomic.os, "replace", refuse)


def test_dev_null_is_written_through_not_replaced(no_replace):
    atomic.write_atomic("/dev/null", "data")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_symlink_to_dev_null_is_written_through(tmp_path, no_replace):
    (tmp_path / "out.svg").symlink_to("/dev/null")
    atomic.write_atomic(tmp_path / "out.svg", b"data")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def _read_fifo(path, into):
    with open(path, "rb") as handle:
        into.append(handle.read())


@pytest.mark.parametrize(
    "args",
    [
        ("render", "m.arch", "--format", "dot", "-o", "fifo"),
        ("report", "m.arch", "-o", "fifo"),
        ("validate", "m.arch", "--output", "fifo"),
        ("validate", "m.arch", "--write-baseline", "fifo"),
    ],
)
def test_fifo_output_is_written_through(run_process, write, tmp_path, args):
    write("m.arch", MODEL)
    os.mkfifo(tmp_path / "fifo")
    received: list[bytes] = []
    reader = threading.Thread(target=_read_fifo, args=(tmp_path / "fifo", received), daemon=True)
    reader.start()
    outcome = run_process(*args, timeout=60)
    reader.join(timeout=30)
    assert outcome.code in (0, 1), outcome.err
    assert stat.S_ISFIFO(os.lstat(tmp_path / "fifo").st_mode)
    assert received and received[0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("render", "m.arch", "--format", "dot", "-o", "/dev/stdout"), "digraph"),
        (("render", "m.arch", "--format", "dot", "-o", "-"), "digraph"),
        (("render", "m.arch", "-o", "-"), "<svg"),
        (("report", "m.arch", "-o", "-"), "<html"),
        (("report", "m.arch", "-o", "/dev/stdout"), "<html"),
        (("validate", "m.arch", "--format", "json", "--output", "-"), '"findings"'),
        (("validate", "m.arch", "--output", "/dev/stdout"), "in 1 file"),
        (("validate", "m.arch", "--write-baseline", "-", "--quiet"), '"entries"'),
    ],
)
def test_standard_output_into_a_pipe(run_process, write, args, expected):
    write("m.arch", MODEL)
    outcome = run_process(*args)
    assert outcome.code in (0, 1), outcome.err
    assert expected in outcome.out
    assert not os.path.exists("-")


@pytest.mark.parametrize(
    "args",
    [
        ("render", "m.arch", "--format", "dot", "-o", "folder"),
        ("report", "m.arch", "-o", "folder"),
        ("validate", "m.arch", "--output", "folder"),
        ("validate", "m.arch", "--write-baseline", "folder"),
    ],
)
def test_a_directory_as_output_is_a_clear_error(cli, write, tmp_path, args):
    write("m.arch", MODEL)
    (tmp_path / "folder").mkdir()
    outcome = cli(*args, expect=2)
    assert "cannot write folder" in outcome.err and "directory" in outcome.err


@pytest.mark.skipif(IS_ROOT, reason="root writes into read-only folders")
@pytest.mark.parametrize(
    "args",
    [
        ("render", "m.arch", "--format", "dot", "-o", "ro/out.dot"),
        ("validate", "m.arch", "--output", "ro/out.txt"),
        ("validate", "m.arch", "--write-baseline", "ro/b.json"),
        ("fmt", "ro/m.arch"),
    ],
)
def test_read_only_folder_is_a_clear_error(cli, write, tmp_path, args):
    write("m.arch", MODEL)
    write("ro/m.arch", "service   api {}\n")
    (tmp_path / "ro").chmod(0o555)
    try:
        outcome = cli(*args, expect=2)
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert "cannot write ro/" in outcome.err


def test_regular_file_keeps_mode_and_hard_links(tmp_path):
    target = tmp_path / "m.arch"
    target.write_text("old")
    target.chmod(0o640)
    os.link(target, tmp_path / "link.arch")
    atomic.write_atomic(target, "new")
    assert target.read_text() == "new" == (tmp_path / "link.arch").read_text()
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.path.samefile(target, tmp_path / "link.arch")


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another user")
def test_regular_file_keeps_owner_when_root_rewrites_it(tmp_path):
    target = tmp_path / "m.arch"
    target.write_text("old")
    os.chown(target, 65534, 65534)
    atomic.write_atomic(target, "new")
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (65534, 65534)
    assert target.read_text() == "new"


def test_fmt_refuses_read_only_files(cli, write, tmp_path):
    path = write("m.arch", "service   api {}\n")
    path.chmod(0o444)
    outcome = cli("fmt", "m.arch", expect=2)
    assert "read-only" in outcome.err
    assert path.read_text() == "service   api {}\n"
    assert path.stat().st_mode & 0o777 == 0o444


def test_fmt_keeps_hard_links_and_mode(cli, write, tmp_path):
    path = write("m.arch", "service   api {}\n")
    path.chmod(0o600)
    os.link(path, tmp_path / "other")
    cli("fmt", "m.arch", expect=0)
    assert (tmp_path / "other").read_text() == path.read_text() == "service api {}\n"
    assert path.stat().st_mode & 0o777 == 0o600


def test_new_file_is_still_written_atomically(cli, write, tmp_path):
    write("m.arch", MODEL)
    cli("render", "m.arch", "--format", "dot", "-o", "out.dot", expect=0)
    assert (tmp_path / "out.dot").read_text().startswith("digraph")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    "args",
    [
        ("render", "m.arch", "--format", "dot", "-o", "/proc/archdsl-out.dot"),
        ("report", "m.arch", "-o", "/proc/archdsl-out.html"),
        ("validate", "m.arch", "--output", "/proc/archdsl-out.txt"),
        ("validate", "m.arch", "--write-baseline", "/proc/archdsl-b.json"),
    ],
)
def test_unwritable_folder_is_a_clear_error_even_for_root(cli, write, args):
    write("m.arch", MODEL)
    outcome = cli(*args, expect=2)
    assert "cannot write /proc/archdsl-" in outcome.err
