"""What each role may be shown, computed with plain Cypher, independently of graph/reach.py.

The product's reach (graph/reach.py):
- county roles (COUNTY_ADMIN, INVESTIGATOR): everything;
- a township or village officer: households and persons living there; its village(s) and its
  township; work teams ever stationed there; cadres ever paired with a household there, ever
  members of a team stationed there, or ever its township's Party secretary or county leader (O1);
- a cadre: the households it is paired with today, their members, villages and townships; itself
  and the teams it is a member of;
- a department: households, persons, villages and townships county-wide; no cadre, no team;
- units (and policies) are reference data: every role.
An AuditEvent may be shown when every household, person and cadre its inputs and changes name is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from neo4j import Driver

from core.principal import Role
from tests.crawl import Found

KIND = {
    Role.COUNTY_ADMIN: "county",
    Role.INVESTIGATOR: "county",
    Role.TOWNSHIP_OFFICER: "township",
    Role.VILLAGE_OFFICER: "village",
    Role.CADRE: "cadre",
    Role.DEPARTMENT: "department",
}
# The key of each label the crawler reports, as stored (the API's Person.id and Cadre.id are `uid`).
KEYS = {"Household": "id", "Person": "uid", "Cadre": "uid", "WorkTeam": "id", "Village": "code",
        "Township": "code", "Unit": "name"}  # fmt: skip
NOTHING = "RETURN null AS key LIMIT 0"

# An officer's villages (`v`), by kind of reach.
_AREA = {
    "township": "MATCH (v:Village)-[:IN_TOWNSHIP]->(:Township {code: $scope})",
    "village": "MATCH (v:Village {code: $scope})",
}
# The caller's households (`h`), by kind of reach.
_HOUSEHOLDS = {
    **{kind: f"{area} MATCH (h:Household)-[:IN_VILLAGE]->(v)" for kind, area in _AREA.items()},
    "cadre": "MATCH (:Cadre {uid: $scope})-[p:PAIRED_WITH]->(h:Household)"
    " WHERE p.since <= $today AND (p.until IS NULL OR p.until > $today)",
}
_PAIRED = "MATCH (c:Cadre)-[:PAIRED_WITH]->(:Household)-[:IN_VILLAGE]->(v)"
_MEMBERS = "MATCH (c:Cadre)-[:MEMBER_OF]->(:WorkTeam)-[:STATIONED_IN]->(v)"
_LEADERS = "MATCH (c:Cadre)-[:SECRETARY_OF|RESPONSIBLE_FOR]->(:Township)<-[:IN_TOWNSHIP]-(v)"

# Label -> kind of reach -> a statement returning the keys (`key`) the caller may be shown; a kind
# not listed may be shown every key of the label.
REACH: dict[str, dict[str, str]] = {
    "Household": {kind: f"{m} RETURN DISTINCT h.id AS key" for kind, m in _HOUSEHOLDS.items()},
    "Person": {
        kind: f"{m} MATCH (n:Person)-[:BELONGS_TO]->(h) RETURN DISTINCT n.uid AS key"
        for kind, m in _HOUSEHOLDS.items()
    },
    "Village": {
        **{kind: f"{area} RETURN v.code AS key" for kind, area in _AREA.items()},
        "cadre": f"{_HOUSEHOLDS['cadre']} MATCH (h)-[:IN_VILLAGE]->(v) RETURN DISTINCT v.code AS key",
    },
    "Township": {
        **{
            kind: f"{area} MATCH (v)-[:IN_TOWNSHIP]->(t) RETURN DISTINCT t.code AS key"
            for kind, area in _AREA.items()
        },
        "cadre": f"{_HOUSEHOLDS['cadre']} MATCH (h)-[:IN_VILLAGE]->()-[:IN_TOWNSHIP]->(t)"
        " RETURN DISTINCT t.code AS key",
    },
    "WorkTeam": {
        **{
            kind: f"{area} MATCH (w:WorkTeam)-[:STATIONED_IN]->(v) RETURN DISTINCT w.id AS key"
            for kind, area in _AREA.items()
        },
        "cadre": "MATCH (:Cadre {uid: $scope})-[:MEMBER_OF]->(w:WorkTeam) RETURN DISTINCT w.id AS key",
        "department": NOTHING,
    },
    "Cadre": {
        **{
            kind: " UNION ".join(f"{area} {m} RETURN c.uid AS key" for m in (_PAIRED, _MEMBERS, _LEADERS))
            for kind, area in _AREA.items()
        },
        "cadre": "MATCH (c:Cadre {uid: $scope}) RETURN c.uid AS key",
        "department": NOTHING,
    },
    "Unit": {},
}
# Labels whose keys may stand inside an AuditEvent's inputs and changes.
AUDITED = ("Household", "Person", "Cadre")


@dataclass(frozen=True)
class Reach:
    kind: str
    keys: dict[str, frozenset[str]]  # label -> the keys the caller may be shown
    every: dict[str, frozenset[str]]  # label -> every key in the database

    def inside(self, label: str) -> list[str]:
        return sorted(self.keys[label])

    def outside(self, label: str) -> list[str]:
        return sorted(self.every[label] - self.keys[label])

    def escapes(self, found: Found) -> str | None:
        """Why `found` may not be shown to the caller, or None."""
        if found.label == "AuditEvent":
            named = [
                f"{label} {word}"
                for label in AUDITED
                for word in sorted(found.words & (self.every[label] - self.keys[label]))
            ]
            more = f" and {len(named) - 4} more" if len(named) > 4 else ""
            return f"its inputs or changes name {', '.join(named[:4])}{more}" if named else None
        if found.key not in self.every[found.label]:
            return "no such key in the database"
        if found.key not in self.keys[found.label]:
            return "outside the caller's reach"
        return None


def _keys(driver: Driver, statement: str, **params: object) -> frozenset[str]:
    records, _, _ = driver.execute_query(statement, params)
    return frozenset(str(r["key"]) for r in records)


def reach(driver: Driver, role: Role, scope: str | None, today: dt.date) -> Reach:
    kind = KIND[role]
    every = {label: _keys(driver, f"MATCH (n:{label}) RETURN n.{key} AS key") for label, key in KEYS.items()}
    mine = {
        label: _keys(driver, REACH[label][kind], scope=scope, today=today) if kind in REACH[label] else keys
        for label, keys in every.items()
    }
    return Reach(kind, mine, every)


def spread(items: Iterable[str], count: int) -> list[str]:
    """`count` of `items` (sorted), spread evenly from the first to the last."""
    ordered = sorted(items)
    if len(ordered) <= count or count < 2:
        return ordered[:count]
    return [ordered[round(i * (len(ordered) - 1) / (count - 1))] for i in range(count)]
