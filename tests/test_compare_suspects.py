"""A 医保 list compared with a register of three people, then its suspects handled through the API.

The register (built here): 张一 and 张二 of H1 in township T1, both insured; 李三 of H2 in township
T2, not insured. The list (GB18030 CSV, a title row stating its day, its columns in another order)
names 张二 by a mistyped number but the right name and birth date (a weaker match), 李三 in
full-width digits with spaces, and someone of another county; 张一 is absent. So by construction:
张一 not insured (T1's), 李三 insured (T2's), nothing about 张二, one row set aside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from neo4j import Driver
from openpyxl import load_workbook
from starlette.testclient import TestClient

from core.principal import Role
from core.settings import Settings
from fupin.cli import main
from graph.compare.formats import DEPARTMENTS
from graph.compare.run import run_compare, summary, write_report
from graph.connection import Target
from graph.derived import repair
from graph.rosters.values import check_digit
from tests.changes import events
from tests.conftest import bearer, gql, gql_errors

DAY = dt.date(2026, 11, 30)
T1, T2 = "430624101", "430624102"


def number(born: str, seq: str) -> str:
    first17 = f"430624{born}{seq}"
    return first17 + check_digit(first17)


ZHANG1, ZHANG2, LI3 = number("19700101", "123"), number("20100505", "234"), number("19500303", "345")

_REGISTER = """
MATCH (county:County)
CREATE (t1:Township {code: $t1, name: '东塘镇'})-[:IN_COUNTY]->(county)
CREATE (t2:Township {code: $t2, name: '城西镇'})-[:IN_COUNTY]->(county)
CREATE (h1:Household {id: 'H1', headName: '张一', status: 'NOT_OUT', card: 'RED'})
       -[:IN_VILLAGE]->(:Village {code: $t1 + '201', name: '红星村'})-[:IN_TOWNSHIP]->(t1)
CREATE (h2:Household {id: 'H2', headName: '李三', status: 'NOT_OUT', card: 'RED'})
       -[:IN_VILLAGE]->(:Village {code: $t2 + '201', name: '湖滨村'})-[:IN_TOWNSHIP]->(t2)
CREATE (:Person {uid: 'p-1', idNumber: $zhang1, name: '张一', birthDate: date('1970-01-01'),
                 medicalInsurance: true})-[:BELONGS_TO]->(h1)
CREATE (:Person {uid: 'p-2', idNumber: $zhang2, name: '张二', birthDate: date('2010-05-05'),
                 medicalInsurance: true})-[:BELONGS_TO]->(h1)
CREATE (:Person {uid: 'p-3', idNumber: $li3, name: '李三', birthDate: date('1950-03-03'),
                 medicalInsurance: false})-[:BELONGS_TO]->(h2)
"""

CONFIRM = """mutation($id: ID!, $date: Date!) {
  confirmSuspect(id: $id, date: $date, reason: "已核实：未参保") {
    id status closedOn kind rule match proposed register householdId townshipCode
  }
}"""
DISMISS = """mutation($id: ID!, $date: Date!) {
  dismissSuspect(id: $id, date: $date, reason: "医保数据滞后，已参保") { id status closeReason }
}"""


def _wide(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


@pytest.fixture
def listed(db: Driver, neo4j_target: Target, tmp_path: Path) -> Path:
    db.execute_query(
        _REGISTER, t1=T1, t2=T2, zhang1=ZHANG1, zhang2=ZHANG2, li3=LI3, database_=neo4j_target.database
    )
    repair(db, neo4j_target.database)  # the people's derived labels (graph/derived.py)
    mistyped = ZHANG2[:-1] + ("0" if ZHANG2[-1] != "0" else "1")
    lines = [
        f"湘阴县医疗保障局 参保名单（数据日期：{DAY.isoformat()}）",
        "参保类型,姓名,出生日期,证件号码",
        f"基本医保,张二,2010-05-05,{mistyped}",
        f"基本医保,李三,,{_wide(LI3[:6])} {_wide(LI3[6:])}",
        f"基本医保,外县人,,{number('19800101', '555').replace('430624', '110101')}",
    ]
    path = tmp_path / "医保.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    return path


def _compare(db: Driver, target: Target, settings: Settings, path: Path):  # type: ignore[no-untyped-def]
    return run_compare(path, DEPARTMENTS["医保"], db, target.database, settings.county_code)


def test_list_raises_the_known_suspects_and_a_township_confirms_its_own(
    listed: Path, db: Driver, neo4j_target: Target, settings: Settings, client: TestClient
) -> None:
    result = _compare(db, neo4j_target, settings, listed)
    assert result.day == DAY
    assert dict(result.outcome.matched) == {"ID": 1, "NAME_BIRTH": 1, "NONE": 1}
    assert result.outcome.other_county == 1
    found = {s.person: (s.kind, s.proposed, s.township, s.match) for s in result.suspects}
    assert found == {
        "p-1": ("MEDICAL_INSURANCE", {"medicalInsurance": False}, T1, "NONE"),
        "p-3": ("MEDICAL_INSURANCE", {"medicalInsurance": True}, T2, "ID"),
    }
    ids = {s.person: s.id for s in result.suspects}
    assert "外县人员 1 行" in summary(result) and "姓名+出生日期（弱匹配） 1" in summary(result)
    book = load_workbook(write_report(result, listed.with_suffix(".xlsx")), read_only=True)
    sheets = {
        sheet.title: [row[:3] for row in sheet.iter_rows(min_row=2, values_only=True)] for sheet in book
    }
    assert sheets == {
        "东塘镇": [("东塘镇", "P3", "MEDICAL_INSURANCE")],
        "城西镇": [("城西镇", "P3", "MEDICAL_INSURANCE")],
    }

    # T2's officer does not reach T1's suspect; T1's confirms it: the fact changes as of the list's day.
    client.headers["authorization"] = bearer(settings, Role.TOWNSHIP_OFFICER, T2)
    errors = gql_errors(client, CONFIRM, id=ids["p-1"], date=dt.date.today().isoformat())
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
    client.headers["authorization"] = bearer(settings, Role.TOWNSHIP_OFFICER, T1)
    done = gql(client, CONFIRM, id=ids["p-1"], date=dt.date.today().isoformat())["confirmSuspect"]
    assert (done["status"], done["rule"], done["townshipCode"]) == ("CONFIRMED", "P3", T1)
    records, _, _ = db.execute_query(
        "MATCH (p:Person {uid: 'p-1'}) RETURN p.medicalInsurance AS now, p.factsSince AS since, "
        "[(p)-[:HAD]->(f) | [f.medicalInsurance, f.until]] AS periods",
        database_=neo4j_target.database,
    )
    row = records[0]
    assert (row["now"], row["since"].to_native(), row["periods"][0][0]) == (False, DAY, True)
    confirm = [e for e in events(db) if e["operation"] == "confirmSuspect"]
    assert len(confirm) == 1 and {"p-1", ids["p-1"]} <= set(confirm[0]["concerns"]) | {"p-1"}
    errors = gql_errors(client, CONFIRM, id=ids["p-1"], date=dt.date.today().isoformat())
    assert errors[0]["extensions"]["code"] == "RULE_VIOLATION"

    # The county office dismisses T2's; the register stands, and a rerun of the file adds nothing.
    client.headers["authorization"] = bearer(settings, Role.COUNTY_ADMIN)
    dismissed = gql(client, DISMISS, id=ids["p-3"], date=dt.date.today().isoformat())["dismissSuspect"]
    assert dismissed["status"] == "DISMISSED"
    again = _compare(db, neo4j_target, settings, listed)
    assert again.created == 0
    records, _, _ = db.execute_query(
        "MATCH (s:Suspect) RETURN s.personUid AS who, s.status AS status ORDER BY who",
        database_=neo4j_target.database,
    )
    assert [(r["who"], r["status"]) for r in records] == [("p-1", "CONFIRMED"), ("p-3", "DISMISSED")]


def test_each_caller_lists_the_suspects_it_handles(
    listed: Path, db: Driver, neo4j_target: Target, settings: Settings, client: TestClient
) -> None:
    result = _compare(db, neo4j_target, settings, listed)
    by_person = {s.person: s.id for s in result.suspects}
    query = "{ suspects { totalCount edges { node { id department rule householdId } } } }"
    seen = {
        (Role.COUNTY_ADMIN, None): {by_person["p-1"], by_person["p-3"]},
        (Role.TOWNSHIP_OFFICER, T1): {by_person["p-1"]},
        (Role.VILLAGE_OFFICER, T2 + "201"): {by_person["p-3"]},
        (Role.DEPARTMENT, "县医疗保障局"): {by_person["p-1"], by_person["p-3"]},
        (Role.DEPARTMENT, "县民政局"): set(),
    }
    for (role, scope), expected in seen.items():
        client.headers["authorization"] = bearer(settings, role, scope)
        found = gql(client, query)["suspects"]
        assert {e["node"]["id"] for e in found["edges"]} == expected, (role, scope)
        assert found["totalCount"] == len(expected)
    client.headers["authorization"] = bearer(settings, Role.CADRE, "c-x")
    errors = gql_errors(client, DISMISS, id=by_person["p-1"], date=dt.date.today().isoformat())
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


CONFIRM_NEW = """mutation($id: ID!, $date: Date!, $new: NewHouseholdInput) {
  confirmSuspect(id: $id, date: $date, reason: "入户核实", newHousehold: $new) { status reportId }
}"""


def test_a_house_grade_is_confirmed_as_a_dated_fact_and_a_missed_person_opens_a_report(
    listed: Path, db: Driver, neo4j_target: Target, settings: Settings, client: TestClient, tmp_path: Path
) -> None:
    """住建 assessed H2's house D on 2026-10-08 (the register has none); 民政 supports an
    unregistered person of 东塘镇's 红星村: confirming sets H2's house as of the assessment, and opens
    a NEW report of source 部门比对 naming 县民政局."""
    houses = tmp_path / "危房.csv"
    houses.write_text(f"数据日期：{DAY}\n户编号,鉴定等级,鉴定日期\nH2,D级,2026-10-08\n", encoding="utf-8")
    house = run_compare(houses, DEPARTMENTS["住建"], db, neo4j_target.database, settings.county_code)
    relief = tmp_path / "低保.csv"
    stranger = number("19600101", "991")
    relief.write_text(
        f"数据日期：{DAY}\n证件号码,姓名,类别,起始日期,行政区划代码\n{stranger},王某,低保,2026-01-01,{T1}201\n",
        encoding="utf-8",
    )
    missed = run_compare(relief, DEPARTMENTS["民政"], db, neo4j_target.database, settings.county_code)
    (grade,) = house.suspects
    (lead,) = missed.suspects
    assert (grade.kind, grade.household, grade.township) == ("HOUSE_GRADE", "H2", T2)
    assert (lead.kind, lead.rule, lead.township, lead.person) == ("MISSED_POOR", "S3", T1, None)

    today = dt.date.today().isoformat()
    gql(client, CONFIRM_NEW, id=grade.id, date=today)
    records, _, _ = db.execute_query(
        "MATCH (h:Household {id: 'H2'}) RETURN h.houseGrade AS grade, h.dangerousHouse AS dangerous, "
        "h.factsSince AS since",
        database_=neo4j_target.database,
    )
    assert (records[0]["grade"], records[0]["dangerous"], records[0]["since"].to_native()) == (
        "D", True, dt.date(2026, 10, 8),
    )  # fmt: skip

    errors = gql_errors(client, CONFIRM_NEW, id=lead.id, date=today)
    assert errors[0]["extensions"]["argument"] == "newHousehold"
    new = {"id": "H9", "villageCode": f"{T1}201", "headName": "王某"}
    done = gql(client, CONFIRM_NEW, id=lead.id, date=today, new=new)["confirmSuspect"]
    records, _, _ = db.execute_query(
        "MATCH (r:PovertyReport {id: $id}) RETURN r.kind AS kind, r.source AS source, "
        "r.sourceDepartment AS department, r.newHouseholdId AS household",
        id=done["reportId"],
        database_=neo4j_target.database,
    )
    assert dict(records[0]) == {
        "kind": "NEW",
        "source": "部门比对",
        "department": "县民政局",
        "household": "H9",
    }


@pytest.mark.usefixtures("cli_env")
def test_the_command_prints_its_summary_writes_its_report_and_refuses_a_list_without_a_day(
    listed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "疑点.xlsx"
    assert main(["compare", "--department", "医保", str(listed), "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "疑点 2 条（新增 2，此前已有 0）" in out and f"报告：{report.resolve()}" in out
    assert {sheet.title for sheet in load_workbook(report, read_only=True)} == {"东塘镇", "城西镇"}
    undated = tmp_path / "无日期.csv"
    undated.write_text("证件号码,参保类型\n" + ZHANG1 + ",基本医保\n", encoding="utf-8")
    assert main(["compare", "--department", "医保", str(undated)]) == 2
    assert "名单未注明数据日期" in capsys.readouterr().err
