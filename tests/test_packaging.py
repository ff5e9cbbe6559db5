"""The built wheel ships the grammar and works on its own in a fresh virtual environment."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODEL = "service api { replicas = 2 }\nservice web { replicas = 2 }\nweb -> api { timeout = 1s }\n"


def test_wheel_ships_grammar_and_parses_a_model(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path / "dist"),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("archdsl-*.whl"))
    assert "archdsl/grammar/archdsl.lark" in zipfile.ZipFile(wheel).namelist()

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    (tmp_path / "m.arch").write_text(MODEL)
    script = (
        "import archdsl, pathlib, sys\n"
        f"assert archdsl.__file__.startswith({str(env_dir)!r}), archdsl.__file__\n"
        "ws = archdsl.load('m.arch')\n"
        "print(sorted(ws.model.elements), ws.graph.number_of_edges())\n"
    )
    done = subprocess.run([python, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['api', 'web'] 1"
