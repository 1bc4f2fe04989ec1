"""The API's reads (graph/reads.py): an auto-commit read, run again through the driver's managed
path when its first try loses its connection; other errors raised as they come."""

from __future__ import annotations

import asyncio

import pytest
from neo4j import Driver
from neo4j.exceptions import CypherSyntaxError

from graph import reads
from graph.connection import Target, async_driver

CONNECTIONS = "CALL dbms.listConnections() YIELD connectionId RETURN collect(connectionId) AS ids"


def _connections(driver: Driver, target: Target) -> set[str]:
    return set(driver.execute_query(CONNECTIONS, database_=target.database).records[0]["ids"])


def test_a_read_survives_its_connection_killed(db: Driver, neo4j_target: Target) -> None:
    db.execute_query(
        "CREATE (:Household {id: 'H1'}), (:Household {id: 'H2'})", database_=neo4j_target.database
    )
    statement = "MATCH (h:Household) RETURN h.id AS id ORDER BY id"
    before = _connections(db, neo4j_target)

    async def run() -> tuple[list[str], list[str]]:
        driver = async_driver(neo4j_target, 60.0)
        try:
            first = await reads.read(driver, neo4j_target.database, statement, {})
            # The server ends the pooled connection the read used: the next read's first try
            # meets a closed connection, as after a restart of Neo4j or a proxy's idle timeout.
            killed = _connections(db, neo4j_target) - before
            assert killed, "the async driver keeps no connection open"
            db.execute_query(
                "CALL dbms.killConnections($ids)", ids=sorted(killed), database_=neo4j_target.database
            )
            second = await reads.read(driver, neo4j_target.database, statement, {})
        finally:
            await driver.close()
        return [r["id"] for r in first], [r["id"] for r in second]

    first, second = asyncio.run(run())
    assert first == second == ["H1", "H2"]


def test_an_error_not_retried_is_raised(db: Driver, neo4j_target: Target) -> None:
    async def run() -> None:
        driver = async_driver(neo4j_target, 60.0)
        try:
            await reads.read(driver, neo4j_target.database, "MATCH (h RETURN h", {})
        finally:
            await driver.close()

    with pytest.raises(CypherSyntaxError):
        asyncio.run(run())
