"""What a cadre did over a period (cadreAccountability): pairings, visits made against visits due
under W9, days in the village per month against W11, rectification orders (W12) and petitions (P9)
about the paired households — one statement from the cadre's unique-index seek.

W9 and W11 are read exactly as the coverage rules read them (graph/coverage/rules/overdue_visits.py,
attendance_shortfalls.py), over the calendar months and quarters that lie wholly inside the period.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import AsyncDriver

from graph import reads
from graph.coverage.fragments import card_on
from graph.coverage.params import month_params
from graph.coverage.rules.attendance_shortfalls import days_in_village
from graph.coverage.rules.overdue_visits import visit_due
from graph.entities import active
from graph.facts import facts_on, on_register
from graph.reach import Reach
from graph.rows import Props, plain


def _overlaps(rel: str) -> str:
    """The relationship was active on some day of [$from, $to]."""
    return f"{rel}.since <= $to AND ({rel}.until IS NULL OR {rel}.until > $from)"


def _next_month(day: dt.date, months: int = 1) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def visit_periods(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """W9's periods wholly inside [start, end]: every calendar month (due when RED) and quarter (due
    when YELLOW or GREEN), each {cadence, start, due} with due its last day."""
    periods = []
    for cadence, months in (("MONTH", 1), ("QUARTER", 3)):
        first = start.replace(day=1)
        if cadence == "QUARTER":
            first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
        while True:
            following = _next_month(first, months)
            due = following - dt.timedelta(days=1)
            if due > end:
                break
            if first >= start:
                periods.append({"cadence": cadence, "start": first, "due": due})
            first = following
    return sorted(periods, key=lambda p: (p["due"], p["cadence"]))


def attendance_months(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """W11's calendar months wholly inside [start, end], as its coverage rule's parameters."""
    months, first = [], start.replace(day=1)
    if first < start:
        first = _next_month(first)
    while _next_month(first) - dt.timedelta(days=1) <= end:
        months.append(month_params(first, end))
        first = _next_month(first)
    return months


# The last day of the period the cadre was paired with household `h` (pairing `r`): the household is
# shown with its facts of that day (graph/facts.py), not today's.
_LAST_PAIRED = "CASE WHEN r.until <= $to THEN r.until - duration({days: 1}) ELSE $to END"


# The cadre is `me`: `c` and `k` are the names card_on's pattern uses; W11's count reads `c`.
def statement(reach: Reach) -> str:
    return f"""MATCH (me:Cadre {{uid: $cadreId}}) USING INDEX SEEK me:Cadre(uid)
WHERE {reach.sees("Cadre", "me")}
CALL (me) {{
  MATCH (me)-[r:PAIRED_WITH]->(h:Household) WHERE {_overlaps("r")} AND {reach.sees("Household", "h")}
  WITH me, r, h, [p IN $periods WHERE {active("r", "p.due")} AND {on_register("h", "p.due")}] AS periods
  WITH me, r, h, [p IN periods | p {{.*, card: {card_on("p.due")}}}] AS periods,
       COLLECT {{ MATCH (me)-[:MADE]->(x:Visit)-[:TO]->(h) WHERE $from <= x.date <= $to
                 RETURN x {{.*}} ORDER BY x.date, x.id }} AS visits
  WITH r, h, visits, [p IN periods WHERE {visit_due("p")}
                      | p {{.*, visits: size([x IN visits WHERE p.start <= x.date <= p.due])}}] AS due,
       {_LAST_PAIRED} AS last
  ORDER BY r.since, h.id
  RETURN collect({{household: {facts_on("h", "Household", "last")}, since: r.since, until: r.until,
                  visits: visits, periods: due,
                  petitions: COLLECT {{ MATCH (h)<-[:ABOUT]-(pt:Petition)
                                       WHERE $from <= pt.registeredOn <= $to
                                         AND {active("r", "pt.registeredOn")}
                                       RETURN pt {{.*}} ORDER BY pt.registeredOn, pt.caseNo }}}})
         AS households
}}
CALL (me) {{
  UNWIND $months AS mo
  WITH me AS c, mo
  WITH mo, {days_in_village("mo.")} AS days,
       EXISTS {{ (c)-[m:MEMBER_OF]->(:WorkTeam)-[s:STATIONED_IN]->(:Village)
                WHERE {active("m", "mo.day")} AND {active("s", "mo.day")} }} AS stationed
  ORDER BY mo.monthStart
  RETURN collect({{month: mo.month, days: days, required: $minDays, stationed: stationed,
                  short: stationed AND days < $minDays}}) AS attendance
}}
RETURN {{cadre: me {{.*}}, households: households, attendance: attendance,
        units: COLLECT {{ MATCH (me)-[w:WORKS_FOR]->(u:Unit) WHERE {_overlaps("w")}
                         RETURN {{unit: u {{.*}}, since: w.since, until: w.until}}
                         ORDER BY w.since, u.name }},
        teams: COLLECT {{ MATCH (me)-[m:MEMBER_OF]->(wt:WorkTeam)
                         WHERE {_overlaps("m")} AND {reach.sees("WorkTeam", "wt")}
                         RETURN {{team: wt {{.*}}, role: m.role, since: m.since, until: m.until}}
                         ORDER BY m.since, wt.id }},
        rectifications: COLLECT {{ MATCH (o:Rectification)-[:ISSUED_TO]->(me)
                                  WHERE o.issuedOn <= $to AND (o.closedOn IS NULL OR o.closedOn > $from)
                                  RETURN o {{.*}} ORDER BY o.issuedOn, o.id }}}} AS account
"""


def parameters(cadre_id: str, start: dt.date, end: dt.date, min_days: int) -> dict[str, Any]:
    return {
        "cadreId": cadre_id,
        "from": start,
        "to": end,
        "periods": visit_periods(start, end),
        "months": attendance_months(start, end),
        "minDays": min_days,
    }


async def account(
    driver: AsyncDriver,
    database: str,
    cadre_id: str,
    start: dt.date,
    end: dt.date,
    min_days: int,
    reach: Reach,
) -> Props | None:
    """The cadre's account of [start, end] (both days included), with totals; None when unknown
    or out of the caller's reach (whose households alone it lists)."""
    records = await reads.read(
        driver, database, statement(reach), {**parameters(cadre_id, start, end, min_days), **reach.params()}
    )
    if not records:
        return None
    found: Props = plain(records[0]["account"])
    for household in found["households"]:
        household["visitsDue"] = len(household["periods"])
        household["periodsMet"] = sum(1 for p in household["periods"] if p["visits"] > 0)
    households = found["households"]
    found.update(
        {
            "from": start,
            "to": end,
            "visitsMade": sum(len(h["visits"]) for h in households),
            "visitsDue": sum(h["visitsDue"] for h in households),
            "periodsMet": sum(h["periodsMet"] for h in households),
            "petitions": [p for h in households for p in h["petitions"]],
        }
    )
    return found
