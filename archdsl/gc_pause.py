"""Pause Python's cyclic garbage collector around allocation-heavy phases.

Parsing and resolving allocate hundreds of thousands of small objects and free almost none, so
every automatic collection scans a growing heap for nothing; on a 10,000-component model that
made parsing superlinear. Reference counting still frees what dies; the collector runs again,
as before, when the phase ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block (re-entrant: restores the previous state)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
