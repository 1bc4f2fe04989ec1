"""督查通报: the county's monthly report as of a month's last day — each township's verdict per rule,
a ranking of the townships, a chart per rule, and each rule's offenders on a sheet of its own
(.xlsx); the same verdicts, ranking and charts, and the first offenders of each rule, as a PDF."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.errors import UserError
from fupin.export import offenders
from fupin.export.listing import rows as list_rows
from fupin.export.run import Reader

LINE = "rule: key title count denominator amount balance rate threshold comparison passes"
SUMMARY = f"""
query Report($asOf: Date) {{
  coverage(asOf: $asOf) {{
    scope {{ townshipCode villageCode asOf }}
    summary {{ lines {{ {LINE} }} townships {{ township {{ code name }} lines {{ {LINE} }} }} }}
  }}
}}
"""


@dataclass(frozen=True)
class Offenders:
    rule: str
    field: str
    headers: list[str]
    text: list[bool]
    rows: list[list[Any]]
    refused: str | None  # why the caller may not read this list, else None


@dataclass(frozen=True)
class Report:
    month: str
    as_of: str
    lines: list[dict[str, Any]]  # the county's (or the caller's scope's) lines
    townships: list[dict[str, Any]]  # {township, lines}, ranked: fewest failing lines first
    offenders: list[Offenders]


def month_end(month: str) -> dt.date:
    """The day a month's report is as of: its last day, or today for the running month."""
    try:
        year, number = (int(part) for part in month.split("-"))
        last = dt.date(year, number, calendar.monthrange(year, number)[1])
    except ValueError:
        raise UserError(f"month 须为 YYYY-MM 形式的月份，收到 {month!r}", argument="month") from None
    today = dt.date.today()
    if dt.date(year, number, 1) > today:
        raise UserError(f"month {month} 尚未开始，不能生成通报", argument="month")
    return min(last, today)


def failing(township: dict[str, Any]) -> int:
    return sum(1 for line in township["lines"] if not line["passes"])


async def read(reader: Reader, month: str) -> Report:
    as_of = month_end(month).isoformat()
    data = await reader.data(SUMMARY, {"asOf": as_of})
    summary = data["coverage"]["summary"]
    ranked = sorted(summary["townships"], key=lambda t: (failing(t), t["township"]["code"]))
    lists = []
    for rule, field in offenders.rule_fields():
        query = reader.list_query(offenders.query(reader.schema._schema, field))
        try:
            _, nodes = await reader.rows(query, {"asOf": as_of})
        except UserError as error:
            if error.extensions.get("code") != "FORBIDDEN":
                raise
            lists.append(Offenders(rule, field, [], [], [], error.message))
            continue
        headers = [c.header for c in query.columns]
        lists.append(
            Offenders(rule, field, headers, [c.text for c in query.columns], list_rows(query, nodes), None)
        )
    return Report(month, as_of, summary["lines"], ranked, lists)


def verdict(line: dict[str, Any]) -> str:
    return "达标" if line["passes"] else "未达标"


def rate(line: dict[str, Any]) -> str:
    return "—" if line["rate"] is None else f"{line['rate'] * 100:.1f}%"


def standard(line: dict[str, Any]) -> str:
    """The threshold as the plan states it: a share in per cent, a count (P9's none) as it is."""
    words, threshold = ("≥" if line["comparison"] == "AT_LEAST" else "≤"), line["threshold"]
    return f"{words}{threshold * 100:g}%" if 0 < threshold <= 1 else f"{words}{threshold:g}"


def figure(value: float | None) -> float | int | None:
    """A count as a whole number; an amount (P10's yuan) as it is."""
    return int(value) if value is not None and float(value).is_integer() else value


def line_row(line: dict[str, Any]) -> list[Any]:
    """A line's figures: its count and denominator, or for money (P10) its amount and balance."""
    money = line["count"] is None
    count = figure(line["amount"] if money else line["count"])
    denominator = figure(line["balance"] if money else line["denominator"])
    return [line["rule"], line["title"], count, denominator, rate(line), standard(line), verdict(line)]


LINE_HEADERS = ["规则", "事项", "问题数", "基数", "比率", "标准", "结论"]


def rank_rows(report: Report) -> list[list[Any]]:
    rows = []
    for place, township in enumerate(report.townships, start=1):
        bad = [line["rule"] for line in township["lines"] if not line["passes"]]
        rows.append(
            [place, township["township"]["name"], len(township["lines"]) - len(bad), len(bad), "、".join(bad)]
        )
    return rows


RANKING_HEADERS = ["名次", "乡镇", "达标项数", "未达标项数", "未达标规则"]


def rule_titles(report: Report) -> list[tuple[str, str]]:
    """(rule, title) of every line, in the summary's order."""
    return [(line["rule"], line["title"]) for line in report.lines]


def township_line(township: dict[str, Any], rule: str, title: str) -> dict[str, Any] | None:
    return next((line for line in township["lines"] if line["rule"] == rule and line["title"] == title), None)
