"""JSON documents as the reports write them: indented by two spaces, non-ASCII kept, a newline
at the end. With `orjson` installed (`pip install archdsl[fast]`) they are encoded by it, about
ten times faster than the standard library, which can only indent with its pure-Python encoder;
the bytes are the same either way (tests/report/test_jsondump.py holds both to it).
"""

from __future__ import annotations

import json
from typing import Any

try:  # optional: the `fast` extra
    import orjson
except ImportError:  # pragma: no cover - depends on the installation
    orjson = None  # type: ignore[assignment]


def dumps(document: Any) -> str:
    """`document` as `json.dumps(document, indent=2, ensure_ascii=False)` writes it, plus a
    newline. For documents of strings, integers, booleans, None, lists and dicts with string
    keys, which is what the reports hold: orjson writes floats differently (1e16 for 1e+16, null
    for NaN), so a document with floats must not come here."""
    if orjson is not None:
        try:
            return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
        except (TypeError, orjson.JSONEncodeError):
            pass  # a lone surrogate or an integer beyond 64 bits: the standard encoder takes them
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
