"""The printable and per-village exports: 一户一档 and 明白卡 PDFs read back with pypdf and compared
with the API's answer for the same household and caller; the village ledger and the monthly
report opened and compared likewise; bad input refused with a code."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from neo4j import Driver
from openpyxl import load_workbook
from pypdf import PdfReader
from starlette.testclient import TestClient

from core.principal import Role
from core.settings import Settings
from tests.conftest import bearer, gql
from tests.export_graphs import export_county

HOUSEHOLD = """
query($id: ID!) {
  household(id: $id) { id headName headIdNumber phone members { name idNumber } cardHistory { reason } }
  householdHistory(householdId: $id, kinds: [PAIRING, VISIT, BENEFIT, LOAN, PETITION]) {
    edges { node { kind cadre { name phone } visit { findings actions } benefit { project }
                   loan { bank } petition { caseNo claim } } }
  }
}
"""


FILE_FIELDS = [
    ("cadre", "name"), ("cadre", "phone"), ("visit", "findings"), ("visit", "actions"),
    ("benefit", "project"), ("loan", "bank"), ("petition", "caseNo"), ("petition", "claim"),
]  # fmt: skip


def post(client: TestClient, path: str, headers: dict[str, str] | None = None, **body: Any) -> bytes:
    response = client.post(path, json=body, headers=headers or {})
    assert response.status_code == 200, response.text
    return response.content


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def flat(text: str) -> str:
    """Text without the line breaks a table cell wraps at."""
    return "".join(text.split())


def api_words(client: TestClient, household: str, headers: dict[str, str] | None = None) -> list[str]:
    """Every value of the household's file as the API answers the caller."""
    response = client.post(
        "/graphql", json={"query": HOUSEHOLD, "variables": {"id": household}}, headers=headers or {}
    )
    data = response.json()["data"]
    h = data["household"]
    words = [h["id"], h["headName"], h["headIdNumber"]]
    words += [m["name"] for m in h["members"]] + [m["idNumber"] for m in h["members"]]
    words += [p["reason"] for p in h["cardHistory"] if p["reason"]]
    for edge in data["householdHistory"]["edges"]:
        node = edge["node"]
        for part, field in FILE_FIELDS:
            if node.get(part) and node[part].get(field):
                words.append(node[part][field])
    return [w for w in words if w]


def test_household_file_holds_the_api_answer(db: Driver, client: TestClient) -> None:
    export_county(db)
    pages = pdf_pages(post(client, "/export/household-file.pdf", householdId="H1"))
    text = flat("".join(pages))
    assert "一户一档" in text and "张三" in text
    words = api_words(client, "H1")
    known = {"屋顶漏雨", "联系维修", "产业奖补", "医疗救助", "县农商银行", "申请危房改造"}
    assert known | {"430624197001011234", "甲干部", "乙干部", "13700000002"} <= set(words)
    assert [w for w in words if flat(w) not in text] == []


def test_township_officer_file_is_masked_as_the_api_masks_it(
    db: Driver, client: TestClient, settings: Settings
) -> None:
    export_county(db)
    officer = {"authorization": bearer(settings, Role.TOWNSHIP_OFFICER, "430624101")}
    text = flat("".join(pdf_pages(post(client, "/export/household-file.pdf", officer, householdId="H1"))))
    words = api_words(client, "H1", officer)
    assert [w for w in words if flat(w) not in text] == []
    assert "430624197001011234" not in text and "13700000002" not in text
    other = client.post("/export/household-file.pdf", json={"householdId": "H5"}, headers=officer)
    assert other.status_code == 404 and other.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_a_village_file_is_one_household_a_page(db: Driver, client: TestClient, settings: Settings) -> None:
    export_county(db)
    officer = {"authorization": bearer(settings, Role.TOWNSHIP_OFFICER, "430624101")}
    pages = pdf_pages(post(client, "/export/household-file.pdf", officer, villageCode="430624101201"))
    heads = [name for name in ("张三", "李四", "王五") if any(f"{name}户" in flat(p) for p in pages)]
    assert heads == ["张三", "李四", "王五"]
    assert sum(1 for p in pages if "基本情况" in p) == 3
    for code in ("430624102201", "430624199999"):  # another township's village, and none
        refused = client.post("/export/household-file.pdf", json={"villageCode": code}, headers=officer)
        assert refused.status_code == 404, refused.text
        error = refused.json()["errors"][0]
        assert error["extensions"]["code"] == "NOT_FOUND" and code in error["message"]


def test_roles_without_the_history_are_refused(db: Driver, client: TestClient, settings: Settings) -> None:
    export_county(db)
    village = {"authorization": bearer(settings, Role.VILLAGE_OFFICER, "430624101201")}
    refused = client.post("/export/household-file.pdf", json={"householdId": "H1"}, headers=village)
    assert refused.status_code == 403 and refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_bad_arguments_are_refused_with_a_code(db: Driver, client: TestClient) -> None:
    export_county(db)
    for path, body in [
        ("/export/household-file.pdf", {}),
        ("/export/household-file.pdf", {"householdId": "H1", "villageCode": "430624101201"}),
        ("/export/card.pdf", {"householdId": "H1", "year": "2025"}),
        ("/export/village-ledger.xlsx", {"villageCode": 430624101201}),
        ("/export/report.xlsx", {"month": "2025-13"}),
        ("/export/report.pdf", {"month": "2999-01"}),
    ]:
        response = client.post(path, json=body)
        assert response.status_code == 400, (path, body, response.text)
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert client.post("/export/card.pdf", content=b"[1]").status_code == 400
    assert client.get("/export.xlsx").status_code == 405
    unsigned = client.post(
        "/export/card.pdf", json={"householdId": "H1"}, headers={"authorization": "Bearer x"}
    )
    assert (
        unsigned.status_code == 401
        and unsigned.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    )


def test_card_sums_the_years_benefits_by_policy(db: Driver, client: TestClient) -> None:
    export_county(db)
    pages = pdf_pages(post(client, "/export/card.pdf", householdId="H1", year=2025))
    assert len(pages) == 1
    text = flat(pages[0])
    assert "扶贫政策明白卡（2025年度）" in text
    policies = ("P1产业", "产业奖补", "1,500.00", "P3健康", "医疗救助", "张小", "320.50", "合计", "1,820.50")
    for words in (*policies, "乙干部", "13700000002", "县财政局"):
        assert words in text, words
    assert "旧年奖补" not in text  # 2024's


def test_a_village_batch_of_cards(db: Driver, client: TestClient) -> None:
    export_county(db)
    pages = pdf_pages(post(client, "/export/card.pdf", villageCode="430624101201", year=2025))
    assert len(pages) == 3 and ["张三" in p for p in pages].count(True) >= 1


def test_village_ledger(db: Driver, client: TestClient) -> None:
    export_county(db)
    book = load_workbook(
        io.BytesIO(post(client, "/export/village-ledger.xlsx", villageCode="430624101201", year=2025))
    )
    assert book.sheetnames == ["结对帮扶", "走访台账", "驻村考勤", "导出说明"]
    pairings = [[c.value for c in row] for row in book["结对帮扶"].iter_rows(min_row=2)]
    api = gql(client, HOUSEHOLD, id="H1")["householdHistory"]["edges"]
    cadres = sorted({e["node"]["cadre"]["name"] for e in api if e["node"]["kind"] == "PAIRING"})
    assert sorted(row[3] for row in pairings if row[0] == "H1") == cadres == ["乙干部", "甲干部"]
    assert sorted(row[0] for row in pairings) == ["H1", "H1", "H2", "H3"]
    grid = {row[0].value: [c.value for c in row] for row in book["走访台账"].iter_rows(min_row=2)}
    assert grid["H1"][3 + 2] == "05日" and grid["H1"][-1] == 1 and grid["H2"][-1] == 0
    attendance = [[c.value for c in row] for row in book["驻村考勤"].iter_rows(min_row=2)]
    assert [row[2:4] for row in attendance] == [["甲干部", "第一书记兼队长"]]
    assert book["走访台账"]["A2"].number_format == "@"


def test_monthly_report(db: Driver, client: TestClient) -> None:
    export_county(db)
    content = post(client, "/export/report.xlsx", month="2025-06")
    book = load_workbook(io.BytesIO(content))
    summary = gql(
        client,
        '{ coverage(asOf: "2025-06-30") { summary { '
        "lines { key title count amount passes } townships { township { name } } } } }",
    )["coverage"]["summary"]
    lines = [[c.value for c in row] for row in book["通报"].iter_rows(min_row=2)]
    assert [(row[0], row[1], row[2]) for row in lines] == [
        (line["key"], line["title"], line["count"] if line["count"] is not None else line["amount"])
        for line in summary["lines"]
    ]
    assert [row[6] for row in lines] == ["达标" if line["passes"] else "未达标" for line in summary["lines"]]
    ranking = [[c.value for c in row] for row in book["乡镇排名"].iter_rows(min_row=2)]
    assert sorted(row[1] for row in ranking) == sorted(t["township"]["name"] for t in summary["townships"])
    assert [row[0] for row in ranking] == [1, 2] and ranking[0][3] <= ranking[1][3]
    housing = [[c.value for c in row] for row in book["P4 dangerousHousing"].iter_rows(min_row=2)]
    assert [row[:1] + row[3:5] for row in housing] == [["C", "H3", "王五"]]
    charts = [n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == len(summary["lines"])  # a chart per rule
    text = flat("".join(pdf_pages(post(client, "/export/report.pdf", month="2025-06"))))
    assert "脱贫攻坚督查通报（2025-06）" in text and "东塘镇" in text and "城西镇" in text
    assert all(flat(line["title"]) in text for line in summary["lines"])
    kinds = db.execute_query("MATCH (e:AuditEvent {operation: 'export'}) RETURN e.inputs AS i").records
    assert len(kinds) == 2 and all('"export": "report"' in r["i"] for r in kinds)
