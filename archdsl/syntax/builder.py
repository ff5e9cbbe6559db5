"""Builds AST nodes while Lark parses: one method per grammar rule, no parse tree in between.

Lark runs this transformer inside the LALR parser (`Lark(..., transformer=...)`), which is what
keeps parsing close to the speed of a bare parse. Every method receives the rule's children:
named tokens (Lark `Token`, which carries its position) and already-built nodes.
"""

from __future__ import annotations

import builtins
import datetime
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from lark import Token, Transformer

from archdsl.spans import Span
from archdsl.syntax import ast
from archdsl.syntax.words import FIELD_FLAGS

_NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)(.*)", re.S)
_ESCAPE = re.compile(r"\\([\"\\])")


def unescape(body: str) -> str:
    """Undo the two escapes the language defines (`\\"` and `\\\\`); other backslashes stay."""
    return _ESCAPE.sub(r"\1", body) if "\\" in body else body


_new_span = tuple.__new__  # Span(...) without the Python-level __new__ of a NamedTuple


@dataclass
class BuildState:
    """What building one file's AST needs and collects: the file its spans name, the problems,
    and one object per distinct text and line number.

    The AST and the model hold hundreds of thousands of names, property keys, values and line
    numbers, mostly repeats: each is kept once (every token's text is a new string, and
    lark-cython makes a new int each time a token's line is read)."""

    file: str = "<text>"
    problems: list[tuple[str, Span, str | None]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, tuple[float, str, bool]] = field(default_factory=dict)  # text -> data
    line: int = 0  # the line number object of the latest span

    def text(self, value: str) -> str:
        """`value`, or the equal string this parse has already kept."""
        return self.texts.setdefault(value, value)

    def span(self, token: Token) -> Span:
        """Where `token` stands. The lexer sets the position of every token it makes (Lark types
        positions as optional only for tokens built by hand, which never reach the builder)."""
        end_line: int = token.end_line  # type: ignore[assignment]
        if end_line == self.line:
            end_line = self.line
        else:
            self.line = end_line
        line = token.line
        if line == end_line:
            line = end_line
        return _new_span(Span, (self.file, line, token.column, end_line, token.end_column))


# The state of the parse running in this thread or task (set by `building`). The parser, and this
# builder inside it, is built once per process and shared; what belongs to one parse lives here.
_STATE: ContextVar[BuildState] = ContextVar("archdsl_build_state")


@contextmanager
def building(file: str) -> Iterator[BuildState]:
    """Give the parses inside the block their own state (spans name `file`)."""
    state = BuildState(file)
    token = _STATE.set(state)
    try:
        yield state
    finally:
        _STATE.reset(token)


class Builder(Transformer):
    """The AST builder. Stateless itself, so one instance serves every parse, in every thread:
    the file name and the problems of the parse under way are in `building`'s state."""

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)

    # ------------------------------------------------------------ helpers

    def span(self, token: Token) -> Span:
        return _STATE.get().span(token)

    def name(self, token: Token) -> ast.Name:
        state = _STATE.get()
        text = str(token)
        return ast.Name(state.texts.setdefault(text, text), state.span(token))

    def problem(self, message: str, span: Span, hint: str | None = None) -> None:
        _STATE.get().problems.append((message, span, hint))

    def _header_end(self, last_name: ast.Name, label: _Label | None) -> Span:
        """Where a declaration header ends: at its label when it has one, else at its last name."""
        return self.span(label.token) if label is not None else last_name.span

    @staticmethod
    def _split_header(children: list) -> tuple[_Label | None, list, list]:
        """Split trailing `label? body?` children into (label, properties, other items)."""
        label = None
        props: list = []
        items: list = []
        for child in children:
            if isinstance(child, _Label):
                label = child
            elif isinstance(child, tuple):  # a body: (props, items, closing span)
                props, items = child[0], child[1]
        return label, props, items

    # ------------------------------------------------------------ statements

    def start(self, children: list) -> list:
        return children

    def import_stmt(self, children: list) -> ast.Import:
        keyword, path = children
        return ast.Import(unescape(str(path)[1:-1]), self.span(keyword).through(self.span(path)))

    def system_decl(self, children: list) -> ast.System:
        ident = self.name(children[1])
        label, props, _ = self._split_header(children[2:])
        return ast.System(ident, _text(label), props, self.span(children[0]).through(ident.span))

    def defaults_decl(self, children: list) -> ast.Defaults:
        kind = self.name(children[1])
        return ast.Defaults(kind, children[2][0], self.span(children[0]).through(kind.span))

    def boundary_decl(self, children: list) -> ast.Boundary:
        ident = self.name(children[1])
        # BOUNDARY NAME label? LBRACE item* RBRACE
        label = children[2] if isinstance(children[2], _Label) else None
        props: list = []
        items: list = []
        for child in children[4 if label is not None else 3 : -1]:
            if isinstance(child, ast.Property):
                props.append(child)
            else:
                items.append(child)
        return ast.Boundary(
            ident, _text(label), props, items, self.span(children[0]).through(ident.span)
        )

    def element_decl(self, children: list) -> ast.Element:
        kind = self.name(children[0])
        ident = self.name(children[1])
        label, props, relations = self._split_header(children[2:])
        end = self._header_end(ident, label)
        return ast.Element(kind, ident, _text(label), props, relations, kind.span.through(end))

    def element_body(self, children: list) -> tuple:
        props = [c for c in children if isinstance(c, ast.Property)]
        relations = [c for c in children if isinstance(c, ast.Relation)]
        return (props, relations, self.span(children[-1]))

    def body_relation(self, children: list) -> ast.Relation:
        arrow = self.name(children[0])
        target = self.name(children[1])
        label, props, _ = self._split_header(children[2:])
        return ast.Relation(
            None,
            arrow,
            target,
            _text(label),
            props,
            arrow.span.through(self._header_end(target, label)),
        )

    def relation(self, children: list) -> ast.Relation:
        source = self.name(children[0])
        arrow = self.name(children[1])
        target = self.name(children[2])
        label, props, _ = self._split_header(children[3:])
        return ast.Relation(
            source,
            arrow,
            target,
            _text(label),
            props,
            source.span.through(self._header_end(target, label)),
        )

    def data_decl(self, children: list) -> ast.Data:
        ident = self.name(children[1])
        label = None
        stores: list = []
        body: tuple = ([], [], [])
        for child in children[2:]:
            if isinstance(child, list):
                stores = child
            elif isinstance(child, tuple):
                body = child
            elif isinstance(child, _Label):
                label = child
        fields, queries, props = body
        end = stores[-1].span if stores else ident.span
        return ast.Data(
            ident, _text(label), stores, fields, queries, props, self.span(children[0]).through(end)
        )

    def data_body(self, children: list) -> tuple:
        """Group the flat pieces of a data body into fields, queries and properties.

        A field is `name type flags...`: a new line starts a field, and so does a word after the
        type that is not a flag (flags are a closed set), so fields may share a line."""
        fields: list[ast.Field] = []
        queries: list[ast.Query] = []
        props: list[ast.Property] = []
        words: list[ast.Name] = []

        def flush() -> None:
            if words:
                head = words[0]
                kind = words[1] if len(words) > 1 else None
                fields.append(ast.Field(head, kind, words[2:], head.span.through(words[-1].span)))
                words.clear()

        for piece in children[1:-1]:
            tag, payload = piece
            if tag == "word":
                if words and (
                    words[-1].span.line != payload.span.line
                    or (len(words) >= 2 and payload.text not in FIELD_FLAGS)
                ):
                    flush()
                words.append(payload)
            elif tag == "assign":
                if not words or words[-1].span.line != payload.span.line:
                    flush()
                    self.problem(
                        "`=` without a property name before it",
                        payload.span,
                        "write `key = value` on one line",
                    )
                    continue
                key = words.pop()
                flush()
                props.append(ast.Property(key, payload))
            else:
                flush()
                queries.append(payload)
        flush()
        return (fields, queries, props)

    def data_word(self, children: list) -> tuple:
        return ("word", self.name(children[0]))

    def data_assign(self, children: list) -> tuple:
        return ("assign", children[0])

    def data_query(self, children: list) -> tuple:
        names = children[2]
        return ("query", ast.Query(names, self.span(children[0]).through(names[-1].span)))

    def flow_decl(self, children: list) -> ast.Flow:
        ident = self.name(children[1])
        label = None
        props: list = []
        chains: list[ast.FlowChain] = []
        for child in children[2:]:
            if isinstance(child, ast.Property):
                props.append(child)
            elif isinstance(child, ast.FlowChain):
                chains.append(child)
            elif isinstance(child, _Label):
                label = child
        return ast.Flow(
            ident, _text(label), chains, props, self.span(children[0]).through(ident.span)
        )

    def flow_steps(self, children: list) -> ast.FlowChain:
        keyword, first, *hops = children
        steps = [self.name(first)]
        arrows: list[ast.Name] = []
        labels: list[ast.Name | None] = []
        for arrow, target, label in hops:
            arrows.append(arrow)
            steps.append(target)
            labels.append(label)
        end = labels[-1] if labels and labels[-1] is not None else steps[-1]
        return ast.FlowChain(steps, arrows, labels, self.span(keyword).through(end.span))

    def flow_hop(self, children: list) -> tuple:
        arrow, target, label = children
        label_name = None
        if label is not None:
            label_name = ast.Name(unescape(str(label)[1:-1]), self.span(label))
        return (self.name(arrow), self.name(target), label_name)

    def accept_decl(self, children: list) -> ast.Accept:
        rules = children[1]
        targets = children[3]
        props = children[4][0] if len(children) > 4 else []
        return ast.Accept(rules, targets, props, self.span(children[0]).through(targets[-1].span))

    # ------------------------------------------------------------ properties and values

    def prop_body(self, children: list) -> tuple:
        return (children[1:-1], [], self.span(children[-1]))

    def property(self, children: list) -> ast.Property:
        return ast.Property(self.name(children[0]), children[1])

    def label(self, children: list) -> str:
        token = children[0]
        # Keep the token's position reachable for the element header span.
        return _Label(unescape(str(token)[1:-1]), token)

    def number(self, children: list) -> ast.Value:
        token = children[0]
        state = _STATE.get()
        text = str(token)
        data = state.numbers.get(text)
        if data is None:  # the first number written so (data is immutable: one serves all)
            found = _NUMBER.match(text)
            assert found is not None, text  # the NUMBER terminal only lexes what _NUMBER matches
            magnitude, unit = found.groups()
            is_integer = "." not in magnitude
            data = state.numbers[text] = (_magnitude(magnitude, is_integer), unit, is_integer)
        return ast.Value("number", data, state.text(text), state.span(token))

    def range(self, children: list) -> ast.Value:
        token = children[0]
        low, high = (_magnitude(part.strip(), True) for part in str(token).split(".."))
        return ast.Value("range", (low, high), str(token), self.span(token))

    def date(self, children: list) -> ast.Value:
        token = children[0]
        try:
            data = datetime.date.fromisoformat(str(token))
        except ValueError:
            data = None  # reported by the resolver as an invalid date
        return ast.Value("date", data, str(token), self.span(token))

    def string(self, children: list) -> ast.Value:
        state = _STATE.get()
        token = children[0]
        text = state.text(str(token))
        return ast.Value("string", state.text(unescape(text[1:-1])), text, state.span(token))

    def long_string(self, children: list) -> ast.Value:
        token = children[0]
        return ast.Value("string", unescape(str(token)[3:-3]), str(token), self.span(token))

    def true(self, children: list) -> ast.Value:
        return ast.Value("bool", True, "true", self.span(children[0]))

    def false(self, children: list) -> ast.Value:
        return ast.Value("bool", False, "false", self.span(children[0]))

    def word(self, children: list) -> ast.Value:
        state = _STATE.get()
        token = children[0]
        text = state.text(str(token))
        return ast.Value("word", text, text, state.span(token))

    def list(self, children: list) -> ast.Value:
        opening, closing = children[0], children[-1]
        items = tuple(c for c in children[1:-1] if c is not None)
        text = "[" + ", ".join(item.text for item in items) + "]"
        return ast.Value("list", items, text, self.span(opening).through(self.span(closing)))

    def name_list(self, children: builtins.list) -> builtins.list[ast.Name]:
        return [self.name(token) for token in children]


def _magnitude(digits: str, is_integer: bool) -> float:
    """The number written; infinity for one too long for Python to read (thousands of digits),
    which the resolver reports as out of range."""
    if not is_integer:
        return float(digits)  # a huge decimal is inf, never an error
    try:
        return int(digits)
    except ValueError:  # more digits than int() accepts
        return math.inf if not digits.startswith("-") else -math.inf


def _text(label: str | None) -> str | None:
    """A plain `str` (labels travel through the builder as `_Label`, which holds a token)."""
    return None if label is None else str(label)  # str() of a str subclass is a plain str


class _Label(str):
    """A label's text that still knows its token (for the end of a header span)."""

    token: Token

    def __new__(cls, text: str, token: Token) -> _Label:
        obj = super().__new__(cls, text)
        obj.token = token
        return obj
