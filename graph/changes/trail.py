"""The audit trail of one entity: the AuditEvents that CONCERN it, newest first, keyset-paged.

The entity is found by a UNION of index seeks, one per label on its API key (household `id`,
cadre or person `uid`, team `id`, village or township `code`, unit `name`, …), never a label scan.
Only an entity inside the caller's reach is found (graph/reach.py); units and policies are in
every reach.
"""

from __future__ import annotations

import datetime as dt

from neo4j import AsyncDriver

from graph import reads
from graph.listing import Listing, Page, PageRequest, fetch_page
from graph.migrate import KEYS
from graph.reach import RESTRICTED, Reach

# The API key of every keyed label (identity numbers are never one: cadres and persons go by uid).
API_KEYS = {
    label: "uid" if key == "idNumber" else key for label, key in KEYS.items() if label != "AuditEvent"
}

_SEEKS = " UNION ".join(
    f"MATCH (x:{label} {{{key}: $entityId}}) RETURN x" for label, key in sorted(API_KEYS.items())
)


def entity(reach: Reach) -> str:
    """The entity named by $entityId, if it lies in the caller's reach (unrestricted labels, such as
    units and policies, lie in every reach)."""
    seen = " OR ".join(f"(x:{label} AND {reach.sees(label, 'x')})" for label in sorted(RESTRICTED))
    unrestricted = " AND ".join(f"NOT x:{label}" for label in sorted(RESTRICTED))
    return f"CALL () {{ {_SEEKS} }} WITH x WHERE ({unrestricted}) OR {seen}"


def trail(reach: Reach) -> Listing:
    """Newest first; `at` as an integer (nanoseconds since the epoch) so that a cursor can carry it."""
    return Listing(
        match=f"{entity(reach)} MATCH (x)<-[:CONCERNS]-(e:AuditEvent) WITH DISTINCT e AS n",
        key="n.id",
        sorts={"AT": "n.at.epochSeconds * 1000000000 + n.at.nanosecond"},
    )


# From the first instant of `from` to the last of `to` (UTC days).
_FROM = "n.at >= datetime({date: $from, timezone: 'UTC'})"
_TO = "n.at < datetime({date: $to, timezone: 'UTC'}) + duration('P1D')"
_OPERATIONS = "n.operation IN $operations"
# A read of personal data (graph/audit.py record_disclosure) is an event, but no change.
READ = "readPersonalData"
_NO_READS = f"n.operation <> '{READ}'"


async def events(
    driver: AsyncDriver,
    database: str,
    reach: Reach,
    entity_id: str,
    since: dt.date | None,
    until: dt.date | None,
    request: PageRequest,
    operations: list[str] | None = None,
    exclude_reads: bool = False,
) -> Page:
    """Its events between the days given, of the `operations` given (all by default), reads of
    personal data left out when `exclude_reads`."""
    given = ((_FROM, since), (_TO, until), (_OPERATIONS, operations), (_NO_READS, exclude_reads or None))
    conditions = [c for c, value in given if value is not None]
    params = {"entityId": entity_id, "from": since, "to": until, "operations": operations, **reach.params()}
    return await fetch_page(driver, database, trail(reach), conditions, params, request)


async def exists(driver: AsyncDriver, database: str, reach: Reach, entity_id: str) -> bool:
    records = await reads.read(
        driver,
        database,
        f"{entity(reach)} RETURN count(x) > 0 AS found",
        {"entityId": entity_id, **reach.params()},
    )
    return bool(records[0]["found"])
