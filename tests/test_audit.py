"""Audit events commit with their change, or not at all (graph/audit.py)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction

from core.errors import RuleRefusal
from core.principal import Principal, Role
from graph.audit import Change, Event, audited
from graph.connection import async_driver

OFFICER = Principal(subject="officer-1", role=Role.TOWNSHIP_OFFICER, scope="430624101")


def _run(neo4j_target: Any, work: Any) -> Any:
    async def go() -> Any:
        driver = async_driver(neo4j_target)
        try:
            return await audited(driver, neo4j_target.database, OFFICER, "req-1", work)
        finally:
            await driver.close()

    return asyncio.run(go())


def _rename(refuse: bool) -> Any:
    async def work(tx: AsyncManagedTransaction) -> tuple[str, Event]:
        result = await tx.run(
            "MATCH (h:Household {id: 'H1'}) WITH h, h {.*} AS before SET h.headName = '新名'"
            " RETURN elementId(h) AS node, before, h {.*} AS after"
        )
        row = await result.single(strict=True)
        if refuse:
            raise RuleRefusal("S1", "拒绝")
        change = Change("Household", "H1", dict(row["before"]), dict(row["after"]))
        return "done", Event("renameHead", {"householdId": "H1"}, [change], [row["node"]])

    return work


def test_event_is_written_with_the_change_and_hides_personal_data(db, neo4j_target):
    db.execute_query(
        "CREATE (:Household {id: 'H1', headName: '旧名', headIdNumber: '430624X', phone: '139'})"
    )
    assert _run(neo4j_target, _rename(refuse=False)) == "done"
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEvent)-[:CONCERNS]->(h:Household {id: 'H1'}) RETURN e {.*} AS e, h.headName AS name"
    )
    assert len(records) == 1 and records[0]["name"] == "新名"
    event = records[0]["e"]
    assert (event["actor"], event["role"], event["operation"], event["requestId"]) == (
        "officer-1",
        "TOWNSHIP_OFFICER",
        "renameHead",
        "req-1",
    )
    [change] = json.loads(event["changes"])
    assert change["before"] == {"id": "H1", "headName": "旧名"}
    assert change["after"] == {"id": "H1", "headName": "新名"}
    assert "430624X" not in event["changes"] and "139" not in event["changes"]


def test_a_refusal_writes_neither_the_change_nor_an_event(db, neo4j_target):
    db.execute_query("CREATE (:Household {id: 'H1', headName: '旧名'})")
    with pytest.raises(RuleRefusal):
        _run(neo4j_target, _rename(refuse=True))
    records, _, _ = db.execute_query(
        "MATCH (h:Household {id: 'H1'}) RETURN h.headName AS name, COUNT { (:AuditEvent) } AS events"
    )
    assert (records[0]["name"], records[0]["events"]) == ("旧名", 0)
