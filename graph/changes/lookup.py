"""Finding the nodes a change names, inside its transaction, within the caller's reach.

Households, villages and teams are placed: outside the caller's reach they are not found, with the
same answer as a key that names nothing. Cadres and units belong to the county (a cadre of a
county unit may be paired anywhere), so any reach may name them and the placed entity of the
change carries the reach check; a change about the cadre itself (a rectification order) asks
`serving_cadre`.

A lookup that locks writes a property onto what it finds (setting and removing one takes the
node's write lock and leaves the node unchanged), so two changes of one household, cadre or loan
run one after the other and the second sees the first's result.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from neo4j import AsyncManagedTransaction

from core.errors import NotFound
from graph.audit import Event
from graph.entities import write_lock
from graph.reach import Reach
from graph.rows import Props, plain

# A mutation's transaction function: checks, writes, and the event that records them.
Work = Callable[[AsyncManagedTransaction], Awaitable[tuple[Props, Event]]]


def _household(reach: Reach) -> str:
    """The household, then (after the lock, when one is asked) what it holds."""
    return f"MATCH (h:Household {{id: $id}}) WHERE {reach.sees('Household', 'h')}\n"


# What a household holds: its open HAS_CARD period (S1), or null.
_HOUSEHOLD_ROW = """RETURN h {.*} AS household, elementId(h) AS node,
       COLLECT { MATCH (h)-[c:HAS_CARD]->(k:Card) WHERE c.until IS NULL
                 RETURN {color: k.color, since: c.since, until: c.until, reason: c.reason}
                 ORDER BY c.since DESC LIMIT 1 }[0] AS openCard
"""


def _cadre(condition: str, seen: str = "true") -> str:
    return f"""MATCH (c:Cadre {{uid: $id}})
WHERE {condition}
{write_lock("c")}
RETURN c {{.*}} AS cadre, elementId(c) AS node, {seen} AS seen
"""


async def one(tx: AsyncManagedTransaction, statement: str, **params: Any) -> Props | None:
    """The single row of `statement` as plain values, or None."""
    result = await tx.run(statement, **params)
    record = await result.single()
    return plain(dict(record)) if record is not None else None


async def rows(tx: AsyncManagedTransaction, statement: str, **params: Any) -> list[Props]:
    result = await tx.run(statement, **params)
    return [plain(dict(record)) async for record in result]


async def household(
    tx: AsyncManagedTransaction, reach: Reach, household_id: str, lock: bool = False
) -> Props:
    """`{household, node, openCard}` (`openCard`: its open HAS_CARD period, or null); NOT_FOUND
    outside the reach. With `lock`, write-locked before it is read."""
    locking = f"{write_lock('h')}\n" if lock else ""
    found = await one(tx, _household(reach) + locking + _HOUSEHOLD_ROW, id=household_id, **reach.params())
    if found is None:
        raise NotFound(
            f"户编号 {household_id} 不存在或不在您的管辖范围内", argument="householdId", id=household_id
        )
    return found


async def cadre(tx: AsyncManagedTransaction, reach: Reach, cadre_id: str) -> Props:
    """`{cadre, node, seen}` of any cadre of the county (a county unit's cadre may be paired or
    stationed anywhere), write-locked until the transaction ends, so concurrent changes of the same
    cadre run one after the other (W8's count stays true). `seen`: whether the caller's reach holds
    it; a refusal names one it does not by the id the caller sent, and tells nothing more of it."""
    return await _found_cadre(tx, _cadre("true", reach.sees("Cadre", "c")), cadre_id, reach.params())


async def seen_cadre(tx: AsyncManagedTransaction, reach: Reach, cadre_id: str) -> Props:
    """`cadre`, for a change that only a cadre already in the reach can concern (ending its pairing
    or stationing there, a visit to one of its households): NOT_FOUND otherwise, as for no cadre."""
    return await _found_cadre(tx, _cadre(reach.sees("Cadre", "c")), cadre_id, reach.params())


def called(cadre: Props) -> str:
    """How a refusal names a cadre found by `cadre`: its name when the caller sees it, else its id."""
    return str(cadre["cadre"]["name"] if cadre["seen"] else cadre["cadre"]["uid"])


async def serving_cadre(tx: AsyncManagedTransaction, reach: Reach, cadre_id: str) -> Props:
    """`cadre`, for a change about the cadre itself: one serving in the reach today
    (`Reach.serves`), NOT_FOUND otherwise."""
    return await _found_cadre(tx, _cadre(reach.serves("c")), cadre_id, reach.params())


async def _found_cadre(tx: AsyncManagedTransaction, statement: str, cadre_id: str, params: Props) -> Props:
    found = await one(tx, statement, id=cadre_id, **params)
    if found is None:
        raise NotFound(f"干部 {cadre_id} 不存在或不在您的管辖范围内", argument="cadreId", id=cadre_id)
    return found


async def node(
    tx: AsyncManagedTransaction, reach: Reach, statement: str, what: str, argument: str, **params: Any
) -> Props:
    """A node found by `statement` (rendered for `reach`, so that it keeps to it; it locks what it
    finds and returns `node` and `props`); NOT_FOUND naming `what` otherwise."""
    found = await one(tx, statement, **reach.params(), **params)
    if found is None:
        raise NotFound(f"{what} 不存在或不在您的管辖范围内", argument=argument)
    return found


def props(found: Props) -> Props:
    """The properties of a node found by `node`."""
    value: Props = found["props"]
    return value


async def team(tx: AsyncManagedTransaction, reach: Reach, team_id: str) -> Props:
    """`{team, village, stationedSince, stationedUntil, node}` of the team's latest stationing;
    NOT_FOUND outside the reach. The team node is write-locked: changes of one team serialize."""
    found = await one(
        tx,
        "MATCH (w:WorkTeam {id: $id})-[s:STATIONED_IN]->(v:Village) "
        f"WHERE {reach.sees('Village', 'v')} WITH w, s, v ORDER BY s.since DESC LIMIT 1 "
        f"{write_lock('w')} "
        "RETURN w {.*} AS team, v {.*} AS village, s.since AS stationedSince, "
        "s.until AS stationedUntil, elementId(w) AS node",
        id=team_id,
        **reach.params(),
    )
    if found is None:
        raise NotFound(f"未找到编号为 {team_id} 的驻村工作队", argument="teamId", id=team_id)
    return found


async def village(
    tx: AsyncManagedTransaction, reach: Reach, code: str, argument: str = "villageCode"
) -> Props:
    found = await one(
        tx,
        f"MATCH (v:Village {{code: $code}}) WHERE {reach.sees('Village', 'v')} "
        "RETURN v {.*} AS village, elementId(v) AS node",
        code=code,
        **reach.params(),
    )
    if found is None:
        raise NotFound(f"未找到代码为 {code} 的行政村", argument=argument, villageCode=code)
    return found


async def unit(tx: AsyncManagedTransaction, name: str, argument: str = "unitName") -> Props:
    found = await one(
        tx, "MATCH (u:Unit {name: $name}) RETURN u {.*} AS unit, elementId(u) AS node", name=name
    )
    if found is None:
        raise NotFound(f"未找到名称为 {name} 的单位", argument=argument, name=name)
    return found
