"""Pairing a responsible cadre (帮扶责任人) with a household, and ending it: W7, W8.

Dates: `since`/`until` are never in the future (checked by the resolver); a new pairing may not
start before the start of any pairing the household already has, nor inside an ended one
(history is not rewritten); an ending may not precede its pairing's start. A pairing ended on
the day it started is kept: it records a pairing that never took effect.
"""

from __future__ import annotations

import datetime as dt

from neo4j import AsyncManagedTransaction

from core.errors import NotFound, RuleRefusal, UserError
from graph.audit import Change, Event
from graph.changes import locks, lookup
from graph.changes.lookup import Work
from graph.derived import record_pairing_count, record_pairings
from graph.reach import Reach
from graph.rows import Props

# The household's pairings that reach into [since, ∞) (those starting after `since` included).
_HOUSEHOLD_PAIRINGS = """
MATCH (:Household {id: $household})<-[r:PAIRED_WITH]-(x:Cadre)
WHERE r.until IS NULL OR r.until > $since
RETURN x {.*} AS cadre, r.since AS since, r.until AS until, elementId(x) AS node
ORDER BY r.since
"""

# The new cadre and those of the household's open pairings (`replace` ends them), to lock.
_CADRES = """
OPTIONAL MATCH (:Household {id: $household})<-[r:PAIRED_WITH WHERE r.until IS NULL]-(x:Cadre)
RETURN collect(x.uid) + [$cadre] AS Cadre
"""

# The cadre's pairings that reach into [since, ∞): W8 is judged on every day from `since` on.


def _cadre_pairings(reach: Reach) -> str:
    """The cadre's pairings open on or after $since (W8), each saying whether the caller may see
    its household (a refusal names only those)."""
    return f"""
MATCH (:Cadre {{uid: $cadre}})-[r:PAIRED_WITH]->(x:Household)
WHERE r.until IS NULL OR r.until > $since
RETURN x.id AS household, r.since AS since, r.until AS until, {reach.sees("Household", "x")} AS seen
ORDER BY x.id
"""


# Both record the household's open pairings' start (W7, graph/derived.py).
_END = f"""
MATCH (:Cadre {{uid: $cadre}})-[r:PAIRED_WITH]->(h:Household {{id: $household}})
WHERE r.until IS NULL
SET r.until = $until, r.endReason = $reason
WITH h
{record_pairings("h")}"""

_CREATE = f"""
MATCH (c:Cadre {{uid: $cadre}}), (h:Household {{id: $household}})
CREATE (c)-[:PAIRED_WITH {{since: $since}}]->(h)
WITH c, h
{record_pairing_count("c")}WITH h
{record_pairings("h")}"""


# A back-dated end: the visits the cadre made to the household from its end day on (that day is the
# successor's), which W9 no longer counts for it.
_VISITS_FROM = """
MATCH (:Cadre {uid: $cadre})-[:MADE]->(x:Visit)-[:TO]->(:Household {id: $household})
WHERE x.date >= $until
RETURN x {.*} AS visit ORDER BY x.date, x.id
"""


def _key(cadre: str, household: str) -> str:
    return f"{cadre}->{household}"


def _active_on(pairings: list[Props], day: dt.date) -> list[Props]:
    return [p for p in pairings if p["since"] <= day and (p["until"] is None or day < p["until"])]


def _busiest_day(pairings: list[Props], since: dt.date) -> tuple[dt.date, list[Props]]:
    """W8: the day from `since` on with the most pairings active (counts only rise at a start)."""
    days = [since, *sorted({p["since"] for p in pairings if p["since"] > since})]
    return max(((day, _active_on(pairings, day)) for day in days), key=lambda x: len(x[1]))


async def _check_household(
    tx: AsyncManagedTransaction, household_id: str, cadre: Props, since: dt.date, replace: bool
) -> list[Props]:
    """W7: one responsible cadre at a time. Returns the open pairings `replace` ends."""
    found = await lookup.rows(tx, _HOUSEHOLD_PAIRINGS, household=household_id, since=since)
    for p in found:
        if p["since"] > since:
            raise UserError(
                f"since 不能早于该户现有结对的开始日期：{p['cadre']['name']} 自 {p['since']} 起结对，"
                f"收到 {since}",
                argument="since",
                latestStart=p["since"].isoformat(),
            )
        if p["until"] is not None:
            raise UserError(
                f"since 落在该户已结束的结对期内：{p['cadre']['name']} {p['since']} 至 {p['until']}；"
                f"新结对不能早于 {p['until']}",
                argument="since",
                endedOn=p["until"].isoformat(),
            )
        if p["cadre"]["uid"] == cadre["uid"]:
            raise RuleRefusal(
                "W7",
                f"W7：帮扶责任人 {cadre['name']} 自 {p['since']} 起已与户 {household_id} 结对",
                household=household_id,
                cadre=cadre["uid"],
                since=p["since"].isoformat(),
            )
    if found and not replace:
        names = "、".join(f"{p['cadre']['name']}（自 {p['since']} 起）" for p in found)
        raise RuleRefusal(
            "W7",
            f"W7：户 {household_id} 已有帮扶责任人 {names}；如需更换请设 replace: true",
            household=household_id,
            cadres=[p["cadre"]["uid"] for p in found],
        )
    return found


async def _check_cadre(
    tx: AsyncManagedTransaction, reach: Reach, cadre: Props, since: dt.date, limit: int
) -> None:
    """W8: at most `limit` households at a time, on `since` and on every later day. The refusal
    lists the households inside the caller's reach only; of a cadre outside it, it says only that
    the limit is reached."""
    uid = cadre["cadre"]["uid"]
    pairings = await lookup.rows(tx, _cadre_pairings(reach), cadre=uid, since=since, **reach.params())
    day, active = _busiest_day(pairings, since)
    if len(active) >= limit:
        households = [p["household"] for p in active if p["seen"]]
        listed = f"：{'、'.join(households)}" if households else ""
        on = " " if day == since else f"（{day} 起）"
        carried = f"{on}已有 {len(active)} 户在帮{listed}" if cadre["seen"] else " 在帮户数已达上限"
        raise RuleRefusal(
            "W8",
            f"W8：帮扶责任人 {lookup.called(cadre)}{carried}；每人最多 {limit} 户",
            cadre=uid,
            households=households,
            day=day.isoformat(),
            limit=limit,
        )


def pair(
    reach: Reach,
    limit: int,
    household_id: str,
    cadre_id: str,
    since: dt.date,
    replace: bool,
    reason: str | None,
) -> Work:
    """W7, W8: pair the cadre with the household from `since`; with `replace`, the household's open
    pairing ends on `since` (the successor is responsible from that day: since <= D < until) for
    `reason`, kept on the ended pairing. The old cadre's visits from `since` on are named."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        # Locks (graph/changes/locks.py): the household, then its present cadres and the new one, so
        # that concurrent pairings of one cadre (W8) or of one household (W7) check and write one
        # after another.
        await locks.take(tx, Household=[household_id])
        await locks.take_found(tx, _CADRES, household=household_id, cadre=cadre_id)
        cadre = await lookup.cadre(tx, reach, cadre_id)
        household = await lookup.household(tx, reach, household_id, lock=True)
        ended = await _check_household(tx, household_id, cadre["cadre"], since, replace)
        if ended and reason is None:
            names = "、".join(o["cadre"]["name"] for o in ended)
            raise UserError(
                f"更换帮扶责任人须填写 reason：结束 {names} 与户 {household_id} 结对的原因", argument="reason"
            )
        await _check_cadre(tx, reach, cadre, since, limit)
        inputs = {"householdId": household_id, "cadreId": cadre_id, "since": since, "replace": replace}
        event = Event(
            "pairCadre",
            {**inputs, "reason": reason} if reason is not None else inputs,
            concerns=[household["node"], cadre["node"]],
        )
        later: list[Props] = []
        for old in ended:
            old_uid = old["cadre"]["uid"]
            await tx.run(_END, cadre=old_uid, household=household_id, until=since, reason=reason)
            key = _key(old_uid, household_id)
            event.changes.append(
                Change(
                    "PAIRED_WITH",
                    key,
                    {"since": old["since"], "until": None},
                    {"since": old["since"], "until": since, "endReason": reason},
                )
            )
            event.concerns.append(old["node"])
            visits = await lookup.rows(tx, _VISITS_FROM, cadre=old_uid, household=household_id, until=since)
            later += [
                {"visit": v["visit"], "cadre": old["cadre"], "household": household["household"]}
                for v in visits
            ]
        await tx.run(_CREATE, cadre=cadre_id, household=household_id, since=since)
        event.changes.append(
            Change("PAIRED_WITH", _key(cadre_id, household_id), None, {"since": since, "until": None})
        )
        result = {
            "household": household["household"],
            "cadre": cadre["cadre"],
            "since": since,
            "until": None,
            "ended": [
                {
                    "household": household["household"],
                    "cadre": o["cadre"],
                    "since": o["since"],
                    "until": since,
                    "endReason": reason,
                }
                for o in ended
            ],
            "laterVisits": later,
        }
        return result, event

    return work


def end(reach: Reach, household_id: str, cadre_id: str, until: dt.date, reason: str) -> Work:
    """End the open pairing on `until` for `reason`, kept on it (W7 then reports the household as
    unpaired until a successor is paired: a cadre's departure cannot be refused)."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Household=[household_id], Cadre=[cadre_id])
        cadre = await lookup.seen_cadre(tx, reach, cadre_id)
        household = await lookup.household(tx, reach, household_id)
        found = await lookup.one(
            tx,
            "MATCH (:Cadre {uid: $cadre})-[r:PAIRED_WITH]->(:Household {id: $household}) "
            "WHERE r.until IS NULL RETURN r.since AS since",
            cadre=cadre_id,
            household=household_id,
        )
        if found is None:
            raise NotFound(
                f"帮扶责任人 {cadre['cadre']['name']} 与户 {household_id} 没有在帮的结对",
                argument="cadreId",
                household=household_id,
                cadre=cadre_id,
            )
        since = found["since"]
        if until < since:
            raise UserError(
                f"until 不能早于结对开始日期 {since}，收到 {until}", argument="until", since=since.isoformat()
            )
        await tx.run(_END, cadre=cadre_id, household=household_id, until=until, reason=reason)
        event = Event(
            "endPairing",
            {"householdId": household_id, "cadreId": cadre_id, "until": until, "reason": reason},
            [
                Change(
                    "PAIRED_WITH",
                    _key(cadre_id, household_id),
                    {"since": since, "until": None},
                    {"since": since, "until": until, "endReason": reason},
                )
            ],
            [household["node"], cadre["node"]],
        )
        return {
            "household": household["household"],
            "cadre": cadre["cadre"],
            "since": since,
            "until": until,
            "endReason": reason,
        }, event

    return work
