"""The complete catalog: the model diagnostics (E-family, reported by the parser, the resolver and
the acceptance check) and every rule family module, plus third-party rules from the
`archdsl.rules` entry-point group.

Loading is all or nothing, once per process, under a lock: a second thread waits for the first
to finish instead of running half the catalog, and a failed load (a broken module or plugin)
leaves nothing half-registered, so the next call tries again from the same start.
"""

from __future__ import annotations

import importlib
import sys
import threading
from importlib.metadata import entry_points

from archdsl.rules.registry import REGISTRY, RegistryError, Rule

FAMILY_MODULES: tuple[str, ...] = (
    "archdsl.rules.model_rules",
    "archdsl.rules.resilience",
    "archdsl.rules.unbounded",
    "archdsl.rules.failure",
    "archdsl.rules.security",
    "archdsl.rules.security_data",
    "archdsl.rules.scaling",
    "archdsl.rules.design",
)
_lock = threading.Lock()
_loaded = False  # set only once every module and plugin has loaded


def load_rules() -> None:
    """Import every built-in rule module and registered plugin, once; raise (and keep nothing of
    this attempt) if one fails."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        _load_all()
        _loaded = True


def _load_all() -> None:
    before = REGISTRY.snapshot()
    imported: list[str] = []  # modules this attempt executes (imported for the first time)

    def load_module(name: str) -> None:
        if name not in sys.modules:
            imported.append(name)
        importlib.import_module(name)

    try:
        for module in FAMILY_MODULES:
            load_module(module)
        for entry in entry_points(group="archdsl.rules"):
            try:
                load_module(entry.module)
                entry.load()
            except RegistryError:
                raise
            except Exception as error:  # a broken plugin must not take the built-in rules down
                raise RegistryError(
                    f"rule plugin {entry.name!r} failed to load: {error}"
                ) from error
    except BaseException:
        # Forget this attempt's rules and modules, so that the next call imports them again
        # and registers each rule once (a module that imported fine would not run again).
        REGISTRY.restore(before)
        for name in imported:
            sys.modules.pop(name, None)
        raise


def all_rules() -> list[Rule]:
    load_rules()
    return list(REGISTRY)
