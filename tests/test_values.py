"""One rule per kind of value (core/values.py) for the roster loader and the mutations: a bad value
is refused by both, for the same reason; the mutation names its argument (BAD_USER_INPUT)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph.rosters import validate_file
from tests.changes import refusal

ID = "430624198001010017"  # a valid identity number (tests/fixtures/rosters)

HOUSEHOLD = {
    "户编号": "H9", "乡(镇)": "一镇", "行政村": "乙村", "户主姓名": "孙九", "户主证件号码": ID,
    "脱贫状态": "未脱贫", "卡类": "红卡", "家庭人口数": "3", "人均纯收入(元)": "2100", "脱贫年度": "",
}  # fmt: skip
LOAN_ROW = {
    "户编号": "H1", "贷款银行": "湘阴农商行", "贷款金额": "50000", "放款日期": "2024-03-01",
    "到期日期": "2027-03-01",
}  # fmt: skip
VISIT_ROW = {"帮扶责任人证件号码": ID, "户编号": "H1", "走访日期": "2024-03-01", "发现问题": "住房漏雨"}

REPORT_NEW = """mutation($new: NewHouseholdInput!) {
  reportPoverty(kind: NEW, newHousehold: $new, source: RETURN_VISIT, cause: "因病", date: "2024-03-01") { id }
}"""
NEW = {"id": "H9", "villageCode": "430624101202", "headName": "孙九", "size": 3, "income": 2100.0}
LOAN = """mutation($amount: Float! = 50000, $bank: String! = "湘阴农商行") {
  recordLoan(householdId: "H1", bank: $bank, amount: $amount, issuedOn: "2024-03-01", dueOn: "2027-03-01") {
    id
  }
}"""
EXIT = 'mutation($year: Int!) { exitHousehold(householdId: "H1", year: $year) { id } }'
VISIT = """mutation($findings: String!) {
  recordVisit(cadreId: "c-a", householdId: "H1", date: "2024-03-01", findings: $findings, actions: "已登记") {
    visit { id }
  }
}"""


@dataclass(frozen=True)
class Case:
    """A roster row with `column` set to `cell`; the mutation `query` with `variables`, refused on
    `argument`."""

    row: dict[str, str]
    column: str
    cell: str
    query: str
    variables: dict[str, Any]
    argument: str


def _new(field: str, value: Any) -> dict[str, Any]:
    return {"new": {**NEW, field: value}}


CASES = {
    "size −5": Case(HOUSEHOLD, "家庭人口数", "-5", REPORT_NEW, _new("size", -5), "newHousehold.size"),
    "size 0": Case(HOUSEHOLD, "家庭人口数", "0", REPORT_NEW, _new("size", 0), "newHousehold.size"),
    "income −1e9": Case(
        HOUSEHOLD, "人均纯收入(元)", "-1000000000", REPORT_NEW, _new("income", -1e9), "newHousehold.income"
    ),
    "income below a fen": Case(
        HOUSEHOLD, "人均纯收入(元)", "2100.005", REPORT_NEW, _new("income", 2100.005), "newHousehold.income"
    ),
    "户编号 not one": Case(HOUSEHOLD, "户编号", "第9户", REPORT_NEW, _new("id", "第9户"), "newHousehold.id"),
    "户编号 from Excel": Case(
        HOUSEHOLD, "户编号", "4.30624E+15", REPORT_NEW, _new("id", "4.30624E+15"), "newHousehold.id"
    ),
    "name of 100,000 characters": Case(
        HOUSEHOLD,
        "户主姓名",
        "孙" * 100_000,
        REPORT_NEW,
        _new("headName", "孙" * 100_000),
        "newHousehold.headName",
    ),
    "name with NUL": Case(
        HOUSEHOLD, "户主姓名", "孙\x00九", REPORT_NEW, _new("headName", "孙\x00九"), "newHousehold.headName"
    ),
    "exit year −1": Case(HOUSEHOLD, "脱贫年度", "-1", EXIT, {"year": -1}, "year"),
    "loan above the bound": Case(LOAN_ROW, "贷款金额", "100000000", LOAN, {"amount": 1e8}, "amount"),
    "bank of 101 characters": Case(LOAN_ROW, "贷款银行", "行" * 101, LOAN, {"bank": "行" * 101}, "bank"),
    "findings of 100,000 characters": Case(
        VISIT_ROW, "发现问题", "问" * 100_000, VISIT, {"findings": "问" * 100_000}, "findings"
    ),
}


def _roster_reason(tmp_path: Path, case: Case) -> str:
    """The reason the loader gives for the one bad cell of a one-row roster."""
    row = {**case.row, case.column: case.cell}
    path = tmp_path / "roster.csv"
    path.write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    parsed = validate_file(path)
    [error] = parsed.errors
    assert (error.column, error.value) == (case.column, case.cell)
    return error.reason


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_loader_and_the_mutation_refuse_a_value_for_the_same_reason(db, client, tmp_path, case):
    reason = _roster_reason(tmp_path, case)
    error = refusal(client, db, case.query, **case.variables)  # nothing written, no audit event
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": case.argument}
    assert error["message"] == f"{case.argument}：{reason}"


def test_a_good_row_and_the_same_values_given_to_the_mutation_pass(tmp_path):
    # The rows above are good but for the cell each case spoils.
    for row in (HOUSEHOLD, LOAN_ROW, VISIT_ROW):
        path = tmp_path / "roster.csv"
        path.write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
        assert validate_file(path).errors == []
