"""Recording a visit (走访) and resolving the problem it escalated: W9, W10.

A visit's id is the loader's (`stable_id` of the cadre's identity number, the household and the
date), so a visit recorded here and the same visit in a roster are one node. What was done on the
spot is `actions`; `resolution`/`resolvedOn` are left for resolveVisitProblem, since W10 counts an
escalated problem open until they are set.
"""

from __future__ import annotations

import datetime as dt

from neo4j import AsyncManagedTransaction

from core.errors import NotFound, RuleRefusal, UserError
from graph.audit import Change, Event
from graph.changes import locks, lookup, refuse
from graph.changes.lookup import Work
from graph.derived import add_visit_months, mark_escalated, mark_unresolved, month_of
from graph.entities import active, write_lock
from graph.load.base import stable_id
from graph.reach import Reach
from graph.rows import Props


def _paired_on(reach: Reach) -> str:
    """The cadres paired with the household on $date (W9), as far as the caller may see them."""
    return f"""
MATCH (h:Household {{id: $household}})<-[r:PAIRED_WITH]-(c:Cadre)
WHERE {active("r", "$date")}
RETURN c.uid AS uid, c.name AS name, {reach.sees("Cadre", "c")} AS seen ORDER BY uid
"""


_CREATE = f"""
MATCH (c:Cadre {{uid: $cadre}}), (h:Household {{id: $household}})
CREATE (c)-[:MADE]->(x:Visit)-[:TO]->(h)
SET x = $props
{mark_unresolved("x")}WITH x, h
{add_visit_months("h", f"[{month_of('x.date')}]")}{mark_escalated("h")}
RETURN x {{.*}} AS visit, elementId(x) AS node
"""


# The visit's household and cadre, to lock before the visit (graph/changes/locks.py).
_ENDS = """
MATCH (c:Cadre)-[:MADE]->(x:Visit {id: $id})-[:TO]->(h:Household)
RETURN [h.id] AS Household, [c.uid] AS Cadre, [x.id] AS Visit
"""


def _visit(reach: Reach) -> str:
    """The visit with its cadre and household, write-locked: two resolutions of one problem serialize."""
    return f"""
MATCH (c:Cadre)-[:MADE]->(x:Visit {{id: $id}})-[:TO]->(h:Household)
WHERE {reach.sees("Household", "h")}
{write_lock("x")}
RETURN x {{.*}} AS visit, c {{.*}} AS cadre, h {{.*}} AS household,
       elementId(x) AS node, elementId(c) AS cadreNode, elementId(h) AS householdNode
"""


def record(
    reach: Reach,
    cadre_id: str,
    household_id: str,
    date: dt.date,
    findings: str | None,
    actions: str | None,
    escalate: bool,
    mode: str | None,
    routine: bool,
    satisfaction: str | None = None,
) -> Work:
    """W9, W10: a visit by a cadre paired with the household on `date`; a `routine` one found
    nothing (its findings and actions may be left out); `satisfaction` the household's rating (W12)."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        # Locked: a second request for the same visit waits, then finds it (ALREADY_EXISTS).
        await locks.take(tx, Household=[household_id], Cadre=[cadre_id])
        cadre = await lookup.seen_cadre(tx, reach, cadre_id)
        household = await lookup.household(tx, reach, household_id)
        refuse.removed(household_id, household["household"], "householdId", date)
        paired_on = await lookup.rows(
            tx, _paired_on(reach), household=household_id, date=date, **reach.params()
        )
        if cadre_id not in [p["uid"] for p in paired_on]:
            # Only the cadres the caller may see are named (a cadre recording its own visit sees none).
            paired = [p for p in paired_on if p["seen"]]
            names = "、".join(p["name"] for p in paired) or "无"
            raise RuleRefusal(
                "W9",
                f"W9：干部 {cadre['cadre']['name']} 在 {date} 未与户 {household_id} 结对，不能记录走访"
                f"（当日帮扶责任人：{names}）",
                cadre=cadre_id,
                household=household_id,
                date=date.isoformat(),
                pairedCadres=[p["uid"] for p in paired],
            )
        visit_id = stable_id(cadre["cadre"]["idNumber"], household_id, date)
        existing = await lookup.one(tx, "MATCH (x:Visit {id: $id}) RETURN x.id AS id", id=visit_id)
        if existing is not None:
            raise UserError(
                f"干部 {cadre['cadre']['name']} 对户 {household_id} 在 {date} 已有走访记录 {visit_id}",
                code="ALREADY_EXISTS",
                argument="date",
                visitId=visit_id,
            )
        given = {
            "findings": findings,
            "actions": actions,
            "mode": mode,
            "routine": routine or None,
            "satisfaction": satisfaction,
        }
        props = {
            "id": visit_id,
            "date": date,
            "escalate": escalate,
            **{name: value for name, value in given.items() if value is not None},
        }
        created = await lookup.one(tx, _CREATE, cadre=cadre_id, household=household_id, props=props)
        assert created is not None
        inputs = {"cadreId": cadre_id, "householdId": household_id, **props}
        del inputs["id"]
        event = Event(
            "recordVisit",
            inputs,
            [Change("Visit", visit_id, None, created["visit"])],
            [household["node"], cadre["node"], created["node"]],
        )
        return {
            "visit": created["visit"],
            "cadre": cadre["cadre"],
            "household": household["household"],
        }, event

    return work


def resolve(reach: Reach, visit_id: str, resolution: str, resolved_on: dt.date) -> Work:
    """W10: close an escalated problem that is still open."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take_found(tx, _ENDS, id=visit_id)
        found = await lookup.one(tx, _visit(reach), id=visit_id, **reach.params())
        if found is None:
            raise NotFound(f"未找到编号为 {visit_id} 的走访记录", argument="visitId", id=visit_id)
        visit = found["visit"]
        if visit.get("escalate") is not True:
            raise RuleRefusal(
                "W10",
                f"W10：走访 {visit_id}（{visit['date']}）未上报问题，无需办结",
                visit=visit_id,
            )
        if visit.get("resolvedOn") is not None or (visit.get("resolution") or "").strip():
            when = f"于 {visit['resolvedOn']} " if visit.get("resolvedOn") else ""
            raise RuleRefusal(
                "W10",
                f"W10：走访 {visit_id} 上报的问题已{when}办结：{visit.get('resolution') or ''}",
                visit=visit_id,
                resolvedOn=visit["resolvedOn"].isoformat() if visit.get("resolvedOn") else None,
            )
        if resolved_on < visit["date"]:
            raise UserError(
                f"resolvedOn 不能早于走访日期 {visit['date']}，收到 {resolved_on}",
                argument="resolvedOn",
                visitDate=visit["date"].isoformat(),
            )
        after = await lookup.one(
            tx,
            "MATCH (x:Visit {id: $id}) SET x.resolution = $resolution, x.resolvedOn = $resolvedOn\n"
            f"{mark_unresolved('x')}RETURN x {{.*}} AS visit",
            id=visit_id,
            resolution=resolution,
            resolvedOn=resolved_on,
        )
        assert after is not None
        event = Event(
            "resolveVisitProblem",
            {"visitId": visit_id, "resolution": resolution, "resolvedOn": resolved_on},
            [Change("Visit", visit_id, visit, after["visit"])],
            [found["node"], found["cadreNode"], found["householdNode"]],
        )
        return {"visit": after["visit"], "cadre": found["cadre"], "household": found["household"]}, event

    return work
