"""S5: a household exits poverty (退出) once a year, only when "一超过、两不愁、三保障" holds.

What each criterion reads (docs/model.md properties; the P-rules' own definitions where coverage
has one, so an exit is refused exactly for what coverage reports):

- INCOME (一超过, S2): `Household.income` (人均纯收入) above the poverty line of the exit year
  (graph/coverage/fragments.py); unknown income is unmet.
- FOOD_AND_CLOTHING (两不愁, P6): a 低保 household (`attribute` DIBAO) has a member with `dibao`,
  a 特困供养 household (TEKUN) a member with `tekun`: the guarantee that feeds and clothes those
  who cannot earn; for others it rests on INCOME.
- COMPULSORY_EDUCATION (三保障, P2): no member is a school dropout as coverage's `schoolDropouts`
  reads it (aged 6–15, no 在校生状况, no health reason), ages on the judging day.
- BASIC_MEDICAL (三保障, P3): every member has basic medical and serious-illness insurance
  (`medicalInsurance`, `seriousIllnessInsurance` true), as `uninsuredPersons` reads it.
- SAFE_HOUSING (三保障, P4): `houseGrade` is not C or D, and a 危房户 (`dangerousHouse`) has a grade.
- SAFE_WATER (饮水安全, P5): `safeWater` is true; unknown is unmet.

The judging day is today, or 31 December of a past exit year; the card (S2) and its period start
on the day the exit is recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import AsyncManagedTransaction

from core.errors import RuleRefusal
from core.settings import Thresholds
from graph.audit import Event
from graph.changes import locks, lookup
from graph.changes.cards import change_card, expected
from graph.changes.lookup import Work
from graph.coverage.exit_criteria import CHECKS, PEOPLE
from graph.coverage.params import shared
from graph.facts import facts_at
from graph.reach import Reach
from graph.rows import Props, plain

# Each criterion of the household's and its members' facts on the judging day $asOf (graph/facts.py),
# as graph/coverage/exit_criteria.py defines it.
_CRITERIA = f"""MATCH (h:Household {{id: $householdId}})
WITH h, {facts_at("h")} AS hf, {PEOPLE} AS people
RETURN {", ".join(f"{check} AS {name}" for name, check in CHECKS.items())}
"""


def _unmet(row: dict[str, Any], household: Props, line: int) -> list[dict[str, Any]]:
    """Every criterion that does not hold, with the facts that make it fail."""
    unmet: list[dict[str, Any]] = []
    if not row["income"]:
        unmet.append(
            {
                "criterion": "INCOME",
                "rules": ["S5", "S2"],
                "income": household.get("income"),
                "povertyLine": line,
                "text": f"一超过：人均纯收入 {household.get('income')} 元未超过贫困线 {line} 元",
            }
        )
    if not row["foodAndClothing"]:
        unmet.append(
            {
                "criterion": "FOOD_AND_CLOTHING",
                "rules": ["S5", "P6"],
                "attribute": household.get("attribute"),
                "text": f"两不愁：{household.get('attribute')} 户无成员享受低保/特困供养",
            }
        )
    if row["dropouts"]:
        names = "、".join(p["name"] or p["uid"] for p in row["dropouts"])
        unmet.append(
            {
                "criterion": "COMPULSORY_EDUCATION",
                "rules": ["S5", "P2"],
                "persons": row["dropouts"],
                "text": f"义务教育：{names} 适龄失学辍学",
            }
        )
    if row["uninsured"]:
        names = "、".join(p["name"] or p["uid"] for p in row["uninsured"])
        unmet.append(
            {
                "criterion": "BASIC_MEDICAL",
                "rules": ["S5", "P3"],
                "persons": row["uninsured"],
                "text": f"基本医疗：{names} 未参加基本医疗保险或大病保险",
            }
        )
    if not row["safeHousing"]:
        unmet.append(
            {
                "criterion": "SAFE_HOUSING",
                "rules": ["S5", "P4"],
                "houseGrade": household.get("houseGrade"),
                "dangerousHouse": household.get("dangerousHouse"),
                "text": f"住房安全：危房（等级 {household.get('houseGrade') or '未评定'}）",
            }
        )
    if not row["safeWater"]:
        unmet.append(
            {
                "criterion": "SAFE_WATER",
                "rules": ["S5", "P5"],
                "safeWater": household.get("safeWater"),
                "text": "饮水安全：未解决安全饮用水"
                if household.get("safeWater") is False
                else "饮水安全：未记录是否解决安全饮用水",
            }
        )
    return unmet


def _refuse_state(household: Props, year: int) -> None:
    household_id, status, last = household["id"], household.get("status"), household.get("exitYear")
    if status == "OUT":
        raise RuleRefusal(
            "S5", f"S5：户 {household_id} 已于 {last} 年脱贫，不能再次退出", householdId=household_id,
            status=status, exitYear=last,
        )  # fmt: skip
    if last is not None and year <= last:
        raise RuleRefusal(
            "S5", f"S5：户 {household_id} 已于 {last} 年退出过，每年只能退出一次，{year} 年须晚于 {last} 年",
            householdId=household_id, exitYear=last, year=year,
        )  # fmt: skip


def exit_household(
    reach: Reach, thresholds: Thresholds, household_id: str, year: int, today: dt.date
) -> Work:
    """S5 `exitHousehold`: status OUT, exitYear, the card S2 gives (YELLOW or GREEN) from `today`."""
    inputs = {"householdId": household_id, "year": year}
    judged_on = min(today, dt.date(year, 12, 31))

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Household=[household_id])
        found = await lookup.household(tx, reach, household_id, lock=True)
        household = found["household"]
        _refuse_state(household, year)
        params = shared(judged_on, thresholds)
        result = await tx.run(_CRITERIA, {**params, "householdId": household_id})
        record = await result.single(strict=True)
        unmet = _unmet({k: plain(v) for k, v in record.items()}, household, params["povertyLine"])
        if unmet:
            raise RuleRefusal(
                "S5",
                f"S5：户 {household_id} 不符合 {year} 年退出标准：" + "；".join(u["text"] for u in unmet),
                householdId=household_id,
                year=year,
                unmet=[{k: v for k, v in u.items() if k != "text"} for u in unmet],
            )
        card, _ = await expected(tx, household_id, judged_on, thresholds, status="OUT")
        assert card is not None  # income is known: INCOME holds
        reason = f"S5 {year} 年脱贫退出"
        after, changes = await change_card(
            tx, found, card, reason, today, {"status": "OUT", "exitYear": year}
        )
        return after, Event("exitHousehold", inputs, changes, [found["node"]])

    return work
