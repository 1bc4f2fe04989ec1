"""Audit events (docs/model.md): written in the same transaction as the change they record.

A mutation's transaction function does its checks and writes, collects a `Change` per node it
changed (before and after, as property maps with personal fields left out), then calls `record`.
If anything raises before the transaction commits, neither the change nor its event exists.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncManagedTransaction

from core.principal import Principal

T = TypeVar("T")

# Never written into an event: personal data (identity and phone numbers) and internal ids.
_HIDDEN = frozenset({"idNumber", "headIdNumber", "phone", "infoOfficerPhone"})


@dataclass(frozen=True)
class Change:
    entity: str  # label, e.g. "Household", or a relationship, e.g. "PAIRED_WITH"
    key: str  # the API id of the entity (household id, cadre uid, team id, …)
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class Event:
    operation: str  # the mutation's GraphQL name, e.g. "pairCadre"
    inputs: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)  # elementId() of every node it is about


def json_text(value: Any) -> str:
    """`value` as the JSON text an event holds (dates in ISO form)."""

    def default(item: Any) -> Any:
        if isinstance(item, dt.date | dt.datetime):
            return item.isoformat()
        to_native = getattr(item, "to_native", None)  # neo4j.time values
        if to_native is not None:
            return to_native().isoformat()
        return str(item)

    return json.dumps(value, ensure_ascii=False, default=default, sort_keys=True)


def _visible(props: dict[str, Any] | None) -> dict[str, Any] | None:
    if props is None:
        return None
    return {k: v for k, v in props.items() if k not in _HIDDEN}


_RECORD = """
CREATE (e:AuditEvent {id: randomUUID(), at: datetime(), actor: $actor, role: $role,
                      operation: $operation, requestId: $requestId, inputs: $inputs, changes: $changes})
WITH e
CALL (e) {
  UNWIND $concerns AS elementId
  MATCH (n) WHERE elementId(n) = elementId
  MERGE (e)-[:CONCERNS]->(n)
}
RETURN e.id AS id
"""


async def record(tx: AsyncManagedTransaction, principal: Principal, request_id: str, event: Event) -> str:
    """Write `event` inside `tx`; returns the event's id."""
    changes = [
        {"entity": c.entity, "key": c.key, "before": _visible(c.before), "after": _visible(c.after)}
        for c in event.changes
    ]
    result = await tx.run(
        _RECORD,
        actor=principal.subject,
        role=principal.role.value,
        operation=event.operation,
        requestId=request_id,
        inputs=json_text(_visible(event.inputs)),
        changes=json_text(changes),
        concerns=sorted(set(event.concerns)),
    )
    row = await result.single(strict=True)
    return str(row["id"])


async def audited(
    driver: AsyncDriver,
    database: str,
    principal: Principal,
    request_id: str,
    work: Callable[[AsyncManagedTransaction], Awaitable[tuple[T, Event]]],
) -> T:
    """Run `work` and record its event in one write transaction: all of it commits, or none.

    `work` raises (e.g. `core.errors.RuleRefusal`) to refuse; the driver retries it whole on
    transient errors such as a deadlock between concurrent changes.
    """

    async def unit(tx: AsyncManagedTransaction) -> T:
        result, event = await work(tx)
        await record(tx, principal, request_id, event)
        return result

    async with driver.session(database=database) as session:
        return await session.execute_write(unit)


_DISCLOSURE = """
CREATE (e:AuditEvent {id: randomUUID(), at: datetime(), actor: $actor, role: $role,
                      operation: 'readPersonalData', requestId: $requestId, inputs: $inputs, changes: '[]'})
WITH e
CALL (e) { UNWIND $keys AS k MATCH (n:Person {uid: k}) MERGE (e)-[:CONCERNS]->(n) }
CALL (e) { UNWIND $keys AS k MATCH (n:Cadre {uid: k}) MERGE (e)-[:CONCERNS]->(n) }
CALL (e) { UNWIND $keys AS k MATCH (n:Household {id: k}) MERGE (e)-[:CONCERNS]->(n) }
CALL (e) { UNWIND $keys AS k MATCH (n:Village {code: k}) MERGE (e)-[:CONCERNS]->(n) }
RETURN e.id AS id
"""


async def record_disclosure(
    driver: AsyncDriver,
    database: str,
    principal: Principal,
    request_id: str,
    operation: str | None,
    shown: list[tuple[str, str]],
) -> None:
    """Issue #7: a response that showed identity or phone numbers unmasked is an audit event,
    naming whose (API ids, or the response path where none was selected) and which field — never
    the numbers — and CONCERNING each person, cadre, household or village named."""
    await driver.execute_query(
        _DISCLOSURE,
        actor=principal.subject,
        role=principal.role.value,
        requestId=request_id,
        inputs=json_text({"operation": operation, "shown": [f"{whose}.{field}" for whose, field in shown]}),
        keys=sorted({whose for whose, _ in shown}),
        database_=database,
    )
