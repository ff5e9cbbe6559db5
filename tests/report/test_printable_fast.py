"""`printable` and the excerpt find unprintable characters with one regular expression; this
holds it to the character-by-character definition (Unicode categories Cc and Cs, tab excepted,
and the bidi controls) over the whole Basic Multilingual Plane and a sample beyond it."""

from __future__ import annotations

import unicodedata

from archdsl.report.text import _excerpt_line, printable

BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
CODE_POINTS = [*range(0x10000), *range(0x10000, 0x110000, 97)]


def unprintable(ch: str) -> bool:
    return ch != "\t" and (ch in BIDI or unicodedata.category(ch) in ("Cc", "Cs"))


def reference_printable(text: str) -> str:
    out = []
    for ch in text:
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif unprintable(ch):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def test_printable_escapes_exactly_the_unprintable_characters():
    text = "".join(map(chr, CODE_POINTS))
    assert printable(text) == reference_printable(text)


def test_excerpt_blanks_exactly_the_unprintable_characters():
    text = "".join(map(chr, CODE_POINTS))
    assert _excerpt_line(text) == "".join("\ufffd" if unprintable(ch) else ch for ch in text)


def test_printable_text_comes_back_as_it_is():
    text = "api -> db: 数据 \t ok"
    assert printable(text) is text
