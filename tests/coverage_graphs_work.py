"""Builders of visits, card history, rectification orders and 返贫/新增 records for W9–W12, S1–S4 tests
(villages, households, cadres and pairings come from tests/coverage_graphs.py)."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph.derived import mark_escalated, mark_unresolved
from tests.coverage_graphs import run


def visit(
    db: Driver,
    cadre: str,
    household: str,
    date: str,
    escalate: bool = False,
    resolved_on: str | None = None,
    findings: str | None = None,
    resolution: str | None = None,
) -> str:
    key = f"{cadre}:{household}:{date}"
    run(
        db,
        """MATCH (c:Cadre {uid: $cadre}), (h:Household {id: $household})
        CREATE (c)-[:MADE]->(x:Visit {id: $key, date: date($date), mode: '入户走访', findings: $findings,
                                      escalate: $escalate, resolvedOn: date($resolvedOn),
                                      resolution: $resolution})-[:TO]->(h)
        """
        + mark_unresolved("x")
        + mark_escalated("h"),  # as the visits' writers do (graph/derived.py)
        cadre=cadre,
        household=household,
        key=key,
        date=date,
        findings=findings,
        escalate=escalate,
        resolvedOn=resolved_on,
        resolution=resolution,
    )
    return key


def card(db: Driver, household: str, color: str, since: str, until: str | None = None) -> None:
    run(
        db,
        """MATCH (h:Household {id: $household}), (k:Card {color: $color})
        CREATE (h)-[:HAS_CARD {since: date($since), until: date($until)}]->(k)""",
        household=household,
        color=color,
        since=since,
        until=until,
    )


def order(db: Driver, cadre: str, id: str, issued: str, deadline: str, closed: str | None = None) -> None:
    run(
        db,
        """MATCH (c:Cadre {uid: $cadre})
        CREATE (:Rectification {id: $id, issuedOn: date($issued), deadline: date($deadline),
                                reason: '走访不及时', closedOn: date($closed)})-[:ISSUED_TO]->(c)""",
        cadre=cadre,
        id=id,
        issued=issued,
        deadline=deadline,
        closed=closed,
    )


def team(db: Driver, id: str, village: str, cadres: list[str], since: str, until: str | None = None) -> None:
    """A team stationed in `village` since `since`; `cadres` members over the same dates."""
    run(
        db,
        """MATCH (v:Village {code: $village})
        CREATE (w:WorkTeam {id: $id, level: 'COUNTY'})
        CREATE (w)-[:STATIONED_IN {since: date($since)}]->(v)
        WITH w
        UNWIND $cadres AS uid
        MATCH (c:Cadre {uid: uid})
        CREATE (c)-[:MEMBER_OF {role: 'MEMBER', since: date($since), until: date($until)}]->(w)""",
        id=id,
        village=village,
        cadres=cadres,
        since=since,
        until=until,
    )


def report(db: Driver, household: str, id: str, verified: str | None, feedback: list[dict[str, Any]]) -> None:
    """A 返贫 record; `feedback` items: {unit, measure, closedOn}."""
    run(
        db,
        """MATCH (h:Household {id: $household})
        CREATE (r:PovertyReport {id: $id, kind: 'RETURNED', source: '入户走访', cause: '因病',
                                 foundOn: date('2019-01-02'), verifiedOn: date($verified)})-[:ABOUT]->(h)
        WITH r
        UNWIND $feedback AS f
        MERGE (u:Unit {name: f.unit})
        CREATE (r)-[:FEEDBACK_TO {since: date($verified), measure: f.measure,
                                  closedOn: date(f.closedOn)}]->(u)""",
        household=household,
        id=id,
        verified=verified,
        feedback=[{"measure": None, "closedOn": None, **f} for f in feedback],
    )
