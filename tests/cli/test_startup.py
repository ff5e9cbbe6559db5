"""Start-up work of the command line: each command imports only what it needs. Each probe runs in
a fresh interpreter and reports what it imported; no timing is judged here (see benchmarks/)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import archdsl
from archdsl.cli import render
from archdsl.diagram import FORMATS

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("pydantic", "lark", "networkx")  # the libraries that dominate start-up


def imported_after(code: str, cwd: Path = REPO) -> set[str]:
    """The modules loaded in a fresh interpreter after running `code` (which must not exit)."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=cwd, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def cli_call(*args: str) -> str:
    """Probe code running the command line in-process, swallowing its output and exit code."""
    return (
        "import contextlib, io\n"
        "from archdsl.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    try:\n        main({list(args)!r})\n    except SystemExit:\n        pass\n"
    )


def packages(modules: set[str], names) -> set[str]:
    return {m for m in modules if m.split(".")[0] in names}


def test_render_formats_match_the_diagram_package():
    assert render.FORMATS == FORMATS


def test_validate_imports_neither_the_drawing_code_nor_graphviz():
    modules = imported_after(cli_call("validate", "models/shop.arch"))
    assert "archdsl.rules.engine" in modules  # the probe did validate
    unneeded = ("archdsl.diagram", "archdsl.review", "archdsl.fmt", "graphviz")
    assert {m for m in modules if m.startswith(unneeded)} == set()


def test_validate_builds_no_pydantic_validator():
    """The resolver constructs nodes without validating them, so no model class needs its
    validator (deferred builds): pydantic never builds one, nor looks for plugins to wrap it."""
    code = cli_call("validate", "models/shop.arch") + (
        "import pydantic\n"
        "from archdsl.model import schema\n"
        "built = [name for name, value in vars(schema).items() if isinstance(value, type)\n"
        "         and issubclass(value, pydantic.BaseModel) and value.__pydantic_complete__]\n"
        "assert not built, built\n"
    )
    assert "archdsl.model.schema" in imported_after(code)


def test_version_help_and_usage_errors_import_no_model_library():
    for args in (["--version"], ["--help"], ["validate"], ["validate", "--format", "nope", "x"]):
        assert packages(imported_after(cli_call(*args)), HEAVY) == set(), args


def test_importing_the_library_imports_no_model_library():
    assert packages(imported_after("import archdsl"), HEAVY) == set()


def test_version_string_is_the_packages():
    """`__version__` is written out, not read from the installed metadata (importlib.metadata
    costs start-up); it must still be the version the package is built with."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert archdsl.__version__ == project["version"]
