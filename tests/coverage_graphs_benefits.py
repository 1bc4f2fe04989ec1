"""Builders of small graphs for the rules judged on benefits, exits, visits' satisfaction and the
comparison's suspects (P1, P2 aid, P6, P7, 三率一度)."""

from __future__ import annotations

from neo4j import Driver

from graph.derived import record_benefits, record_workers_of
from tests.coverage_graphs import run


def benefit(db: Driver, owner: str, policy: str, project: str, day: str) -> None:
    """A benefit of `project` under policy `policy` (P1…P10) on `day`, received by the household
    with id `owner` or else the person with uid `owner`; its receiver's benefit days (and a
    person's household's members' days) recorded as the loader records them (graph/derived.py)."""
    run(
        db,
        """MATCH (owner)
        WHERE (owner:Household AND owner.id = $owner) OR (owner:Person AND owner.uid = $owner)
        MATCH (policy:Policy {code: $policy})
        CREATE (owner)-[:RECEIVES]->(:Benefit {id: $owner + $project + $day, project: $project,
                                               date: date($day), amountFen: 100000})-[:UNDER]->(policy)
        WITH owner
        """
        + record_benefits("owner")
        + record_workers_of("owner"),
        owner=owner,
        policy=policy,
        project=project,
        day=day,
    )


def facts_until(db: Driver, uid: str, until: str, **before: object) -> None:
    """Person `uid`'s facts changed on `until`: before it, `before` held (a period, graph/facts.py)."""
    run(
        db,
        """MATCH (p:Person {uid: $uid})
        CREATE (p)-[:HAD]->(was:PersonFacts)
        SET was = p {.*}, was += $before, was.since = null, was.until = date($until),
            p.factsSince = date($until)
        REMOVE was.uid, was.idNumber, was.name, was.factsSince
        WITH p
        """
        + record_workers_of("p"),
        uid=uid,
        until=until,
        before=before,
    )


def visit(db: Driver, cadre: str, household: str, day: str, satisfaction: str | None) -> None:
    """A visit of `cadre` to `household` on `day`, rated `satisfaction` (a Satisfaction code)."""
    run(
        db,
        """MATCH (c:Cadre {uid: $cadre}), (h:Household {id: $household})
        CREATE (c)-[:MADE]->(x:Visit {id: $cadre + $household + $day, date: date($day),
                                      satisfaction: $satisfaction})-[:TO]->(h)""",
        cadre=cadre,
        household=household,
        day=day,
        satisfaction=satisfaction,
    )


def missed(
    db: Driver, sid: str, township: str | None, day: str, status: str = "OPEN", closed: str | None = None
) -> None:
    """A MISSED_POOR suspect (S3 漏评) raised on `day`, assigned to `township` (None: nobody)."""
    run(
        db,
        """CREATE (s:Suspect {id: $sid, kind: 'MISSED_POOR', rule: 'S3', department: '民政',
                             unit: '县民政局', reason: '享受低保却未建档立卡', name: '漏' + $sid,
                             departmentRow: '{}', register: '{}', proposed: '{}', match: 'NONE',
                             effectiveOn: date($day), status: $status, closedOn: date($closed),
                             townshipCode: $township})
        WITH s
        OPTIONAL MATCH (t:Township {code: $township})
        FOREACH (_ IN CASE WHEN t IS NULL THEN [] ELSE [1] END | CREATE (s)-[:ASSIGNED_TO]->(t))""",
        sid=sid,
        township=township,
        day=day,
        status=status,
        closed=closed,
    )
