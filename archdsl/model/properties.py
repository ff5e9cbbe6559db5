"""Which properties each construct accepts, the kind of value each takes, and its conversion.

One table per construct. `convert` turns a written `Value` into the normalised Python value or
says, in the user's words, why it cannot (the resolver reports that as `invalid-value`).
"""

from __future__ import annotations

from dataclasses import dataclass

from archdsl.model.kinds import NOT_RUN_BY_US, STATEFUL_KINDS, TRUST_LEVELS, ElementKind
from archdsl.syntax.ast import Value
from archdsl.units import EXAMPLES_BY_KIND, UNITS_BY_KIND, kind_of_unit

AUTH_METHODS = (
    "none",
    "api_key",
    "oauth2",
    "jwt",
    "mtls",
    "basic",
    "iam",
    "session",
    "hmac",
    "presigned",
    "password",
)
KNOWN_PROTOCOLS = (
    "https",
    "http",
    "grpc",
    "grpcs",
    "tcp",
    "postgres",
    "mysql",
    "mongodb",
    "redis",
    "amqp",
    "kafka",
    "smtp",
    "websocket",
    "sftp",
    "file",
)


@dataclass(frozen=True, slots=True)
class PropSpec:
    """One property: its value kind, allowed words, bounds, and the element kinds it applies to."""

    name: str
    kind: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    kinds: frozenset[str] | None = None  # element kinds it applies to; None = all
    special: str | None = None  # the one word a number also takes (`unlimited`, `inherit`)


def _table(*specs: PropSpec) -> dict[str, PropSpec]:
    return {spec.name: spec for spec in specs}


_DOCS = (
    PropSpec("owner", "text"),
    PropSpec("description", "text"),
    PropSpec("url", "text"),
    PropSpec("tags", "list"),
)
_QUEUE = frozenset({ElementKind.QUEUE})
_ALL = frozenset(ElementKind)
# A provider runs it: not for people, client code, or systems already run by someone else.
_MANAGEABLE = _ALL - {ElementKind.ACTOR, ElementKind.FRONTEND, ElementKind.EXTERNAL}

ELEMENT_PROPERTIES = _table(
    PropSpec("replicas", "int", minimum=0),
    PropSpec("autoscale", "range", minimum=0),
    PropSpec("zones", "int", minimum=1),
    PropSpec("failover", "enum", ("none", "manual", "automatic"), kinds=STATEFUL_KINDS),
    PropSpec("capacity", "rate", minimum=0),
    PropSpec("max_connections", "int", minimum=1, kinds=STATEFUL_KINDS),
    PropSpec("max_depth", "int", minimum=1, kinds=_QUEUE),
    PropSpec("dlq", "ref", kinds=_QUEUE),
    PropSpec("backup", "enum", ("none", "daily", "hourly", "continuous"), kinds=STATEFUL_KINDS),
    PropSpec("encrypted", "bool"),
    PropSpec("exposed", "enum", ("public", "internal")),
    PropSpec("auth", "enum", AUTH_METHODS),
    PropSpec("rate_limit", "rate", minimum=0),
    PropSpec("sla", "percent", minimum=0),
    PropSpec("dpa", "bool"),
    PropSpec("tech", "text"),
    PropSpec("runs_on", "word", kinds=_ALL - NOT_RUN_BY_US),
    PropSpec("managed", "bool", kinds=_MANAGEABLE),
    PropSpec("persistence", "enum", ("ephemeral", "snapshot", "durable"), kinds=STATEFUL_KINDS),
    PropSpec("request_timeout", "duration", minimum=0, kinds=_ALL - {ElementKind.ACTOR}),
    *_DOCS,
)

RELATION_PROPERTIES = _table(
    PropSpec("protocol", "word"),
    PropSpec("tls", "bool"),
    PropSpec("auth", "enum", AUTH_METHODS),
    PropSpec("timeout", "duration", minimum=0, special="inherit"),
    PropSpec("retries", "int", minimum=0, special="unlimited"),
    PropSpec("backoff", "enum", ("none", "fixed", "exponential", "exponential_jitter")),
    PropSpec("circuit_breaker", "bool"),
    PropSpec("fallback", "ref_or_text"),
    PropSpec("idempotent", "bool"),
    PropSpec("idempotency_key", "bool"),
    PropSpec("calls", "int", minimum=1, special="unbounded"),
    PropSpec("pool", "int", minimum=1),
    PropSpec("access", "enum", ("read", "write", "readwrite")),
    PropSpec("carries", "names"),
    PropSpec("webhook", "bool"),
    PropSpec("signature", "enum", ("none", "hmac", "mtls", "jwt", "http_signature")),
    PropSpec("durable", "bool"),
    PropSpec("description", "text"),
    PropSpec("purpose", "enum", ("request", "monitoring", "replication", "backup")),
    PropSpec("effect", "enum", ("read", "notify", "write")),
    PropSpec("stream", "bool"),
    PropSpec("callback", "bool"),
)

BOUNDARY_PROPERTIES = _table(PropSpec("trust", "enum", TRUST_LEVELS), *_DOCS)
SYSTEM_PROPERTIES = _table(*_DOCS)
DATA_PROPERTIES = _table(*_DOCS)
FLOW_PROPERTIES = _table(
    PropSpec("slo", "percent", minimum=0),
    PropSpec("latency", "duration", minimum=0),
    PropSpec("peak", "rate", minimum=0),
    *_DOCS,
)
ACCEPT_PROPERTIES = _table(
    PropSpec("reason", "text"),
    PropSpec("owner", "text"),
    PropSpec("until", "date"),
)

_KIND_WORDS = {
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
    if spec.kind == "enum":
        return "one of " + ", ".join(f"`{c}`" for c in spec.choices)
    text = _KIND_WORDS[spec.kind]
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


def _check_minimum(spec: PropSpec, number: float, value: Value) -> None:
    if spec.minimum is not None and number < spec.minimum:
        raise InvalidValue(
            f"`{spec.name} = {value.text}` is out of range: it must be at least {spec.minimum:g}",
            f"use a value >= {spec.minimum:g}",
        )


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
        _check_minimum(spec, value.data[0], value)
        return value.data[0]
    if kind == "number":
        if value.kind != "number" or value.data[1]:
            raise _mismatch(spec, value)
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
    _check_minimum(spec, magnitude, value)
    result = magnitude * units[unit]
    if spec.kind == "percent":
        result = round(magnitude / 100, 12)  # 99.9% is 0.999, not 0.9990000000000001
    if spec.kind == "percent" and result > 1:
        raise InvalidValue(
            f"`{spec.name} = {value.text}` is above 100%", "a percent is at most 100%"
        )
    return int(result) if spec.kind == "size" else float(result)


def _convert_range(spec: PropSpec, value: Value) -> tuple[int, int]:
    if value.kind != "range":
        raise _mismatch(spec, value)
    low, high = value.data
    if low > high:
        raise InvalidValue(f"range `{value.text}` has min > max", f"write {high}..{low}")
    return (low, high)


def plain(value: Value):
    """A value as plain JSON-able Python: custom `x_` keys and list items keep what was written."""
    if value.kind == "list":
        return [plain(item) for item in value.data]
    if value.kind == "number":
        magnitude, unit, _ = value.data
        return value.text if unit else magnitude
    if value.kind == "date":
        return value.text
    if value.kind == "range":
        return value.text
    return value.data
