"""S1/S2: a household's card changes by ending the open HAS_CARD period and starting a new one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import AsyncManagedTransaction

from core.errors import RuleRefusal
from core.settings import Thresholds
from graph.audit import Change, Event
from graph.changes import locks, lookup
from graph.changes.lookup import Work
from graph.coverage.fragments import LOW_INCOME_LINE, expected_card
from graph.coverage.params import shared
from graph.derived import record_card_since, record_exit_doubt
from graph.facts import facts_at, keep_facts
from graph.reach import Reach
from graph.rows import Props, plain

# S1: cards as county staff name them.
CARD_NAMES = {"RED": "红卡", "YELLOW": "黄卡", "GREEN": "绿卡"}

# The card S2 gives the household as its facts stand on $asOf (graph/facts.py), or with the status
# $status when given (an exit judges the card of the household as it will be); null when its status
# or income is unknown.
_EXPECTED = f"""MATCH (x:Household {{id: $householdId}})
WITH {facts_at("x")} AS f
WITH f {{.income, status: coalesce($status, f.status)}} AS h
RETURN {expected_card(LOW_INCOME_LINE)} AS card, {LOW_INCOME_LINE} AS line"""

# Sets $props on the household (the dated facts they replace kept as of $day, graph/facts.py); when
# its card changes, ends every open period on $day (there is one; history is never deleted) and
# opens $color's.
_CHANGE = (
    """MATCH (h:Household {id: $householdId}), (k:Card {color: $color})
WITH h, k, h {.*} AS before
"""
    + keep_facts("h", "Household", "$props", "$day", "null")
    + """SET h += $props
WITH h, k, before
CALL (h, k) {
  OPTIONAL MATCH (h)-[open:HAS_CARD]->(:Card) WHERE $newPeriod AND open.until IS NULL
  WITH h, k, collect(open) AS opens
  FOREACH (o IN opens | SET o.until = $day)
  FOREACH (_ IN CASE WHEN $newPeriod THEN [1] ELSE [] END |
    CREATE (h)-[:HAS_CARD {since: $day, reason: $reason}]->(k))
}
SET h.card = $color
WITH h, before
"""
    + record_card_since("h")
    + record_exit_doubt("h")
    + "RETURN before, h {.*} AS after\n"
)


async def expected(
    tx: AsyncManagedTransaction,
    household_id: str,
    day: dt.date,
    thresholds: Thresholds,
    status: str | None = None,
) -> tuple[str | None, float]:
    """S2: the card status and income give on `day` (with `status` instead of the household's own
    when given), and the low-income line of `day`'s year."""
    result = await tx.run(
        _EXPECTED, {**shared(day, thresholds), "householdId": household_id, "status": status}
    )
    row = await result.single(strict=True)
    return row["card"], float(row["line"])


def refuse_before_open(household_id: str, open_card: Props | None, day: dt.date) -> None:
    """S1: a card period cannot end before it started."""
    if open_card is not None and day < open_card["since"]:
        raise RuleRefusal(
            "S1",
            f"S1：户 {household_id} 现持{CARD_NAMES[open_card['color']]}"
            f"自 {open_card['since'].isoformat()} 起，"
            f"换卡日期 {day.isoformat()} 不能早于该日",
            householdId=household_id,
            card=open_card["color"],
            since=open_card["since"].isoformat(),
            date=day.isoformat(),
        )


def held(found: dict[str, Any]) -> str | None:
    """S1: the card the household holds now: its open period's, else the one recorded on it."""
    color: str | None = (found["openCard"] or {}).get("color") or found["household"].get("card")
    return color


async def change_card(
    tx: AsyncManagedTransaction,
    found: dict[str, Any],
    color: str,
    reason: str,
    day: dt.date,
    props: Props | None = None,
) -> tuple[Props, list[Change]]:
    """Sets `props` on the household found by `lookup.household` and gives it `color` from `day`: the
    open period ends on `day` and a new one starts (S1), unless it holds `color` already. Returns
    the household after and the changes."""
    household_id = found["household"]["id"]
    await locks.take(tx, Card=list(CARD_NAMES))  # the periods' cards: dense nodes (locks.py)
    new_period = held(found) != color
    if new_period:
        refuse_before_open(household_id, found["openCard"], day)
    result = await tx.run(
        _CHANGE, householdId=household_id, color=color, reason=reason, day=day,
        props=props or {}, newPeriod=new_period,
    )  # fmt: skip
    row = await result.single(strict=True)
    before, after = plain(row["before"]), plain(row["after"])
    changes = [Change("Household", household_id, before, after)]
    if new_period:
        if found["openCard"] is not None:
            ended = {**found["openCard"], "until": day}
            changes.append(Change("HAS_CARD", household_id, found["openCard"], ended))
        opened = {"color": color, "since": day, "until": None, "reason": reason}
        changes.append(Change("HAS_CARD", household_id, None, opened))
    return after, changes


def reclassify_card(
    reach: Reach, thresholds: Thresholds, household_id: str, card: str, reason: str, day: dt.date
) -> Work:
    """S1/S2 `reclassifyCard`: refuses the card it already holds, a date before the open period's
    start, and a card other than the one status and income give (S2)."""
    inputs = {"householdId": household_id, "card": card, "reason": reason, "date": day}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Household=[household_id])
        found = await lookup.household(tx, reach, household_id, lock=True)
        household = found["household"]
        if held(found) == card:
            raise RuleRefusal(
                "S1",
                f"S1：户 {household_id} 已持{CARD_NAMES[card]}，无需换卡",
                householdId=household_id,
                card=card,
            )
        given, line = await expected(tx, household_id, day, thresholds)
        if given != card:
            raise RuleRefusal(
                "S2",
                f"S2：户 {household_id} 脱贫状态 {household.get('status')}、"
                f"人均纯收入 {household.get('income')} 元（低收入线 {line:g} 元）"
                f"应持{CARD_NAMES.get(given or '', '（无法判定的卡）')}，不能改为{CARD_NAMES[card]}",
                householdId=household_id,
                card=card,
                expected=given,
                status=household.get("status"),
                income=household.get("income"),
                lowIncomeLine=line,
            )
        after, changes = await change_card(tx, found, card, reason, day)
        return after, Event("reclassifyCard", inputs, changes, [found["node"]])

    return work
