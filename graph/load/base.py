"""Types shared by the loader: a roster row that passed the reference checks, and a write pass."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.names import with_keys
from graph.rosters import ParsedRow

Params = dict[str, Any]


@dataclass
class Checked:
    """A good row whose references exist; `resolved` holds what the check found for them
    (`villageCode` of a 乡镇+村 pair, `teamId`, the cadre of a 钉钉账号 …)."""

    row: ParsedRow
    resolved: dict[str, Any] = field(default_factory=dict)

    @property
    def values(self) -> dict[str, Any]:
        return self.row.values

    def get(self, name: str) -> Any:
        return self.resolved.get(name, self.row.values.get(name))


Builder = Callable[[list[Checked]], list[Params]]


# Planning one of these statements costs a few hundred ms. Neo4j plans it again whenever the
# label counts have moved far since (the load itself moves them: an emptied or growing
# database), so that a load would replan its statements every few batches. Their plans do not
# depend on those counts (every node is found by a unique key), hence: plan once, reuse.
PLAN_ONCE = "CYPHER replan=skip\n"


@dataclass(frozen=True)
class Pass:
    """One parameterised statement run over a roster in batches; `build` gives its `$rows`.
    A roster has several passes when some nodes must exist before its relationships do."""

    cypher: str
    build: Builder

    def __post_init__(self) -> None:
        if not self.cypher.startswith(PLAN_ONCE):
            object.__setattr__(self, "cypher", PLAN_ONCE + self.cypher)


def props(row: Checked, names: Iterable[str]) -> Params:
    """The row's values for `names` that the file has a column for (None clears a property)."""
    values = row.row.values
    # A name is stored with its pinyin sort key (core/names.py).
    return with_keys({name: values[name] for name in names if name in values})


def first_of(rows: list[Checked], key: Callable[[Checked], Any]) -> list[tuple[int, Checked]]:
    """One (index, row) per distinct key, the first row having it: shared nodes (a township, a
    work team) are written once and their changes counted on that row."""
    seen: dict[Any, tuple[int, Checked]] = {}
    for i, row in enumerate(rows):
        k = key(row)
        if k is not None:
            seen.setdefault(k, (i, row))
    return list(seen.values())


def stable_id(*parts: object) -> str:
    """A deterministic id for entities without a natural key (visits, benefits, loans,
    attendance): the first 16 hex digits of the SHA-1 of the natural fields, so reruns MERGE.
    (Inlined: it runs once per row of the largest rosters.)"""
    text = "\x1f".join(
        "" if part is None else part.isoformat() if isinstance(part, date) else str(part) for part in parts
    )
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
