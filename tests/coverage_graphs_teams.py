"""Builders for the team coverage tests (W1–W4, W6, W11, O2): each test states what exists.

Villages, households and cadres come from tests/coverage_graphs.py: township 430624101 with
甲村 ...201 (poverty) and 乙村 ...202, township 430624102 with 丙村 ...201.
"""

from __future__ import annotations

import datetime as dt

from neo4j import Driver

from graph.derived import person_facts
from tests.coverage_graphs import DERIVED, cadre, households, record, run, villages

__all__ = ["DERIVED", "V1", "V2", "V3", "cadre", "households", "record", "villages"]

V1, V2, V3 = "430624101201", "430624101202", "430624102201"


def people(db: Driver, household: str, count: int) -> None:
    """`count` registered poor people in the household."""
    run(
        db,
        """MATCH (h:Household {id: $household})
        UNWIND range(1, $count) AS i
        CREATE (p:Person {uid: randomUUID(), idNumber: randomUUID(), name: '成员'})
               -[:BELONGS_TO]->(h)
        """
        + person_facts(),
        household=household,
        count=count,
    )


def team(
    db: Driver, village: str, unit: str, level: str, since: str = "2018-01-01", until: str | None = None
) -> str:
    """A team `{village}:{unit}` dispatched by `unit` and stationed in `village`; returns its id."""
    team_id = f"{village}:{unit}"
    run(
        db,
        """MATCH (v:Village {code: $village})
        MERGE (u:Unit {name: $unit})
        CREATE (w:WorkTeam {id: $id, level: $level})
        CREATE (u)-[:DISPATCHED {level: $level, since: date($since)}]->(w)
        CREATE (w)-[:STATIONED_IN {since: date($since), until: date($until)}]->(v)""",
        village=village,
        unit=unit,
        id=team_id,
        level=level,
        since=since,
        until=until,
    )
    return team_id


def member(
    db: Driver,
    uid: str,
    team_id: str,
    role: str = "MEMBER",
    since: str = "2018-01-01",
    until: str | None = None,
) -> None:
    """Cadre `uid` (created when new) in the team from `since` to `until`."""
    run(
        db,
        """MATCH (w:WorkTeam {id: $team})
        MERGE (c:Cadre {uid: $uid}) ON CREATE SET c.idNumber = $uid, c.name = '干部' + $uid
        CREATE (c)-[:MEMBER_OF {role: $role, since: date($since), until: date($until)}]->(w)""",
        team=team_id,
        uid=uid,
        role=role,
        since=since,
        until=until,
    )


def members(db: Driver, team_id: str, uids: list[str], since: str = "2018-01-01") -> None:
    for uid in uids:
        member(db, uid, team_id, since=since)


def checkins(db: Driver, uid: str, first: str, last: str, in_village: bool = True, tag: str = "") -> None:
    """One check-in of cadre `uid` on every day from `first` to `last` (inclusive); `tag` makes the
    ids of a second check-in on the same days unique."""
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    run(
        db,
        """MATCH (c:Cadre {uid: $uid})
        UNWIND $days AS day
        CREATE (c)-[:CHECKED_IN]->(:Attendance {id: $uid + ':' + toString(day) + $tag,
                                                date: day, inVillage: $inVillage})""",
        uid=uid,
        days=days,
        inVillage=in_village,
        tag=tag,
    )


def officer(db: Driver, village: str, name: str | None) -> None:
    run(db, "MATCH (v:Village {code: $village}) SET v.infoOfficerName = $name", village=village, name=name)
