"""Department lists read by the roster reader: the day a title row states, title rows and free
column order, and the refusals of a list stating no day or of another department (no database)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from graph.compare.formats import DEPARTMENTS
from graph.compare.read import read_list
from graph.rosters import FileError


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_xlsx_list_states_its_day_above_its_header(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "危房.xlsx",
        [
            ["湘阴县农村危房鉴定结果"],
            ["截至2026年11月30日"],
            ["鉴定日期", "危房等级", "户编号"],
            [dt.datetime(2026, 10, 8), "C级", "H1"],
        ],
    )
    roster, day = read_list(path, DEPARTMENTS["住建"], None)
    assert day == dt.date(2026, 11, 30)
    assert (roster.kind, roster.header_row) == ("houses", 3)
    assert roster.rows[0].values == {
        "assessedOn": dt.date(2026, 10, 8), "houseGrade": "C", "householdId": "H1",
    }  # fmt: skip


def test_as_of_wins_and_a_list_without_a_day_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "残疾证.csv"
    path.write_text("证件号码,残疾类别,残疾等级\n43062419500303345X,视力残疾,1\n", encoding="utf-8")
    roster, day = read_list(path, DEPARTMENTS["残联"], dt.date(2026, 1, 31))
    assert day == dt.date(2026, 1, 31) and roster.rows[0].values["grade"] == "一级"
    with pytest.raises(FileError, match="数据日期"):
        read_list(path, DEPARTMENTS["残联"], None)


def test_a_list_of_another_department_is_not_recognised(tmp_path: Path) -> None:
    path = tmp_path / "低保.csv"
    path.write_text("数据日期：2026-11-30\n证件号码,类别,起始日期\n", encoding="utf-8")
    with pytest.raises(FileError, match="无法识别"):
        read_list(path, DEPARTMENTS["医保"], None)
