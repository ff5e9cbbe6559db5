"""Parsing keeps no state between calls or across threads, and resolving never writes into the
parsed files that a parse cache shares between workspaces."""

from __future__ import annotations

import copy
import threading
from pathlib import Path

from archdsl.model.loader import ParseCache, parse_file
from archdsl.syntax.parser import parse_text
from archdsl.workspace import open_workspace

SHARED = 'boundary core {\n  trust = high\n  database db { replicas = 2  owner = "t" }\n}\n'


def test_resolving_leaves_the_cached_parse_untouched(tmp_path: Path):
    (tmp_path / "shared.arch").write_text(SHARED)
    (tmp_path / "a.arch").write_text('import "shared.arch"\nservice a { owner = "t" }\na -> db\n')
    cache: ParseCache = {}
    parsed = parse_file((tmp_path / "shared.arch").resolve(), cache)
    before = copy.deepcopy(parsed.result.file)
    workspace = open_workspace(tmp_path / "a.arch", cache=cache)
    assert workspace.model.elements["db"].boundary == "core"
    assert parsed.result.file == before


def test_threads_parsing_at_once_get_their_own_files_and_errors():
    texts = {f"f{i}.arch": f"service s{i}\nservice t{i} {{ replicas = }}\n" for i in range(8)}
    results = {}

    def parse(path: str) -> None:
        for _ in range(20):
            results[path] = parse_text(texts[path], path)

    threads = [threading.Thread(target=parse, args=(path,)) for path in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for path, result in results.items():
        assert {statement.span.file for statement in result.file.statements} == {path}
        assert result.errors and {error.span.file for error in result.errors} == {path}
