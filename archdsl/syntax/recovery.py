"""How the parser reads on after a syntax error, and labels written without quotes.

After an error the parser (`archdsl.syntax.parser`) re-reads the failing statement from a
corrected text, so that every slip in a body is reported in one run and none causes follow-on
errors:

- a recognised mistake (`archdsl.syntax.mistakes`, a missing `=`, a `;`) is corrected as the
  message says, and the model keeps the value;
- a statement that starts where a body is still open (its line is indented no deeper than the
  header of that body) means a `}` is missing: it is added at the end of the body's last line;
- any other error inside a body blanks the item it happened in, up to the next property,
  relation or line, and parsing resumes there;
- an error outside every body skips to the next line that starts a statement (parser.py).

A label with spaces but no quotes (`service api Orders API`) often parses without an error, as a
second declaration of kind `Orders`. Lines that hold an element of an unknown kind, or a syntax
error, are therefore checked for an unquoted label after the parse; when one is found, the label
is quoted and the text read again.
"""

from __future__ import annotations

import re

from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from archdsl.spans import Span
from archdsl.syntax import ast
from archdsl.syntax.engine import is_token
from archdsl.syntax.errors import at_end_of_input, diagnose
from archdsl.syntax.mistakes import Slip
from archdsl.syntax.source import Edit, Source, blank, body_kind
from archdsl.syntax.words import ELEMENT_KIND_WORDS

_NAME = r"[^\W\d]\w*(?:-\w+)*"
_WORD = r"(?:(?![-~]>)[^\s{}\"#=\[\],])+"
_HEADER = re.compile(
    rf"(?P<head>[ \t]*(?:(?P<kind>{_NAME})[ \t]+{_NAME}|(?:{_NAME}[ \t]*)?[-~]>[ \t]*{_NAME}))"
    rf"(?P<gap>[ \t]+)(?P<label>{_WORD}(?:[ \t]+{_WORD})*)(?P<after>[ \t]*)(?:[{{#].*)?$"
)
_LABELLED_KINDS = frozenset(ELEMENT_KIND_WORDS) | {"boundary", "system", "flow"}
_STATEMENT_KEYWORDS = frozenset(
    {"data", "boundary", "flow", "accept", "defaults", "system", "import"}
)
_NOT_A_LABEL = _LABELLED_KINDS | {"data", "accept", "import", "defaults", "in", "on"}


def plan(error: UnexpectedInput, source: Source, path: str) -> Slip:
    """The diagnostic for `error`, with the edits that let parsing read on past it."""
    start = _item_start(error)
    first = start if start is not None else _error_offset(error)
    if first is not None and not at_end_of_input(error):
        missing = _missing_brace(source, first, path)
        if missing is not None:
            return missing
    slip = diagnose(error, source, path)
    if not slip.edits and not at_end_of_input(error):
        slip.edits = _skip_item(source, error, start)
        slip.blanks = True
    return slip


def _error_offset(error: UnexpectedInput) -> int | None:
    if isinstance(error, UnexpectedCharacters):
        return error.pos_in_stream
    if isinstance(error, UnexpectedToken):
        return error.token.start_pos
    return None


def _item_start(error: UnexpectedInput) -> int | None:
    """Where the body item that failed starts: the first of the tokens the parser holds since
    the last complete item or `{` (None when it holds none)."""
    parser = getattr(error, "interactive_parser", None)
    if parser is None:
        return None
    start = None
    for entry in reversed(parser.parser_state.value_stack):
        if is_token(entry):
            if entry.type in ("LBRACE", "RBRACE"):
                break
            start = entry.start_pos
        elif not isinstance(entry, (ast.Value, str)):  # a complete item (or a part of a header)
            break
    return start


def _missing_brace(source: Source, start: int, path: str) -> Slip | None:
    """A statement that begins a line no deeper than the header of an open body: that body
    lacks its `}`. The `}` goes at the end of the last line with code before the statement."""
    if not source.first_on_line(start) or not _starts_declaration(source, start):
        return None
    depth = source.indentation(start)
    braces = source.open_braces(start)
    unclosed = [b for b in braces if source.indentation(b) >= depth]
    if not unclosed:
        return None
    innermost = unclosed[-1]
    line, column = source.line_of(innermost), source.column_of(innermost)
    closing = _end_of_code_before(source, start)
    if closing is None:
        return None
    return Slip(
        f"missing `}}`: the `{{` opened at line {line}, column {column} is not closed before "
        "this statement",
        Span(
            path,
            source.line_of(start),
            source.column_of(start),
            source.line_of(start),
            source.column_of(start) + 1,
        ),
        "add `}` where that body ends",
        [Edit(closing, closing, "}" * len(unclosed))],
    )


def _starts_declaration(source: Source, start: int) -> bool:
    """Whether the line at `start` reads as a statement of the top level or of a boundary
    (a keyword, `KIND id` with a known kind, or `a -> b`), not as a property."""
    pieces = [p for p in source.lexemes(start) if p.start >= start and p.kind != "comment"]
    if len(pieces) < 2 or pieces[0].kind != "name":
        return False
    if pieces[0].text in _STATEMENT_KEYWORDS or pieces[1].kind == "arrow":
        return True
    return pieces[0].text in ELEMENT_KIND_WORDS and pieces[1].kind == "name"


def _end_of_code_before(source: Source, offset: int) -> int | None:
    """Where the last line with code before `offset` ends (before a trailing comment)."""
    line = source.line_of(offset) - 1
    while line >= 1:
        start = source.line_starts[line - 1]
        pieces = [p for p in source.lexemes(start) if p.kind != "comment"]
        if pieces:
            if pieces[-1].kind == "string" and source.text[pieces[-1].start :].startswith('"""'):
                return None  # inside a triple-quoted string: leave it to the general recovery
            return pieces[-1].end
        line -= 1
    return None


def _skip_item(source: Source, error: UnexpectedInput, start: int | None) -> list[Edit]:
    """Blank the failing body item, from its start to the next property, relation or line."""
    offset = _error_offset(error)
    if offset is None or not source.open_braces(offset):
        return []
    begin = offset if start is None else min(start, offset)
    end = _item_end(source, offset)
    if end <= begin:
        return []
    return [blank(source.text, begin, end)]


def _item_end(source: Source, offset: int) -> int:
    """Where the item that fails at `offset` ends on its line: before `}`, before the next
    `key =` or arrow, before a comment, or at the end of the line. A `{` inside takes its
    whole body along."""
    pieces = source.lexemes(offset)
    _, line_end = source.line_bounds(offset)
    for index, piece in enumerate(pieces):
        if piece.start < offset:
            continue
        if piece.text == "}" or piece.kind == "comment":
            return piece.start
        if piece.start == offset:
            if piece.text == "{":
                closing = source.matching_brace(piece.start)
                return line_end if closing is None else closing + 1
            continue
        if piece.kind == "arrow" or (
            piece.kind == "name" and index + 1 < len(pieces) and pieces[index + 1].text == "="
        ):
            return piece.start
        if piece.text == "{":
            closing = source.matching_brace(piece.start)
            return line_end if closing is None else closing + 1
    return line_end


# ---------------------------------------------------------------- labels without quotes


def may_hold_unquoted_label(statements: list, errors: list) -> bool:
    """Whether to look for unquoted labels: the parse found a syntax error, or an element of an
    unknown kind (what `service api Orders API` reads as)."""
    if errors:
        return True
    pending = list(statements)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Element) and node.kind.text not in ELEMENT_KIND_WORDS:
            return True
        if isinstance(node, ast.Boundary):
            pending.extend(node.items)
    return False


def unquoted_labels(source: Source, path: str) -> list[Slip]:
    """A diagnostic and a quoting edit for each header line with a label of bare words
    (`service api Orders API`, `a -> b reads orders`)."""
    candidates = [
        (line, match)
        for line, start in enumerate(source.line_starts, 1)
        if (match := _HEADER.match(source.text, start, source.line_bounds(start)[1]))
    ]
    if not candidates:
        return []
    headers = source.innermost_braces([match.start() for _, match in candidates])
    slips = []
    for (line, match), brace in zip(candidates, headers, strict=True):
        body = None if brace is None else body_kind(source.header_of(brace))
        slip = _unquoted_label(source, line, match, body, path)
        if slip is not None:
            slips.append(slip)
    return slips


def _unquoted_label(
    source: Source, line: int, match: re.Match, body: str | None, path: str
) -> Slip | None:
    start = source.line_starts[line - 1]
    if match.group("label").startswith("/"):
        return None  # `//` is a comment written the C way: reported as such
    if match.group("label").split()[0] in _NOT_A_LABEL:
        return None
    kind, head = match.group("kind"), match.group("head").strip()
    if head.startswith(("->", "~>")):
        allowed = body == "element"
    else:
        allowed = body in (None, "boundary") and (kind is None or kind in _LABELLED_KINDS)
    if not allowed:
        return None
    label = match.group("label")
    header = " ".join(head.split())
    quoted = f'"{label}"'
    edit_start, edit_end = match.start("gap"), match.end("label")
    if len(quoted) > edit_end - edit_start and match.group("after"):
        edit_end += 1  # borrow a blank after the label
    room = edit_end - edit_start
    text = quoted.rjust(room) if len(quoted) <= room else " " + quoted
    label_start = match.start("label")
    return Slip(
        f"the label `{label}` needs double quotes",
        Span(path, line, label_start - start + 1, line, match.end("label") - start + 1),
        f'write `{header} "{label}"`',
        [Edit(edit_start, edit_end, text)],
    )
