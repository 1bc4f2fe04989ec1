"""Generic reads shared by every domain: list with filters, look up by key, load a relation in batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from neo4j import AsyncDriver

from graph.listing import Listing, Page, PageRequest, fetch_page, projected
from graph.rows import Props, plain
from graph.together import Read, Reader, direct

if TYPE_CHECKING:  # graph/reach.py renders its predicates with `active`
    from graph.reach import Reach


@dataclass(frozen=True)
class Entity:
    label: str
    key: str  # property that the API looks the entity up by
    listing: Listing
    filters: Mapping[str, str] = field(default_factory=dict)  # filter name -> condition on n
    anchors: Mapping[str, str] = field(default_factory=dict)  # filter name -> better MATCH
    listed: str = ""  # a condition on n every listing adds (a household off the register is not listed)
    params: Mapping[str, Any] = field(default_factory=dict)  # parameters a filter not given defaults to


# A relation field's statement, `UNWIND $keys AS key … RETURN key, collect(…) AS items`, rendered
# for the caller's reach: every node it returns that the reach restricts carries `reach.sees`.
Relation = Callable[["Reach"], str]


# A relation as an expression of one node: `nested(reach, var, items)` is the list of the related
# rows of node `var`, each a map of `items` (".*", or the properties a query selects and the nested
# relations read with them: resolvers/prefetch.py). `batched` makes it a DataLoader's statement.
Nested = Callable[["Reach", str, str], str]


def batched(label: str, key: str, nested: Nested, items: str = ".*") -> Relation:
    """The relation statement of `nested` for the nodes of `label` whose `key` is in $keys."""

    def render(reach: Reach) -> str:
        found = nested(reach, "x", items)
        return f"UNWIND $keys AS key MATCH (x:{label} {{{key}: key}}) RETURN key, {found} AS items"

    return render


def fixed(statement: str) -> Relation:
    """A relation statement that returns no node a reach restricts (units, policies, cards, counts)."""

    def render(_: Reach) -> str:
        return statement

    return render


def active(rel: str, day: str = "$asOf") -> str:
    """Relationship `rel` is active on `day` (a Cypher expression): since <= day < until
    (docs/model.md; the end day belongs to the successor)."""
    return f"{rel}.since <= {day} AND ({rel}.until IS NULL OR {rel}.until > {day})"


async def list_entities(
    driver: AsyncDriver,
    database: str,
    entity: Entity,
    filters: Mapping[str, Any],
    request: PageRequest,
    reach: Reach,
    reader: Reader | None = None,
) -> Page:
    given = {name: value for name, value in filters.items() if value is not None}
    unknown = set(given) - set(entity.filters) - set(entity.anchors)
    if unknown:
        raise ValueError(f"unknown filters for {entity.label}: {sorted(unknown)}")
    conditions = [entity.filters[name] for name in given if name in entity.filters]
    conditions.append(reach.sees(entity.label, "n"))
    if entity.listed:
        conditions.append(entity.listed)
    # The first anchoring filter starts the match from an index seek instead of a label scan.
    anchor = next((entity.anchors[name] for name in given if name in entity.anchors), None)
    params = {**entity.params, **given, **reach.params()}
    return await fetch_page(driver, database, entity.listing, conditions, params, request, anchor, reader)


async def by_keys(
    driver: AsyncDriver,
    database: str,
    entity: Entity,
    keys: Sequence[Any],
    reach: Reach,
    nested: str = "",
    reader: Reader | None = None,
    fields: tuple[str, ...] | None = None,
) -> list[Props | None]:
    """One round trip for many keys, in the order asked (a DataLoader's batch function); a key
    the caller may not see is answered like one that names nothing. `nested`: map items to add to
    an entity projected whole (its relations read with it: resolvers/prefetch.py); `fields`: the
    properties it is projected to (all when None), as for a list. `reader`: as for `fetch_page`."""
    projection = projected(entity.listing, fields, nested)
    read = Read(
        f"UNWIND $keys AS key MATCH (n:{entity.label} {{{entity.key}: key}}) "
        f"WHERE {reach.sees(entity.label, 'n')} "
        f"RETURN key, {projection} AS node",
        {"keys": list(keys), **reach.params()},
        ("key", "node"),
    )
    records = await (reader or direct(driver, database))(read)
    found = {record["key"]: plain(record["node"]) for record in records}
    return [found.get(key) for key in keys]


async def related(
    driver: AsyncDriver,
    database: str,
    relation: Relation,
    keys: Sequence[Any],
    as_of: dt.date | None,
    reach: Reach,
    reader: Reader | None = None,
) -> list[list[Props]]:
    """Run a relation's statement, rendered for `reach`, for a DataLoader's keys (`reader`: as for
    `fetch_page`)."""
    read = Read(
        relation(reach),
        {"keys": list(keys), "asOf": as_of or dt.date.today(), **reach.params()},
        ("key", "items"),
    )
    records = await (reader or direct(driver, database))(read)
    found = {record["key"]: plain(record["items"]) for record in records}
    return [found.get(key, []) for key in keys]


def write_lock(var: str) -> str:
    """A clause that write-locks node `var` before the statement reads on, so that two changes of it
    serialize (the property it sets is removed in the same clause: nothing is left)."""
    return f"SET {var}._lock = true REMOVE {var}._lock"
