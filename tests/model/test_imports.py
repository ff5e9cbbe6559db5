"""Imports: a workspace spans files; missing files, cycles and escapes are E006 with the chain."""

from __future__ import annotations

import pytest

import archdsl
from archdsl.workspace import open_workspace


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def write(name: str, text: str):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    return write


def test_names_resolve_across_imported_files(folder):
    folder("main.arch", 'import "parts/db.arch"\nservice api\napi -> db { timeout = 1s }\n')
    folder("parts/db.arch", 'import "../shared.arch"\ndatabase db\n')
    folder("shared.arch", "queue events\n")
    model = archdsl.load("main.arch").model
    assert set(model.elements) == {"api", "db", "events"}
    assert model.files == ("main.arch", "parts/db.arch", "shared.arch")
    assert model.elements["db"].span.file == "parts/db.arch"


def test_diamond_imports_read_each_file_once(folder):
    folder("main.arch", 'import "a.arch"\nimport "b.arch"\n')
    folder("a.arch", 'import "common.arch"\n')
    folder("b.arch", 'import "common.arch"\n')
    folder("common.arch", "service shared\n")
    assert not open_workspace("main.arch").diagnostics


def test_missing_import_names_the_chain(folder):
    folder("main.arch", 'import "a.arch"\n')
    folder("a.arch", 'import "gone.arch"\n')
    [problem] = open_workspace("main.arch").diagnostics
    assert (problem.code, problem.span.file, problem.span.line) == ("E006", "a.arch", 1)
    assert "main.arch -> a.arch -> gone.arch" in problem.message


def test_import_cycle_is_reported_with_the_cycle(folder):
    folder("main.arch", 'import "a.arch"\nservice x\n')
    folder("a.arch", 'import "main.arch"\n')
    [problem] = open_workspace("main.arch").diagnostics
    assert problem.code == "E006" and "main.arch -> a.arch -> main.arch" in problem.message


def test_import_outside_the_workspace_root_is_refused(folder, tmp_path):
    folder("secret.arch", "service s\n")
    folder("ws/main.arch", 'import "../secret.arch"\n')
    [problem] = open_workspace(tmp_path / "ws" / "main.arch").diagnostics
    assert problem.code == "E006" and "outside the workspace root" in problem.message


def test_configured_root_allows_reaching_up(folder, tmp_path):
    folder("shared.arch", "service s\n")
    folder("ws/main.arch", 'import "../shared.arch"\n')
    assert not open_workspace(tmp_path / "ws" / "main.arch", root=tmp_path).diagnostics
