"""Generated documentation stays in step with the registry, and the docs the README names exist."""

from __future__ import annotations

from pathlib import Path

from archdsl.rules.docs import expected_pages

REPO = Path(__file__).resolve().parents[1]


def test_every_rule_page_exists_and_is_current():
    folder = REPO / "docs" / "rules"
    stale = [
        name
        for name, text in expected_pages().items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"regenerate with `python -m archdsl.rules.docs`: {stale}"


def test_no_orphan_rule_pages():
    names = set(expected_pages())
    orphans = [p.name for p in (REPO / "docs" / "rules").glob("*.md") if p.name not in names]
    assert not orphans


def test_reference_docs_exist():
    for name in ("language.md", "cli.md", "ci.md"):
        assert (REPO / "docs" / name).is_file(), name
