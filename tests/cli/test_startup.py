"""Start-up work of the command line: `archdsl validate` imports only what validating needs."""

from __future__ import annotations

import subprocess
import sys

from archdsl.cli import render
from archdsl.diagram import FORMATS


def test_render_formats_match_the_diagram_package():
    assert render.FORMATS == FORMATS


def test_validate_imports_neither_the_drawing_code_nor_graphviz(tmp_path):
    model = tmp_path / "m.arch"
    model.write_text("service api\n", encoding="utf-8")
    probe = (
        "import sys\n"
        "from archdsl.cli.main import main\n"
        f"main(['validate', {str(model)!r}, '--quiet'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('graphviz', 'archdsl')"
        " and (m.startswith('archdsl.diagram') or m.startswith('graphviz'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
