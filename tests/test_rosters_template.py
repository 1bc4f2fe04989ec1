"""`fupin template`: an empty workbook per roster with its headers (required ones marked), a
dropdown for each code list and 是/否 column, identity numbers and keys formatted as text, and a
sheet explaining each column; filled in, it is read as the roster. No database."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from fupin.cli import main
from graph.rosters import SPECS, validate_file
from graph.rosters.specs import HOUSEHOLDS


def test_a_template_per_roster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "户花名册", "--out", str(tmp_path)]) == 0
    path = tmp_path / "户花名册.xlsx"
    assert capsys.readouterr().out.strip() == str(path)
    book = load_workbook(path)
    assert book.sheetnames == ["户花名册", "代码表", "填写说明"]
    sheet = book["户花名册"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["*户编号", "*乡(镇)", "*行政村"] and "自然村(组)" in headers
    assert len(headers) == len(HOUSEHOLDS.columns)
    card = headers.index("*卡类") + 1
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    letter = sheet.cell(row=1, column=card).column_letter
    card_rule = rules[f"{letter}2:{letter}2001"]
    lists = book["代码表"]
    column = card_rule.formula1.split("!")[1].split(":")[0].replace("$", "")[0]
    assert [lists[f"{column}{r}"].value for r in range(1, 5)] == ["卡类", "红卡", "黄卡", "绿卡"]
    assert sheet.cell(row=2, column=headers.index("*户主证件号码") + 1).number_format == "@"
    guide = {row[0].value: (row[1].value, row[2].value) for row in book["填写说明"].iter_rows(min_row=2)}
    assert guide["卡类"] == ("必填", "可填：红卡、黄卡、绿卡")
    assert guide["是否危房户"][1] == "是 或 否"

    values = {
        "*户编号": "4306240101001",
        "*乡(镇)": "城关镇",
        "*行政村": "新建村",
        "*户主姓名": "张三",
        "*户主证件号码": "430624198001010017",
        "*脱贫状态": "未脱贫",
        "*卡类": "红卡",
    }
    for name, value in values.items():
        sheet.cell(row=2, column=headers.index(name) + 1).value = value
    book.save(tmp_path / "填好的.xlsx")
    parsed = validate_file(tmp_path / "填好的.xlsx")
    assert parsed.kind == "households" and parsed.errors == [] and parsed.unknown_columns == []
    assert parsed.rows[0].values["card"] == "RED"


def test_all_templates_and_an_unknown_roster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{spec.name}.xlsx" for spec in SPECS)
    for spec in SPECS:  # every empty template is recognised as its roster
        assert validate_file(tmp_path / f"{spec.name}.xlsx").kind == spec.kind
    capsys.readouterr()
    assert main(["template", "花名册甲", "--out", str(tmp_path)]) == 2
    assert "没有花名册「花名册甲」" in capsys.readouterr().err
