"""The complete catalog: the model diagnostics (E-family, reported by the parser, the resolver and
the acceptance check) and every rule family module, plus third-party rules from the
`archdsl.rules` entry-point group."""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

from archdsl.rules.registry import REGISTRY, RegistryError, Rule

FAMILY_MODULES = (
    "archdsl.rules.model_rules",
    "archdsl.rules.resilience",
    "archdsl.rules.unbounded",
    "archdsl.rules.failure",
    "archdsl.rules.security",
    "archdsl.rules.security_data",
    "archdsl.rules.scaling",
    "archdsl.rules.design",
)
_loaded = False


def load_rules() -> None:
    """Import every built-in rule module and registered plugin once."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in FAMILY_MODULES:
        importlib.import_module(module)
    for entry in entry_points(group="archdsl.rules"):
        try:
            entry.load()
        except RegistryError:
            raise
        except Exception as error:  # a broken plugin must not take the built-in rules down
            raise RegistryError(f"rule plugin {entry.name!r} failed to load: {error}") from error


def all_rules() -> list[Rule]:
    load_rules()
    return list(REGISTRY)
