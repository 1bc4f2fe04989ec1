"""Finding the entities a change is about, inside the caller's scope: outside it they are not found.

Each lookup locks what it finds (a write of a property onto itself takes the node's write lock), so
two changes of one household or loan run one after the other and the second sees the first's result.
"""

from __future__ import annotations

from typing import Any

from neo4j import AsyncManagedTransaction

from fupin.errors import NotFound
from graph.changes.lookup import IN_SCOPE
from graph.records import Props, plain
from graph.scope import Scope

# S1: cards as county staff name them.
CARD_NAMES = {"RED": "红卡", "YELLOW": "黄卡", "GREEN": "绿卡"}

_HOUSEHOLD = f"""MATCH (h:Household {{id: $householdId}})-[:IN_VILLAGE]->(v:Village)
      -[:IN_TOWNSHIP]->(t:Township)
WHERE {IN_SCOPE}
SET h.id = h.id
RETURN elementId(h) AS node, h {{.*}} AS props,
       COLLECT {{ MATCH (h)-[c:HAS_CARD]->(k:Card) WHERE c.until IS NULL
                 RETURN {{color: k.color, since: c.since, until: c.until, reason: c.reason}}
                 ORDER BY c.since DESC LIMIT 1 }}[0] AS openCard
"""

# A cadre is in a township's or village's scope when paired with one of its households or a member
# of a team stationed there (both active today); every cadre is in the county's.
_CADRE = f"""MATCH (c:Cadre {{uid: $cadreId}})
WHERE ($scopeVillage IS NULL AND $scopeTownship IS NULL)
   OR EXISTS {{ (c)-[r:PAIRED_WITH]->(:Household)-[:IN_VILLAGE]->(v:Village)-[:IN_TOWNSHIP]->(t:Township)
               WHERE r.until IS NULL AND {IN_SCOPE} }}
   OR EXISTS {{ (c)-[m:MEMBER_OF]->(:WorkTeam)-[s:STATIONED_IN]->(v:Village)-[:IN_TOWNSHIP]->(t:Township)
               WHERE m.until IS NULL AND s.until IS NULL AND {IN_SCOPE} }}
SET c.uid = c.uid
RETURN elementId(c) AS node, c {{.*}} AS props
"""


async def _one(
    tx: AsyncManagedTransaction, statement: str, scope: Scope, **params: Any
) -> dict[str, Any] | None:
    result = await tx.run(statement, {**scope.params(), **params})
    record = await result.single()
    return None if record is None else {key: plain(value) for key, value in record.items()}


async def household(tx: AsyncManagedTransaction, scope: Scope, household_id: str) -> dict[str, Any]:
    """The household (`node`: its elementId, `props`, `openCard`: its open HAS_CARD period or null)."""
    found = await _one(tx, _HOUSEHOLD, scope, householdId=household_id)
    if found is None:
        raise NotFound(f"户编号 {household_id} 不存在或不在您的管辖范围内", argument="householdId")
    return found


async def cadre(tx: AsyncManagedTransaction, scope: Scope, cadre_id: str) -> dict[str, Any]:
    found = await _one(tx, _CADRE, scope, cadreId=cadre_id)
    if found is None:
        raise NotFound(f"帮扶干部 {cadre_id} 不存在或不在您的管辖范围内", argument="cadreId")
    return found


async def node(
    tx: AsyncManagedTransaction, scope: Scope, statement: str, what: str, argument: str, **params: Any
) -> dict[str, Any]:
    """A node found by `statement` (which binds v and t, filters on IN_SCOPE and returns node and
    props); NOT_FOUND naming `what` otherwise."""
    found = await _one(tx, statement, scope, **params)
    if found is None:
        raise NotFound(f"{what} 不存在或不在您的管辖范围内", argument=argument)
    return found


def props(found: dict[str, Any]) -> Props:
    value: Props = found["props"]
    return value
