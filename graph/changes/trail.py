"""The audit trail of one entity: the AuditEvents that CONCERN it, newest first, keyset-paged.

The entity is found by a UNION of index seeks, one per label on its API key (household `id`,
cadre or person `uid`, team `id`, village or township `code`, unit `name`, …), never a label scan.
Outside the county scope only entities placed in the scope's villages are found (households,
villages, teams); cadres and units span places and need the county scope.
"""

from __future__ import annotations

import datetime as dt

from neo4j import AsyncDriver, RoutingControl

from graph.changes.lookup import IN_SCOPE
from graph.listing import Listing, Page, PageRequest, fetch_page
from graph.migrate import KEYS
from graph.scope import Scope

# The API key of every keyed label (identity numbers are never one: cadres and persons go by uid).
API_KEYS = {
    label: "uid" if key == "idNumber" else key for label, key in KEYS.items() if label != "AuditEvent"
}

_SEEKS = " UNION ".join(
    f"MATCH (x:{label} {{{key}: $entityId}}) RETURN x" for label, key in sorted(API_KEYS.items())
)

# Placed entities reach their village in at most one step (the village itself, IN_VILLAGE, STATIONED_IN).
_PLACED = (
    "($scopeVillage IS NULL AND $scopeTownship IS NULL) OR EXISTS { "
    "MATCH (x)-[:IN_VILLAGE|STATIONED_IN*0..1]->(v:Village)-[:IN_TOWNSHIP]->(t:Township) "
    f"WHERE {IN_SCOPE} }}"
)

ENTITY = f"CALL () {{ {_SEEKS} }} WITH x WHERE {_PLACED}"

# Newest first; `at` as an integer (nanoseconds since the epoch) so that a cursor can carry it.
TRAIL = Listing(
    match=f"{ENTITY} MATCH (x)<-[:CONCERNS]-(e:AuditEvent) WITH DISTINCT e AS n",
    key="n.id",
    sorts={"AT": "n.at.epochSeconds * 1000000000 + n.at.nanosecond"},
)

# From the first instant of `from` to the last of `to` (UTC days).
_FROM = "n.at >= datetime({date: $from, timezone: 'UTC'})"
_TO = "n.at < datetime({date: $to, timezone: 'UTC'}) + duration('P1D')"


async def events(
    driver: AsyncDriver,
    database: str,
    scope: Scope,
    entity_id: str,
    since: dt.date | None,
    until: dt.date | None,
    request: PageRequest,
) -> Page:
    conditions = [c for c, given in ((_FROM, since), (_TO, until)) if given is not None]
    params = {"entityId": entity_id, "from": since, "to": until, **scope.params()}
    return await fetch_page(driver, database, TRAIL, conditions, params, request)


async def exists(driver: AsyncDriver, database: str, scope: Scope, entity_id: str) -> bool:
    records, _, _ = await driver.execute_query(
        f"{ENTITY} RETURN count(x) > 0 AS found",
        {"entityId": entity_id, **scope.params()},
        database_=database,
        routing_=RoutingControl.READ,
    )
    return bool(records[0]["found"])
