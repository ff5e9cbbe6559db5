"""Converting a written value for its property: the normalised Python value, or a reason why not.

`convert(spec, value)` checks the value kind, the valid words and the numeric range declared in
archdsl/model/properties.py and returns seconds, requests per second, fractions or bytes. It is
the only way a number reaches the model, so no infinity, NaN or out-of-range value gets there.
"""

from __future__ import annotations

import math

from archdsl.model.properties import PropSpec
from archdsl.syntax.ast import Value
from archdsl.units import EXAMPLES_BY_KIND, UNITS_BY_KIND, describe_quantity, kind_of_unit

VALUE_KINDS = {
    "int": "an integer",
    "number": "a number",
    "duration": "a duration",
    "rate": "a rate",
    "percent": "a percent",
    "size": "a size",
    "date": "a date (YYYY-MM-DD)",
    "range": "a range (min..max)",
    "bool": "`true` or `false`",
    "text": "a string or a word",
    "word": "a word",
    "list": "a list",
    "names": "a list of data names",
    "ref": "the name of an element",
    "ref_or_text": "the name of an element or a string",
}


class InvalidValue(Exception):
    """A value that does not fit its property; carries a message and a hint."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


def expected_description(spec: PropSpec) -> str:
    """What the property takes, in words: `a duration or `inherit``, `one of `a`, `b``."""
    if spec.kind == "enum":
        return "one of " + ", ".join(f"`{c}`" for c in spec.choices)
    text = VALUE_KINDS[spec.kind]
    if spec.special:
        text += f" or `{spec.special}`"
    return text


def _describe_value(value: Value) -> str:
    if value.kind == "number":
        unit = value.data[1]
        unit_kind = kind_of_unit(unit) if unit else ("integer" if value.data[2] else "number")
        return f"{unit_kind or 'a number with unknown unit'} `{value.text}`"
    return {
        "string": "a string",
        "bool": "a boolean",
        "word": "the word",
        "list": "a list",
        "range": "a range",
        "date": "a date",
    }[value.kind] + f" `{value.text}`"


def _mismatch(spec: PropSpec, value: Value) -> InvalidValue:
    hint = f"`{spec.name}` takes {expected_description(spec)}"
    if spec.kind in EXAMPLES_BY_KIND:
        hint += f", e.g. {EXAMPLES_BY_KIND[spec.kind]}"
    return InvalidValue(
        f"`{spec.name}` expects {expected_description(spec)}, got {_describe_value(value)}", hint
    )


def _check_range(spec: PropSpec, number: float, value: Value, normalised: float) -> None:
    """`number` as written against the minimum, `normalised` against the maximum (both finite)."""
    if not _finite(normalised) or (spec.maximum is not None and normalised > spec.maximum):
        limit = describe_quantity(spec.kind, spec.maximum) if spec.maximum is not None else None
        raise InvalidValue(
            f"`{spec.name} = {_short(value.text)}` is out of range"
            + (f": it must be at most {limit}" if limit else ""),
            f"use a value <= {limit}" if limit else "use a smaller value",
        )
    if spec.minimum is not None and number < spec.minimum:
        raise InvalidValue(
            f"`{spec.name} = {value.text}` is out of range: it must be at least {spec.minimum:g}",
            f"use a value >= {spec.minimum:g}",
        )


def _finite(number: float) -> bool:
    return isinstance(number, int) or math.isfinite(number)  # ints are exact, never inf


def _short(text: str) -> str:
    """A written value for a message, cut when it is absurdly long."""
    return text if len(text) <= 40 else text[:20] + "..." + text[-8:]


def convert(spec: PropSpec, value: Value):
    """The normalised Python value of `value` for `spec`, or raise InvalidValue."""
    kind = spec.kind
    if kind in UNITS_BY_KIND:
        return _convert_quantity(spec, value)
    if kind == "int":
        if value.kind == "word" and spec.special and value.data == spec.special:
            return spec.special
        if value.kind != "number" or value.data[1] or not value.data[2]:
            raise _mismatch(spec, value)
        _check_range(spec, value.data[0], value, value.data[0])
        return value.data[0]
    if kind == "number":
        if value.kind != "number" or value.data[1]:
            raise _mismatch(spec, value)
        _check_range(spec, value.data[0], value, value.data[0])
        return value.data[0]
    if kind == "bool":
        if value.kind != "bool":
            raise _mismatch(spec, value)
        return value.data
    if kind == "enum":
        if value.kind not in ("word", "string") or value.data not in spec.choices:
            raise _enum_mismatch(spec, value)
        return value.data
    if kind in ("text", "ref_or_text"):
        if value.kind not in ("word", "string"):
            raise _mismatch(spec, value)
        return value.data
    if kind in ("word", "ref"):
        if value.kind != "word":
            raise _mismatch(spec, value)
        return value.data
    if kind == "range":
        return _convert_range(spec, value)
    if kind == "date":
        if value.kind != "date":
            raise _mismatch(spec, value)
        if value.data is None:
            raise InvalidValue(
                f"`{value.text}` is not a calendar date", "write a real date as YYYY-MM-DD"
            )
        return value.data
    if kind == "list":
        if value.kind != "list":
            raise _mismatch(spec, value)
        return tuple(plain(item) for item in value.data)
    if kind == "names":
        if value.kind != "list" or any(item.kind != "word" for item in value.data):
            raise _mismatch(spec, value)
        return tuple(item.data for item in value.data)
    raise AssertionError(f"unknown property kind {kind}")


def _enum_mismatch(spec: PropSpec, value: Value) -> InvalidValue:
    from archdsl.diagnostics import did_you_mean

    hint = None
    if value.kind in ("word", "string"):
        hint = did_you_mean(str(value.data), spec.choices)
    return InvalidValue(
        f"`{spec.name}` expects {expected_description(spec)}, got {_describe_value(value)}",
        hint or f"valid values: {', '.join(spec.choices)}",
    )


def _convert_quantity(spec: PropSpec, value: Value) -> float | str:
    units = UNITS_BY_KIND[spec.kind]
    if value.kind == "word" and spec.special and value.data == spec.special:
        return spec.special
    if value.kind != "number":
        raise _mismatch(spec, value)
    magnitude, unit, _ = value.data
    if not unit:
        raise InvalidValue(
            f"`{spec.name} = {value.text}` has no unit",
            f"`{spec.name}` takes {expected_description(spec)}, e.g. {EXAMPLES_BY_KIND[spec.kind]}",
        )
    if unit not in units:
        if kind_of_unit(unit) is None:
            from archdsl.diagnostics import did_you_mean

            hint = did_you_mean(unit, units) or f"units of {spec.kind}: {', '.join(units)}"
            raise InvalidValue(f"unknown unit `{unit}` in `{value.text}`", hint)
        raise _mismatch(spec, value)
    if spec.kind == "percent" and magnitude > 100:
        raise InvalidValue(
            f"`{spec.name} = {_short(value.text)}` is above 100%", "a percent is at most 100%"
        )
    try:
        result = magnitude * units[unit]
    except OverflowError:  # an integer too large for a float
        result = math.inf
    if spec.kind == "percent":
        result = round(magnitude / 100, 12)  # 99.9% is 0.999, not 0.9990000000000001
    _check_range(spec, magnitude, value, result)
    return int(result) if spec.kind == "size" else float(result)


def _convert_range(spec: PropSpec, value: Value) -> tuple[int, int]:
    if value.kind != "range":
        raise _mismatch(spec, value)
    low, high = value.data
    _check_range(spec, low, value, low)
    _check_range(spec, high, value, high)
    if low > high:
        raise InvalidValue(f"range `{value.text}` has min > max", f"write {high}..{low}")
    return (low, high)


def plain(value: Value):
    """A value as plain JSON-able Python: custom `x_` keys and list items keep what was written."""
    if value.kind == "list":
        return [plain(item) for item in value.data]
    if value.kind == "number":
        magnitude, unit, _ = value.data
        return value.text if unit or not _finite(magnitude) else magnitude
    if value.kind == "date":
        return value.text
    if value.kind == "range":
        return value.text
    return value.data
