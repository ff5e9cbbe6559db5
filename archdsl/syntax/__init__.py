"""Stage 1: text to AST. The grammar, the parser, and syntax diagnostics."""

from archdsl.syntax.parser import ParseResult, parse_text

__all__ = ["ParseResult", "parse_text"]
