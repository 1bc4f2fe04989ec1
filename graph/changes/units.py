"""Recording a unit merger (机构改革): W6.

The merger is written, not inferred at read time: `MERGED_INTO {since}`, then on that day each team
the merged unit dispatches gets a DISPATCHED from the successor (the latest dispatch is the
team's unit) and each cadre working for it moves: the old WORKS_FOR ends, a new one to the
successor starts. Every read by date (a cadre's unit, a team's unit, coverage) then answers with
the successor from the merger on and the old unit before; nothing is deleted. A relationship that
starts after the merger date (the loader dates WORKS_FOR from the load day) moves on its own start.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import AsyncManagedTransaction

from core.errors import RuleRefusal, UserError
from graph.audit import Change, Event
from graph.changes import locks, lookup
from graph.changes.lookup import Work
from graph.rows import Props

# The merged unit's teams and serving cadres, which the merger links to the successor (locks.py).
_MEMBERS = """MATCH (u:Unit {name: $from})
RETURN COLLECT { MATCH (u)-[:DISPATCHED]->(w:WorkTeam) RETURN w.id } AS WorkTeam,
       COLLECT { MATCH (c:Cadre)-[r:WORKS_FOR WHERE r.until IS NULL]->(u) RETURN c.uid } AS Cadre"""

_MERGED = """
MATCH (:Unit {name: $name})-[m:MERGED_INTO]->(s:Unit) RETURN s.name AS successor, m.since AS since
"""

# Teams whose latest dispatch is by the merged unit.
_TEAMS = """
MATCH (from:Unit {name: $from})-[d:DISPATCHED]->(w:WorkTeam)
WHERE NOT EXISTS { (w)<-[later:DISPATCHED]-() WHERE coalesce(later.since, date('0001-01-01'))
                                                      > coalesce(d.since, date('0001-01-01')) }
MATCH (into:Unit {name: $into})
WITH w, d, into, CASE WHEN d.since > $date THEN d.since ELSE $date END AS day
CREATE (into)-[:DISPATCHED {level: d.level, since: day}]->(w)
RETURN w {.*} AS team, elementId(w) AS node, d.level AS level, day
ORDER BY w.id
"""

_CADRES = """
MATCH (c:Cadre)-[r:WORKS_FOR]->(:Unit {name: $from})
WHERE r.until IS NULL
MATCH (into:Unit {name: $into})
WITH c, r, into, r.since AS since, CASE WHEN r.since > $date THEN r.since ELSE $date END AS day
SET r.until = day
CREATE (c)-[:WORKS_FOR {since: day}]->(into)
RETURN c {.*} AS cadre, elementId(c) AS node, since, day
ORDER BY c.uid
"""


def merge(unit_from: str, unit_into: str, date: dt.date) -> Work:
    """W6: `unit_from` merges into `unit_into` on `date`; its teams and cadres answer to the successor."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        if unit_from == unit_into:
            raise UserError(f"单位不能并入自身：{unit_from}", argument="into")
        await locks.take(tx, Unit=[unit_from, unit_into])
        await locks.take_found(tx, _MEMBERS, **{"from": unit_from})
        old = await lookup.unit(tx, unit_from, "from")
        new = await lookup.unit(tx, unit_into, "into")
        for name, argument in ((unit_from, "from"), (unit_into, "into")):
            merged = await lookup.one(tx, _MERGED, name=name)
            if merged is not None:
                hint = "" if argument == "from" else f"，请并入 {merged['successor']}"
                raise RuleRefusal(
                    "W6",
                    f"W6：{name} 已于 {merged['since']} 并入 {merged['successor']}{hint}",
                    unit=name,
                    successor=merged["successor"],
                    argument=argument,
                )
        names: dict[str, Any] = {"from": unit_from, "into": unit_into, "date": date}
        await tx.run(
            "MATCH (a:Unit {name: $from}), (b:Unit {name: $into}) "
            "CREATE (a)-[:MERGED_INTO {since: $date}]->(b)",
            names,
        )
        teams = await lookup.rows(tx, _TEAMS, **names)
        cadres = await lookup.rows(tx, _CADRES, **names)
        changes = [Change("MERGED_INTO", f"{unit_from}->{unit_into}", None, {"since": date})]
        changes += [
            Change(
                "DISPATCHED",
                f"{unit_into}->{t['team']['id']}",
                None,
                {"level": t["level"], "since": t["day"]},
            )
            for t in teams
        ]
        for c in cadres:
            uid = c["cadre"]["uid"]
            changes += [
                Change(
                    "WORKS_FOR",
                    f"{uid}->{unit_from}",
                    {"since": c["since"], "until": None},
                    {"since": c["since"], "until": c["day"]},
                ),
                Change("WORKS_FOR", f"{uid}->{unit_into}", None, {"since": c["day"], "until": None}),
            ]
        event = Event(
            "recordUnitMerger",
            {"from": unit_from, "into": unit_into, "date": date},
            changes,
            [old["node"], new["node"], *(t["node"] for t in teams), *(c["node"] for c in cadres)],
        )
        result = {
            "unit": old["unit"],
            "into": new["unit"],
            "since": date,
            "teams": [t["team"] for t in teams],
            "cadres": [c["cadre"] for c in cadres],
        }
        return result, event

    return work
