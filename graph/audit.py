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
from graph.changes.locks import clauses, params
from graph.reach import Reach

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


# A read's event (a disclosure, an export): what was read, never a number shown. The labels named
# by their API key: those whose nodes carry identity or phone numbers, and townships (exports).
_READ_CONCERNS = (
    ("Person", "uid"),
    ("Cadre", "uid"),
    ("Household", "id"),
    ("Village", "code"),
    ("Township", "code"),
)
_READ_LABELS = tuple(label for label, _ in _READ_CONCERNS)


def _read_event(reach: Reach) -> str:
    """One event for a whole read, CONCERNING each node named that lies in the reader's reach. The
    nodes named are locked first, in the global order of graph/changes/locks.py, as a change's are."""
    concerns = "\n".join(
        f"CALL (e) {{ UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) WHERE {reach.sees(label, 'n')} "
        "MERGE (e)-[:CONCERNS]->(n) }"
        for label, key in _READ_CONCERNS
    )
    return (
        clauses(_READ_LABELS)
        + f"""CREATE (e:AuditEvent {{id: randomUUID(), at: datetime(), actor: $actor, role: $role,
                      operation: $operation, requestId: $requestId, inputs: $inputs, changes: '[]'}})
WITH e
{concerns}
RETURN e.id AS id
"""
    )


async def _record_read(
    driver: AsyncDriver,
    database: str,
    principal: Principal,
    reach: Reach,
    request_id: str,
    operation: str,
    inputs: dict[str, Any],
    keys: list[str],
) -> None:
    await driver.execute_query(
        _read_event(reach),
        actor=principal.subject,
        role=principal.role.value,
        operation=operation,
        requestId=request_id,
        inputs=json_text(inputs),
        keys=sorted(set(keys)),
        database_=database,
        **reach.params(),
        **params({label: set(keys) for label in _READ_LABELS}),
    )


async def record_disclosure(
    driver: AsyncDriver,
    database: str,
    principal: Principal,
    reach: Reach,
    request_id: str,
    operation: str | None,
    shown: list[tuple[str, str]],
) -> None:
    """A response that showed identity or phone numbers unmasked is one audit event, however many
    rows it had: `whose` lists the API ids (or the response path where none was selected), `shown`
    each one's fields — never the numbers — and it CONCERNS each person, cadre, household or
    village named inside the reader's reach (what the response could show)."""
    whose = sorted({who for who, _ in shown})
    inputs = {"operation": operation, "whose": whose, "shown": [f"{who}.{field}" for who, field in shown]}
    await _record_read(driver, database, principal, reach, request_id, "readPersonalData", inputs, whose)


def _hidden_everywhere(value: Any) -> Any:
    """`value` with personal fields left out at any depth (an export's variables may hold one)."""
    if isinstance(value, dict):
        return {k: _hidden_everywhere(v) for k, v in value.items() if k not in _HIDDEN}
    if isinstance(value, list):
        return [_hidden_everywhere(item) for item in value]
    return value


async def record_export(
    driver: AsyncDriver,
    database: str,
    principal: Principal,
    reach: Reach,
    request_id: str,
    inputs: dict[str, Any],
    keys: list[str],
) -> None:
    """An export (a spreadsheet or a printable file) is an audit event with operation `export`:
    `inputs` names what was exported (its kind, query or keys, rows), never a number shown;
    CONCERNING the households, villages or townships named by `keys` inside the caller's reach."""
    visible = _hidden_everywhere(inputs)
    await _record_read(driver, database, principal, reach, request_id, "export", visible, keys)
