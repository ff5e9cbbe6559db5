"""docs/ci.md and .pre-commit-hooks.yaml: present, well-formed, and saying what the CLI does.

Running the extracted commands on models/ belongs with the CLI tests (see ci_recipes.py).
"""

from __future__ import annotations

import pytest

from archdsl.report import REPORTERS


def _yaml():
    """PyYAML (it comes with pre-commit); the repository itself does not depend on it."""
    return pytest.importorskip("yaml")


def test_extracted_commands_are_the_recipes(ci_recipes):
    assert ci_recipes.archdsl_commands() == [
        "archdsl validate models --format sarif --output archdsl.sarif --fail-on never",
        "archdsl validate models --format github --fail-on error",
        "archdsl validate models --format junit --output archdsl-junit.xml",
    ]
    with_shell = ci_recipes.archdsl_commands(languages=("yaml", "sh"))
    assert with_shell[-2:] == [
        "archdsl validate models --write-baseline archdsl-baseline.json",
        "archdsl validate models --baseline archdsl-baseline.json",
    ]


def test_argv_uses_only_documented_formats_and_options(ci_recipes):
    options = {"--format", "--output", "--fail-on", "--baseline", "--write-baseline"}
    for argv in ci_recipes.archdsl_argv(languages=("yaml", "sh")):
        assert argv[:2] == ["validate", "models"]
        flags = argv[2::2]
        assert set(flags) <= options, argv
        values = dict(zip(argv[2::2], argv[3::2], strict=False))
        assert values.get("--format", "text") in REPORTERS
        assert values.get("--fail-on", "error") in {"error", "warning", "info", "never"}


def test_extractor_handles_yaml_shapes(ci_recipes, tmp_path):
    doc = tmp_path / "ci.md"
    doc.write_text(
        "```yaml\n"
        "steps:\n"
        "  - run: archdsl validate a --format json\n"
        "  # - run: archdsl validate commented-out\n"
        "  - name: archdsl-validate\n"
        "script:\n"
        "  - archdsl validate b\n"
        "```\n"
        "```python\narchdsl validate not-yaml\n```\n",
        encoding="utf-8",
    )
    assert ci_recipes.archdsl_commands(doc) == [
        "archdsl validate a --format json",
        "archdsl validate b",
    ]
    doc.write_text("```yaml\nrun: archdsl validate a || true\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match="shell syntax"):
        ci_recipes.archdsl_argv(doc)
    doc.write_text("```yaml\nrun: archdsl validate a\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unterminated"):
        ci_recipes.archdsl_commands(doc)


def test_every_yaml_block_parses(ci_recipes):
    yaml = _yaml()
    text = ci_recipes.DOCS_CI.read_text(encoding="utf-8")
    blocks = ci_recipes.fenced_blocks(text)
    assert len(blocks) == 4  # GitHub workflow, GitLab job, two pre-commit configs
    documents = [yaml.safe_load(body) for _, body in blocks]
    workflow, gitlab, precommit, local = documents
    steps = workflow["jobs"]["validate"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert uses[0].startswith("actions/checkout@") and uses[1].startswith("actions/setup-python@")
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "archdsl.sarif" and upload["if"] == "always()"
    assert workflow["permissions"]["security-events"] == "write"
    assert gitlab["archdsl"]["artifacts"]["reports"]["junit"] == "archdsl-junit.xml"
    assert gitlab["archdsl"]["artifacts"]["when"] == "always"
    assert precommit["repos"][0]["hooks"][0]["id"] == "archdsl-validate"
    assert local["repos"][0]["hooks"][0]["entry"] == "archdsl validate"


def test_docs_list_every_exit_code_and_format(ci_recipes):
    text = ci_recipes.DOCS_CI.read_text(encoding="utf-8")
    for row in ("| `0` |", "| `1` |", "| `2` |"):
        assert row in text
    for name in REPORTERS:
        assert f"| `{name}`" in text


def test_pre_commit_hook_definition(ci_recipes):
    path = ci_recipes.DOCS_CI.parents[1] / ".pre-commit-hooks.yaml"
    hooks = _yaml().safe_load(path.read_text(encoding="utf-8"))
    assert len(hooks) == 1
    hook = hooks[0]
    assert hook["id"] == "archdsl-validate"
    assert hook["entry"] == "archdsl validate"
    assert hook["language"] == "python"
    assert hook["files"] == r"\.arch$"
    assert hook["pass_filenames"] is True
    assert {"name", "id", "entry", "language"} <= set(hook)
