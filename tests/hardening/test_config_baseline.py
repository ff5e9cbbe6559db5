"""Issue 10: baselines, configurations and acceptances that broke archdsl or were misread."""

from __future__ import annotations

import json
import os

import pytest

MODEL = 'service api {}\ndatabase db { replicas = 2 failover = automatic }\napi -> db "reads"\n'
SPOF = 'service api { owner = "t" }\ndatabase db { owner = "t" }\napi -> db\n'


# ---------------------------------------------------------------- baselines


def test_syntax_errors_are_never_baselined_nor_hidden(cli, write, tmp_path):
    write("m.arch", "service api {\n")
    cli("validate", "m.arch", "--write-baseline", "b.json", expect=1)
    entries = json.loads((tmp_path / "b.json").read_text())["entries"]
    assert not [e for e in entries if e["code"].startswith("E")]
    outcome = cli("validate", "m.arch", "--baseline", "b.json", expect=1)
    assert "E001" in outcome.out


def test_a_baseline_holding_model_errors_does_not_hide_them(cli, write, tmp_path):
    write("m.arch", "service api {}\napi -> nowhere\n")
    first = cli("validate", "m.arch", "--format", "json", expect=1)
    errors = [f for f in json.loads(first.out)["findings"] if f["code"].startswith("E")]
    assert errors
    entries = [{"fingerprint": f["fingerprint"], "code": f["code"]} for f in errors]
    write("b.json", json.dumps({"version": 1, "entries": entries}))
    outcome = cli("validate", "m.arch", "--baseline", "b.json", expect=1)
    assert "E002" in outcome.out


def test_rule_findings_are_still_baselined(cli, write):
    write("m.arch", SPOF)
    cli("validate", "m.arch", "--fail-on", "warning", "--write-baseline", "b.json", expect=1)
    cli("validate", "m.arch", "--fail-on", "warning", "--baseline", "b.json", expect=0)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"version": true, "entries": []}', "unsupported baseline version True"),
        ("[" * 2000 + "]" * 2000, "not a baseline"),
        ('{"version": 1, "entries": [], "x": ' + "9" * 5000 + "}", "not a baseline"),
    ],
    ids=["version-true", "nested-2000", "5000-digits"],
)
def test_broken_baselines_are_clear_errors(cli, write, content, says):
    write("m.arch", MODEL)
    write("b.json", content)
    outcome = cli("validate", "m.arch", "--baseline", "b.json", expect=2)
    assert says in outcome.err


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_baseline_must_be_a_regular_file(run_process, write, tmp_path, special):
    write("m.arch", MODEL)
    if special == "fifo":
        os.mkfifo(tmp_path / "fifo")
    outcome = run_process("validate", "m.arch", "--baseline", special, timeout=30)
    assert outcome.code == 2
    assert "not a regular file" in outcome.err


# ---------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ("[limits]\ncoupling = " + "9" * 5000 + "\n", "not a usable configuration"),
        ("[limits]\ncoupling = " + "9" * 400 + "\n", "`limits.coupling` must be a number"),
        ("[limits]\ncoupling = nan\n", "`limits.coupling` must be a number"),
        ("[limits]\ncoupling = inf\n", "`limits.coupling` must be a number"),
        ("select = " + "[" * 3000 + "]" * 3000 + "\n", "archdsl.toml"),
        ('root = "a\\u0000b"\n', "`root` must be a path"),
        ('[severity]\nE001 = "warning"\n', "always errors"),
        ('[severity]\nundefined-reference = "info"\n', "always errors"),
    ],
    ids=["5000-digits", "400-digits", "nan", "inf", "deep", "nul-root", "e-code", "e-slug"],
)
def test_broken_configurations_are_clear_errors(cli, write, toml, says):
    write("m.arch", MODEL)
    write("archdsl.toml", toml)
    outcome = cli("validate", "m.arch", expect=2)
    assert says in outcome.err


def test_a_broken_pyproject_in_a_parent_folder_is_not_ours(cli, write, tmp_path, monkeypatch):
    write("pyproject.toml", "this is [not toml\n")
    write("project/archdsl.toml", 'fail-on = "never"\n')
    write("project/sub/m.arch", "service api {\n")
    monkeypatch.chdir(tmp_path / "project" / "sub")
    assert cli("validate", "m.arch").code == 0  # the archdsl.toml above applies


def test_a_broken_pyproject_with_our_table_is_an_error(cli, write, tmp_path, monkeypatch):
    write("pyproject.toml", '[tool.archdsl]\nfail-on = "never\n')
    write("sub/m.arch", SPOF)
    monkeypatch.chdir(tmp_path / "sub")
    outcome = cli("validate", "m.arch", expect=2)
    assert "pyproject.toml" in outcome.err


@pytest.mark.parametrize("args", [(), ("--config", "other.toml")])
def test_a_config_that_is_a_fifo_is_an_error(run_process, write, tmp_path, args):
    write("m.arch", MODEL)
    os.mkfifo(tmp_path / "archdsl.toml")
    os.mkfifo(tmp_path / "other.toml")
    outcome = run_process(*args, "validate", "m.arch", timeout=30)
    assert outcome.code == 2 and "not a regular file" in outcome.err


# ---------------------------------------------------------------- acceptances


def test_a_lower_case_rule_code_in_accept_matches(cli, write):
    write(
        "m.arch",
        SPOF + 'accept r001 on db { reason = "a replica is on order" }\n',
    )
    outcome = cli("validate", "m.arch", "--format", "json")
    findings = json.loads(outcome.out)["findings"]
    spof = [f for f in findings if f["code"] == "R001"]
    assert spof and all(f["accepted"] for f in spof)
    assert not any(f["code"] == "E009" for f in findings)


def test_an_empty_reason_is_no_reason(cli, write):
    write("m.arch", SPOF + 'accept R001 on db { reason = "  " }\n')
    outcome = cli("validate", "m.arch", expect=1)
    assert "E008" in outcome.out and "without `reason`" in outcome.out
