"""The lossless side of formatting: a concrete parse tree that keeps every token, and the comments.

The main parser (`archdsl.syntax.parser`) builds the AST while parsing and drops comments; its hot
path stays untouched. The formatter builds a second Lark instance from the same grammar file with
`keep_all_tokens=True` and a lexer callback that collects the `%ignore`d comments with their
positions, then attaches each comment to a token:

- a comment after code on the same line *trails* the token before it;
- a comment on a line of its own *leads* the next token (a comment before a closing `}` leads that
  brace and is printed inside the block; one after the last token leads the end of the file).

Blank lines are recorded as flags (`blank_before`) so the printer can keep the user's grouping.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from lark import Lark, Token, Tree

from archdsl.syntax.lark_cache import build_parser
from archdsl.syntax.parser import grammar_path

END_OF_FILE = -1  # the key of the notes for comments after the last token
# The comments of the parse running in this context: one shared Lark instance, no shared state
# (threads and async tasks each see their own list).
_COMMENTS: ContextVar[list[Token]] = ContextVar("archdsl_fmt_comments")


@dataclass
class Notes:
    """The comments attached to one token, and whether a blank line preceded it."""

    leading: list[tuple[str, bool]] = field(default_factory=list)  # (comment, blank line before it)
    trailing: str | None = None
    blank_before: bool = False


@dataclass
class Concrete:
    """A parsed file: the full parse tree and the notes of every token, keyed by start offset."""

    tree: Tree
    notes: dict[int, Notes]

    def of(self, token: Token) -> Notes:
        """The notes of `token` (a token the tree holds)."""
        return self.notes[start_of(token)]


def start_of(token: Token) -> int:
    """A lexed token's offset (Lark types positions as optional, for tokens made by hand)."""
    assert token.start_pos is not None
    return token.start_pos


@lru_cache(maxsize=1)
def _lossless_parser() -> Lark:
    return build_parser(
        "lossless",
        grammar_path().read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        keep_all_tokens=True,
        maybe_placeholders=False,
        lexer_callbacks={"COMMENT": _collect_comment},
    )


def _collect_comment(comment: Token) -> Token:
    _COMMENTS.get().append(comment)
    return comment


def parse_concrete(text: str) -> Concrete:
    """Parse normalised text that is known to be free of syntax errors (Lark raises otherwise)."""
    comments: list[Token] = []
    reset = _COMMENTS.set(comments)
    try:
        tree = _lossless_parser().parse(text)
    finally:
        _COMMENTS.reset(reset)
    return Concrete(tree, attach(leaves(tree), comments))


def leaves(node: Tree | Token) -> list[Token]:
    """Every token below `node`, in source order."""
    if isinstance(node, Token):
        return [node]
    found: list[Token] = []
    for child in node.children:
        found.extend(leaves(child))
    return found


def attach(tokens: list[Token], comments: list[Token]) -> dict[int, Notes]:
    """Attach each comment to the token it trails or leads (see the module docstring)."""
    notes = {start_of(token): Notes() for token in tokens}
    notes[END_OF_FILE] = Notes()
    comment_starts = {start_of(comment) for comment in comments}
    merged = sorted(tokens + comments, key=start_of)
    pending: list[tuple[str, bool]] = []
    previous: Token | None = None
    last_line: int | None = None  # the line the previous token or comment ended on
    for item in merged:
        start, line = start_of(item), item.line or 1  # lexed tokens always have a line
        blank = last_line is not None and line - last_line > 1
        if start in comment_starts:
            text = str(item).rstrip()
            if previous is not None and not pending and previous.end_line == line:
                notes[start_of(previous)].trailing = text
            else:
                pending.append((text, blank))
            last_line = line
            continue
        own = notes[start]
        own.leading, own.blank_before = pending, blank
        pending = []
        previous, last_line = item, item.end_line
    notes[END_OF_FILE].leading = pending
    return notes
