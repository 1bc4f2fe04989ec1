"""Generic reads shared by every domain: list with filters, look up by key, load a relation in batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver, RoutingControl

from graph.listing import Listing, Page, PageRequest, fetch_page
from graph.records import Props, plain
from graph.visibility import COUNTY, Visibility


@dataclass(frozen=True)
class Entity:
    label: str
    key: str  # property that the API looks the entity up by
    listing: Listing
    filters: Mapping[str, str] = field(default_factory=dict)  # filter name -> condition on n
    anchors: Mapping[str, str] = field(default_factory=dict)  # filter name -> better MATCH


# Active on day D: since <= D < until (docs/model.md; the end day belongs to the successor).
ACTIVE = "{r}.since <= $asOf AND ({r}.until IS NULL OR {r}.until > $asOf)"


def active(rel: str) -> str:
    return ACTIVE.format(r=rel)


def active_on(rel: str, day: str) -> str:
    """Active on `day` (a Cypher expression) instead of on $asOf."""
    return active(rel).replace("$asOf", day)


async def list_entities(
    driver: AsyncDriver,
    database: str,
    entity: Entity,
    filters: Mapping[str, Any],
    request: PageRequest,
    visibility: Visibility = COUNTY,
) -> Page:
    given = {name: value for name, value in filters.items() if value is not None}
    unknown = set(given) - set(entity.filters) - set(entity.anchors)
    if unknown:
        raise ValueError(f"unknown filters for {entity.label}: {sorted(unknown)}")
    conditions = [entity.filters[name] for name in given if name in entity.filters]
    conditions.append(visibility.predicate(entity.label, "n"))
    # The first anchoring filter starts the match from an index seek instead of a label scan.
    anchor = next((entity.anchors[name] for name in given if name in entity.anchors), None)
    params = {**given, **visibility.params()}
    return await fetch_page(driver, database, entity.listing, conditions, params, request, anchor)


async def by_keys(
    driver: AsyncDriver,
    database: str,
    entity: Entity,
    keys: Sequence[Any],
    visibility: Visibility = COUNTY,
) -> list[Props | None]:
    """One round trip for many keys, in the order asked (a DataLoader's batch function); a key
    the caller may not see is answered like one that names nothing."""
    records, _, _ = await driver.execute_query(
        f"UNWIND $keys AS key MATCH (n:{entity.label} {{{entity.key}: key}}) "
        f"WHERE {visibility.predicate(entity.label, 'n')} "
        f"RETURN key, {entity.listing.projection} AS node",
        {"keys": list(keys), **visibility.params()},
        database_=database,
        routing_=RoutingControl.READ,
    )
    found = {record["key"]: plain(record["node"]) for record in records}
    return [found.get(key) for key in keys]


async def related(
    driver: AsyncDriver,
    database: str,
    statement: str,
    keys: Sequence[Any],
    as_of: dt.date | None = None,
    visibility: Visibility = COUNTY,
) -> list[list[Props]]:
    """Run a `UNWIND $keys AS key … RETURN key, collect(…) AS items` statement for a DataLoader;
    its `visible(…)` placeholders take the caller's reach."""
    records, _, _ = await driver.execute_query(
        visibility.apply(statement),
        {"keys": list(keys), "asOf": as_of or dt.date.today(), **visibility.params()},
        database_=database,
        routing_=RoutingControl.READ,
    )
    found = {record["key"]: plain(record["items"]) for record in records}
    return [found.get(key, []) for key in keys]


def write_lock(var: str) -> str:
    """A clause that write-locks node `var` before the statement reads on, so that two changes of it
    serialize (the property it sets is removed in the same clause: nothing is left)."""
    return f"SET {var}._lock = true REMOVE {var}._lock"
