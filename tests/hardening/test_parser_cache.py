"""Issue 10, critical: no code runs from a planted grammar cache.

Lark's `cache=True` unpickled `$TMPDIR/.lark_cache_<user>_<sha256>_<py>.tmp` whoever had written
it. The parsers now keep their tables in a private per-user folder and read a file only when it
and its folder belong to the user, are writable by nobody else, and start with the right key.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import pickle
import sys

import lark
import pytest

from archdsl.fmt import tokens
from archdsl.syntax import lark_cache, parser
from archdsl.syntax.parser import grammar_path

GRAMMAR = 'start: WORD\nWORD: /[a-z]+/\n%ignore " "\n'


class _Payload:
    """Unpickling this creates the folder `marker`: proof that a planted file ran code."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def _planted(marker) -> bytes:
    return pickle.dumps(_Payload(marker))


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "archdsl"


def _cache_file(cache_home):
    lark_cache.build_parser("t", GRAMMAR, parser="lalr")
    (path,) = cache_home.glob("t-*.lark")
    return path


def _assert_builds_without_running(marker):
    built = lark_cache.build_parser("t", GRAMMAR, parser="lalr")
    assert built.parse("abc") is not None
    assert not marker.exists(), "a planted cache file was unpickled"


def test_lark_temp_cache_planted_by_another_user_is_never_read(tmp_path, monkeypatch, cache_home):
    # The original attack: a file at the name Lark's cache=True would compute in the temp folder.
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    marker = tmp_path / "ran"
    source = grammar_path().read_text(encoding="utf-8")
    options = "parserlalrlexercontextualmaybe_placeholdersTruecacheTrue"
    digest = hashlib.sha256(
        (source + options + lark.__version__ + str(sys.version_info[:2])).encode()
    ).hexdigest()
    name = (
        f".lark_cache_{getpass.getuser()}_{digest}_{sys.version_info[0]}_{sys.version_info[1]}.tmp"
    )
    (tmp_path / name).write_bytes(digest.encode() + b"\n" + _planted(marker))
    parser._parser.__wrapped__()
    tokens._lossless_parser.__wrapped__()
    assert not marker.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".lark")] == [name]


def test_no_parser_is_built_with_lark_cache(monkeypatch, cache_home):
    seen = []
    original = lark.Lark.__init__

    def spy(self, grammar, **options):
        seen.append(options.get("cache", False))
        original(self, grammar, **options)

    monkeypatch.setattr(lark.Lark, "__init__", spy)
    parser._parser.__wrapped__()
    tokens._lossless_parser.__wrapped__()
    assert seen == [False, False]
    assert sorted(p.name.split("-")[0] for p in cache_home.iterdir()) == ["ast", "lossless"]


def test_cache_files_and_folder_are_private(cache_home):
    path = _cache_file(cache_home)
    assert cache_home.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o077 == 0
    assert lark_cache.build_parser("t", GRAMMAR, parser="lalr").parse("x") is not None


def test_file_writable_by_others_is_not_read(cache_home, tmp_path):
    path = _cache_file(cache_home)
    key = path.read_bytes().split(b"\n", 1)[0]
    path.write_bytes(key + b"\n" + _planted(tmp_path / "ran"))
    path.chmod(0o666)
    _assert_builds_without_running(tmp_path / "ran")


def test_folder_writable_by_others_is_not_used(cache_home, tmp_path):
    path = _cache_file(cache_home)
    key = path.read_bytes().split(b"\n", 1)[0]
    path.write_bytes(key + b"\n" + _planted(tmp_path / "ran"))
    cache_home.chmod(0o777)
    _assert_builds_without_running(tmp_path / "ran")


def test_symlink_in_the_cache_is_not_followed(cache_home, tmp_path):
    path = _cache_file(cache_home)
    key = path.read_bytes().split(b"\n", 1)[0]
    elsewhere = tmp_path / "planted"
    elsewhere.write_bytes(key + b"\n" + _planted(tmp_path / "ran"))
    elsewhere.chmod(0o600)
    path.unlink()
    path.symlink_to(elsewhere)
    _assert_builds_without_running(tmp_path / "ran")


def test_file_of_another_owner_is_not_read(cache_home, tmp_path, monkeypatch):
    path = _cache_file(cache_home)
    key = path.read_bytes().split(b"\n", 1)[0]
    path.write_bytes(key + b"\n" + _planted(tmp_path / "ran"))
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)
    else:  # the same check, seen from a user who does not own the file
        real = os.geteuid()
        monkeypatch.setattr(os, "geteuid", lambda: real + 1)
        monkeypatch.setattr(lark_cache, "cache_directory", lambda: cache_home)
    _assert_builds_without_running(tmp_path / "ran")


def test_wrong_key_is_refused_before_anything_is_unpickled(cache_home, tmp_path):
    path = _cache_file(cache_home)
    path.write_bytes(b"0" * 64 + b"\n" + _planted(tmp_path / "ran"))
    _assert_builds_without_running(tmp_path / "ran")


def test_damaged_file_is_rebuilt(cache_home):
    path = _cache_file(cache_home)
    key = path.read_bytes().split(b"\n", 1)[0]
    path.write_bytes(key + b"\nnot a pickle")
    assert lark_cache.build_parser("t", GRAMMAR, parser="lalr").parse("ok") is not None


def test_unusable_cache_location_still_parses(monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "/proc/archdsl-cannot-create")
    assert lark_cache.cache_directory() is None
    assert lark_cache.build_parser("t", GRAMMAR, parser="lalr").parse("ok") is not None
