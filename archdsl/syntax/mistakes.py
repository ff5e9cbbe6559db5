"""The mistakes a new user makes in the first hour, each named with its corrected text.

Every detector looks at one Lark error and the line around it. When it recognises the mistake it
returns a `Slip`: the message that names the mistake, the span to point at, a hint that shows the
corrected text, and the edits that make the same correction in the text, so that parsing goes on
as if the user had written it right (no follow-on errors, and the model keeps the value).

An edit keeps every other token where it was: it replaces text of the same length, borrows a
blank next to it, or lengthens a line only at its end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from archdsl.diagnostics import SYNTAX_ERROR, model_error
from archdsl.findings import Finding
from archdsl.spans import Span
from archdsl.syntax.source import Edit, Lexeme, Source, body_kind
from archdsl.units import DURATION_UNITS, RATE_UNITS, SIZE_UNITS

_ARROW_HINT = "`->` is a synchronous call, `~>` an asynchronous one"
_UNIT_WORDS = frozenset(u for u in (*DURATION_UNITS, *RATE_UNITS, *SIZE_UNITS) if u.isalpha())
_VALUE_KINDS = ("string", "number", "range", "name")


@dataclass
class Slip:
    """A recognised syntax error: what to tell the user, and how to read on past it.

    `edits` correct the text as the message says, so nothing is lost, unless `blanks` says
    they blank the failing item instead (recovery's last resort: that item is left out)."""

    message: str
    span: Span
    hint: str | None
    edits: list[Edit] = field(default_factory=list)
    blanks: bool = False

    @property
    def corrects(self) -> bool:
        """Whether reading on past this slip keeps all of the text."""
        return bool(self.edits) and not self.blanks

    def finding(self) -> Finding:
        """The E001 finding a user sees."""
        return model_error(SYNTAX_ERROR, self.message, self.span, self.hint)


@dataclass(frozen=True)
class Context:
    """One error and where it is."""

    source: Source
    path: str
    offset: int  # where the unexpected character or token starts
    token: Lexeme | None  # the unexpected token (None for an unexpected character), kind = type
    previous: Lexeme | None  # the token read just before it

    def span(self, start: int, end: int) -> Span:
        """The span of text[start:end] (on one line)."""
        line, column = self.source.line_of(start), self.source.column_of(start)
        return Span(self.path, line, column, line, column + max(end - start, 1))


def detect(error: UnexpectedInput, source: Source, path: str) -> Slip | None:
    """The first-hour mistake behind `error`, if it is one of those this module knows."""
    if isinstance(error, UnexpectedCharacters):
        context = Context(source, path, error.pos_in_stream or 0, None, None)
        detectors = _CHARACTER_DETECTORS
    elif isinstance(error, UnexpectedToken) and error.token.type != "$END":
        history = getattr(error, "token_history", None) or []
        token = _lexeme(error.token)
        previous = _lexeme(history[-1]) if history and history[-1] is not None else None
        context = Context(source, path, token.start, token, previous)
        detectors = _TOKEN_DETECTORS
    else:
        return None
    for detector in detectors:
        slip = detector(context)
        if slip is not None:
            return slip
    return None


# ---------------------------------------------------------------- helpers


def _lexeme(token: Token) -> Lexeme:
    """A Lark token as a lexeme whose kind is the token's type."""
    start = token.start_pos or 0
    return Lexeme(token.type, str(token), start, token.end_pos or start + len(str(token)))


def _split(context: Context, offset: int) -> tuple[list[Lexeme], list[Lexeme]]:
    """The pieces of the line before `offset` and from `offset` on (comments dropped)."""
    pieces = [p for p in context.source.lexemes(offset) if p.kind != "comment"]
    return [p for p in pieces if p.end <= offset], [p for p in pieces if p.start >= offset]


def _body(context: Context) -> str | None:
    """What the innermost open body at the error holds (None at the top level)."""
    braces = context.source.open_braces(context.offset)
    return body_kind(context.source.header_of(braces[-1])) if braces else None


def _property_before(before: list[Lexeme]) -> tuple[Lexeme, list[Lexeme]] | None:
    """`key = value` ending just before the error: the key and the value's pieces."""
    for index in range(len(before) - 2, 0, -1):
        if before[index].text == "=" and before[index - 1].kind == "name":
            value = before[index + 1 :]
            return (before[index - 1], value) if value else None
    return None


def _property_text(pieces: list[Lexeme]) -> str:
    return " ".join(p.text for p in pieces)


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow [start, end) by the blank before it and the blanks after it (room for a longer
    correction that leaves every other token where it was)."""
    if start > 0 and text[start - 1] in " \t":
        start -= 1
    while end < len(text) and text[end] in " \t":
        end += 1
    return start, end


def _fit(context: Context, start: int, end: int, candidates: list[str]) -> list[Edit]:
    """An edit writing the first candidate that fits in [start, end) (padded with blanks), or
    one that lengthens the line when nothing follows on it; none if neither is possible."""
    room = end - start
    for candidate in candidates:
        if len(candidate) <= room:
            return [Edit(start, end, candidate.ljust(room))]
    _, line_end = context.source.line_bounds(end)
    if not context.source.text[end:line_end].strip():
        return [Edit(start, end, candidates[0])]
    return []


# ---------------------------------------------------------------- unexpected characters


def _slash_comment(context: Context) -> Slip | None:
    text, at = context.source.text, context.offset
    if not text.startswith("//", at):
        return None
    _, line_end = context.source.line_bounds(at)
    comment = text[at + 2 : line_end].strip()
    return Slip(
        "`//` does not start a comment: comments start with `#`",
        context.span(at, at + 2),
        f"write `# {comment}`" if comment else "write `#`",
        [Edit(at, at + 2, "# ")],
    )


def _colon(context: Context) -> Slip | None:
    at = context.offset
    if context.source.text[at] != ":":
        return None
    before, after = _split(context, at + 1)
    if len(before) < 2 or before[-2].kind != "name":
        return None
    key = before[-2].text
    rest = after[: next((i for i, p in enumerate(after) if p.text in "{}"), len(after))]
    if _body(context) == "data" and rest and rest[0].kind == "name":
        fixed = " ".join([key] + [p.text for p in rest])
        return Slip(
            f"a data field is written `name type flags`, without `:` after the name `{key}`",
            context.span(at, at + 1),
            f"write `{fixed}`",
            [Edit(at, at + 1, " ")],
        )
    value = _value_text(rest)
    return Slip(
        f"`{key}:` uses `:`; a property is set with `=`",
        context.span(at, at + 1),
        f"write `{key} = {value}`",
        [Edit(at, at + 1, "=")],
    )


def _value_text(pieces: list[Lexeme]) -> str:
    """The value at the start of `pieces`: up to the next `key =` or `key:` (or `value`)."""
    taken: list[str] = []
    for index, piece in enumerate(pieces):
        following = pieces[index + 1].text if index + 1 < len(pieces) else ""
        if piece.kind == "name" and following in ("=", ":") and taken:
            break
        taken.append(piece.text)
    if not taken:
        return "value"
    text = " ".join(taken)
    return text.replace(" ,", ",").replace("[ ", "[").replace(" ]", "]")


def _loose_unit(context: Context) -> Slip | None:
    """`99.9 %` or `100 /s`: a space between a number and a unit that is not a word."""
    text, at = context.source.text, context.offset
    if text[at] not in "%/":
        return None
    before, after = _split(context, at)
    unit = "%" if text[at] == "%" else "/" + (after[1].text if len(after) > 1 else "")
    if not before or before[-1].kind != "number" or not before[-1].text[-1].isdigit():
        return None
    if unit != "%" and (len(after) < 2 or after[1].start != at + 1):
        return None
    return _unit_slip(context, before[-1], unit, at + len(unit))


def _unit_slip(context: Context, number: Lexeme, unit: str, end: int) -> Slip:
    joined = number.text + unit
    return Slip(
        f"a space between the number `{number.text}` and its unit `{unit}`",
        context.span(number.start, end),
        f"write `{joined}`",
        [Edit(number.start, end, joined.ljust(end - number.start))],
    )


def _spaced_range(context: Context) -> Slip | None:
    """`2 - 10`: a range written with a dash (the dash stands alone, so it is a character)."""
    text, at = context.source.text, context.offset
    if text[at] != "-":
        return None
    before, after = _split(context, at)
    if not (before and before[-1].kind == "number" and before[-1].text.isdigit()):
        return None
    if len(after) < 2 or after[1].kind != "number" or not after[1].text.isdigit():
        return None
    low, high = before[-1], after[1]
    return _range_slip(context, low, high, text[low.start : high.end])


def _range_slip(context: Context, low: Lexeme, high: Lexeme, written: str) -> Slip:
    low_text, high_text = low.text, high.text.lstrip("-")
    fixed = f"{low_text}..{high_text}"
    start, end = _widen(context.source.text, low.start, high.end)
    edits = _fit(context, start, end, [fixed])
    return Slip(
        f"`{written}` is not a range: a range is written with two dots",
        context.span(low.start, high.end),
        f"write `{fixed}`",
        edits,
    )


def _arrow(context: Context) -> Slip | None:
    """`-->`, `- >`, `=>`, a lone `-`: an arrow that is not `->` or `~>`."""
    text, at = context.source.text, context.offset
    if text.startswith("=>", at):
        end = at + 2
    elif text[at] == "-":
        end = at + 1
        while end < len(text) and text[end] in "->":
            end += 1
    else:
        return None
    written = text[at:end]
    before, _ = _split(context, at)
    _, after = _split(context, end)
    source = before[-1].text + " " if before and before[-1].kind == "name" else ""
    target = " " + after[0].text if after and after[0].kind == "name" else ""
    fixed = f"{source}->{target}"
    edits = []
    if len(written) >= 2:
        edits = [Edit(at, end, "->".rjust(len(written)))]
    elif end < len(text) and text[end] in " \t":
        edits = [Edit(at, end + 1, "->")]
    elif at > 0 and text[at - 1] in " \t":
        edits = [Edit(at - 1, end, "->")]
    return Slip(
        f"`{written}` is not an arrow",
        context.span(at, end),
        f"write `{fixed}` ({_ARROW_HINT})",
        edits,
    )


_CHARACTER_DETECTORS: tuple[Callable[[Context], Slip | None], ...] = (
    _slash_comment,
    _colon,
    _loose_unit,
    _spaced_range,
    _arrow,
)


# ---------------------------------------------------------------- unexpected tokens


def _comma(context: Context) -> Slip | None:
    """A comma after a property: between properties, or a list without its brackets."""
    if context.token is None or context.token.kind != "COMMA":
        return None
    at = context.offset
    before, after = _split(context, at)
    found = _property_before(before)
    if found is None:
        return None
    key, value = found
    items = _list_items(after)
    if items:
        return _bare_list(context, key, value, items)
    following = _next_property(after[1:])
    written = f"{key.text} = {_property_text(value)}"
    hint = f"write `{written}  {following}`" if following else f"write `{written}`, without `,`"
    return Slip(
        "properties are separated by spaces or newlines, not commas",
        context.span(at, at + 1),
        hint,
        [Edit(at, at + 1, " ")],
    )


def _list_items(after: list[Lexeme]) -> list[Lexeme]:
    """The further items of a list written without brackets: `, b, c` not followed by `=`."""
    items: list[Lexeme] = []
    index = 0
    while index + 1 < len(after) and after[index].text == ",":
        item = after[index + 1]
        if item.kind not in _VALUE_KINDS:
            break
        if index + 2 < len(after) and after[index + 2].text == "=":
            break
        items.append(item)
        index += 2
    return items


def _next_property(after: list[Lexeme]) -> str | None:
    if len(after) >= 3 and after[0].kind == "name" and after[1].text == "=":
        return f"{after[0].text} = {after[2].text}"
    return None


def _bare_list(context: Context, key: Lexeme, value: list[Lexeme], items: list[Lexeme]) -> Slip:
    words = [_property_text(value)] + [item.text for item in items]
    start, end = _widen(context.source.text, value[0].start, items[-1].end)
    edits = _fit(context, start, end, ["[" + ", ".join(words) + "]", "[" + ",".join(words) + "]"])
    return Slip(
        f"the list `{', '.join(words)}` needs square brackets",
        context.span(value[0].start, items[-1].end),
        f"write `{key.text} = [{', '.join(words)}]`",
        edits,
    )


def _dash_range(context: Context) -> Slip | None:
    """`2-10`: a number glued to a negative number reads as a range written with a dash."""
    token, previous = context.token, context.previous
    if token is None or previous is None or token.kind != "NUMBER" or previous.kind != "NUMBER":
        return None
    if not token.text.startswith("-") or previous.end != token.start:
        return None
    if not previous.text.isdigit() or not token.text[1:].isdigit():
        return None
    text = context.source.text
    if text.startswith("-", token.end):  # `2027-6-30`: a date, not a range
        return _short_date(context, previous)
    return _range_slip(context, previous, token, text[previous.start : token.end])


def _short_date(context: Context, year: Lexeme) -> Slip | None:
    """`2027-6-30`: a date without its leading zeros."""
    _, after = _split(context, year.end)
    if len(after) < 2 or not (after[0].text[1:].isdigit() and after[1].text[1:].isdigit()):
        return None
    month, day = after[0].text[1:], after[1].text[1:]
    fixed = f"{year.text}-{int(month):02d}-{int(day):02d}"
    start, end = _widen(context.source.text, year.start, after[1].end)
    return Slip(
        f"`{year.text}{after[0].text}{after[1].text}` is not a date: dates are written YYYY-MM-DD",
        context.span(year.start, after[1].end),
        f"write `{fixed}`",
        _fit(context, start, end, [fixed]),
    )


def _spaced_unit(context: Context) -> Slip | None:
    """`10000 rps`: the unit was read as the name of the next property."""
    previous = context.previous
    if previous is None or previous.kind != "NAME" or previous.text not in _UNIT_WORDS:
        return None
    before, _ = _split(context, previous.start)
    if len(before) < 2 or before[-1].kind != "number" or before[-2].text != "=":
        return None
    number = before[-1]
    if not number.text[-1].isdigit() or number.end == previous.start:
        return None
    return _unit_slip(context, number, previous.text, previous.end)


def _fat_arrow(context: Context) -> Slip | None:
    """`a => b`: the `=` is read as a token, so this is an unexpected token, not character."""
    if context.token is None or not context.source.text.startswith("=>", context.offset):
        return None
    return _arrow(context)


_TOKEN_DETECTORS: tuple[Callable[[Context], Slip | None], ...] = (
    _fat_arrow,
    _comma,
    _dash_range,
    _spaced_unit,
)
