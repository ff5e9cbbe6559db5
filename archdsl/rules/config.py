"""Configuration: `[tool.archdsl]` in pyproject.toml or `archdsl.toml`, found upwards from the
working directory, or a file named with `--config`. Unknown keys are errors naming key and file.

    [tool.archdsl]
    select = ["R", "S"]            # codes, code prefixes or slugs
    ignore = ["D002"]
    fail-on = "warning"
    root = "models"
    [tool.archdsl.severity]
    missing-owner = "warning"
    [tool.archdsl.limits]
    retry-amplification = 10       # U004
    chain-depth = 5                # U007
    coupling = 8                   # D004
    [tool.archdsl.defaults]
    zone = "99.95%"                # availability of one zone
    [tool.archdsl.defaults.sla]    # availability of one copy, per kind, when `sla` is unset
    service = "99.5%"
"""

from __future__ import annotations

import contextlib
import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from archdsl.findings import Severity
from archdsl.model.kinds import ELEMENT_KINDS, ElementKind
from archdsl.safe_read import read_regular_file

MAX_CONFIG_BYTES = 1024 * 1024

DEFAULT_LIMITS = {"retry-amplification": 10.0, "chain-depth": 5.0, "coupling": 8.0}
DEFAULT_COPY_SLA = 0.995
DEFAULT_EXTERNAL_SLA = 0.999
DEFAULT_ZONE_AVAILABILITY = 0.9995
_TOP_KEYS = {"select", "ignore", "fail-on", "severity", "limits", "defaults", "root"}
_FAIL_ON = ("error", "warning", "info", "never")


class ConfigError(Exception):
    """Broken configuration: archdsl cannot do its job (exit code 2)."""


def _default_sla() -> dict[str, float]:
    return {
        kind: (DEFAULT_EXTERNAL_SLA if kind == ElementKind.EXTERNAL else DEFAULT_COPY_SLA)
        for kind in ELEMENT_KINDS
    }


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    severity: dict[str, Severity] = field(default_factory=dict)
    limits: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    sla: dict[str, float] = field(default_factory=_default_sla)
    zone_availability: float = DEFAULT_ZONE_AVAILABILITY
    root: Path | None = None
    source: Path | None = None  # the file it came from

    def copy_sla(self, kind: str) -> float:
        """Availability assumed for one copy of a component of `kind` without `sla`."""
        return self.sla.get(kind, DEFAULT_COPY_SLA)

    def with_options(self, **changes) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def find_config(start: Path | None = None) -> Path | None:
    """archdsl.toml, or a pyproject.toml with [tool.archdsl], from `start` upwards."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / "archdsl.toml"
        if own.exists():  # a FIFO or folder of that name is reported, not skipped
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _declares_archdsl(pyproject):
            return pyproject
    return None


def _read(path: Path) -> dict:
    try:
        text = read_regular_file(path, MAX_CONFIG_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ConfigError(f"{path}: cannot read the configuration: {reason}") from error
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    except ValueError as error:  # an integer of more than 4,300 digits
        raise ConfigError(f"{path}: not a usable configuration: {error}") from error
    except RecursionError as error:
        raise ConfigError(f"{path}: not a usable configuration: nested too deeply") from error


def _declares_archdsl(pyproject: Path) -> bool:
    """Whether a pyproject.toml found on the way up has a [tool.archdsl] table. One that cannot
    be read is someone else's problem unless it mentions tool.archdsl (then it is ours)."""
    try:
        return "archdsl" in _read(pyproject).get("tool", {})
    except ConfigError:
        try:
            text = read_regular_file(pyproject, MAX_CONFIG_BYTES).decode("utf-8", "replace")
        except OSError:
            return False
        if "tool.archdsl" in text:
            raise
        return False


def load_config(path: Path | None = None, known_rules=None) -> Config:
    """The configuration in `path`, or the one found upwards, or the defaults."""
    path = path or find_config()
    if path is None:
        return Config()
    if not path.exists():
        raise ConfigError(f"{path}: no such configuration file")
    document = _read(path)
    table = (
        document.get("tool", {}).get("archdsl", {}) if path.name == "pyproject.toml" else document
    )
    return parse_config(table, path, known_rules)


def _percent(value, key: str, path: Path) -> float:
    if isinstance(value, str) and value.endswith("%"):
        with contextlib.suppress(ValueError):
            value = float(value[:-1]) / 100
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1:
        return float(value)
    raise ConfigError(
        f'{path}: `{key}` must be a percent such as "99.9%" (or a fraction), got {value!r}'
    )


def _names(value, key: str, path: Path, known_rules) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: `{key}` must be a list of rule codes, prefixes or slugs")
    if known_rules is not None:
        for name in value:
            if not known_rules(name):
                raise ConfigError(f"{path}: `{key}` names unknown rule `{name}`")
    return tuple(value)


def parse_config(table: dict, path: Path, known_rules=None) -> Config:
    """Validate one `[tool.archdsl]` table; `known_rules(name)` says whether a selector is valid."""
    unknown = set(table) - _TOP_KEYS
    if unknown:
        raise ConfigError(
            f"{path}: unknown key `{sorted(unknown)[0]}` in the archdsl configuration "
            f"(known: {', '.join(sorted(_TOP_KEYS))})"
        )
    config = Config(source=path)
    changes: dict = {}
    if "select" in table:
        changes["select"] = _names(table["select"], "select", path, known_rules)
    if "ignore" in table:
        changes["ignore"] = _names(table["ignore"], "ignore", path, known_rules)
    if "fail-on" in table:
        if table["fail-on"] not in _FAIL_ON:
            raise ConfigError(f"{path}: `fail-on` must be one of {', '.join(_FAIL_ON)}")
        changes["fail_on"] = table["fail-on"]
    if "severity" in table:
        changes["severity"] = _severities(table["severity"], path, known_rules)
    if "limits" in table:
        changes["limits"] = _limits(table["limits"], path)
    if "defaults" in table:
        changes.update(_defaults(table["defaults"], path))
    if "root" in table:
        if not isinstance(table["root"], str) or not table["root"] or "\0" in table["root"]:
            raise ConfigError(f"{path}: `root` must be a path")
        changes["root"] = (path.parent / table["root"]).resolve()
    return replace(config, **changes)


def _severities(table, path: Path, known_rules) -> dict[str, Severity]:
    if not isinstance(table, dict):
        raise ConfigError(f'{path}: `severity` must be a table of rule = "error|warning|info"')
    result = {}
    for name, level in table.items():
        if known_rules is not None and not known_rules(name):
            raise ConfigError(f"{path}: unknown rule `{name}` in `severity`")
        if _is_model_error_selector(name):
            raise ConfigError(
                f"{path}: `severity` cannot change `{name}`: problems in the model itself "
                "(E-codes) are always errors"
            )
        if level not in ("error", "warning", "info"):
            raise ConfigError(
                f"{path}: severity of `{name}` must be error, warning or info, got {level!r}"
            )
        result[name] = Severity(level)
    return result


def _limits(table, path: Path) -> dict[str, float]:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: `limits` must be a table")
    limits = dict(DEFAULT_LIMITS)
    for key, value in table.items():
        if key not in DEFAULT_LIMITS:
            raise ConfigError(
                f"{path}: unknown key `limits.{key}` (known: {', '.join(DEFAULT_LIMITS)})"
            )
        if not _finite_number(value) or value < 1:
            raise ConfigError(f"{path}: `limits.{key}` must be a number >= 1, got {value!r:.40}")
        limits[key] = float(value)
    return limits


def _finite_number(value) -> bool:
    """An int or float that converts to a finite float (not nan, inf, or a 400-digit int)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def _is_model_error_selector(name: str) -> bool:
    from archdsl.diagnostics import MODEL_SLUGS

    return bool(re.fullmatch(r"E\d{0,3}", name.upper())) or name in MODEL_SLUGS


def _defaults(table, path: Path) -> dict:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: `defaults` must be a table")
    changes: dict = {}
    for key, value in table.items():
        if key == "zone":
            changes["zone_availability"] = _percent(value, "defaults.zone", path)
        elif key == "sla":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: `defaults.sla` must be a table of kind = percent")
            sla = _default_sla()
            for kind, percent in value.items():
                if kind not in ELEMENT_KINDS:
                    raise ConfigError(f"{path}: unknown kind `defaults.sla.{kind}`")
                sla[kind] = _percent(percent, f"defaults.sla.{kind}", path)
            changes["sla"] = sla
        else:
            raise ConfigError(f"{path}: unknown key `defaults.{key}` (known: sla, zone)")
    return changes
