"""Which LALR engine runs the parser: lark-cython when it is installed, else Lark's own.

lark-cython (by Lark's author; installed by the `fast` extra) is a Lark plugin that replaces
Lark's pure-Python LALR parser and lexer with compiled ones over the same grammar analysis: the
same parse tables, the same tokens at the same positions, the same exceptions, about 1.5x faster
on a large model. Two differences matter here, and the syntax package never relies on either:
its tokens are not `str`s (`str(token)` is the text; `is_token` tells a token of either engine),
and it has no `__len__` on tokens (positions come from `start_pos` and `end_pos`).

Setting the environment variable `ARCHDSL_PURE_PYTHON_PARSER=1` makes archdsl use Lark's own
parser even when lark-cython is installed (read once, when the first text is parsed). Findings
and every output are the same either way; CI runs the parser-facing and golden tests with both.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from lark import Token

PURE_PYTHON_VARIABLE = "ARCHDSL_PURE_PYTHON_PARSER"
CYTHON = "lark-cython"
PURE_PYTHON = "lark"


def wanted() -> str:
    """The engine to try: lark-cython unless the environment asks for Lark's own."""
    return PURE_PYTHON if os.environ.get(PURE_PYTHON_VARIABLE, "") not in ("", "0") else CYTHON


def cython_plugins() -> dict[str, Any] | None:
    """lark-cython's plugins for `Lark(..., _plugins=...)`, or None when it is not installed."""
    try:
        import lark_cython
    except ImportError:
        return None
    plugins: dict[str, Any] = lark_cython.plugins
    return plugins


@lru_cache(maxsize=1)
def _token_types() -> tuple[type, ...]:
    try:
        from lark_cython import Token as CythonToken
    except ImportError:
        return (Token,)
    return (Token, CythonToken)


def is_token(value: object) -> bool:
    """True for a token of either engine (lark-cython's `Token` does not subclass Lark's)."""
    return isinstance(value, _token_types())
