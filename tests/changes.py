"""What the mutation tests share: the whole graph as a comparable value, audit events, refusals."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from neo4j import Driver
from starlette.testclient import TestClient

from tests.conftest import gql_errors

# Every node and relationship with its properties, in a stable order: equal before and after a
# refused mutation when nothing was written.
_STATE = """
CALL () { MATCH (n) RETURN collect([labels(n), properties(n)]) AS nodes }
CALL () { MATCH (a)-[r]->(b) RETURN collect([type(r), properties(r), properties(a), properties(b)]) AS rels }
RETURN nodes, rels
"""


def state(db: Driver) -> list[str]:
    records, _, _ = db.execute_query(_STATE)
    row = records[0]
    items = [
        json.dumps(x, sort_keys=True, default=str, ensure_ascii=False) for x in row["nodes"] + row["rels"]
    ]
    return sorted(items)


def events(db: Driver) -> list[dict[str, Any]]:
    """Every audit event of a change (not of a read of personal data), oldest first, with
    `changes` and `inputs` decoded and what it CONCERNS."""
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEvent) WHERE e.operation <> 'readPersonalData' RETURN e {.*} AS e, "
        "[(e)-[:CONCERNS]->(n) | coalesce(n.id, n.uid, n.caseNo, n.code, n.name)] AS concerns "
        "ORDER BY e.at"
    )
    out = []
    for r in records:
        event = dict(r["e"])
        event["changes"] = json.loads(event["changes"])
        event["inputs"] = json.loads(event["inputs"])
        event["concerns"] = sorted(r["concerns"])
        out.append(event)
    return out


def refusal(client: TestClient, db: Driver, query: str, **variables: Any) -> dict[str, Any]:
    """The single error of a mutation that must change nothing: graph and audit trail as before."""
    before, trail = state(db), events(db)
    errors = gql_errors(client, query, **variables)
    assert len(errors) == 1, errors
    assert state(db) == before
    assert events(db) == trail
    return errors[0]


def refused(client: TestClient, db: Driver, query: str, rule: str, **variables: Any) -> dict[str, Any]:
    """Run a mutation that must be refused under `rule`: nothing written, no new event; returns its facts
    and message."""
    error = refusal(client, db, query, **variables)
    extensions = error["extensions"]
    assert extensions["code"] == "RULE_VIOLATION", error
    assert extensions["rule"] == rule, error
    assert rule.split(",")[0] in error["message"]
    return {**extensions["facts"], "message": error["message"]}


def rejected(client: TestClient, db: Driver, query: str, code: str, **variables: Any) -> dict[str, Any]:
    """A mutation refused for bad input (`code`: BAD_USER_INPUT, NOT_FOUND): nothing written."""
    error = refusal(client, db, query, **variables)
    assert error["extensions"]["code"] == code, error
    return dict(error["extensions"])


def household(
    db: Driver,
    household_id: str,
    card: str,
    since: str,
    village: str = "430624101201",
    **props: Any,
) -> None:
    """A household of `village` holding `card` since `since` (an open HAS_CARD period)."""
    db.execute_query(
        """MATCH (v:Village {code: $village}), (k:Card {color: $card})
        CREATE (h:Household {id: $id, card: $card})-[:IN_VILLAGE]->(v)
        SET h += $props
        CREATE (h)-[:HAS_CARD {since: date($since)}]->(k)""",
        id=household_id,
        card=card,
        since=since,
        village=village,
        props=props,
    )


def server_day(sent: dt.date, day: str) -> str:
    """`day`, the day a server took as today for a request sent on day `sent`: asserted to be that
    day or, had the request crossed midnight, today's."""
    assert day in (sent.isoformat(), dt.date.today().isoformat()), (day, sent)
    return day
