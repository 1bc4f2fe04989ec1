"""What the mutation tests share: the graph's whole state (to prove a refusal wrote nothing) and
the refusal of a mutation."""

from __future__ import annotations

from typing import Any

from neo4j import Driver
from starlette.testclient import TestClient

from tests.conftest import gql_errors


def state(db: Driver) -> tuple[list[Any], list[Any]]:
    """Every node's labels and properties and every relationship, in a stable order."""
    nodes, _, _ = db.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props, elementId(n) AS id ORDER BY id"
    )
    rels, _, _ = db.execute_query(
        "MATCH (a)-[r]->(b) RETURN elementId(a) AS a, type(r) AS type, elementId(b) AS b, "
        "properties(r) AS props, elementId(r) AS id ORDER BY id"
    )
    return [dict(r) for r in nodes], [dict(r) for r in rels]


def events(db: Driver) -> int:
    """Audit events of changes (reads of personal data, issue #7, have their own)."""
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEvent) WHERE e.operation <> 'readPersonalData' RETURN count(e) AS n"
    )
    return int(records[0]["n"])


def refused(client: TestClient, db: Driver, query: str, **variables: Any) -> dict[str, Any]:
    """The single error of a mutation that must change nothing: graph and audit trail as before."""
    before = state(db)
    [error] = gql_errors(client, query, **variables)
    assert state(db) == before
    return error
