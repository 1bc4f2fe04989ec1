"""Plain values out of Neo4j: temporal types become `datetime` ones so no layer above sees the driver."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j.time import Date, DateTime

Props = dict[str, Any]


_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:  # most values: no isinstance chain for them
        return value
    if kind is dict:
        return {key: item if type(item) in _SCALARS else plain(item) for key, item in value.items()}
    if kind is list:
        return [plain(item) for item in value]
    if isinstance(value, Date | DateTime):
        return value.to_native()
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    return value
