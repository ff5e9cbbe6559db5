"""A hypothesis strategy for valid `.arch` text laid out at random, with comments in legal places.

Tokens are joined by random separators: spaces, newlines, blank lines, or a comment (a comment
always ends its line). Data fields and data properties must each stay on one line, so they are
laid out as whole lines.
"""

from __future__ import annotations

from hypothesis import strategies as st

KINDS = ("service", "database", "queue", "cache", "external", "actor", "worker")
IDS = ("web", "api", "db", "jobs", "cache-1", "stripe")
VALUES = (
    "2",
    "250ms",
    "6000rpm",
    "100/s",
    "99.95%",
    "512MB",
    "3..12",
    "3 .. 4",
    "2027-06-30",
    "true",
    "https",
    '"text"',
    '"a \\"quoted\\" \\\\ word"',
    '"""two\n  lines"""',
    "-1",
    "0.5",
)
COMMENT_TEXT = st.text(alphabet='ab #"{}=->', max_size=12)
LINE = "line"  # marks a token that must sit on a line of its own (data fields and properties)


@st.composite
def separator(draw) -> str:
    """What goes between two tokens: always some whitespace, sometimes a comment."""
    choice = draw(st.sampled_from(("space", "space", "newline", "blank", "trailing", "own-line")))
    if choice == "space":
        return draw(st.sampled_from((" ", "  ", "\t")))
    if choice in ("newline", "blank"):
        return "\n" if choice == "newline" else "\n\n"
    comment = "#" + draw(COMMENT_TEXT)
    return f"  {comment}\n" if choice == "trailing" else f"\n{comment}\n"


@st.composite
def value(draw) -> list:
    """A value as tokens: a literal, or a list with an optional trailing comma."""
    if draw(st.booleans()):
        return [draw(st.sampled_from(VALUES))]
    items = draw(st.lists(st.sampled_from(("a", "b", "Order", "2")), max_size=3))
    tokens: list = ["["]
    for index, item in enumerate(items):
        tokens += [item] + ([","] if index < len(items) - 1 or draw(st.booleans()) else [])
    return tokens + ["]"]


@st.composite
def prop(draw) -> list:
    if draw(st.integers(0, 3)) == 0:  # a property of language v2 with a valid value
        return list(
            draw(
                st.sampled_from(
                    (
                        ("runs_on", "=", "vm-1"),
                        ("managed", "=", "true"),
                        ("request_timeout", "=", "30s"),
                        ("purpose", "=", "monitoring"),
                        ("effect", "=", "notify"),
                        ("timeout", "=", "inherit"),
                        ("stream", "=", "true"),
                    )
                )
            )
        )
    key = draw(st.sampled_from(("x_a", "x_b", "x_cost", "description")))
    return [key, "="] + draw(value())


@st.composite
def prop_body(draw) -> list:
    tokens: list = ["{"]
    for _ in range(draw(st.integers(0, 3))):
        tokens += draw(prop())
    return tokens + ["}"]


def _label(draw) -> list:
    return [draw(st.sampled_from(('"A label"', '"esc \\" aped"')))] if draw(st.booleans()) else []


@st.composite
def element(draw, ident: str) -> list:
    tokens = [draw(st.sampled_from(KINDS)), ident] + _label(draw)
    if draw(st.booleans()):
        body: list = ["{"]
        for _ in range(draw(st.integers(0, 3))):
            if draw(st.booleans()):
                body += draw(prop())
            else:
                body += [draw(st.sampled_from(("->", "~>"))), draw(st.sampled_from(IDS))] + _label(
                    draw
                )
                body += draw(prop_body()) if draw(st.booleans()) else []
        tokens += body + ["}"]
    return tokens


@st.composite
def relation(draw) -> list:
    tokens = [
        draw(st.sampled_from(IDS)),
        draw(st.sampled_from(("->", "~>"))),
        draw(st.sampled_from(IDS)),
    ]
    return tokens + _label(draw) + (draw(prop_body()) if draw(st.booleans()) else [])


def _field(draw) -> str:
    name = draw(st.sampled_from(("id", "email", "created_at", "items")))
    flags = draw(st.lists(st.sampled_from(("key", "pii", "indexed")), max_size=2))
    return " ".join([name, draw(st.sampled_from(("uuid", "string")))] + flags)


@st.composite
def data(draw) -> list:
    tokens: list = ["data", "Order", "in", "db", "{"]
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(("field", "field", "fields", "query", "prop")))
        if kind == "field":
            tokens.append((LINE, _field(draw)))
        elif kind == "fields":  # fields sharing a line (a word after the type that is no flag)
            gaps = draw(st.lists(st.sampled_from((" ", "  ", "\t")), min_size=1, max_size=2))
            line = _field(draw)
            for gap in gaps:
                line += gap + _field(draw)
            tokens.append((LINE, line))
        elif kind == "query":
            tokens += ["query", "by", "id"]
        else:
            tokens.append((LINE, 'x_note = "n"'))
    return tokens + ["}"]


@st.composite
def flow(draw) -> list:
    """A flow with one or more chains of steps, some hops naming a relation by its label."""
    tokens: list = ["flow", "journey", "{"]
    for _ in range(draw(st.integers(1, 3))):
        tokens += ["steps", "=", draw(st.sampled_from(IDS))]
        for _ in range(draw(st.integers(1, 3))):
            tokens += [draw(st.sampled_from(("->", "~>"))), draw(st.sampled_from(IDS))]
            if draw(st.booleans()):
                tokens.append(draw(st.sampled_from(('"signup"', '"login"'))))
    if draw(st.booleans()):
        tokens += ["slo", "=", "99.9%"]
    return tokens + ["}"]


@st.composite
def model_text(draw) -> str:
    """A whole file: distinct elements, a boundary, relations, data, with random layout."""
    statements: list[list] = []
    idents = draw(st.lists(st.sampled_from(IDS[:-1]), unique=True, max_size=4))
    for ident in idents:
        statements.append(draw(element(ident)))
    if draw(st.booleans()):
        statements.append(
            ["boundary", "zone", "{", "trust", "=", "low"] + draw(element("stripe")) + ["}"]
        )
    statements += draw(st.lists(relation(), max_size=3))
    if draw(st.booleans()):
        statements.append(draw(data()))
    if draw(st.booleans()):
        statements.append(draw(flow()))
    return "".join(_lay_out(draw, tokens) for tokens in statements) + draw(
        st.sampled_from(("", "# end\n"))
    )


def _lay_out(draw, tokens: list) -> str:
    """Join tokens with random separators; top-level statements start on a fresh line."""
    text = "\n"
    for token in tokens:
        if isinstance(token, tuple):
            text += "\n" + token[1] + "\n"
            continue
        text += token + draw(separator())
    return text + "\n"
