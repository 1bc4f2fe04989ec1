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
from schema.common import Related, field_props
from schema.household import CardPeriod, Household
from schema.person import Person
from schema.township import Township
from schema.village import Village

# (type, field) -> its relation, the related type, the property the relation is keyed by, and the
# related type's key (which its own relation fields read).
_FIELDS: dict[tuple[type, str], tuple[Related, type, str, str]] = {
    (Household, "members"): (Related.HOUSEHOLD_MEMBERS, Person, "id", "uid"),
    (Household, "village"): (Related.HOUSEHOLD_VILLAGE, Village, "id", "code"),
    (Household, "cardHistory"): (Related.HOUSEHOLD_CARDS, CardPeriod, "id", "color"),
    (Village, "township"): (Related.VILLAGE_TOWNSHIP, Township, "code", "code"),
}
# Each relation's expression and the variable its rows are bound to in it.
_NESTED: dict[Related, tuple[Nested, str]] = {
    Related.HOUSEHOLD_MEMBERS: (household.members_of, "p"),
    Related.HOUSEHOLD_VILLAGE: (village.village_of, "v"),
    Related.HOUSEHOLD_CARDS: (household.cards_of, "c"),
    Related.VILLAGE_TOWNSHIP: (township.township_of, "t"),
}


@dataclass(frozen=True)
class Plan:
    related: Related
    key: str  # the parent's property the relation is keyed by
    shown: str  # the related rows' properties: ".*" or ".a, .b"
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
        related, child, key, child_key = found
        selections = getattr(selection, "selections", [])
        out.append(Plan(related, key, _shown(child, child_key, selections), plan(child, selections)))
    return tuple(out)


def _shown(node: type, key: str, selections: Iterable[Any]) -> str:
    """The properties of `node` that `selections` read (with its key and private fields), or all
    of them when a selection is not one of its fields (a fragment)."""
    props, private = field_props(node)
    names = {key, *private}
    for selection in selections:
        name = getattr(selection, "name", None)
        if name not in props or getattr(selection, "directives", None):
            return ".*"
        names.add(props[name] or key)
    return ", ".join(f".{name}" for name in sorted(names))


def projection(reach: Reach, plans: Sequence[Plan]) -> str:
    """The map items (`, alias: expression`) that read `plans` of the node `n`."""
    return _items(reach, "n", plans)


def _items(reach: Reach, var: str, plans: Sequence[Plan]) -> str:
    items = ""
    for p in plans:
        nested, inner = _NESTED[p.related]
        items += f", {p.alias}: {nested(reach, var, p.shown + _items(reach, inner, p.children))}"
    return items


def prime(context: Context, plans: Sequence[Plan], rows: Iterable[Props]) -> None:
    """Hand each row's related rows (read by `projection`) to the request's DataLoaders."""
    for p in plans:
        for row in rows:
            items = row.pop(p.alias, [])
            context.know(p.related, row[p.key], items)
            prime(context, p.children, items)
