"""The built wheel ships the grammar and works on its own in a fresh virtual environment.

The new environment sees the running interpreter's site-packages through a `.pth` file, for the
dependencies (offline, and whether pytest itself runs in a venv, in a system Python or in CI);
the wheel installed into it comes first on its path, so the test imports the wheel's archdsl.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
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
    shipped = zipfile.ZipFile(wheel).namelist()
    assert "archdsl/grammar/archdsl.lark" in shipped
    assert "archdsl/py.typed" in shipped  # type checkers read the package's annotations

    env_dir = tmp_path / "venv"
    venv.EnvBuilder().create(env_dir)  # no pip of its own: the running pip installs into it
    python = env_dir / "bin" / "python"
    _see_dependencies_of_this_interpreter(python)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps"]
        + ["--no-index", str(wheel)],
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
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [python, "-c", script], cwd=tmp_path, env=clean, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['api', 'web'] 1"


def _see_dependencies_of_this_interpreter(python: Path) -> None:
    """Put the running interpreter's site-packages after the new environment's own."""
    own = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    folders = [*site.getsitepackages(), sysconfig.get_paths()["purelib"]]
    if site.ENABLE_USER_SITE:
        folders.append(site.getusersitepackages())
    lines = dict.fromkeys(folder for folder in folders if Path(folder).is_dir())
    (Path(own) / "outer-site-packages.pth").write_text("\n".join(lines) + "\n")
