"""Rejected rows: every bad row is reported (file, row, column, value, reason) and every good row
is loaded; a row's entity is written whole or not at all (a household whose person row is bad
loads, that person does not); the error report opens in Excel (UTF-8 with BOM)."""

from __future__ import annotations

from pathlib import Path

from neo4j import Driver
from openpyxl import load_workbook

from graph.connection import Target
from graph.load import write_report
from tests.load_kit import (
    HEADERS,
    County,
    by_roster,
    cadre_id,
    child_id,
    counts,
    head_id,
    idn,
    run,
    write_csv,
)


def households_with_bad_rows(county: County) -> list[list[object]]:
    rows = [list(row) for row in county.rows["households"][:3]]  # file rows 2–4 are good
    bad = [list(rows[0]) for _ in range(5)]
    bad[0][0], bad[0][4] = "H0100", head_id(100)[:-1] + ("0" if head_id(100)[-1] != "0" else "1")
    bad[1][0], bad[1][2], bad[1][4] = "H0101", "无此村", head_id(101)
    bad[2][4] = head_id(102)  # 户编号 H0000 again
    bad[3][0], bad[3][4], bad[3][13] = "H0103", head_id(103), "紫卡"
    bad[4][0], bad[4][4], bad[4][8] = "H0104", head_id(104), "2014-13-45"
    return rows + bad  # file rows 5–9 are bad


def test_bad_rows_are_reported_and_good_rows_loaded(db: Driver, neo4j_target: Target, tmp_path: Path) -> None:
    county = County(households=3)
    files = county.write(tmp_path, ["units", "villages"])
    files.append(write_csv(tmp_path / "户.csv", HEADERS["households"], households_with_bad_rows(county)))
    persons = [list(row) for row in county.rows["persons"]]  # file rows 2–7
    persons[3][3] = child_id(1)[:-1] + ("0" if child_id(1)[-1] != "0" else "1")  # H0001's child: bad number
    persons.append(["H0101", "H0101-01", "无村户主", head_id(101), "户主", "", ""])  # household rejected
    files.append(write_csv(tmp_path / "人口.csv", HEADERS["persons"], persons))
    nodes0, _ = counts(db)

    result = run(db, neo4j_target, files)

    assert result.exit_status == 1
    found = [(e.file, e.row, e.column, e.reason.split("（")[0].split("：")[0]) for e in result.errors]
    assert found == [
        ("户.csv", 5, "户主证件号码", "校验码错误"),
        ("户.csv", 6, "乡(镇)、行政村", "行政村不存在"),
        ("户.csv", 7, "户编号", "与第2行重复"),
        ("户.csv", 8, "卡类", "不在「卡类」代码表中"),
        ("户.csv", 9, "首次识别时间", "日期不存在"),
        ("人口.csv", 5, "证件号码", "校验码错误"),
        ("人口.csv", 8, "户编号", "此户在本次导入中被拒绝"),
    ]
    knock_on = result.errors[-1]
    assert knock_on.cause == "户.csv 第6行" and "见户.csv 第6行" in knock_on.reason
    card = next(e for e in result.errors if e.column == "卡类")
    assert card.value == "紫卡" and card.allowed == ("红卡", "黄卡", "绿卡")
    assert by_roster(result)["households"] == (3, 0, 0, 5)
    assert by_roster(result)["persons"] == (5, 0, 0, 2)
    nodes1, _ = counts(db)
    assert nodes1["Household"] - nodes0.get("Household", 0) == 3
    records, _, _ = db.execute_query(
        "MATCH (h:Household {id: 'H0001'}) RETURN [(p)-[:BELONGS_TO]->(h) | p.name] AS members"
    )
    assert records[0]["members"] == ["户主1"]

    report = write_report(result, tmp_path / "report")
    sheets = load_workbook(report / "errors.xlsx")
    assert sheets.sheetnames == ["说明", "户花名册", "人口花名册"]
    rows = [[cell.value for cell in row] for row in sheets["户花名册"].iter_rows()]
    assert rows[0][:5] == ["错误原因", "连带于", "原文件", "原行号", "户编号"]
    assert [row[3] for row in rows[1:]] == ["5", "6", "7", "8", "9"]
    assert rows[4][0] == "「卡类」不在「卡类」代码表中（可填：红卡、黄卡、绿卡）" and "紫卡" in rows[4]
    assert "拒绝" in (report / "summary.txt").read_text(encoding="utf-8-sig")


def test_unknown_references_of_every_kind(db: Driver, neo4j_target: Target, tmp_path: Path) -> None:
    county = County(households=2, cadres=2)
    county.rows["pairings"].append(["H0000", "户主0", idn(777), "无名", "2019-01-01", ""])
    county.rows["teams"].append(
        ["430624999999", "县财政局", "县派", cadre_id(1), "干部1", "队员", "2019-01-01", ""]
    )
    county.rows["teams"].append(
        ["东塘镇+红星村", "无此单位", "县派", cadre_id(1), "干部1", "队员", "2019-02-01", ""]
    )
    county.rows["poverty_reports"][0][7] = "县财政局、无此局"
    county.rows["attendance"].append(["", "dd-0", "2019-04-01", "红星村", "是"])  # account of row 2
    county.rows["attendance"].append(["", "dd-9", "2019-04-01", "红星村", "是"])  # unknown account
    county.rows["benefits"].append(["H0000", child_id(1), "教育", "助学金", 500, "2019-09-01", "县教育局"])

    result = run(db, neo4j_target, county.write(tmp_path))

    found = sorted((e.file, e.column, e.reason.split("：")[0].split("（")[0]) for e in result.errors)
    assert found == [
        ("工作队.csv", "派出单位", "单位不存在"),
        ("工作队.csv", "驻点村", "村代码不存在"),
        ("政策享受.csv", "证件号码", "该人员属于户编号「H0001」，与本行户编号不一致"),
        ("结对.csv", "帮扶责任人证件号码", "帮扶责任人不存在"),
        ("考勤.csv", "钉钉账号", "钉钉账号未关联帮扶责任人"),
        ("返贫备案.csv", "反馈部门", "以下单位不存在"),
    ]
    records, _, _ = db.execute_query(
        "MATCH (c:Cadre {idNumber: $id})-[:CHECKED_IN]->(a:Attendance) "
        "RETURN c.dingtalk AS account, count(a) AS n",
        id=cadre_id(0),
    )
    assert (records[0]["account"], records[0]["n"]) == ("dd-0", 3 + 1)


def test_a_row_the_database_refuses_is_rejected_alone(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    county = County(cadres=2)
    run(db, neo4j_target, county.write(tmp_path / "first", ["units", "cadres"]))
    newcomers = [
        [cadre_id(10 + k), f"新干部{k}", "", "中共党员", "县财政局", "县直部门", "科员", f"139{k:08d}"]
        for k in range(5)
    ]
    newcomers[3][7] = "13700000001"  # 干部1's phone: the unique constraint refuses it
    path = write_csv(tmp_path / "新帮扶责任人.csv", HEADERS["cadres"], newcomers)

    result = run(db, neo4j_target, [path], batch_size=2)

    assert by_roster(result)["cadres"] == (4, 0, 0, 1)
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (5, "联系电话", "13700000001")
    assert error.reason.startswith("联系电话已被数据库中另一位帮扶责任人使用")
    records, _, _ = db.execute_query("MATCH (c:Cadre) WHERE c.name STARTS WITH '新干部' RETURN count(c) AS n")
    assert records[0]["n"] == 4
