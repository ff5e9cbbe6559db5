"""Turn the concrete parse tree into layout nodes: a line of text, and maybe a block below it.

A node keeps every token it was made from (even those the canonical text drops, such as a list's
trailing comma) so that no comment attached to them is lost, and so that the printer can see on
which source lines the user wrote it. Texts are the canonical spelling of each construct; tokens
the user wrote (names, labels, strings, numbers with their units) are copied verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lark import Token, Tree

from archdsl.fmt.tokens import leaves
from archdsl.syntax.words import FIELD_FLAGS

_BODY_RULES = {"prop_body", "element_body", "data_body"}


@dataclass
class Node:
    """One statement or body item.

    `head` holds the tokens of the first line (ending with `{` when there is a block), `text` its
    canonical text without the `{`. A node with a block has `children` and `close` (the `}`).
    A data field's `text` is aligned in columns; `plain` is its text with single spaces, for a
    line that holds several items.
    """

    head: list[Token]
    text: str
    children: list[Node] = field(default_factory=list)
    close: Token | None = None
    is_field: bool = False
    plain: str = ""

    def tokens(self) -> list[Token]:
        """Every token of the node, its block included, in source order."""
        found = list(self.head)
        for child in self.children:
            found.extend(child.tokens())
        if self.close is not None:
            found.append(self.close)
        return found

    @property
    def first_line(self) -> int:
        """The source line the node starts on."""
        return self.head[0].line or 0

    @property
    def last_line(self) -> int:
        """The source line the node ends on."""
        last = self.close if self.close is not None else self.head[-1]
        return last.end_line or 0

    @property
    def written_inline(self) -> bool:
        """Whether the user wrote the node's block on one line (`{` and `}` on the same line)."""
        return self.close is not None and self.head[-1].line == self.close.line

    def single_line_text(self) -> str:
        """The node on one line: `header { a = 1  -> b }`, `header {}` for an empty block."""
        text = self.plain or self.text
        if self.close is None:
            return text
        if not self.children:
            return text + " {}"
        return text + " { " + "  ".join(c.single_line_text() for c in self.children) + " }"


def statements(tree: Tree) -> list[Node]:
    """The top-level statements of a parsed file."""
    return [item_node(child) for child in tree.children]


def item_node(tree: Tree) -> Node:
    """A statement or a body item (property, relation, nested declaration, flow steps)."""
    if tree.data == "property":
        key, equals, value = tree.children
        return Node(leaves(tree), f"{key} {equals} {value_text(value)}")
    if tree.data in ("import_stmt", "flow_steps"):
        return Node(leaves(tree), join(leaves(tree)))
    return declaration(tree)


def declaration(tree: Tree) -> Node:
    """A declaration: header tokens, then an optional `{ ... }` block (own rule or inline braces)."""
    head: list[Token] = []
    block: list | None = None
    for index, child in enumerate(tree.children):
        if isinstance(child, Tree) and child.data in _BODY_RULES:
            block = child.children
            break
        if isinstance(child, Token) and child.type == "LBRACE":
            block = tree.children[index:]
            break
        head.extend(leaves(child))
    node = Node(head, join(head))
    if block is None:
        return node
    opening, *items, closing = block
    node.head.append(opening)
    node.close = closing
    node.children = data_items(items) if tree.data == "data_decl" else [item_node(i) for i in items]
    return node


def join(tokens: list[Token]) -> str:
    """Tokens separated by one space, with commas attached to the name before them."""
    text = ""
    for token in tokens:
        if token.type == "COMMA":
            text += ","
        else:
            text = f"{text} {token}" if text else str(token)
    return text


def value_text(value: Tree) -> str:
    """A value as written (a range keeps its spaces: `x_` keys keep their text); lists as `[a, b]`."""
    if value.data == "list":
        return "[" + ", ".join(value_text(c) for c in value.children if isinstance(c, Tree)) + "]"
    return str(value.children[0])


def data_items(items: list[Tree]) -> list[Node]:
    """The body of a data declaration: fields, properties and queries.

    Fields are split exactly as the AST builder splits them: a new line starts a field, and so
    does a word after a field's type that is not a flag; `key = value` takes the word before `=`
    as its key.
    """
    nodes: list[Node] = []
    words: list[Token] = []

    def flush() -> None:
        if words:
            nodes.append(Node(list(words), " ".join(words), is_field=True, plain=" ".join(words)))
            words.clear()

    for item in items:
        if item.data == "data_word":
            word = item.children[0]
            assert isinstance(word, Token)
            if words and (
                words[-1].line != word.line or (len(words) >= 2 and str(word) not in FIELD_FLAGS)
            ):
                flush()
            words.append(word)
        elif item.data == "data_assign":
            key = words.pop()
            flush()
            equals, value = item.children
            nodes.append(Node([key, *leaves(item)], f"{key} {equals} {value_text(value)}"))
        else:
            flush()
            nodes.append(Node(leaves(item), join(leaves(item))))
    flush()
    return nodes


def align_fields(fields: list[Node]) -> None:
    """Write fields in columns: names padded to the longest name, types to the longest type."""
    name_width = max((len(f.head[0]) for f in fields if len(f.head) > 1), default=0)
    type_width = max((len(f.head[1]) for f in fields if len(f.head) > 2), default=0)
    for node in fields:
        name, *rest = node.head
        if not rest:
            node.text = str(name)
            continue
        kind, *flags = rest
        text = f"{name.ljust(name_width)}  {kind}"
        if flags:
            text = f"{name.ljust(name_width)}  {kind.ljust(type_width)}  {' '.join(flags)}"
        node.text = text
