"""`archdsl validate`: exit codes for every format, selection, gates, folders, configuration."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

FORMATS = ["text", "json", "sarif", "junit", "github"]
BROKEN = "service api {\n  replicas 3\n}\n"
# One info-only finding at most: a documented, owned, redundant pair with nothing that depends on
# a single copy. (Rules change over time; tests below only rely on "no error".)
CLEAN = 'system s { owner = "team" }\nservice api { replicas = 2  zones = 2 }\n'
WARNS = 'system s { owner = "team" }\nqueue jobs { replicas = 2  zones = 2 }\n'


@pytest.mark.parametrize("fmt", FORMATS)
def test_model_errors_exit_1_in_every_format(cli, write, fmt):
    write("m.arch", BROKEN)
    outcome = cli("validate", "m.arch", "--format", fmt, expect=1)
    assert "E001" in outcome.out


@pytest.mark.parametrize("fmt", FORMATS)
def test_clean_model_exits_0_in_every_format(cli, write, fmt):
    write("m.arch", CLEAN)
    cli("validate", "m.arch", "--format", fmt, expect=0)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unreadable_path_exits_2_in_every_format(cli, fmt):
    outcome = cli("validate", "missing.arch", "--format", fmt, expect=2)
    assert outcome.err.startswith("archdsl: error:") and outcome.err.count("\n") == 1


def test_bad_option_exits_2_with_one_line(cli):
    outcome = cli("validate", "--format", "xml", "m.arch", expect=2)
    assert outcome.err.count("\n") == 1 and "xml" in outcome.err


def test_unknown_rule_selector_exits_2(cli, write):
    write("m.arch", CLEAN)
    assert "R999" in cli("validate", "m.arch", "--select", "R999", expect=2).err


def test_fail_on_never_passes_model_errors(cli, write):
    write("m.arch", BROKEN)
    cli("validate", "m.arch", "--fail-on", "never", expect=0)


def test_fail_on_warning_fails_on_a_warning(cli, write):
    write("m.arch", WARNS)
    assert cli("validate", "m.arch", "--format", "json", expect=0)
    outcome = cli("validate", "m.arch", "--format", "json", "--fail-on", "warning")
    warnings = [f for f in json.loads(outcome.out)["findings"] if f["severity"] == "warning"]
    assert warnings and outcome.code == 1


def test_select_and_ignore_by_code_prefix_and_slug(cli, write):
    write("m.arch", WARNS)
    every = {
        f["code"] for f in json.loads(cli("validate", "m.arch", "--format", "json").out)["findings"]
    }
    assert "U005" in every
    only_u = json.loads(cli("validate", "m.arch", "--format", "json", "--select", "U").out)[
        "findings"
    ]
    assert {f["code"][0] for f in only_u} == {"U"}
    ignored = json.loads(
        cli("validate", "m.arch", "--format", "json", "--ignore", "unbounded-queue").out
    )
    assert "U005" not in {f["code"] for f in ignored["findings"]}


def test_json_shape_matches_the_spec(cli, write):
    write("m.arch", BROKEN)
    document = json.loads(cli("validate", "m.arch", "--format", "json").out)
    assert document["version"] == 1
    # recovery keeps the element, so rule findings about it come too: pick the syntax error
    finding = next(f for f in document["findings"] if f["code"] == "E001")
    for key in (
        "code",
        "slug",
        "severity",
        "message",
        "hint",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "element",
        "target",
        "related",
        "accepted",
        "fingerprint",
    ):
        assert key in finding
    assert (finding["file"], finding["line"], finding["column"]) == ("m.arch", 2, 12)


def test_text_line_format_and_summary(cli, write):
    write("m.arch", BROKEN)
    lines = cli("validate", "m.arch", "--no-color").out.splitlines()
    # recovery keeps the element (the missing `=` is corrected), so its rule findings come too
    error = next(i for i, line in enumerate(lines) if " E001 " in line)
    assert lines[error].startswith("m.arch:2:12: E001 error syntax-error: ")
    assert lines[error + 1].startswith("  hint: ")
    # and the summary does not claim that anything was left out
    assert lines[-2].startswith("1 error, 1 warning in 1 file")
    assert "skipped" not in lines[-2]
    assert lines[-1].startswith("by rule: E001 1, ")


def test_folder_checks_each_root_once(cli, write):
    write(
        "models/main.arch",
        'import "part.arch"\nservice api { replicas = 2 }\napi -> db { timeout = 1s }\n',
    )
    write("models/part.arch", "database db { replicas = 2  failover = automatic }\n")
    document = json.loads(cli("validate", "models", "--format", "json").out)
    assert document["summary"]["files"] == 2
    assert not [f for f in document["findings"] if f["code"] == "E002"], (
        "part.arch is checked through main"
    )


def test_output_file_is_written(cli, write, tmp_path):
    write("m.arch", BROKEN)
    cli("validate", "m.arch", "--format", "sarif", "--output", "out.sarif", expect=1)
    assert json.loads((tmp_path / "out.sarif").read_text())["version"] == "2.1.0"


def test_quiet_prints_nothing(cli, write):
    write("m.arch", BROKEN)
    outcome = cli("validate", "m.arch", "--quiet", expect=1)
    assert outcome.out == ""


def test_config_in_pyproject_is_found_and_unknown_keys_are_errors(cli, write):
    write("m.arch", WARNS)
    write("pyproject.toml", '[tool.archdsl]\nfail-on = "warning"\n')
    cli("validate", "m.arch", expect=1)
    write("pyproject.toml", '[tool.archdsl]\nfail_on = "warning"\n')
    outcome = cli("validate", "m.arch", expect=2)
    assert "fail_on" in outcome.err and "pyproject.toml" in outcome.err


def test_config_severity_override(cli, write):
    write("m.arch", WARNS)
    write("archdsl.toml", '[severity]\nunbounded-queue = "error"\n')
    document = json.loads(cli("validate", "m.arch", "--format", "json").out)
    assert {f["severity"] for f in document["findings"] if f["code"] == "U005"} == {"error"}


def test_baseline_hides_known_findings_and_counts_fixed(cli, write):
    write("m.arch", WARNS)
    cli("validate", "m.arch", "--write-baseline", "base.json")
    document = json.loads(
        cli("validate", "m.arch", "--format", "json", "--baseline", "base.json").out
    )
    assert document["findings"] == []
    write("m.arch", CLEAN)
    document = json.loads(
        cli("validate", "m.arch", "--format", "json", "--baseline", "base.json").out
    )
    assert document["summary"]["fixed"] >= 1


def test_rules_and_explain(cli):
    table = cli("rules", expect=0).out
    assert "R001" in table and "single-point-of-failure" in table
    page = cli("explain", "single-point-of-failure", expect=0).out
    assert page.startswith("# R001") and "```arch" in page
    assert "did you mean" in cli("explain", "single-point-of-falure", expect=2).err


def test_version_via_console_script():
    done = subprocess.run(
        [sys.executable, "-m", "archdsl", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith("archdsl ")


def test_folder_reads_and_parses_each_file_once(cli, write, monkeypatch):
    from archdsl.model import loader

    write(
        "models/a.arch",
        'import "shared.arch"\nservice a { replicas = 2 }\na -> db { timeout = 1s }\n',
    )
    write(
        "models/b.arch",
        'import "shared.arch"\nservice b { replicas = 2 }\nb -> db { timeout = 1s }\n',
    )
    write("models/shared.arch", "database db { replicas = 2  failover = automatic }\n")
    parsed: list[str] = []
    real_parse = loader.parse_text
    monkeypatch.setattr(
        loader, "parse_text", lambda text, shown: parsed.append(shown) or real_parse(text, shown)
    )
    cli("validate", "models", "--format", "json")
    assert sorted(parsed) == ["models/a.arch", "models/b.arch", "models/shared.arch"]
