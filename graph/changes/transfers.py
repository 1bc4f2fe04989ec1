"""`transferCadre` (O1, W6): a cadre moves to another unit from a day. Its open WORKS_FOR ends
that day and one to the new unit starts (the boundary rule of docs/model.md: the day belongs to the
new unit); nothing is deleted, so "which unit answered for this cadre" keeps its answer for every
earlier day."""

from __future__ import annotations

import datetime as dt

from neo4j import AsyncManagedTransaction

from core.errors import RuleRefusal, UserError
from graph.audit import Change, Event
from graph.changes import locks, lookup
from graph.changes.lookup import Work
from graph.reach import Reach
from graph.rows import Props

_OPEN = """MATCH (c:Cadre {uid: $uid})-[w:WORKS_FOR]->(u:Unit) WHERE w.until IS NULL
RETURN u.name AS unit, w.since AS since ORDER BY w.since DESC LIMIT 1"""
_MERGED = "MATCH (:Unit {name: $name})-[m:MERGED_INTO]->(s:Unit) RETURN s.name AS successor"
_MOVE = """MATCH (c:Cadre {uid: $uid}), (u:Unit {name: $unit})
CALL (c) { MATCH (c)-[w:WORKS_FOR]->() WHERE w.until IS NULL SET w.until = $since }
CREATE (c)-[:WORKS_FOR {since: $since}]->(u)
RETURN c {.*} AS cadre"""


def transfer(reach: Reach, cadre_id: str, unit_name: str, since: dt.date) -> Work:
    """The cadre (seen by the caller's reach) works for `unit_name` from `since`: refused when it
    works for it already, when `since` is before its current unit's start, or when the unit has
    merged into another (W6: transfer to the successor)."""
    inputs = {"cadreId": cadre_id, "unitName": unit_name, "since": since}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Unit=[unit_name], Cadre=[cadre_id])
        found = await lookup.seen_cadre(tx, reach, cadre_id)
        unit = await lookup.unit(tx, unit_name)
        merged = await lookup.one(tx, _MERGED, name=unit_name)
        if merged is not None:
            raise RuleRefusal(
                "W6", f"W6：{unit_name} 已并入 {merged['successor']}，请调往 {merged['successor']}",
                unit=unit_name, successor=merged["successor"], argument="unitName",
            )  # fmt: skip
        current = await lookup.one(tx, _OPEN, uid=cadre_id)
        if current is not None and current["unit"] == unit_name:
            raise UserError(f"干部 {cadre_id} 已在 {unit_name} 工作", argument="unitName")
        if current is not None and since <= current["since"]:
            raise UserError(
                f"since 须晚于现单位 {current['unit']} 的起始日 {current['since'].isoformat()}",
                argument="since", currentSince=current["since"].isoformat(),
            )  # fmt: skip
        row = await lookup.one(tx, _MOVE, uid=cadre_id, unit=unit_name, since=since)
        assert row is not None
        changes = [Change("WORKS_FOR", f"{cadre_id}->{unit_name}", None, {"since": since, "until": None})]
        if current is not None:
            ended = {"since": current["since"], "until": since}
            changes.insert(
                0, Change("WORKS_FOR", f"{cadre_id}->{current['unit']}", {**ended, "until": None}, ended)
            )
        return row["cadre"], Event("transferCadre", inputs, changes, [found["node"], unit["node"]])

    return work
