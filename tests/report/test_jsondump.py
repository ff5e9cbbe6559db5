"""The reports' JSON writer gives the bytes of `json.dumps(indent=2, ensure_ascii=False)`,
through orjson when it is installed (the `fast` extra) and through the standard library when not."""

from __future__ import annotations

import json

import pytest

from archdsl.report import jsondump

DOCUMENTS = [
    {"version": 1, "findings": [], "summary": {"by_rule": {}, "left_out": []}},
    {"a": [1, -2, True, False, None, 'x\ny\t"\\\u2028', "数据 é 😀", "\x00\x1f\x7f"], "b": {}},
    {"nested": [[[]], [{"k": [{"deep": "v"}]}]], "big": 2**63 - 1, "neg": -(2**63)},
    {"lone surrogate": "\ud800", "beyond 64 bits": 2**70},  # orjson refuses: the fallback writes
]


@pytest.fixture(params=["orjson", "stdlib"])
def encoder(request, monkeypatch):
    if request.param == "orjson":
        pytest.importorskip("orjson")
    else:
        monkeypatch.setattr(jsondump, "orjson", None)
    return request.param


@pytest.mark.parametrize("document", DOCUMENTS)
def test_dumps_writes_the_standard_librarys_bytes(document, encoder):
    assert jsondump.dumps(document) == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
