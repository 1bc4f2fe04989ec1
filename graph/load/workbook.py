"""`errors.xlsx`: the rejected rows of a load as a workbook the clerk corrects and loads back.

One sheet per roster (named after it) holding each rejected row as the file had it, every cell
as text (identity numbers and 16-digit 户编号 keep all their digits; a value beginning with `=`
stays text, never a formula), preceded by 错误原因, 连带于 (for a knock-on row: the row whose
rejection it follows), 原文件 and 原行号; the cells at fault are highlighted. The loader reads
these sheets as rosters and passes over the four report columns (`read.REPORT_COLUMNS`), so
`fupin load errors.xlsx` loads the corrected rows. A sheet 说明 says so; files that could not be
loaded at all are listed on a sheet 未能导入的文件.

The original rows are read again from their files (only files with rejected rows are reread).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from graph.load.result import LoadResult, RosterResult
from graph.rosters import FileError, RowError, normalise_header
from graph.rosters.read import REPORT_COLUMNS, open_tables

EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in a cell
TEXT = "@"
BAD = PatternFill("solid", fgColor="FFC7CE")  # the cell at fault
KNOCK_ON = PatternFill("solid", fgColor="FFEB9C")  # the reference whose row was rejected elsewhere
BOLD = Font(bold=True)
LEAD = REPORT_COLUMNS  # 错误原因, 连带于, 原文件, 原行号
GUIDE = (
    "本工作簿列出本次导入中被拒绝的行，每种花名册一张工作表，保留原文件中该行的全部内容。",
    "「错误原因」说明每一行为何被拒绝，出错的单元格以红色标出；「连带于」不为空的行本身没有错，"
    "是因为它引用的户、帮扶责任人或行政村所在的行（黄色标出的引用）被拒绝而未导入：改正那一行即可。",
    "请直接在各工作表中改正，保存后运行 `fupin load errors.xlsx`（可与改正后的原文件一起）重新导入；"
    "「错误原因」「连带于」「原文件」「原行号」四列导入时忽略，不必删除。已导入的行重复导入不会产生重复数据。",
    "所有单元格都是文本格式：证件号码、户编号请保持文本，不要转成数字（否则末尾数字会丢失）。",
)


def write_workbook(result: LoadResult, path: Path) -> Path:
    workbook = Workbook()
    guide = workbook.active
    assert guide is not None
    guide.title = "说明"
    for line in GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    if result.file_errors:
        _file_errors(workbook.create_sheet("未能导入的文件"), result.file_errors)
    by_name: dict[str, list[RosterResult]] = defaultdict(list)
    for roster in result.rosters:
        if roster.errors:
            by_name[roster.name].append(roster)
    for name, rosters in by_name.items():
        _roster_sheet(workbook.create_sheet(name[:31]), rosters)
    workbook.save(path)
    return path


def _text(sheet: Worksheet, row: int, column: int, value: str) -> Cell:
    """A text cell: stored as a string (never a formula) and formatted as text."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value[:EXCEL_CELL_LIMIT]
    cell.data_type = "s"
    cell.number_format = TEXT
    return cell


def _file_errors(sheet: Worksheet, errors: list[FileError]) -> None:
    for c, header in enumerate(("文件", "原因", "缺少的必填列"), start=1):
        _text(sheet, 1, c, header).font = BOLD
    for r, error in enumerate(errors, start=2):
        for c, value in enumerate((error.file, error.detail, "、".join(error.missing)), start=1):
            _text(sheet, r, c, value)


def _original_rows(roster: RosterResult) -> tuple[list[str], dict[int, dict[str, str]]]:
    """The file's headers as written and its rejected rows by number, {normalised header: text}."""
    wanted = {error.row for error in roster.errors}
    if roster.path is None:
        return [], {}
    try:
        tables = open_tables(roster.path, roster.kind)
    except FileError:
        return [], {}
    table = next((t for t in tables if t.name == roster.file), tables[0])
    names = [name or f"#{i + 1}" for i, name in enumerate(table.header.cells)]
    written = dict(zip(names, table.header.original, strict=True))
    rows: dict[int, dict[str, str]] = {}
    for number, record in table.rows:
        if number in wanted:
            rows[number] = record
        if len(rows) == len(wanted):
            break
    if close := getattr(table.rows, "close", None):
        close()
    return [written[name] for name in names if name not in REPORT_COLUMNS], rows


def _roster_sheet(sheet: Worksheet, rosters: list[RosterResult]) -> None:
    headers: list[str] = []  # the union of the files' headers, as first written
    rows: list[tuple[RosterResult, int, list[RowError], dict[str, str]]] = []
    for roster in rosters:
        written, originals = _original_rows(roster)
        known = {normalise_header(h) for h in headers}
        headers += [h for h in written if normalise_header(h) not in known]
        by_row: dict[int, list[RowError]] = defaultdict(list)
        for error in roster.errors:
            by_row[error.row].append(error)
        rows += [(roster, number, errors, originals.get(number, {})) for number, errors in by_row.items()]
    # Rows with errors of their own first, then the knock-on rows grouped under their root.
    rows.sort(key=lambda item: (all(e.cause for e in item[2]), item[2][0].cause, item[0].file, item[1]))
    names = [normalise_header(h) or h for h in headers]
    for c, header in enumerate([*LEAD, *headers], start=1):
        _text(sheet, 1, c, header).font = BOLD
    for r, (roster, number, errors, record) in enumerate(rows, start=2):
        reason = "；\n".join(
            f"「{e.column}」{e.reason}" + (f"（可填：{'、'.join(e.allowed)}）" if e.allowed else "")
            for e in errors
        )
        causes = "、".join(dict.fromkeys(e.cause for e in errors if e.cause))
        _text(sheet, r, 1, reason).alignment = Alignment(wrap_text=True, vertical="top")
        for c, value in enumerate((causes, roster.file, str(number)), start=2):
            _text(sheet, r, c, value)
        fills = _fills(errors)
        for c, name in enumerate(names, start=len(LEAD) + 1):
            cell = _text(sheet, r, c, record.get(name, ""))
            if name in fills:
                cell.fill = fills[name]
    sheet.freeze_panes = sheet.cell(row=2, column=len(LEAD) + 1)
    sheet.column_dimensions["A"].width = 60
    for c in range(2, len(LEAD) + len(headers) + 1):
        sheet.column_dimensions[sheet.cell(row=1, column=c).column_letter].width = 20


def _reason(error: RowError) -> str:
    allowed = f"（可填：{'、'.join(error.allowed)}）" if error.allowed else ""
    return f"「{error.column}」{error.reason}{allowed}"


def _fills(errors: list[RowError]) -> dict[str, PatternFill]:
    """The normalised headers of the cells at fault, and their colour."""
    fills: dict[str, PatternFill] = {}
    for error in errors:
        for column in error.column.split("、"):
            name = normalise_header(column)
            if fills.get(name) is not BAD:
                fills[name] = KNOCK_ON if error.cause else BAD
    return fills
