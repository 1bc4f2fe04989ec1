"""Opening roster files (graph/rosters/read.py): encodings, header rows, xlsx cells, fatal
file errors. No database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from graph.rosters import FileError, FileProblem, normalise_header, open_table, validate_file
from graph.rosters.read import cell_text

FIXTURES = Path(__file__).parent / "fixtures" / "rosters"
HOUSEHOLD_HEADER = "户编号,乡(镇),行政村,户主姓名,户主证件号码,脱贫状态,卡类"
GOOD_HOUSEHOLD = "4306240101001,城关镇,新建村,张三,430624198001010017,未脱贫,红卡"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    "raw",
    ["人均纯收入（元）", "人均纯收入(元)", " 人均纯收入 (元) ", "人均纯收入\u3000（元）", "人均纯收入\n(元)"],
)
def test_normalise_header(raw: str) -> None:
    assert normalise_header(raw) == "人均纯收入(元)"


def test_normalise_header_drops_required_mark() -> None:
    assert normalise_header("*户编号") == "户编号"
    assert normalise_header("\ufeff户编号") == "户编号"


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, ""),
        (datetime(2019, 7, 9), "2019-07-09"),
        (datetime(2019, 7, 9, 8, 30), "2019-07-09 08:30:00"),
        (date(2019, 7, 9), "2019-07-09"),
        (1.0, "1"),
        (12.5, "12.5"),
        (0.1, "0.1"),
        (430624198001010017, "430624198001010017"),
        (4306240101001.0, "4306240101001"),
        (4.30624198001010e17, "4.3062419800101E+17"),  # digits already lost in Excel: said so
        (True, "是"),
        ("  城关镇 ", "城关镇"),
    ],
)
def test_cell_text(value: object, expected: str) -> None:
    assert cell_text(value) == expected


def test_gb18030_csv_with_title_row() -> None:
    path = FIXTURES / "households_gb18030.csv"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the fixture really is GB18030
    table = open_table(path)
    assert table.encoding == "gb18030"
    assert table.header.spec.kind == "households"
    assert table.header.row == 3  # a title row and a blank row above
    number, record = next(table.rows)
    assert number == 4
    assert record["户主姓名"] == "张三"  # header written 户主　姓名 (full-width space)
    assert record["人均纯收入(元)"] == "2,800"  # header written 人均纯收入 （元）
    assert record["乡(镇)"] == "城关镇"


def test_utf8_bom_csv() -> None:
    table = open_table(FIXTURES / "persons_utf8_bom.csv")
    assert table.encoding == "utf-8-sig"
    assert table.header.spec.kind == "persons"
    assert table.header.row == 1
    assert table.header.cells[0] == "户编号"  # the BOM is not part of the first header
    assert next(table.rows)[0] == 2


def test_plain_utf8_and_gbk_csv(tmp_path: Path) -> None:
    text = f"{HOUSEHOLD_HEADER}\n{GOOD_HOUSEHOLD}\n"
    utf8 = validate_file(write(tmp_path, "u.csv", text))
    gbk = validate_file(write(tmp_path, "g.csv", text, "gbk"))
    assert (utf8.encoding, gbk.encoding) == ("utf-8", "gb18030")
    assert utf8.rows[0].values == gbk.rows[0].values
    assert gbk.rows[0].values["townshipName"] == "城关镇"


def test_blank_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    text = f"{HOUSEHOLD_HEADER}\n,,,,,,\n\n{GOOD_HOUSEHOLD}\n"
    parsed = validate_file(write(tmp_path, "h.csv", text))
    assert [row.row for row in parsed.rows] == [4]
    assert parsed.rows_read == 1


def build_xlsx(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["湘阴县建档立卡贫困户花名册"])
    sheet.merge_cells("A1:H1")
    sheet.append([])
    header = ["户编号", "乡（镇）", "行政村", "户主 姓名", "户主证件号码", "家庭人口数"]
    sheet.append([*header, "脱贫状态", "卡类", "首次识别时间", "人均纯收入（元）"])
    place = ["城关镇", "新建村"]
    day = datetime(2014, 10, 1)
    # A 13-digit number, an 18-digit id as text, 3.0, 0, a date cell.
    sheet.append([4306240101001, *place, "张三", "430624198001010017", 3.0, 0, "红卡", day, 2800.5])
    # An 18-digit id as a number: stored by Excel (and openpyxl) as a 15-digit double.
    sheet.append([4306240101002, *place, "李四", 430624199001011233, 2, 1, "绿卡", date(2015, 3, 2), 3100])
    sheet.append([4306240101003, *place, "王五", "430624197007070091", 1, 1, "绿卡", "2015/3/2", 3100])
    workbook.save(path)
    return path


def test_xlsx_dates_and_long_numeric_ids(tmp_path: Path) -> None:
    parsed = validate_file(build_xlsx(tmp_path / "户花名册.xlsx"))
    assert parsed.kind == "households"
    assert parsed.header_row == 3
    assert parsed.encoding is None
    assert [row.row for row in parsed.rows] == [4, 6]
    good = parsed.rows[0].values
    assert good["id"] == "4306240101001"  # a 13-digit number cell, exact
    assert good["headIdNumber"] == "430624198001010017"
    assert good["identifiedOn"] == date(2014, 10, 1)  # a date cell
    assert good["size"] == 3  # 3.0
    assert good["status"] == "NOT_OUT"  # 0
    assert good["income"] == 2800.5
    assert parsed.rows[1].values["identifiedOn"] == date(2015, 3, 2)  # text cell
    # An 18-digit id typed as a number: Excel kept 15 digits; the error says so.
    [error] = parsed.errors
    assert (error.row, error.column, error.value) == (5, "户主证件号码", "4.30624199001011E+17")
    assert error.reason == ("编号被 Excel 转成了科学计数法，后几位已丢失；请把该列设为文本格式后重新导出")


def test_xlsx_raw_rows(tmp_path: Path) -> None:
    table = open_table(build_xlsx(tmp_path / "h.xlsx"))
    number, record = next(table.rows)
    assert number == 4
    assert record["首次识别时间"] == "2014-10-01"
    assert record["户编号"] == "4306240101001"
    assert record["家庭人口数"] == "3"


def test_xlsx_exact_integer_cells(tmp_path: Path) -> None:
    # Cells stored as integer text (as some exporters write them) come back exact.
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["乡(镇)", "行政村", "村代码", "是否贫困村"])
    sheet.append(["城关镇", "新建村", 430624101201, True])
    workbook.save(tmp_path / "v.xlsx")
    parsed = validate_file(tmp_path / "v.xlsx")
    assert parsed.kind == "villages"
    assert parsed.rows[0].values["code"] == "430624101201"
    assert parsed.rows[0].values["isPoor"] is True


def test_missing_required_column_is_fatal_and_named(tmp_path: Path) -> None:
    header = HOUSEHOLD_HEADER.removesuffix(",卡类")
    path = write(tmp_path, "户花名册.csv", f"{header}\n{GOOD_HOUSEHOLD.removesuffix(',红卡')}\n")
    with pytest.raises(FileError) as caught:
        validate_file(path)
    error = caught.value
    assert error.problem is FileProblem.MISSING_COLUMNS
    assert error.roster == "户花名册"
    assert error.missing == ("卡类",)
    assert error.message == "户花名册.csv：看起来是「户花名册」，但缺少必填列：「卡类」"


def test_missing_column_for_a_stated_kind(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "户编号,帮扶责任人证件号码,结对结束时间\n")
    with pytest.raises(FileError) as caught:
        open_table(path, "pairings")
    assert caught.value.problem is FileProblem.MISSING_COLUMNS
    assert caught.value.missing == ("结对开始时间",)


def test_unknown_roster_names_the_closest(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "标题\n名称,数量,户编号\n甲,1,2\n")
    with pytest.raises(FileError) as caught:
        validate_file(path)
    error = caught.value
    assert error.problem is FileProblem.UNKNOWN_ROSTER
    assert error.roster is not None and error.missing
    assert f"最接近的是「{error.roster}」" in error.message


def test_header_below_the_search_window_is_not_found(tmp_path: Path) -> None:
    text = "标题\n" * 10 + f"{HOUSEHOLD_HEADER}\n{GOOD_HOUSEHOLD}\n"
    with pytest.raises(FileError) as caught:
        validate_file(write(tmp_path, "h.csv", text))
    assert caught.value.problem is FileProblem.UNKNOWN_ROSTER


def test_header_within_the_search_window(tmp_path: Path) -> None:
    text = "标题\n" * 9 + f"{HOUSEHOLD_HEADER}\n{GOOD_HOUSEHOLD}\n"
    parsed = validate_file(write(tmp_path, "h.csv", text))
    assert parsed.header_row == 10
    assert [row.row for row in parsed.rows] == [11]


def test_duplicate_roster_column_is_fatal(tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", f"{HOUSEHOLD_HEADER},卡类\n{GOOD_HOUSEHOLD},红卡\n")
    with pytest.raises(FileError) as caught:
        validate_file(path)
    assert caught.value.problem is FileProblem.DUPLICATE_COLUMNS
    assert "「卡类」出现了两次（第7列和第8列）" in caught.value.message


def test_empty_and_unsupported_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(FileError) as empty:
        validate_file(write(tmp_path, "e.csv", "\n,,\n"))
    assert empty.value.problem is FileProblem.EMPTY
    with pytest.raises(FileError) as xls:
        validate_file(write(tmp_path, "old.xls", "whatever"))
    assert xls.value.problem is FileProblem.UNREADABLE and "无法读取 xls 文件" in xls.value.message
    with pytest.raises(FileError) as doc:
        validate_file(write(tmp_path, "说明.docx", "whatever"))
    assert doc.value.problem is FileProblem.UNSUPPORTED
    with pytest.raises(FileError) as broken:
        validate_file(write(tmp_path, "broken.xlsx", "not a zip"))
    assert broken.value.problem is FileProblem.UNREADABLE
    with pytest.raises(FileError) as missing:
        validate_file(tmp_path / "nowhere.csv")
    assert missing.value.problem is FileProblem.UNREADABLE


def test_xlsx_saved_as_csv(tmp_path: Path) -> None:
    path = build_xlsx(tmp_path / "h.xlsx").rename(tmp_path / "h.csv")
    with pytest.raises(FileError) as caught:
        validate_file(path)
    assert caught.value.problem is FileProblem.UNREADABLE
    assert "内容却是 xlsx" in caught.value.message


def test_tab_separated_utf16_text(tmp_path: Path) -> None:
    text = f"{HOUSEHOLD_HEADER}\n{GOOD_HOUSEHOLD}\n".replace(",", "\t")
    parsed = validate_file(write(tmp_path, "h.csv", text, "utf-16"))
    assert parsed.encoding == "utf-16"
    assert parsed.rows[0].values["headName"] == "张三"


def test_broken_csv_after_the_header_is_a_file_error(tmp_path: Path) -> None:
    # An unclosed quote swallows the rest of the file into one huge cell.
    text = f'{HOUSEHOLD_HEADER}\n{GOOD_HOUSEHOLD}\n"{"备注" * 100_000}\n'
    with pytest.raises(FileError) as caught:
        validate_file(write(tmp_path, "h.csv", text))
    assert caught.value.problem is FileProblem.UNREADABLE
    assert "第3行附近" in caught.value.message
