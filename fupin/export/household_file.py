"""一户一档: a household's file for A4 printing — its facts, members, card history, cadres over time,
visits with findings and actions, benefits, loans and petitions; one household, or every
household of a village as one document (one household from a new page)."""

from __future__ import annotations

from typing import Any

from fupin.export import households
from fupin.export.labels import shown
from fupin.export.pdf import Document
from fupin.export.run import Reader

KINDS = ["PAIRING", "VISIT", "BENEFIT", "LOAN", "PETITION"]
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
    doc.section("四、帮扶责任人（历任）")
    doc.grid(
        ["帮扶责任人", "联系电话", "起始日期", "结束日期"],
        [
            [
                (e.get("cadre") or {}).get("name"),
                (e.get("cadre") or {}).get("phone"),
                e.get("since"),
                e.get("until"),
            ]
            for e in households.of_kind(events, "PAIRING", "STARTED")
        ],
    )
    doc.section("五、走访记录")
    doc.grid(
        ["日期", "走访人", "方式", "走访发现", "当场措施", "处理结果"],
        [
            [
                e["visit"]["date"],
                (e.get("cadre") or {}).get("name"),
                e["visit"].get("mode"),
                e["visit"].get("findings"),
                e["visit"].get("actions"),
                e["visit"].get("resolution"),
            ]
            for e in households.of_kind(events, "VISIT", "MADE")
            if e.get("visit")
        ],
        [20, 18, 14, 50, 40, 38],
    )
    doc.section("六、享受政策")
    doc.grid(
        ["日期", "政策", "项目", "享受人", "金额（元）", "实施部门"],
        [
            [
                e["benefit"].get("date"),
                _policy(e),
                e["benefit"].get("project"),
                (e.get("person") or {}).get("name"),
                e["benefit"].get("amount"),
                e["benefit"].get("department"),
            ]
            for e in households.of_kind(events, "BENEFIT", "RECEIVED")
            if e.get("benefit")
        ],
    )
    doc.section("七、扶贫小额信贷")
    doc.grid(
        ["贷款银行", "金额（元）", "发放日期", "到期日期", "余额（元）", "是否逾期"],
        [
            [
                e["loan"].get("bank"),
                e["loan"].get("amount"),
                e["loan"].get("issuedOn"),
                e["loan"].get("dueOn"),
                e["loan"].get("balance"),
                e["loan"].get("overdue"),
            ]
            for e in households.of_kind(events, "LOAN", "ISSUED")
            if e.get("loan")
        ],
    )
    doc.section("八、信访")
    doc.grid(
        ["信访件编号", "登记日期", "诉求", "办结日期", "答复"],
        [
            [
                e["petition"]["caseNo"],
                e["petition"].get("registeredOn"),
                e["petition"].get("claim"),
                e["petition"].get("closedOn"),
                e["petition"].get("reply"),
            ]
            for e in households.of_kind(events, "PETITION", "REGISTERED")
            if e.get("petition")
        ],
    )


def _policy(event: dict[str, Any]) -> str | None:
    policy = event.get("policy")
    return f"{policy['code']} {policy['area']}" if policy else None


async def household_file(
    reader: Reader, household_id: str | None, village_code: str | None, as_of: str | None
) -> tuple[bytes, str]:
    """The PDF and a file name; audited."""
    if household_id:
        chosen = [await households.one(reader, household_id, as_of)]
        name, keys = f"一户一档-{household_id}.pdf", [household_id]
    else:
        assert village_code
        village, chosen = await households.of_village(reader, village_code, as_of)
        name, keys = f"一户一档-{village['name']}.pdf", [village_code]
    events = await households.histories(reader, [h["id"] for h in chosen], KINDS)
    doc = Document("一户一档")
    for h in chosen:
        render(doc, h, events[h["id"]])
    if not chosen:
        doc.add_page()
        doc.heading("一户一档：本村无在册贫困户")
    content = doc.content()
    await reader.audit(
        "householdFile", {"households": [h["id"] for h in chosen], "village": village_code}, keys
    )
    return content, name
