"""POST /export.xlsx and `fupin export`: every page of a list as the API answers the same caller,
headers in Chinese, identifiers as text cells, frozen header, autofilter, the export's facts;
bad queries refused with a code; each export audited."""

from __future__ import annotations

import io
from typing import Any

import pytest
from neo4j import Driver
from openpyxl import load_workbook
from starlette.testclient import TestClient

from core.principal import Role
from core.settings import Settings
from fupin.export.run import PAGE
from fupin.export.shell import export_file, principal
from graph.connection import Target
from tests.conftest import bearer, gql
from tests.export_graphs import export_county

LIST = """
query Households($filter: HouseholdFilter) {
  households(filter: $filter, first: 7) {
    edges { node { id headName headIdNumber income card village { name } members { name } } }
  }
}
"""

API_PAGE = """
query Page($filter: HouseholdFilter, $after: String) {
  households(filter: $filter, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id headName headIdNumber income card village { name } members { name } } }
  }
}
"""

WORDS = {"RED": "红卡", "YELLOW": "黄卡", "GREEN": "绿卡"}


def api_rows(client: TestClient, headers: dict[str, str], variables: dict[str, Any]) -> list[list[Any]]:
    """The same list as the API answers it, page by page, in the export's cells."""
    rows: list[list[Any]] = []
    after = None
    while True:
        response = client.post(
            "/graphql", json={"query": API_PAGE, "variables": {**variables, "after": after}}, headers=headers
        )
        page = response.json()["data"]["households"]
        for edge in page["edges"]:
            n = edge["node"]
            members = "；".join(m["name"] for m in n["members"])
            rows.append([n["id"], n["headName"], n["headIdNumber"], n["income"], WORDS.get(n["card"]),
                         n["village"]["name"], members or None])  # fmt: skip
        if not page["pageInfo"]["hasNextPage"]:
            return rows
        after = page["pageInfo"]["endCursor"]


def export(client: TestClient, headers: dict[str, str], **body: Any) -> Any:
    response = client.post("/export.xlsx", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return load_workbook(io.BytesIO(response.content))


def cells(book: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in book["数据"].iter_rows(min_row=2)]


def test_every_page_as_the_api_answers_it(db: Driver, client: TestClient) -> None:
    export_county(db, many=PAGE + 20)  # more than one page of the export, and of the API
    admin = dict(client.headers)
    book = export(client, {}, query=LIST, variables={})
    assert [c.value for c in book["数据"][1]] == [
        "户编号",
        "户主姓名",
        "户主证件号码",
        "人均纯收入",
        "卡类",
        "行政村·名称",
        "家庭成员·姓名",
    ]
    rows = cells(book)
    assert len(rows) == 5 + PAGE + 20  # not only the query's `first: 7`
    assert rows == [[None if v == "" else v for v in row] for row in api_rows(client, admin, {})]


def test_the_querys_own_paging_is_replaced(db: Driver, client: TestClient) -> None:
    export_county(db)
    query = """query Households($filter: HouseholdFilter, $after: String, $size: Int) {
      households(filter: $filter, sort: INCOME, first: $size, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { id income } } } }"""
    book = export(client, {}, query=query, variables={"filter": {"townshipCode": "430624101"}, "size": 1})
    assert [row[0] for row in cells(book)] == ["H2", "H1", "H4", "H3"]  # poorest first, every page


def test_sheet_shape_and_text_cells(db: Driver, client: TestClient) -> None:
    export_county(db)
    book = export(client, {}, query=LIST, variables={"filter": {"villageCode": "430624101201"}})
    sheet = book["数据"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G4"
    h1 = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "H1")
    number = h1[2]
    assert number.value == "430624197001011234" and number.data_type == "s" and number.number_format == "@"
    assert h1[0].data_type == "s" and h1[0].number_format == "@"
    assert sheet.column_dimensions["C"].width >= 18  # the whole number shows
    facts = {row[0].value: row[1].value for row in book["导出说明"].iter_rows(min_row=2)}
    assert facts["查询"] == LIST.strip() and facts["范围"] == "COUNTY_ADMIN（全县）" and facts["行数"] == 3
    assert '"villageCode": "430624101201"' in facts["变量"]
    assert facts["数据日期（asOf）"].endswith("（当日）") and facts["导出时间"]


def test_a_township_officer_exports_its_township_masked(
    db: Driver, client: TestClient, settings: Settings
) -> None:
    export_county(db, many=3)
    officer = {"authorization": bearer(settings, Role.TOWNSHIP_OFFICER, "430624101")}
    rows = cells(export(client, officer, query=LIST))
    assert sorted(row[0] for row in rows) == ["H1", "H2", "H3", "H4"]
    assert rows == [[None if v == "" else v for v in row] for row in api_rows(client, officer, {})]
    h1 = next(row for row in rows if row[0] == "H1")
    assert h1[2] != "430624197001011234" and "*" in h1[2]  # masked as the API masks it


def test_a_coverage_list(db: Driver, client: TestClient) -> None:
    export_county(db)
    query = """query($asOf: Date) { coverage(asOf: $asOf) {
      dangerousHousing { edges { node { grade household { id headName } } } } } }"""
    book = export(client, {}, query=query, variables={"asOf": "2026-11-30"})
    api = gql(client, query, asOf="2026-11-30")["coverage"]["dangerousHousing"]["edges"]
    assert cells(book) == [
        [e["node"]["grade"], e["node"]["household"]["id"], e["node"]["household"]["headName"]] for e in api
    ]
    assert cells(book) == [["C", "H3", "王五"]]
    facts = {row[0].value: row[1].value for row in book["导出说明"].iter_rows(min_row=2)}
    assert facts["数据日期（asOf）"] == "2026-11-30" and facts["列表"] == "coverage.dangerousHousing"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("mutation { endPairing(cadreId: \"c-a\", householdId: \"H2\", until: \"2026-01-01\") { until } }",
         "EXPORT_NOT_A_QUERY"),
        ("{ household(id: \"H1\") { id headName } }", "EXPORT_NOT_A_LIST"),
        ("{ households { edges { node { id } } } villages { edges { node { code } } } }",
         "EXPORT_NOT_A_LIST"),
        ("{ households { edges { node { id nonsense } } } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ households { edges { node { id } }", "GRAPHQL_PARSE_FAILED"),
        ("{ households { totalCount } }", "EXPORT_NO_COLUMNS"),
    ],
)  # fmt: skip
def test_bad_queries_are_refused_with_a_code(db: Driver, client: TestClient, query: str, code: str) -> None:
    export_county(db)
    response = client.post("/export.xlsx", json={"query": query})
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    pairs = db.execute_query(
        "MATCH (:Cadre {uid: 'c-a'})-[r:PAIRED_WITH]->(:Household {id: 'H2'}) RETURN r.until AS u"
    )
    assert pairs.records[0]["u"] is None  # the mutation never ran


def test_a_role_without_the_field_is_refused(db: Driver, client: TestClient, settings: Settings) -> None:
    export_county(db)
    department = {"authorization": bearer(settings, Role.DEPARTMENT, "县财政局")}
    response = client.post(
        "/export.xlsx", json={"query": "{ cadres { edges { node { name } } } }"}, headers=department
    )
    assert response.status_code == 403 and response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_each_export_is_audited(db: Driver, client: TestClient, settings: Settings) -> None:
    export_county(db)
    officer = {"authorization": bearer(settings, Role.TOWNSHIP_OFFICER, "430624101")}
    export(client, officer, query=LIST, variables={"filter": {"card": "RED"}})
    events = db.execute_query(
        "MATCH (e:AuditEvent {operation: 'export'}) "
        "RETURN e.actor AS actor, e.role AS role, e.inputs AS inputs"
    ).records
    assert len(events) == 1
    assert events[0]["role"] == "TOWNSHIP_OFFICER" and events[0]["actor"] == "test:TOWNSHIP_OFFICER"
    assert '"rows": 1' in events[0]["inputs"] and '"list": "households"' in events[0]["inputs"]


def test_the_shell_command_writes_the_same_sheet(
    db: Driver, client: TestClient, settings: Settings, neo4j_target: Target, tmp_path: Any
) -> None:
    export_county(db)
    query_file = tmp_path / "households.graphql"
    query_file.write_text(LIST, encoding="utf-8")
    out = tmp_path / "out.xlsx"
    rows = export_file(
        settings, neo4j_target, query_file, out, {}, None, principal("TOWNSHIP_OFFICER", "430624102")
    )
    assert rows == 1
    sheet = load_workbook(out)["数据"]
    assert [c.value for c in sheet[2]][:2] == ["H5", "钱七"]
