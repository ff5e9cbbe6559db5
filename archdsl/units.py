"""Units of the value kinds and their normalisation (seconds, requests per second, bytes)."""

from __future__ import annotations

from collections.abc import Mapping

DURATION_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "d": 86400.0}
RATE_UNITS = {
    "rps": 1.0,
    "/s": 1.0,
    "rpm": 1 / 60,
    "/min": 1 / 60,
    "/m": 1 / 60,
    "rph": 1 / 3600,
    "/h": 1 / 3600,
    "/d": 1 / 86400,
}
SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4, "PB": 1024**5}
PERCENT_UNITS = {"%": 0.01}

UNITS_BY_KIND: dict[str, Mapping[str, float]] = {
    "duration": DURATION_UNITS,
    "rate": RATE_UNITS,
    "size": SIZE_UNITS,
    "percent": PERCENT_UNITS,
}
EXAMPLES_BY_KIND = {
    "duration": "250ms, 2s, 5m, 1h, 7d",
    "rate": "100rps, 6000rpm, 100/s, 6000/min, 20/h",
    "size": "512MB, 10GB, 2TB",
    "percent": "99.95%",
    "integer": "3",
    "number": "0.5",
}


def kind_of_unit(unit: str) -> str | None:
    """Which value kind a unit belongs to (for messages like 'got a rate')."""
    for kind, units in UNITS_BY_KIND.items():
        if unit in units:
            return kind
    return None


def describe_quantity(kind: str, amount: float) -> str:
    """A normalised amount as a user would write it: `365d`, `1000000000rps`, `100%`, `1000`."""
    if kind == "duration":
        for unit in ("d", "h", "m", "s"):
            if amount >= DURATION_UNITS[unit] and amount % DURATION_UNITS[unit] == 0:
                return f"{amount / DURATION_UNITS[unit]:g}{unit}"
        return f"{amount * 1000:g}ms"
    if kind == "rate":
        return f"{amount:.0f}rps" if amount == int(amount) else f"{amount:g}rps"
    if kind == "percent":
        return f"{amount * 100:g}%"
    if kind == "size":
        return f"{int(amount)}B"
    return f"{amount:.0f}" if amount == int(amount) else f"{amount:g}"
