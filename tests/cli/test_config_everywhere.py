"""Every command that opens a model honours the configuration: with `root = "models"` in
archdsl.toml, a model importing `../common.arch` opens in validate, render, report, impact and
export alike (they share one loader of the configuration and one opener of workspaces)."""

from __future__ import annotations

import pytest

COMMON = 'database orders_db { replicas = 2  failover = automatic  owner = "t" }\n'
APP = (
    'import "../common.arch"\n'
    'service api { replicas = 2  owner = "t" }\n'
    "api -> orders_db { timeout = 1s }\n"
    "flow checkout { steps = api -> orders_db }\n"
)
COMMANDS = [
    ("validate", "models/app/main.arch"),
    ("render", "models/app/main.arch", "--format", "dot"),
    ("report", "models/app/main.arch", "-o", "review.html"),
    ("impact", "models/app/main.arch", "orders_db"),
    ("export", "models/app/main.arch", "--format", "json"),
]


@pytest.fixture
def configured(write):
    write("models/common.arch", COMMON)
    write("models/app/main.arch", APP)
    write("archdsl.toml", 'root = "models"\n')


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_opens_the_workspace_under_the_configured_root(cli, configured, command):
    outcome = cli(*command)
    assert "outside the workspace root" not in outcome.err
    assert outcome.code == 0, outcome.err


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_without_the_configuration_the_import_leaves_the_root(cli, configured, tmp_path, command):
    (tmp_path / "archdsl.toml").unlink()
    outcome = cli(*command)
    assert outcome.code == 1
    assert "outside the workspace root" in outcome.out + outcome.err


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_honours_config_named_on_the_command_line(cli, write, tmp_path, command):
    write("models/common.arch", COMMON)
    write("models/app/main.arch", APP)
    write("settings/archdsl-ci.toml", 'root = "../models"\n')
    outcome = cli("--config", "settings/archdsl-ci.toml", *command)
    assert outcome.code == 0, outcome.err


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_refuses_a_broken_configuration(cli, configured, write, command):
    write("archdsl.toml", 'root = "models"\ncolour = "blue"\n')
    outcome = cli(*command)
    assert outcome.code == 2
    assert "colour" in outcome.err
