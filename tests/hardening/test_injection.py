"""Issue 10, critical: model text never reaches a CI log as a workflow command.

A triple-quoted value keeps its line breaks, and an `invalid-value` message quotes the value, so
the diagnostics that render, report, impact, export and fmt print could carry a line of their own
starting with `::error` (or `::add-mask::`, `::stop-commands::`). Every one is escaped now.
"""

from __future__ import annotations

import re
import shutil

import pytest

HOSTILE = (
    "database db {\n"
    '  failover = """x\n'
    "::error file=README.md,line=1::pwned\n"
    "::add-mask::secret\n"
    "::stop-commands::tok\n"
    '"""\n'
    "}\n"
)
COMMAND_LINE = re.compile(r"^\s*(::|##\[)", re.MULTILINE)


@pytest.mark.parametrize(
    "args",
    [
        ("render", "m.arch", "--format", "dot"),
        ("report", "m.arch", "-o", "r.html"),
        ("impact", "m.arch", "db"),
        ("export", "m.arch"),
        ("validate", "m.arch"),
    ],
)
def test_model_text_never_starts_a_log_line(cli, write, args):
    write("m.arch", HOSTILE)
    outcome = cli(*args, expect=1)
    assert "pwned" in outcome.out + outcome.err  # the message is shown ...
    assert not COMMAND_LINE.search(outcome.out), outcome.out  # ... but never as a command
    assert not COMMAND_LINE.search(outcome.err), outcome.err


def test_github_format_emits_only_its_own_commands(cli, write):
    write("m.arch", HOSTILE)
    outcome = cli("validate", "m.arch", "--format", "github", expect=1)
    commands = [line for line in outcome.out.splitlines() if COMMAND_LINE.match(line)]
    ours = tuple(f"::{level} file=m.arch," for level in ("error", "warning", "notice"))
    assert commands and all(line.startswith(ours) for line in commands)


def test_fmt_syntax_errors_are_escaped(cli, write):
    write("m.arch", 'service api "x\\u2028::error::y\n::error::pwned" {\n')
    outcome = cli("fmt", "m.arch", expect=1)
    assert not COMMAND_LINE.search(outcome.err), outcome.err


def test_impact_labels_are_escaped(cli, write):
    write(
        "m.arch",
        'service api "API\\n::error::pwned" {}\n'
        'database db "DB\\n::add-mask::x" { replicas = 2 failover = automatic }\n'
        'api -> db "reads\\n::stop-commands::t"\n',
    )
    outcome = cli("impact", "m.arch", "db", expect=0)
    assert "pwned" in outcome.out or "add-mask" in outcome.out
    assert not COMMAND_LINE.search(outcome.out), outcome.out


def test_usage_errors_quoting_input_are_escaped(cli, write):
    outcome = cli("validate", "no\n::error::such.arch", expect=2)
    assert not COMMAND_LINE.search(outcome.err), outcome.err


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\f", "\u2029", "\x1c"])
def test_show_source_excerpt_is_the_reported_line(cli, write, separator):
    write("m.arch", f'# a comment with a{separator}separator\nservice api {{ replicas = "x" }}\n')
    outcome = cli("validate", "m.arch", "--show-source", "--no-color")
    assert " 2 | service api {" in outcome.out, outcome.out


ENTITIES = (
    'boundary b "B&#60;x" {\n  service api "a&#60;b" {}\n}\n'
    'service db "d" {}\napi -> db "r&#60;s&lt;t" { timeout = 1s }\n'
)


def test_dot_labels_keep_entities_as_written(cli, write):
    write("m.arch", ENTITIES)
    dot = cli("render", "m.arch", "--format", "dot", expect=0).out
    assert "B&amp;#60;x" in dot and "r&amp;#60;s&amp;lt;t" in dot


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs the system Graphviz")
def test_graphviz_does_not_decode_entities_in_labels(cli, write):
    write("m.arch", ENTITIES)
    svg = cli("render", "m.arch", "--format", "svg", expect=0).out
    assert "B&amp;#60;x" in svg and "B&lt;x" not in svg
    assert "r&amp;#60;s&amp;lt;t" in svg
