"""Check-ins (钉钉打卡) of stationed cadres, many days and cadres in one transaction: W11.

Idempotent per (cadre, date): the id is the loader's (`stable_id` of the cadre's identity number
and the date), so a repeated call, or a roster of the same days, updates the same node. A place
left out keeps the one recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from core.errors import NotFound, RuleRefusal, UserError
from graph.audit import Change, Event
from graph.changes import locks, lookup
from graph.changes.lookup import Work
from graph.derived import record_village_days
from graph.entities import active
from graph.load.base import stable_id
from graph.reach import Reach
from graph.rows import Props

# Most check-ins one call may carry (a month of a township's stationed cadres fits).
MAX_BATCH = 5000


@dataclass(frozen=True)
class CheckIn:
    cadre: str  # uid
    date: dt.date
    in_village: bool
    place: str | None


def _cadres(reach: Reach) -> str:
    """Each cadre asked for once, with the villages it was stationed in on each of its dates and
    whether the caller's reach holds each (`seen`); a cadre outside the reach is answered as one
    that does not exist (no node)."""
    return f"""
UNWIND $cadres AS given
OPTIONAL MATCH (c:Cadre {{uid: given.uid}}) WHERE {reach.sees("Cadre", "c")}
RETURN given.uid AS uid, c.name AS name, c.idNumber AS idNumber, elementId(c) AS node,
       [day IN given.dates | {{date: day, villages: COLLECT {{
          MATCH (c)-[m:MEMBER_OF]->(:WorkTeam)-[s:STATIONED_IN]->(v:Village)
          WHERE {active("m", "day")} AND {active("s", "day")}
          RETURN {{village: v.code, seen: {reach.sees("Village", "v")}}} }}}}] AS days
"""


# The cadre's in-village days by month are recorded with its check-ins (W11, graph/derived.py).
_WRITE = f"""
UNWIND $rows AS row
MATCH (c:Cadre {{uid: row.cadre}})
OPTIONAL MATCH (old:Attendance {{id: row.id}})
WITH c, row, old {{.*}} AS before
MERGE (a:Attendance {{id: row.id}})
SET a.date = row.date, a.inVillage = row.inVillage, a.place = coalesce(row.place, a.place)
MERGE (c)-[:CHECKED_IN]->(a)
WITH c, row, before, a
{record_village_days("c")}RETURN row.id AS id, before, a {{.*}} AS after
"""


def _distinct(check_ins: list[CheckIn]) -> list[CheckIn]:
    """One check-in per (cadre, date); the same one twice is kept once, two different ones refused."""
    seen: dict[tuple[str, dt.date], CheckIn] = {}
    for i, item in enumerate(check_ins):
        first = seen.setdefault((item.cadre, item.date), item)
        if first != item:
            raise UserError(
                f"entries[{i}]：干部 {item.cadre} 在 {item.date} 有两条不同的打卡记录",
                argument="entries",
                index=i,
            )
    return list(seen.values())


def _listed(found: list[tuple[Props, dt.date]], key: str) -> str:
    """The first ten (cadre's `key`, day) of a refusal, and how many there are when more."""
    listed = "、".join(f"{c[key]} {day}" for c, day in found[:10])
    return listed + (f" 等 {len(found)} 条" if len(found) > 10 else "")


def record(reach: Reach, check_ins: list[CheckIn]) -> Work:
    """W11: every check-in is of a cadre stationed on that day; all or none. The team it is stationed
    in is the placed entity: one outside the caller's reach is not found (a cadre is county-wide)."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        items = _distinct(check_ins)
        await locks.take(tx, Cadre=[item.cadre for item in items])
        dates: dict[str, list[dt.date]] = {}
        for item in items:
            dates.setdefault(item.cadre, []).append(item.date)
        found = await lookup.rows(
            tx,
            _cadres(reach),
            cadres=[{"uid": uid, "dates": days} for uid, days in dates.items()],
            **reach.params(),
        )
        unknown = [c["uid"] for c in found if c["node"] is None]
        if unknown:
            raise NotFound(f"未找到以下干部：{'、'.join(unknown)}", argument="entries", ids=unknown)
        cadres = {c["uid"]: c for c in found}
        outside = [
            (c, day["date"])
            for c in found
            for day in c["days"]
            if day["villages"] and not any(place["seen"] for place in day["villages"])
        ]
        if outside:
            raise NotFound(
                f"以下干部当日驻村的工作队不在您的管辖范围内：{_listed(outside, 'uid')}",
                argument="entries",
                outOfScope=[{"cadre": c["uid"], "date": day.isoformat()} for c, day in outside],
            )
        unstationed = [(c, day["date"]) for c in found for day in c["days"] if not day["villages"]]
        if unstationed:
            # A cadre stationed nowhere that day lies in no area: an area officer is told the ids it
            # sent, not the names of cadres it may not see; the county is told the names.
            key = "name" if reach.is_county else "uid"
            raise RuleRefusal(
                "W11",
                f"W11：打卡须为当日驻村的工作队员，以下干部当日未驻村：{_listed(unstationed, key)}",
                unstationed=[{"cadre": c["uid"], "date": day.isoformat()} for c, day in unstationed],
            )
        rows = [
            {
                "id": stable_id(cadres[i.cadre]["idNumber"], i.date),
                "cadre": i.cadre,
                "date": i.date,
                "inVillage": i.in_village,
                "place": i.place,
            }
            for i in items
        ]
        written = await lookup.rows(tx, _WRITE, rows=rows)
        cadre_of = {r["id"]: r["cadre"] for r in rows}
        changes = [
            Change("Attendance", w["id"], w["before"], w["after"])
            for w in written
            if w["before"] != w["after"]
        ]
        created = sum(1 for w in written if w["before"] is None)
        entries = [
            {"cadreId": i.cadre, "date": i.date, "inVillage": i.in_village, "place": i.place} for i in items
        ]
        event = Event(
            "recordAttendance",
            {"entries": entries},
            changes,
            [c["node"] for c in found],
        )
        summary = {
            "created": created,
            "updated": len(changes) - created,
            "unchanged": len(written) - len(changes),
            "attendance": [{**w["after"], "cadreId": cadre_of[w["id"]]} for w in written],
        }
        return summary, event

    return work
