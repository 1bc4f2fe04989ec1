"""errors.xlsx: the rejected rows as the files had them, one sheet per roster, every cell text (ids
keep their digits, a formula stays text), the cell at fault highlighted, knock-on rows after their
root; the clerk corrects the workbook and loads it back."""

from __future__ import annotations

from pathlib import Path

from neo4j import Driver
from openpyxl import load_workbook

from graph.connection import Target
from graph.load import write_report
from tests.load_kit import HEADERS, County, by_roster, head_id, run, write_csv


def test_the_error_workbook_is_corrected_and_loaded_back(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    county = County(households=3)
    for row in county.rows["persons"]:  # household 2 has a 16-digit 户编号 (Excel would drop a digit)
        row[0] = "4306240101002345" if row[0] == "H0002" else row[0]
    files = county.write(tmp_path / "in", ["units", "villages", "persons"])
    households = [list(row) for row in county.rows["households"]]
    households[1][13] = '=HYPERLINK("http://x","红卡")'  # row 3: a formula where 卡类 belongs
    households[2][4] = head_id(2)[:-1] + ("0" if head_id(2)[-1] != "0" else "1")  # row 4: check digit
    households[2][0] = "4306240101002345"
    files.append(write_csv(tmp_path / "in" / "户.csv", HEADERS["households"], households))

    result = run(db, neo4j_target, files)
    report = write_report(result, tmp_path / "report")

    book = load_workbook(report / "errors.xlsx")
    assert book.sheetnames == ["说明", "户花名册", "人口花名册"]
    sheet = book["户花名册"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["错误原因", "连带于", "原文件", "原行号", *HEADERS["households"]]
    card, head = header.index("卡类") + 1, header.index("户主证件号码") + 1
    formula = sheet.cell(row=2, column=card)
    assert formula.value == '=HYPERLINK("http://x","红卡")' and formula.data_type == "s"
    assert formula.fill.fgColor.rgb == "00FFC7CE"
    assert sheet.cell(row=2, column=head).fill.fgColor.rgb != "00FFC7CE"
    assert sheet.cell(row=3, column=5).value == "4306240101002345"
    assert sheet.cell(row=3, column=head).value == households[2][4]
    assert all(cell.number_format == "@" for row in sheet.iter_rows() for cell in row)
    persons = book["人口花名册"]  # the members of both rejected households, knock-on
    assert [(row[1].value, row[3].value) for row in persons.iter_rows(min_row=2)] == [
        ("户.csv 第3行", "4"),
        ("户.csv 第3行", "5"),
        ("户.csv 第4行", "6"),
        ("户.csv 第4行", "7"),
    ]

    sheet.cell(row=2, column=card).value = "红卡"  # the clerk corrects both rows and saves
    sheet.cell(row=3, column=head).value = head_id(2)
    book.save(tmp_path / "改正.xlsx")
    again = run(db, neo4j_target, [tmp_path / "改正.xlsx"])

    assert again.exit_status == 0, again.errors
    assert not any("以下列不属于" in w for w in again.warnings)  # the report's columns are not unknown
    assert by_roster(again)["households"] == (2, 0, 0, 0) and by_roster(again)["persons"] == (4, 0, 0, 0)
    records, _, _ = db.execute_query(
        "MATCH (h:Household {id: '4306240101002345'}) RETURN h.headIdNumber AS id"
    )
    assert records[0]["id"] == head_id(2)
