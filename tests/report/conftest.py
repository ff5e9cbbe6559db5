"""Hand-built findings and runs for the reporter tests (no parser involved)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from archdsl.findings import Finding, Severity, sorted_findings
from archdsl.report.run import RuleInfo, RunResult, Subject, Summary
from archdsl.spans import Span

REPO = Path(__file__).resolve().parents[2]
# The tests keep their own copy of the official schema (CLI.md), so they pass on a fresh clone.
SARIF_SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "sarif-2.1.0.json"

SHOP = "models/shop.arch"
BROKEN = "models/broken.arch"
SHOP_SOURCE = (
    "system shop {\n"
    "  component orders_db { replicas = 1 }\n"
    "  component api { }\n"
    "\tapi -> orders_db\n"
    "  flow checkout { api -> orders_db }\n"
    "}\n"
)


def finding(
    code="R001",
    severity=Severity.ERROR,
    *,
    file=SHOP,
    line=2,
    column=3,
    end_line=None,
    end_column=None,
    slug=None,
    message=None,
    **fields,
) -> Finding:
    """A finding with sensible defaults; keyword fields override any Finding attribute."""
    span = Span(
        file,
        line,
        column,
        line if end_line is None else end_line,
        column + 5 if end_column is None else end_column,
    )
    return Finding(
        code=code,
        slug=slug or f"rule-{code.lower()}",
        severity=severity,
        message=message or f"problem {code}",
        span=span,
        **fields,
    )


def rule(code, severity=Severity.ERROR, family="resilience", help_uri=None) -> RuleInfo:
    """A catalog entry for `code`."""
    return RuleInfo(
        code=code,
        slug=f"rule-{code.lower()}",
        severity=severity,
        family=family,
        summary=f"Summary of {code}",
        description=f"What {code} checks and why.",
        help_uri=help_uri
        if help_uri is not None
        else f"https://archdsl.example/docs/rules/{code}.html",
    )


def make_run(
    findings, *, files=None, rules=(), subjects=(), sources=None, fixed=0, baselined=0
) -> RunResult:
    """A RunResult over `findings`, sorted, with its summary computed like the CLI would."""
    ordered = tuple(sorted_findings(findings))
    files = (
        tuple(files) if files is not None else tuple(dict.fromkeys(f.span.file for f in ordered))
    )
    return RunResult(
        findings=ordered,
        files=files,
        summary=Summary.of(list(ordered), len(files), fixed, baselined),
        rules=tuple(rules),
        subjects=tuple(subjects),
        sources=sources or {},
        tool_version="0.1.0",
    )


@pytest.fixture
def shop_run() -> RunResult:
    """Two files: shop with rule findings (one accepted, one info), broken with a syntax error."""
    findings = [
        finding(
            "R001",
            element="orders_db",
            line=2,
            column=13,
            end_column=22,
            message="orders_db has 1 replica and failover = none; flows checkout depend on it",
            hint="set replicas = 2 with failover = automatic, or accept the risk with a reason",
            related=("checkout",),
        ),
        finding(
            "R002",
            Severity.WARNING,
            element="api",
            target="orders_db",
            line=4,
            column=2,
            end_column=18,
            message="sync call without timeout",
        ),
        finding(
            "R003",
            Severity.INFO,
            element="checkout",
            line=5,
            column=8,
            end_column=16,
            message="flow availability is 99.9%",
            note="computed from 2 steps",
        ),
        finding(
            "R004",
            Severity.WARNING,
            element="api",
            line=3,
            column=13,
            end_column=16,
            accepted=True,
            acceptance_reason="internal tool, downtime is fine",
        ),
        finding(
            "E001",
            file=BROKEN,
            line=1,
            column=8,
            end_column=9,
            slug="syntax-error",
            message="unexpected `{`",
            hint="expected a name",
        ),
    ]
    subjects = [
        Subject("orders_db", "component", SHOP, 2),
        Subject("api", "component", SHOP, 3),
        Subject("checkout", "flow", SHOP, 5),
    ]
    rules = [
        rule("R001"),
        rule("R002", Severity.WARNING),
        rule("R003", Severity.INFO),
        rule("R004", Severity.WARNING),
        rule("R099", family="security"),
    ]
    return make_run(
        findings, files=[SHOP, BROKEN], rules=rules, subjects=subjects, sources={SHOP: SHOP_SOURCE}
    )


@pytest.fixture(scope="session")
def sarif_validator():
    """A jsonschema validator for the SARIF 2.1.0 schema kept beside these tests."""
    import jsonschema

    if not SARIF_SCHEMA_PATH.is_file():
        pytest.fail(f"SARIF schema not found at {SARIF_SCHEMA_PATH}")
    schema = json.loads(SARIF_SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def mk() -> SimpleNamespace:
    """The builders above, for tests: `mk.finding(...)`, `mk.rule(...)`, `mk.run(...)`."""
    return SimpleNamespace(finding=finding, rule=rule, run=make_run)


def _load_ci_recipes():
    """tests/report/ci_recipes.py loaded by path, whatever pytest's import mode."""
    path = Path(__file__).with_name("ci_recipes.py")
    spec = importlib.util.spec_from_file_location("archdsl_ci_recipes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def ci_recipes():
    """The docs/ci.md command extractor module (see tests/report/ci_recipes.py)."""
    return _load_ci_recipes()


def unescape_github(text: str) -> str:
    """The Actions runner's unescaping: `%25` last, so `%253A` stays a literal `%3A`."""
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def parse_github(line: str) -> tuple[str, dict[str, str], str]:
    """(command, properties, message) of one `::command k=v,k=v::message` workflow command."""
    assert line.startswith("::"), line
    head, separator, data = line[2:].partition("::")
    assert separator, line
    command, _, raw = head.partition(" ")
    properties = {}
    for pair in filter(None, raw.split(",")):
        key, equals, value = pair.partition("=")
        assert equals, pair
        properties[key] = unescape_github(value)
    return command, properties, unescape_github(data)


@pytest.fixture(name="parse_github")
def _parse_github_fixture():
    """`parse_github` above, for tests."""
    return parse_github


@pytest.fixture(name="unescape_github")
def _unescape_github_fixture():
    """`unescape_github` above, for tests."""
    return unescape_github
