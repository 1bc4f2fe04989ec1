"""Run a roster's write passes in batches: one transaction per batch (`execute_write`, so
transient errors and a lost connection are retried by the driver), `UNWIND $rows` in each.

A batch is atomic: when the database refuses it (a uniqueness constraint, a type error) nothing
of it is written; it is then split in halves until the refused rows are alone, and those rows
are rejected with the database's reason while all others are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from neo4j import Driver, ManagedTransaction, Session
from neo4j.exceptions import ConstraintError, CypherTypeError

from graph.load.base import Checked, Params, Pass

MISSING = "写入时找不到此行引用的数据（可能刚被删除），未写入：请重新导入"
REFUSED = "数据库拒绝写入此行"
PHONE_TAKEN = "联系电话已被数据库中另一位帮扶责任人使用（联系电话不能重复）"


class Progress(Protocol):
    def start(self, label: str, total: int) -> None: ...

    def advance(self, rows: int) -> None: ...

    def finish(self) -> None: ...


@dataclass
class Outcome:
    """Per row of the checked list: created, updated (anything it manages changed), unchanged,
    or refused by the database (index → reason)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: dict[int, str] = field(default_factory=dict)


def write(
    driver: Driver,
    database: str,
    passes: tuple[Pass, ...],
    rows: list[Checked],
    day: date,
    batch_size: int,
    progress: Progress,
    label: str,
    event: str | None = None,
) -> Outcome:
    """Write `rows` by `passes` as of `day`; `event`: the id of the load's audit event, which the
    passes record as the author of what they change."""
    created = [False] * len(rows)
    changed = [False] * len(rows)
    outcome = Outcome()
    built = [(step.cypher, step.build(rows)) for step in passes]
    fixed = {"day": day, "event": event}
    progress.start(label, sum(len(params) for _, params in built))
    with driver.session(database=database) as session:
        for cypher, params in built:
            params = [p for p in params if p["i"] not in outcome.refused]
            for start in range(0, len(params), batch_size):
                batch = params[start : start + batch_size]
                for i, was_created, was_changed in _run(session, cypher, batch, fixed, outcome.refused):
                    created[i] = created[i] or was_created
                    changed[i] = changed[i] or was_changed
                progress.advance(len(batch))
    progress.finish()
    for i in range(len(rows)):
        if i in outcome.refused:
            continue
        if created[i]:
            outcome.created += 1
        elif changed[i]:
            outcome.updated += 1
        else:
            outcome.unchanged += 1
    return outcome


def _run(
    session: Session, cypher: str, batch: list[Params], fixed: Params, refused: dict[int, str]
) -> list[tuple[int, bool, bool]]:
    try:
        results = session.execute_write(_batch, cypher, batch, fixed)
    except (ConstraintError, CypherTypeError) as error:
        if len(batch) == 1:
            refused[batch[0]["i"]] = _reason(error)
            return []
        half = len(batch) // 2
        return _run(session, cypher, batch[:half], fixed, refused) + _run(
            session, cypher, batch[half:], fixed, refused
        )
    answered = {i for i, _, _ in results}
    for param in batch:
        if param["i"] not in answered:
            refused[param["i"]] = MISSING
    return results


def _batch(
    tx: ManagedTransaction, cypher: str, batch: list[Params], fixed: Params
) -> list[tuple[int, bool, bool]]:
    """(index, created, changed) of every row the statement reached, from its one record."""
    record = tx.run(cypher, rows=batch, **fixed).single(strict=True)
    created, changed = set(record["created"]), set(record["changed"])
    return [(i, i in created, i in changed) for i in record["rows"]]


def _reason(error: Any) -> str:
    message = str(getattr(error, "message", "") or error)
    if "Cadre" in message and "phone" in message:
        return PHONE_TAKEN
    return f"{REFUSED}：{message}"
