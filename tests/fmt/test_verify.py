"""The formatter's safety net refuses output that changes meaning or loses a comment."""

from __future__ import annotations

import pytest

from archdsl.fmt.verify import FormatterError, check_formatted, comments

ORIGINAL = 'service a { replicas = 2 }  # two copies\nservice b "# not a comment"\na -> b\n'


def test_identical_meaning_and_comments_pass():
    check_formatted(
        ORIGINAL,
        'service a {\n  replicas = 2\n}  # two copies\nservice b "# not a comment"\n\na -> b\n',
        "m.arch",
    )


@pytest.mark.parametrize(
    ("formatted", "problem"),
    [
        (
            'service a { replicas = 3 }  # two copies\nservice b "# not a comment"\na -> b\n',
            "change what the file means",
        ),
        (
            'service a { replicas = 2 }\nservice b "# not a comment"\na -> b\n',
            "lose or change a comment",
        ),
        (
            'service a { replicas = 2 }  # two copies\nservice b "# not a comment"\na ~> b\n',
            "change what the file means",
        ),
        ("service a { replicas = 2  # two copies\n", "would not parse"),
    ],
)
def test_changed_meaning_or_lost_comment_is_refused(formatted, problem):
    with pytest.raises(FormatterError, match=problem):
        check_formatted(ORIGINAL, formatted, "m.arch")


def test_comment_scan_skips_strings():
    assert comments('service a "# no" { description = """# no\n"""}  # yes\n') == {"# yes": 1}
