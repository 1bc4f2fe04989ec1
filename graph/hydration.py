"""Dates out of Bolt, decoded from a table instead of by the driver's arithmetic.

The driver (6.x) turns each DATE value into `neo4j.time.Date` by building `Date(1970, 1, 1)`,
taking its ordinal and converting back, about 2 µs a value; a household page holds some 70 dates
(its 30 visits and their cursors, its periods), a list of 1,000 visits twice that many. The same
`Date` made once per day number and kept is 0.05 µs. `Date` values are immutable, so sharing one
between records is safe.

The driver offers no public hook for this: `install` replaces the DATE entry of the hydration
tables of Bolt's handlers (bolt/v1, v2 and v3: protocols 4.4, 5.x and 6.x), and leaves them as they
are if their layout is not the one it knows. tests/test_hydration.py checks that the
values are the driver's own over the range of days a county holds and beyond.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from neo4j.time import Date

# Date(1970, 1, 1).to_ordinal(): Bolt sends a DATE as days since that day.
EPOCH_ORDINAL = 719_163
DATE_TAG = b"D"
# The handler classes whose DATE entry is ours.
_INSTALLED: set[type] = set()


@lru_cache(maxsize=1 << 16)  # about 180 years of distinct days
def hydrate_date(days: int) -> Date:
    return Date.from_ordinal(EPOCH_ORDINAL + days)


def install() -> bool:
    """Our `hydrate_date` in the driver's Bolt hydration handlers; False when their layout is not
    the one known here (they keep the driver's own)."""
    try:
        from neo4j._codec.hydration.bolt.v1 import hydration_handler as v1
        from neo4j._codec.hydration.bolt.v2 import hydration_handler as v2
        from neo4j._codec.hydration.bolt.v3 import hydration_handler as v3
    except ImportError:
        return False
    handlers: tuple[type, ...] = (v1.HydrationHandler, v2.HydrationHandler, v3.HydrationHandler)
    if any(_probe(handler) is None for handler in handlers):
        return False
    for handler in handlers:
        if handler in _INSTALLED:
            continue
        original: Callable[[Any], None] = vars(handler)["__init__"]

        def init(self: Any, original: Callable[[Any], None] = original) -> None:
            original(self)
            self.struct_hydration_functions[DATE_TAG] = hydrate_date

        setattr(handler, "__init__", init)  # noqa: B010 - replacing a method of a class not ours
        _INSTALLED.add(handler)
    return True


def _probe(handler: type) -> Callable[[int], Any] | None:
    """The handler's DATE hydration function, or None when it keeps none where expected."""
    try:
        functions = handler().struct_hydration_functions  # type: ignore[attr-defined]
    except Exception:  # an unknown layout: leave the driver alone
        return None
    found = functions.get(DATE_TAG) if isinstance(functions, dict) else None
    return found if callable(found) else None
