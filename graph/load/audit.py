"""A load is one audited operation (docs/model.md, Audit events): its `AuditEvent` (operation
`load`) is opened before the first row is written, with who loaded (`--actor`, else the OS user),
which files, and the day the rosters describe; every statement that creates or changes a row's
household, person, cadre, village, unit or team links the event to it (`CONCERNS`), in the
transaction that writes the row, and the periods of facts it replaces name it (`recordedBy`,
graph/facts.py); once the last roster is written, the event records what each roster did (rows
read, created, changed, unchanged, rejected). `auditTrail` and `householdHistory` then show the
load among the changes of everything it touched."""

from __future__ import annotations

from pathlib import Path

from neo4j import Driver

from graph.audit import json_text
from graph.load.result import LoadResult

OPERATION = "load"
ROLE = "LOADER"  # a load runs from the shell with the database's own credentials, not a token

_OPEN = """CREATE (e:AuditEvent {id: randomUUID(), at: datetime(), actor: $actor, role: $role,
                      operation: $operation, requestId: null, inputs: $inputs, changes: '[]'})
RETURN e.id AS id"""
_CLOSE = "MATCH (e:AuditEvent {id: $event}) SET e.inputs = $inputs"


def concern(touched: str, *nodes: str) -> str:
    """Clauses, in a row's statement after its writes, linking the load's event ($event; none in a
    test's bare write) to `nodes` when the row created or changed something (`touched`, a
    condition)."""
    return (
        "WITH *, "
        + touched
        + " AS touched\n"
        + "".join(
            f"CALL ({node}, touched) {{ WITH * WHERE touched AND $event IS NOT NULL\n"
            f"  MATCH (loadEvent:AuditEvent {{id: $event}}) MERGE (loadEvent)-[:CONCERNS]->({node}) }}\n"
            for node in nodes
        )
    )


def _inputs(files: list[Path], result: LoadResult) -> dict[str, object]:
    return {
        "files": [path.name for path in files],
        "day": result.day,
        "snapshot": result.snapshot,
        "rosters": [
            {
                "roster": roster.name, "file": roster.file, "read": roster.rows_read,
                "created": roster.created, "changed": roster.updated, "unchanged": roster.unchanged,
                "rejected": roster.rejected,
            }
            for roster in result.rosters
        ],
    }  # fmt: skip


def open_event(driver: Driver, database: str, actor: str, files: list[Path], result: LoadResult) -> str:
    """The load's event, before anything is written; returns its id."""
    records, _, _ = driver.execute_query(
        _OPEN,
        actor=actor,
        role=ROLE,
        operation=OPERATION,
        inputs=json_text(_inputs(files, result)),
        database_=database,
    )
    return str(records[0]["id"])


def close_event(driver: Driver, database: str, event: str, files: list[Path], result: LoadResult) -> None:
    """What each roster did, once the load ends (whole or stopped midway)."""
    driver.execute_query(_CLOSE, event=event, inputs=json_text(_inputs(files, result)), database_=database)
