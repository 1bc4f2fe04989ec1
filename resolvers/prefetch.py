"""Nested relations read in a list's own statement: when a page of households asks for their
`members` or `village` (and the village's `township`), the list statement returns them too and the
request's DataLoaders are primed with them, so the page costs one round trip instead of one per
level. Each is the same expression of the reach its DataLoader's statement runs (graph/entities
`batched`), so what the caller sees does not depend on the path."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from graph import household, township, village
from graph.entities import Nested
from graph.reach import Reach
from graph.rows import Props
from resolvers.context import Context
from schema.common import Related
from schema.household import Household
from schema.person import Person
from schema.township import Township
from schema.village import Village

# (type, field) -> its relation, the related type, and the property the relation is keyed by.
_FIELDS: dict[tuple[type, str], tuple[Related, type, str]] = {
    (Household, "members"): (Related.HOUSEHOLD_MEMBERS, Person, "id"),
    (Household, "village"): (Related.HOUSEHOLD_VILLAGE, Village, "id"),
    (Village, "township"): (Related.VILLAGE_TOWNSHIP, Township, "code"),
}
# Each relation's expression and the variable its rows are bound to in it.
_NESTED: dict[Related, tuple[Nested, str]] = {
    Related.HOUSEHOLD_MEMBERS: (household.members_of, "p"),
    Related.HOUSEHOLD_VILLAGE: (village.village_of, "v"),
    Related.VILLAGE_TOWNSHIP: (township.township_of, "t"),
}


@dataclass(frozen=True)
class Plan:
    related: Related
    key: str  # the parent's property the relation is keyed by
    children: tuple[Plan, ...]

    @property
    def alias(self) -> str:
        return f"_with_{self.related.value}"


def plan(node: type, selections: Iterable[Any]) -> tuple[Plan, ...]:
    """What of `selections` (a node's selected fields) can be read with the node."""
    out: list[Plan] = []
    for selection in selections:
        found = _FIELDS.get((node, getattr(selection, "name", "")))
        if found is None or getattr(selection, "arguments", None) or getattr(selection, "directives", None):
            continue
        related, child, key = found
        out.append(Plan(related, key, plan(child, getattr(selection, "selections", []))))
    return tuple(out)


def projection(reach: Reach, plans: Sequence[Plan]) -> str:
    """The map items (`, alias: expression`) that read `plans` of the node `n`."""
    return _items(reach, "n", plans)


def _items(reach: Reach, var: str, plans: Sequence[Plan]) -> str:
    items = ""
    for p in plans:
        nested, inner = _NESTED[p.related]
        items += f", {p.alias}: {nested(reach, var, _items(reach, inner, p.children))}"
    return items


def prime(context: Context, plans: Sequence[Plan], rows: Iterable[Props]) -> None:
    """Hand each row's related rows (read by `projection`) to the request's DataLoaders."""
    for p in plans:
        loader = context.relation(p.related)
        for row in rows:
            items = row.pop(p.alias, [])
            loader.prime(row[p.key], items)
            prime(context, p.children, items)
