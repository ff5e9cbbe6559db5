"""Turn Lark's parse exceptions into E001 findings written in plain words.

Lark stops here: a user sees what was found, what was expected (in words, not terminal names),
and for the mistakes people actually make a label and a fix: the first-hour mistakes of
`archdsl.syntax.mistakes` (commas between properties, `2-10`, `key: value`, `//`, `-->`, ...),
a missing `}`, a missing `=`, a declaration inside an element's body, single quotes, semicolons.
`diagnose` also returns the edits that correct the text where the fix is certain, so that
recovery reads on as if the user had written it right.
"""

from __future__ import annotations

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from archdsl.diagnostics import SYNTAX_ERROR, model_error
from archdsl.findings import Finding
from archdsl.spans import Span
from archdsl.syntax.mistakes import Slip, detect
from archdsl.syntax.source import Edit, Source
from archdsl.syntax.words import ELEMENT_KIND_WORDS

_WORDS = {
    "NAME": "a name",
    "STRING": "a string",
    "LONG_STRING": "a string",
    "NUMBER": "a number",
    "RANGE": "a range",
    "DATE": "a date",
    "TRUE": "`true`",
    "FALSE": "`false`",
    "ARROW": "`->` or `~>`",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "LSQB": "`[`",
    "RSQB": "`]`",
    "EQUAL": "`=`",
    "COMMA": "`,`",
    "$END": "the end of the file",
}
_VALUE_TOKENS = {
    "NUMBER",
    "STRING",
    "LONG_STRING",
    "NAME",
    "TRUE",
    "FALSE",
    "RANGE",
    "DATE",
    "LSQB",
}
_CHARACTER_HINTS = {
    "'": ("strings are written in double quotes", "write \"text\" instead of 'text'"),
    ";": (
        "semicolons are not part of the language",
        "remove the `;`: newlines and spaces separate",
    ),
    "<": (
        "relations are written from source to target",
        "write `source -> target` instead of `<-`",
    ),
}


def syntax_error(message: str, span: Span, hint: str | None) -> Finding:
    return model_error(SYNTAX_ERROR, message, span, hint)


def at_end_of_input(error: UnexpectedInput) -> bool:
    return isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    )


def describe_error(error: UnexpectedInput, text: str, path: str) -> Finding:
    """One E001 finding for a Lark parse exception."""
    return diagnose(error, Source(text), path).finding()


def diagnose(error: UnexpectedInput, source: Source, path: str) -> Slip:
    """What went wrong at a Lark parse exception, and the edits that correct it when the
    correction is certain."""
    text = source.text
    if not at_end_of_input(error):
        slip = detect(error, source, path)
        if slip is not None:
            return slip
    if isinstance(error, UnexpectedCharacters):
        return _bad_character(error, text, path)
    if at_end_of_input(error):
        return _end_of_input(error, text, path)
    if isinstance(error, UnexpectedToken):
        return _unexpected_token(error, text, path)
    span = Span(path, error.line or 1, error.column or 1, error.line or 1, error.column or 1)
    return Slip("the text could not be read here", span, None)


def expected_words(expected) -> str:
    """'`=`, `->` or `~>` or a name': the expected terminals in words, stable order."""
    words = sorted({_WORDS.get(name, _keyword(name)) for name in expected})
    if not words:
        return "nothing more"
    if len(words) > 7:
        words = words[:7] + ["…"]
    return ", ".join(words[:-1]) + (" or " if len(words) > 1 else "") + words[-1]


def _keyword(name: str) -> str:
    return f"`{name.lower()}`" if name.isalpha() else f"`{name}`"


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    text = str(token)
    if len(text) > 30:
        text = text[:27] + "..."
    kind = {"NAME": "name", "NUMBER": "number", "STRING": "string", "LONG_STRING": "string"}.get(
        token.type
    )
    return f"{kind} `{text}`" if kind else f"`{text}`"


def _token_span(path: str, token: Token) -> Span:
    line = token.line or 1
    column = token.column or 1
    return Span(path, line, column, token.end_line or line, token.end_column or column + 1)


def _unexpected_token(error: UnexpectedToken, text: str, path: str) -> Slip:
    token = error.token
    expected = set(error.expected)
    span = _token_span(path, token)
    history = getattr(error, "token_history", None) or []
    previous = history[-1] if history else None
    if previous is not None and previous.type == "NAME" and "EQUAL" in expected:
        if (
            str(previous) in ELEMENT_KIND_WORDS
            and token.type == "NAME"
            and previous.line == token.line
        ):
            return Slip(
                f"`{previous} {token}` declares an element inside another element's body",
                _token_span(path, previous).through(span),
                "close the enclosing body with `}` first; only boundaries hold elements",
            )
        if token.type in _VALUE_TOKENS and previous.line == token.line:
            gap = text[previous.end_pos : token.start_pos]
            return Slip(
                f"missing `=` between property `{previous}` and its value {_describe_token(token)}",
                span,
                f"write `{previous} = {token}`",
                [Edit(token.start_pos - 1, token.start_pos, "=")] if gap.strip() == "" else [],
            )
        return Slip(
            f"expected `=` after property name `{previous}`, found {_describe_token(token)}",
            span,
            f"write `{previous} = value`",
        )
    opened_before = unclosed_braces(text[: token.start_pos]) if token.start_pos is not None else [1]
    if token.type == "RBRACE" and "RBRACE" not in expected and not opened_before:
        return Slip(
            "unexpected `}`: no body is open here",
            span,
            "remove it, or check the `{` that should come before it",
        )
    if token.type == "EQUAL" and "ARROW" in expected:
        return Slip(
            "a property is set outside of a body",
            span,
            "put `key = value` inside the `{ }` of an element, relation or boundary",
        )
    return Slip(
        f"unexpected {_describe_token(token)}; expected {expected_words(expected)}",
        span,
        _hint_for_expected(expected),
    )


def _hint_for_expected(expected: set[str]) -> str | None:
    if expected == {"NAME"}:
        return "a name starts with a letter or `_`; reserved words cannot be names"
    if "RBRACE" in expected:
        return "a body holds `key = value` properties (and relations) and ends with `}`"
    return None


def _end_of_input(error: UnexpectedInput, text: str, path: str) -> Slip:
    unclosed = unclosed_braces(text)
    if unclosed:
        line, column = unclosed[-1]
        return Slip(
            f"missing `}}`: the `{{` opened at line {line}, column {column} is never closed",
            Span(path, line, column, line, column + 1),
            "add `}` where that body ends",
        )
    token = getattr(error, "token", None)
    span = _token_span(path, token) if token is not None else Span(path, 1, 1, 1, 1)
    return Slip(
        f"unexpected end of the file; expected {expected_words(getattr(error, 'expected', ()))}",
        span,
        "the last statement is incomplete",
    )


def _bad_character(error: UnexpectedCharacters, text: str, path: str) -> Slip:
    position: int = error.pos_in_stream or 0
    char = text[position] if 0 <= position < len(text) else error.char
    span = Span(path, error.line, error.column, error.line, error.column + 1)
    if char in _CHARACTER_HINTS:
        message, hint = _CHARACTER_HINTS[char]
        edits = [Edit(position, position + 1, " ")] if char == ";" else []
        return Slip(f"unexpected `{char}`: {message}", span, hint, edits)
    shown = char if char.isprintable() and not char.isspace() else repr(char)
    allowed = getattr(error, "allowed", None) or ()
    return Slip(
        f"unexpected character `{shown}`"
        + (f"; expected {expected_words(allowed)}" if allowed else ""),
        span,
        None,
    )


def unclosed_braces(text: str) -> list[tuple[int, int]]:
    """(line, column) of every `{` that is never closed, skipping strings and comments."""
    stack: list[tuple[int, int]] = []
    line, line_start, index, size = 1, 0, 0, len(text)
    while index < size:
        char = text[index]
        if char == "\n":
            line, line_start = line + 1, index + 1
        elif char == "#":
            newline = text.find("\n", index)
            index = size if newline < 0 else newline
            continue
        elif char == '"':
            quote = '"""' if text.startswith('"""', index) else '"'
            end = string_end(text, index + len(quote), quote)
            line += text.count("\n", index, end)
            last_newline = text.rfind("\n", index, end)
            if last_newline >= 0:
                line_start = last_newline + 1
            index = end
            continue
        elif char == "{":
            stack.append((line, index - line_start + 1))
        elif char == "}" and stack:
            stack.pop()
        index += 1
    return stack


def string_end(text: str, index: int, quote: str) -> int:
    """The index just after the string whose body starts at `index` (or the end of its line)."""
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(quote, index):
            return index + len(quote)
        if quote == '"' and text[index] == "\n":
            return index
        index += 1
    return len(text)


def brace_balance(text: str) -> int:
    """How many `}` the text lacks."""
    return len(unclosed_braces(text))
