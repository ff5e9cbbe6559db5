"""Write layout nodes in the canonical layout, with every comment in its place.

See "Canonical layout" in docs/language.md for the rules this module implements. Line breaks
inside bodies are the user's, as with gofmt: a body written on one line stays on one line, and
items written on one line stay on one line; spacing and indentation are normalised. Comments are
printed where `archdsl.fmt.tokens.attach` put them: leading comments on their own lines above the
line of their token, a trailing comment after the line of its token. A comment that ends up inside
a line the formatter joins (inside a list that spanned lines, say) is moved above that line.
"""

from __future__ import annotations

from lark import Token

from archdsl.fmt.nodes import Node, align_fields
from archdsl.fmt.tokens import END_OF_FILE, Concrete

INDENT = "  "


class Writer:
    """Collects output lines; blank lines are requested and only written between two lines.

    Trailing comments of consecutive lines at one depth are aligned, as gofmt aligns them: each
    starts two columns after the longest code of the run. A blank line, a line without a trailing
    comment, a change of depth or a multi-line string ends a run.
    """

    def __init__(self) -> None:
        self.lines: list[tuple[int, str, str | None]] = []  # (depth, code, trailing comment)
        self.pending_blank = False
        self.block_start = True

    def blank(self) -> None:
        """Ask for a blank line before the next line (dropped at the start or end of a block)."""
        self.pending_blank = True

    def write(self, depth: int, text: str, comment: str | None = None) -> None:
        """One line (or a multi-line string value, whose later lines are kept as written)."""
        if self.pending_blank and not self.block_start:
            self.lines.append((-1, "", None))
        self.pending_blank = self.block_start = False
        self.lines.append((depth, INDENT * depth + text, comment))

    def open_block(self) -> None:
        """The line just written opened a block: no blank line directly below it."""
        self.block_start, self.pending_blank = True, False

    def text(self) -> str:
        """The output, ending with one newline (empty for an empty file)."""
        out: list[str] = []
        run: list[tuple[int, str, str | None]] = []
        for line in [*self.lines, (-1, "", None)]:
            depth, code, comment = line
            if run and (comment is None or depth != run[0][0] or "\n" in code):
                width = max(len(c) for _, c, _ in run)
                out.extend(f"{c.ljust(width)}  {m}" for _, c, m in run)
                run = []
            if comment is not None and "\n" not in code:
                run.append(line)
            else:
                out.append(f"{code}  {comment}" if comment else code)
        return "\n".join(out[:-1]) + "\n" if self.lines else ""


class Printer:
    """Prints the nodes of one file; `concrete` supplies the comments attached to each token."""

    def __init__(self, concrete: Concrete) -> None:
        self.concrete = concrete
        self.out = Writer()

    def file(self, nodes: list[Node]) -> str:
        """The whole file: top-level statements, separated as described in the canonical layout."""
        previous_multiline = False
        for index, node in enumerate(nodes):
            multiline = self.is_multiline(node)
            self.node(node, 0, force_blank=index > 0 and (multiline or previous_multiline))
            previous_multiline = multiline
        self.comments(0, self.concrete.notes[END_OF_FILE].leading)
        return self.out.text()

    def node(self, node: Node, depth: int, force_blank: bool = False) -> None:
        """One node at `depth`: a single line, or a header, its items and `}`."""
        if node.close is None:
            self.line(node.head, node.text, depth, force_blank)
        elif self.is_inline(node):
            self.line(node.tokens(), node.single_line_text(), depth, force_blank)
        else:
            self.line(node.head, node.text + " {", depth, force_blank)
            self.out.open_block()
            self.items(node.children, depth + 1)
            closing = self.concrete.of(node.close)
            self.comments(depth + 1, closing.leading)
            self.out.pending_blank = False
            self.out.write(depth, "}", closing.trailing)

    def items(self, children: list[Node], depth: int) -> None:
        """The items of an expanded body, those the user wrote on one line kept on one line."""
        groups = self.groups(children)
        align_fields([group[0] for group in groups if len(group) == 1 and group[0].is_field])
        for group in groups:
            if len(group) == 1:
                self.node(group[0], depth)
                continue
            tokens = [token for item in group for token in item.tokens()]
            self.line(tokens, "  ".join(item.single_line_text() for item in group), depth, False)

    def groups(self, children: list[Node]) -> list[list[Node]]:
        """Consecutive one-line items that share a source line, grouped."""
        groups: list[list[Node]] = []
        for child in children:
            previous = groups[-1][-1] if groups else None
            if (
                previous is not None
                and child.first_line == previous.last_line
                and self.is_one_line(previous)
                and self.is_one_line(child)
            ):
                groups[-1].append(child)
            else:
                groups.append([child])
        return groups

    def is_one_line(self, node: Node) -> bool:
        """Whether the node is printed without a block of its own lines."""
        return node.close is None or self.is_inline(node)

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
        self.out.write(depth, text, trailing)

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

    def is_inline(self, node: Node) -> bool:
        """Whether a block stays on its header's line: the user wrote it on one line (or it is
        empty), and no comment is inside the braces."""
        if node.close is None or (node.children and not node.written_inline):
            return False
        if self.concrete.of(node.head[-1]).trailing or self.concrete.of(node.close).leading:
            return False
        for child in node.children:
            for token in child.tokens():
                notes = self.concrete.of(token)
                if notes.leading or notes.trailing:
                    return False
        return True

    def is_multiline(self, node: Node) -> bool:
        """Whether the node's own text (comments aside) takes more than one line."""
        if node.close is not None and not self.is_inline(node):
            return True
        return "\n" in node.single_line_text()
