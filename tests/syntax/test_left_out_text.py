"""Whether a file's syntax errors left text out of its AST (`ast.File.complete`): recovery
corrects a recognised slip in the text, so only the other errors leave something unread."""

import pytest

from archdsl.syntax.parser import parse_text

CORRECTED = [
    "service api {\n  replicas: 3\n}\n",  # `:` for `=`
    "service api { replicas = 3, zones = 2 }\n",  # a comma between properties
    "service api {\n  replicas 3\n}\n",  # a missing `=`
    "service api { replicas = 3; }\n",  # a semicolon
    "service api { autoscale = 2-10 }\n",  # a range with a dash
    'service api "Orders API" {\n  replicas = 3\n\nservice b\n',  # a missing `}`
    "service api {\n  replicas = 3\n",  # a missing `}` at the end of the file
    "service api Orders API\n",  # a label without quotes
]
LOST = [
    "service api {\n  replicas = \n}\n",  # a value missing: the item is blanked
    "service api { replicas = 3 }\nservice\n",  # a statement that cannot be read
    "service api {\n  replicas = 3\n  zones =",  # the end of the file inside a property
]


@pytest.mark.parametrize("text", CORRECTED)
def test_a_corrected_slip_leaves_nothing_out(text):
    result = parse_text(text, "m.arch")
    assert [e.code for e in result.errors] and all(e.code == "E001" for e in result.errors)
    assert result.file.complete


@pytest.mark.parametrize("text", LOST)
def test_an_error_recovery_cannot_correct_leaves_text_out(text):
    result = parse_text(text, "m.arch")
    assert result.errors
    assert not result.file.complete


def test_a_file_without_errors_is_complete():
    assert parse_text("service api { replicas = 3 }\n", "m.arch").file.complete
