"""Files as clerks have them (graph/rosters/read.py, values.py): Excel lock files, .xls workbooks,
data on a later sheet and several rosters in one workbook, footers, Excel serial dates in CSV,
the national system's header names, unknown headers named, a cut UTF-8 file reported at the byte
where it breaks, future dates refused. No database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import xlwt  # type: ignore[import-untyped]
from openpyxl import Workbook

from graph.load.result import LoadResult
from graph.load.run import expand
from graph.rosters import FileError, FileProblem, open_table, read, validate_file
from graph.rosters.read import open_tables
from graph.rosters.values import date_value, past_date

HEADER = ["户编号", "乡(镇)", "行政村", "户主姓名", "户主证件号码", "脱贫状态", "卡类", "首次识别时间"]
ROW = ["4306240101001", "城关镇", "新建村", "张三", "430624198001010017", "未脱贫", "红卡", "2014-10-01"]
PERSONS = ["户编号", "姓名", "证件号码", "与户主关系"]
PERSON = ["4306240101001", "张三", "430624198001010017", "户主"]


def csv_file(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    path.write_bytes("\n".join(",".join(row) for row in rows).encode(encoding) + b"\n")
    return path


def test_an_excel_lock_file_is_skipped_with_a_note(tmp_path: Path) -> None:
    csv_file(tmp_path / "户花名册.csv", [HEADER, ROW])
    (tmp_path / "~$户花名册.xlsx").write_bytes(b"\x00lock")
    (tmp_path / "说明.docx").write_bytes(b"doc")
    result = LoadResult(day=date(2024, 5, 1))
    assert [p.name for p in expand([tmp_path], result)] == ["户花名册.csv"]
    assert result.file_errors == []
    assert result.notes == [
        "已跳过 ~$户花名册.xlsx：这是 Excel 打开「户花名册.xlsx」时生成的锁定文件，不是花名册"
        "（请保存并关闭 Excel 后再导入）",
        "已跳过 说明.docx：不是花名册文件（只读取 .csv、.xlsx、.xls）",
    ]
    with pytest.raises(FileError, match="锁定文件"):
        open_table(tmp_path / "~$户花名册.xlsx")


def test_an_xls_workbook_is_read(tmp_path: Path) -> None:
    book = xlwt.Workbook()
    sheet = book.add_sheet("户")
    dated = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, header in enumerate(HEADER):
        sheet.write(0, c, header)
    for c, value in enumerate(ROW[:-1]):
        sheet.write(1, c, value)
    sheet.write(1, len(HEADER) - 1, datetime(2014, 10, 1), dated)
    sheet.write(2, 0, 4306240101002)  # a number cell: read without ".0"
    for c, value in enumerate(["城关镇", "新建村", "李四", "430624199001011233", "已脱贫", "绿卡"], start=1):
        sheet.write(2, c, value)
    book.save(str(tmp_path / "户花名册.xls"))

    parsed = validate_file(tmp_path / "户花名册.xls")

    assert parsed.errors == []
    assert [(row.values["id"], row.values.get("identifiedOn")) for row in parsed.rows] == [
        ("4306240101001", date(2014, 10, 1)),
        ("4306240101002", None),
    ]


def test_sheets_are_searched_and_each_roster_sheet_is_a_table(tmp_path: Path) -> None:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = "填表说明"
    first.append(["请按以下要求填写"])
    workbook.create_sheet("户").append(HEADER)
    workbook["户"].append(ROW)
    workbook.create_sheet("人口").append(PERSONS)
    workbook["人口"].append(PERSON)
    workbook.save(tmp_path / "汇总.xlsx")

    tables = open_tables(tmp_path / "汇总.xlsx")

    assert [(t.header.spec.kind, t.name) for t in tables] == [
        ("households", "汇总.xlsx「户」"),
        ("persons", "汇总.xlsx「人口」"),
    ]
    assert [number for number, _ in tables[1].rows] == [2]
    assert open_table(tmp_path / "汇总.xlsx", "persons").sheet == "人口"


def test_footer_rows_are_not_data(tmp_path: Path) -> None:
    rows = [HEADER, ROW, [], ["填表人：李四", "", "审核人：王五"], ["填报日期：2019年3月5日"]]
    parsed = validate_file(csv_file(tmp_path / "户.csv", rows))
    assert parsed.errors == [] and parsed.rows_read == 1


def test_an_excel_serial_date_in_a_csv_is_read(tmp_path: Path) -> None:
    assert date_value("43529") == date(2019, 3, 5)
    assert date_value("43529.0") == date(2019, 3, 5)
    parsed = validate_file(csv_file(tmp_path / "户.csv", [HEADER, [*ROW[:-1], "43529"]]))
    assert parsed.rows[0].values["identifiedOn"] == date(2019, 3, 5)


def test_the_national_systems_header_names(tmp_path: Path) -> None:
    national = ["户编号", "乡镇", "行政村", "户主", "户主身份证号", "脱贫状态", "卡类", "首次识别时间"]
    parsed = validate_file(csv_file(tmp_path / "户.csv", [national, ROW]))
    assert parsed.kind == "households" and parsed.errors == [] and parsed.unknown_columns == []
    persons = validate_file(
        csv_file(tmp_path / "人.csv", [["户编号", "姓名", "身份证号码", "与户主关系"], PERSON])
    )
    assert persons.rows[0].values["idNumber"] == "430624198001010017"


def test_a_missing_column_message_names_the_headers_it_did_not_know(tmp_path: Path) -> None:
    header = ["户编号", "乡(镇)", "行政村", "户主姓名", "户主公民身份号", "脱贫状态", "卡类"]
    with pytest.raises(FileError) as caught:
        validate_file(csv_file(tmp_path / "户.csv", [header, ROW[:-1]]))
    assert caught.value.problem is FileProblem.MISSING_COLUMNS
    assert "缺少必填列：「户主证件号码」" in caught.value.detail
    assert "表头中未能识别的列：「户主公民身份号」" in caught.value.detail


# A file is checked a block at a time: blocks of 5 bytes split characters and the BOM.
@pytest.mark.parametrize("block", [read.BLOCK, 5])
def test_a_cut_utf8_file_is_reported_at_the_byte_where_it_breaks(
    tmp_path: Path, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read, "BLOCK", block)
    data = ("\ufeff" + ",".join(HEADER) + "\n" + ",".join(ROW[:3]) + ",张三").encode("utf-8")[:-1]
    (tmp_path / "户.csv").write_bytes(data)
    with pytest.raises(FileError) as caught:
        validate_file(tmp_path / "户.csv")
    # 三 lost its last byte: its first is byte len(data) - 1 (1-based, the BOM counted).
    assert f"文件被截断：第 {len(data) - 1} 字节（共 {len(data)} 字节）" in caught.value.detail
    # Damaged in the middle of a long UTF-8 file: the byte, not a GB18030 reading.
    text = (",".join(HEADER) + "\n" + ",".join(ROW) + "\n").encode("utf-8")
    broken = text + b"\xff" + text.split(b"\n")[1]
    (tmp_path / "坏.csv").write_bytes(broken)
    with pytest.raises(FileError) as damaged:
        validate_file(tmp_path / "坏.csv")
    assert f"UTF-8 编码错误：第 {len(text) + 1} 字节" in damaged.value.detail
    # A UTF-16 file with a lone surrogate: named at its byte, not a traceback.
    (tmp_path / "u16.csv").write_bytes(b"\xff\xfe\x00\xd8a\x00")
    with pytest.raises(FileError) as utf16:
        validate_file(tmp_path / "u16.csv")
    assert "UTF-16 编码错误：第 3 字节" in utf16.value.detail
    # GBK text is read as GB18030, whole, however the blocks cut it.
    (tmp_path / "g.csv").write_bytes(text.decode("utf-8").encode("gbk"))
    assert validate_file(tmp_path / "g.csv").rows[0].values["headName"] == "张三"


def test_future_dates_of_what_happened_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="不能晚于今天"):
        past_date("2099-03-05")
    parsed = validate_file(csv_file(tmp_path / "户.csv", [HEADER, [*ROW[:-1], "2099-01-01"]]))
    (error,) = parsed.errors
    assert error.column == "首次识别时间" and "不能晚于今天" in error.reason
    visits = [
        ["帮扶责任人证件号码", "户编号", "走访日期"],
        ["430624198001010017", "4306240101001", "2099-05-01"],
    ]
    assert "不能晚于今天" in validate_file(csv_file(tmp_path / "走访.csv", visits)).errors[0].reason
    loans = [
        ["户编号", "贷款银行", "贷款金额", "放款日期", "到期日期"],
        ["4306240101001", "农商银行", "5", "2019-01-01", "2099-01-01"],
    ]
    assert validate_file(csv_file(tmp_path / "贷款.csv", loans)).errors == []  # a due date may lie ahead
