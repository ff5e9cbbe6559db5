"""Write layout nodes in the canonical layout, with every comment in its place.

See "Canonical layout" in docs/language.md for the rules this module implements. Comments are
printed where `archdsl.fmt.tokens.attach` put them: leading comments on their own lines above the
line of their token, a trailing comment after the line of its token. A comment that ends up inside
a line the formatter joins (inside a list that spanned lines, say) is moved above that line.
"""

from __future__ import annotations

from lark import Token

from archdsl.fmt.nodes import Node
from archdsl.fmt.tokens import END_OF_FILE, Concrete

INDENT = "  "
WIDTH = 100  # the longest line a block is joined onto (comments not counted)


class Writer:
    """Collects output lines; blank lines are requested and only written between two lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pending_blank = False
        self.block_start = True

    def blank(self) -> None:
        """Ask for a blank line before the next line (dropped at the start or end of a block)."""
        self.pending_blank = True

    def write(self, depth: int, text: str) -> None:
        """One line (or a multi-line string value, whose later lines are kept as written)."""
        if self.pending_blank and not self.block_start:
            self.lines.append("")
        self.pending_blank = self.block_start = False
        self.lines.append(INDENT * depth + text)

    def open_block(self) -> None:
        """The line just written opened a block: no blank line directly below it."""
        self.block_start, self.pending_blank = True, False

    def text(self) -> str:
        """The output, ending with one newline (empty for an empty file)."""
        return "\n".join(self.lines) + "\n" if self.lines else ""


class Printer:
    """Prints the nodes of one file; `concrete` supplies the comments attached to each token."""

    def __init__(self, concrete: Concrete) -> None:
        self.concrete = concrete
        self.out = Writer()

    def file(self, nodes: list[Node]) -> str:
        """The whole file: top-level statements, separated as described in the canonical layout."""
        previous_multiline = False
        for index, node in enumerate(nodes):
            multiline = self.is_multiline(node, 0)
            self.node(node, 0, force_blank=index > 0 and (multiline or previous_multiline))
            previous_multiline = multiline
        self.comments(0, self.concrete.notes[END_OF_FILE].leading)
        return self.out.text()

    def node(self, node: Node, depth: int, force_blank: bool = False) -> None:
        """One node at `depth`: a single line, a joined block, or a header, its items and `}`."""
        if node.close is None:
            self.line(node.head, node.text, depth, force_blank)
        elif self.fits_inline(node, depth):
            self.line(node.tokens(), self.inline_text(node), depth, force_blank)
        else:
            self.line(node.head, node.text + " {", depth, force_blank)
            self.out.open_block()
            for child in node.children:
                self.node(child, depth + 1)
            closing = self.concrete.of(node.close)
            self.comments(depth + 1, closing.leading)
            self.out.pending_blank = False
            self.out.write(depth, _with_trailing("}", closing.trailing))

    def line(self, tokens: list[Token], text: str, depth: int, force_blank: bool) -> None:
        """One output line made of `tokens`, preceded by their leading comments."""
        first = self.concrete.of(tokens[0])
        hoisted, trailing = self.inner_comments(tokens)
        if force_blank:
            self.out.blank()
        self.comments(depth, first.leading)
        if first.blank_before:
            self.out.blank()
        self.comments(depth, hoisted)
        self.out.write(depth, _with_trailing(text, trailing))

    def inner_comments(self, tokens: list[Token]) -> tuple[list[tuple[str, bool]], str | None]:
        """The comments inside a line (moved above it) and the one that ends it.

        The line ends with the trailing comment of its last token, or, when that token has no
        comment at all, with the trailing comment of the token before it (`system s  # c` + `{`).
        """
        last = self.concrete.of(tokens[-1])
        trailing = last.trailing
        before_last = len(tokens) - 2
        if trailing is None and not last.leading and before_last >= 0:
            trailing = self.concrete.of(tokens[before_last]).trailing
            before_last -= trailing is not None
        hoisted: list[tuple[str, bool]] = []
        for index, token in enumerate(tokens):
            notes = self.concrete.of(token)
            if index > 0:
                hoisted.extend((comment, False) for comment, _ in notes.leading)
            if index <= before_last and notes.trailing:
                hoisted.append((notes.trailing, False))
        return hoisted, trailing

    def comments(self, depth: int, comments: list[tuple[str, bool]]) -> None:
        """Own-line comments, keeping a blank line where the source had one before a comment."""
        for comment, blank_before in comments:
            if blank_before:
                self.out.blank()
            self.out.write(depth, comment)

    def fits_inline(self, node: Node, depth: int) -> bool:
        """Whether a block goes on its header's line: only properties (or nothing), no comment
        inside the braces, no multi-line string, and the line fits in WIDTH columns."""
        if node.close is None or (node.children and not node.inline_able):
            return False
        if self.concrete.of(node.head[-1]).trailing or self.concrete.of(node.close).leading:
            return False
        for child in node.children:
            for token in child.tokens():
                notes = self.concrete.of(token)
                if notes.leading or notes.trailing:
                    return False
        text = self.inline_text(node)
        return "\n" not in text and len(INDENT * depth + text) <= WIDTH

    def is_multiline(self, node: Node, depth: int) -> bool:
        """Whether the node's own text (comments aside) takes more than one line."""
        if node.close is not None and not self.fits_inline(node, depth):
            return True
        return "\n" in node.text

    @staticmethod
    def inline_text(node: Node) -> str:
        """`header { a = 1  b = 2 }`, or `header {}` for an empty block."""
        if not node.children:
            return node.text + " {}"
        return node.text + " { " + "  ".join(child.text for child in node.children) + " }"


def _with_trailing(text: str, comment: str | None) -> str:
    return f"{text}  {comment}" if comment else text
