"""明白卡: what a household received in a year, policy by policy with amounts, and who answers for
it (the cadres paired with it on the day, with their unit and phone) — one printable page per
household, for one household or a village's batch."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

from fupin.export import households
from fupin.export.labels import shown
from fupin.export.pdf import Document, pages, text
from fupin.export.run import Reader


def by_policy(events: list[dict[str, Any]], year: int) -> dict[str, list[dict[str, Any]]]:
    """The year's benefits grouped by policy (code and area), in date order."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in households.of_kind(events, "BENEFIT", "RECEIVED"):
        benefit = event.get("benefit") or {}
        if str(benefit.get("date") or "").startswith(f"{year}-"):
            policy = event.get("policy") or {}
            grouped[f"{policy.get('code', '')} {policy.get('area', '')}".strip()].append(event)
    return dict(sorted(grouped.items()))


def render(doc: Document, h: dict[str, Any], events: list[dict[str, Any]], year: int) -> None:
    doc.add_page()
    doc.heading(f"扶贫政策明白卡（{year} 年度）")
    village = h.get("village") or {}
    doc.facts(
        [
            ("户主", h.get("headName")),
            ("户编号", h["id"]),
            ("村", f"{(village.get('township') or {}).get('name', '')}{village.get('name', '')}"),
            ("卡类", shown(h.get("card"), "Card")),
            ("家庭人口数", h.get("size")),
            ("脱贫状态", shown(h.get("status"), "PovertyStatus")),
        ]
    )
    doc.section("一、本年度享受的政策")
    rows: list[list[Any]] = []
    total = 0.0
    for policy, items in by_policy(events, year).items():
        subtotal = sum(float(e["benefit"].get("amount") or 0) for e in items)
        total += subtotal
        for e in items:
            rows.append(
                [
                    policy,
                    e["benefit"].get("project"),
                    (e.get("person") or {}).get("name") or "全户",
                    e["benefit"].get("date"),
                    e["benefit"].get("amount"),
                ]
            )
        rows.append([policy, "小计", "", "", subtotal])
    if rows:
        rows.append(["合计", "", "", "", total])
    doc.grid(["政策", "项目", "享受人", "日期", "金额（元）"], rows, [40, 55, 25, 25, 35])
    doc.section("二、帮扶责任人")
    doc.grid(
        ["姓名", "单位", "职务", "联系电话", "结对起始"],
        [
            [
                p["cadre"]["name"],
                (p["cadre"].get("unit") or {}).get("name"),
                p["cadre"].get("post"),
                p["cadre"].get("phone"),
                p.get("since"),
            ]
            for p in h["pairings"]
        ],
        [25, 55, 30, 40, 30],
    )
    doc.paragraph("有政策疑问或困难，请联系帮扶责任人或村扶贫信息员。", size=9)
    doc.paragraph(f"金额合计：{text(total)} 元", size=10)


async def card(
    reader: Reader, household_id: str | None, village_code: str | None, year: int, as_of: str | None
) -> tuple[bytes, str]:
    """The 明白卡 PDF and a file name; audited."""
    chosen, word, keys = await households.chosen(reader, household_id, village_code, as_of)
    events = await households.histories(reader, [h["id"] for h in chosen], ["BENEFIT"])
    content = await asyncio.to_thread(
        pages,
        f"扶贫政策明白卡 {year}",
        "明白卡：本村无在册贫困户",
        chosen,
        lambda doc, h: render(doc, h, events[h["id"]], year),
    )
    await reader.audit("card", {"households": [h["id"] for h in chosen], "year": year}, keys)
    return content, f"明白卡-{word}-{year}.pdf"
