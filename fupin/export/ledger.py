"""村级帮扶台账: a village's support ledger for a year as .xlsx — its pairings (every period), a
month-by-household visit grid, and its work team's in-village days per month."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from fupin.export import households
from fupin.export.labels import VALUE_WORDS, shown
from fupin.export.listing import exported_at
from fupin.export.run import Reader
from fupin.export.xlsx import Table, about, workbook

MONTHS = [f"{m}月" for m in range(1, 13)]

TEAMS = """
query Teams($code: String!, $asOf: Date) {
  village(code: $code) { workTeams(asOf: $asOf) { id level unit(asOf: $asOf) { name }
    members(asOf: $asOf) { cadre { id name } role since } } }
}
"""

ATTENDANCE = """
query Attendance($id: ID!, $from: Date!, $to: Date) {
  cadreAccountability(cadreId: $id, from: $from, to: $to) { attendance { month days required stationed } }
}
"""


def visit_grid(chosen: list[dict[str, Any]], events: dict[str, list[dict[str, Any]]], year: int) -> Table:
    """One row a household: its visits in each month of `year` (the days visited), and the count."""
    rows = []
    for h in chosen:
        days: list[list[str]] = [[] for _ in MONTHS]
        for event in households.of_kind(events[h["id"]], "VISIT", "MADE"):
            date = str(event.get("date") or "")
            if date.startswith(f"{year}-"):
                days[int(date[5:7]) - 1].append(date[8:10])
        cells = ["、".join(d) + "日" if d else None for d in days]
        rows.append(
            [h["id"], h.get("headName"), shown(h.get("card"), "Card"), *cells, sum(len(d) for d in days)]
        )
    return Table("走访台账", ["户编号", "户主", "卡类", *MONTHS, "全年走访次数"], rows, [True])


def pairings(chosen: list[dict[str, Any]], events: dict[str, list[dict[str, Any]]]) -> Table:
    rows = [
        [
            h["id"],
            h.get("headName"),
            shown(h.get("card"), "Card"),
            (e.get("cadre") or {}).get("name"),
            (e.get("cadre") or {}).get("phone"),
            e.get("since"),
            e.get("until"),
        ]
        for h in chosen
        for e in households.of_kind(events[h["id"]], "PAIRING", "STARTED")
    ]
    headers = ["户编号", "户主", "卡类", "帮扶责任人", "联系电话", "结对起始", "结对结束"]
    return Table("结对帮扶", headers, rows, [True, False, False, False, True])


async def attendance(reader: Reader, code: str, year: int, to: dt.date) -> Table:
    """The team members' in-village days per month of `year` (up to `to`)."""
    data = await reader.data(TEAMS, {"code": code, "asOf": to.isoformat()})
    members = [(team, m) for team in (data["village"] or {}).get("workTeams", []) for m in team["members"]]

    async def days(cadre_id: str) -> dict[str, int]:
        answer = await reader.data(
            ATTENDANCE, {"id": cadre_id, "from": f"{year}-01-01", "to": to.isoformat()}
        )
        return {a["month"]: a["days"] for a in answer["cadreAccountability"]["attendance"]}

    found = await asyncio.gather(*(days(m["cadre"]["id"]) for _, m in members))
    rows = []
    for (team, member), months in zip(members, found, strict=True):
        per_month = [months.get(f"{year}-{m:02d}") for m in range(1, 13)]
        rows.append(
            [
                team["id"],
                (team.get("unit") or {}).get("name"),
                member["cadre"]["name"],
                VALUE_WORDS["TeamRole"].get(member.get("role") or "", member.get("role")),
                *per_month,
            ]
        )
    return Table("驻村考勤", ["工作队", "派出单位", "队员", "角色", *MONTHS], rows)


async def ledger(reader: Reader, code: str, year: int) -> tuple[bytes, str]:
    """The ledger's workbook and a file name; audited."""
    today = dt.date.today()
    to = min(dt.date(year, 12, 31), today)
    village, chosen = await households.of_village(reader, code, to.isoformat())
    events = await households.histories(reader, [h["id"] for h in chosen], ["PAIRING", "VISIT"])
    tables = [
        pairings(chosen, events),
        visit_grid(chosen, events, year),
        await attendance(reader, code, year, to),
    ]
    facts = [
        ("村", f"{(village.get('township') or {}).get('name', '')}{village['name']}（{village['code']}）"),
        ("年度", year),
        ("数据截至", to.isoformat()),
        ("导出时间", exported_at()),
        ("导出人", reader.principal.subject),
    ]
    content = await asyncio.to_thread(workbook, [*tables, about(facts)])
    await reader.audit("villageLedger", {"village": code, "year": year}, [code])
    return content, f"村级帮扶台账-{village['name']}-{year}.xlsx"
