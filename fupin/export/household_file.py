"""一户一档: a household's file for A4 printing — its facts, members, card history, cadres over time,
visits with findings and actions, benefits, loans and petitions; one household, or every
household of a village as one document (one household from a new page)."""

from __future__ import annotations

import asyncio
from typing import Any

from fupin.export import households
from fupin.export.labels import shown
from fupin.export.pdf import Document, pages
from fupin.export.run import Reader

KINDS = ["PAIRING", "VISIT", "BENEFIT", "LOAN", "PETITION"]
# The history's sections: title, headers, the events' kind and action, each column's (part, field).
SECTIONS: list[tuple[str, list[str], str, str, list[tuple[str, str]]]] = [
    ("四、帮扶责任人（历任）", ["帮扶责任人", "联系电话", "起始日期", "结束日期"], "PAIRING", "STARTED",
     [("cadre", "name"), ("cadre", "phone"), ("", "since"), ("", "until")]),
    ("五、走访记录", ["日期", "走访人", "方式", "走访发现", "当场措施", "处理结果"], "VISIT", "MADE",
     [("visit", "date"), ("cadre", "name"), ("visit", "mode"), ("visit", "findings"), ("visit", "actions"),
      ("visit", "resolution")]),
    ("六、享受政策", ["日期", "政策", "领域", "项目", "享受人", "金额（元）", "实施部门"],
     "BENEFIT", "RECEIVED",
     [("benefit", "date"), ("policy", "code"), ("policy", "area"), ("benefit", "project"), ("person", "name"),
      ("benefit", "amount"), ("benefit", "department")]),
    ("七、扶贫小额信贷", ["贷款银行", "金额（元）", "发放日期", "到期日期", "余额（元）", "是否逾期"],
     "LOAN", "ISSUED",
     [("loan", "bank"), ("loan", "amount"), ("loan", "issuedOn"), ("loan", "dueOn"), ("loan", "balance"),
      ("loan", "overdue")]),
    ("八、信访", ["信访件编号", "登记日期", "诉求", "办结日期", "答复"], "PETITION", "REGISTERED",
     [("petition", "caseNo"), ("petition", "registeredOn"), ("petition", "claim"), ("petition", "closedOn"),
      ("petition", "reply")]),
]  # fmt: skip
MEMBER_HEADERS = [
    "姓名", "性别", "出生日期", "证件号码", "与户主关系", "文化程度/在校", "劳动技能", "健康状况", "联系电话",
]  # fmt: skip


def _facts(h: dict[str, Any]) -> list[tuple[str, Any]]:
    village = h.get("village") or {}
    township = village.get("township") or {}
    return [
        ("户编号", h["id"]),
        ("户主姓名", h.get("headName")),
        ("户主证件号码", h.get("headIdNumber")),
        ("联系电话", h.get("phone")),
        ("乡镇", township.get("name")),
        ("行政村", village.get("name")),
        ("自然村（组）", h.get("hamlet")),
        ("家庭人口数", h.get("size")),
        ("贫困户属性", shown(h.get("attribute"), "HouseholdAttribute")),
        ("脱贫状态", shown(h.get("status"), "PovertyStatus")),
        ("脱贫年度", h.get("exitYear")),
        ("首次识别时间", h.get("identifiedOn")),
        ("卡类", shown(h.get("card"), "Card")),
        ("人均纯收入（元）", h.get("income")),
        ("主要致贫原因", h.get("mainCause")),
        ("其他致贫原因", h.get("otherCauses")),
        ("是否危房户", h.get("dangerousHouse")),
        ("危房等级", h.get("houseGrade")),
        ("安全饮用水", h.get("safeWater")),
        ("备注", h.get("note")),
    ]


def render(doc: Document, h: dict[str, Any], events: list[dict[str, Any]]) -> None:
    """One household's file, from a new page."""
    doc.add_page()
    doc.heading(f"建档立卡贫困户档案（一户一档）：{h.get('headName') or ''}户")
    doc.section("一、基本情况")
    doc.facts(_facts(h))
    doc.section("二、家庭成员")
    doc.grid(
        MEMBER_HEADERS,
        [
            [
                m["name"],
                m.get("gender"),
                m.get("birthDate"),
                m.get("idNumber"),
                m.get("relation"),
                m.get("schooling") or m.get("education"),
                m.get("labour"),
                m.get("health"),
                m.get("phone"),
            ]
            for m in h["members"]
        ],
        [15, 9, 18, 36, 16, 19, 15, 22, 30],
    )
    doc.section("三、卡类变化")
    doc.grid(
        ["卡类", "起始日期", "结束日期", "变更原因"],
        [
            [shown(p["color"], "Card"), p.get("since"), p.get("until"), p.get("reason")]
            for p in h["cardHistory"]
        ],
    )
    for title, headers, kind, action, columns in SECTIONS:
        doc.section(title)
        doc.grid(headers, households.cells(events, kind, action, columns))


async def household_file(
    reader: Reader, household_id: str | None, village_code: str | None, as_of: str | None
) -> tuple[bytes, str]:
    """The PDF and a file name; audited."""
    chosen, word, keys = await households.chosen(reader, household_id, village_code, as_of)
    events = await households.histories(reader, [h["id"] for h in chosen], KINDS)
    content = await asyncio.to_thread(
        pages,
        "一户一档",
        "一户一档：本村无在册贫困户",
        chosen,
        lambda doc, h: render(doc, h, events[h["id"]]),
    )
    await reader.audit(
        "householdFile", {"households": [h["id"] for h in chosen], "village": village_code}, keys
    )
    return content, f"一户一档-{word}.pdf"
