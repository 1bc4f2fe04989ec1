"""Finding the nodes a change names, inside its transaction, within the caller's scope.

Households, villages and teams are placed: outside the caller's scope they are not found.
Cadres and units belong to the county (a cadre of a county unit may be paired anywhere), so any
scope may name them; the placed entity of the change carries the scope check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from neo4j import AsyncManagedTransaction

from fupin.errors import NotFound
from graph.audit import Event
from graph.records import Props, plain
from graph.scope import Scope

# A mutation's transaction function: checks, writes, and the event that records them.
Work = Callable[[AsyncManagedTransaction], Awaitable[tuple[Props, Event]]]

# Village `v` in township `t` is inside the scope (the county when both are null).
IN_SCOPE = (
    "($scopeVillage IS NULL OR v.code = $scopeVillage) "
    "AND ($scopeTownship IS NULL OR t.code = $scopeTownship)"
)


async def one(tx: AsyncManagedTransaction, statement: str, **params: Any) -> Props | None:
    """The single row of `statement` as plain values, or None."""
    result = await tx.run(statement, **params)
    record = await result.single()
    return plain(dict(record)) if record is not None else None


async def rows(tx: AsyncManagedTransaction, statement: str, **params: Any) -> list[Props]:
    result = await tx.run(statement, **params)
    return [plain(dict(record)) async for record in result]


async def household(
    tx: AsyncManagedTransaction, scope: Scope, household_id: str, lock: bool = False
) -> Props:
    """`{household, village, node}`; NOT_FOUND outside the scope. With `lock`, write-locked (as `cadre`)."""
    locking = "SET h._lock = true REMOVE h._lock " if lock else ""
    found = await one(
        tx,
        "MATCH (h:Household {id: $id})-[:IN_VILLAGE]->(v:Village)-[:IN_TOWNSHIP]->(t:Township) "
        f"WHERE {IN_SCOPE} {locking}RETURN h {{.*}} AS household, v {{.*}} AS village, elementId(h) AS node",
        id=household_id,
        **scope.params(),
    )
    if found is None:
        raise NotFound(f"未找到户编号为 {household_id} 的贫困户", argument="householdId", id=household_id)
    return found


async def cadre(tx: AsyncManagedTransaction, cadre_id: str, lock: bool = False) -> Props:
    """`{cadre, node}`. With `lock`, the cadre node is write-locked until the transaction ends, so
    concurrent changes of the same cadre run one after the other (W8's count stays true)."""
    # Setting and removing a property takes the node's write lock and leaves it unchanged.
    locking = "SET c._lock = true REMOVE c._lock " if lock else ""
    found = await one(
        tx,
        f"MATCH (c:Cadre {{uid: $id}}) {locking}RETURN c {{.*}} AS cadre, elementId(c) AS node",
        id=cadre_id,
    )
    if found is None:
        raise NotFound(f"未找到编号为 {cadre_id} 的干部", argument="cadreId", id=cadre_id)
    return found


async def team(tx: AsyncManagedTransaction, scope: Scope, team_id: str) -> Props:
    """`{team, village, stationedSince, stationedUntil, node}` of the team's latest stationing;
    NOT_FOUND outside the scope. The team node is write-locked: changes of one team serialize."""
    found = await one(
        tx,
        "MATCH (w:WorkTeam {id: $id})-[s:STATIONED_IN]->(v:Village)-[:IN_TOWNSHIP]->(t:Township) "
        f"WHERE {IN_SCOPE} WITH w, s, v ORDER BY s.since DESC LIMIT 1 "
        "SET w._lock = true REMOVE w._lock "
        "RETURN w {.*} AS team, v {.*} AS village, s.since AS stationedSince, "
        "s.until AS stationedUntil, elementId(w) AS node",
        id=team_id,
        **scope.params(),
    )
    if found is None:
        raise NotFound(f"未找到编号为 {team_id} 的驻村工作队", argument="teamId", id=team_id)
    return found


async def village(tx: AsyncManagedTransaction, scope: Scope, code: str) -> Props:
    found = await one(
        tx,
        "MATCH (v:Village {code: $code})-[:IN_TOWNSHIP]->(t:Township) "
        f"WHERE {IN_SCOPE} RETURN v {{.*}} AS village, elementId(v) AS node",
        code=code,
        **scope.params(),
    )
    if found is None:
        raise NotFound(f"未找到代码为 {code} 的行政村", argument="villageCode", villageCode=code)
    return found


async def unit(tx: AsyncManagedTransaction, name: str, argument: str = "unitName") -> Props:
    found = await one(
        tx, "MATCH (u:Unit {name: $name}) RETURN u {.*} AS unit, elementId(u) AS node", name=name
    )
    if found is None:
        raise NotFound(f"未找到名称为 {name} 的单位", argument=argument, name=name)
    return found
