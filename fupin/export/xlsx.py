"""Spreadsheets as county staff open them: a header row frozen, an autofilter, columns as wide as
their text, identifiers as text cells (an 18-digit identity number never becomes 4.3E+17), and an
《导出说明》 sheet saying what was exported, for whom, as of when."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

TEXT = "@"  # Excel's text format
MAX_WIDTH = 60
_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Table:
    """One sheet of rows under a header; `text[i]` makes column i text cells."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    text: Sequence[bool] = ()


def width(value: Any) -> int:
    """Display width of a cell: a Chinese character is two columns wide."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value if value is not None else ""))


def _sheet(book: Workbook, table: Table) -> WriteOnlyWorksheet:
    sheet: WriteOnlyWorksheet = book.create_sheet(table.title[:31])
    text = list(table.text) + [False] * (len(table.headers) - len(table.text))
    widths = [width(h) for h in table.headers]
    for row in table.rows[:2000]:  # widths from the first rows: enough, and quick
        for index, value in enumerate(row):
            widths[index] = max(widths[index], width(value))
    for index, size in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, size + 2)
    sheet.freeze_panes = "A2"
    if table.headers:
        last = get_column_letter(len(table.headers))
        sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    head = []
    for header in table.headers:
        cell = WriteOnlyCell(sheet, header)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
        cell.alignment = Alignment(horizontal="center")
        head.append(cell)
    sheet.append(head)
    for row in table.rows:
        sheet.append([_cell(sheet, value) if text[i] else value for i, value in enumerate(row)])
    return sheet


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, str(value))
    cell.number_format = TEXT
    return cell


def about(facts: Iterable[tuple[str, Any]]) -> Table:
    """The 《导出说明》 sheet: one fact a row."""
    return Table("导出说明", ["项目", "内容"], [[name, value] for name, value in facts])


def workbook(tables: Iterable[Table], charts: Iterable[Any] = ()) -> bytes:
    """The .xlsx of `tables`, in order. `charts` are (sheet title, chart, anchor) put on the sheet
    of that title."""
    book = Workbook(write_only=True)
    charts = list(charts)
    for table in tables:
        sheet = _sheet(book, table)
        for title, chart, anchor in charts:
            if title == table.title:
                sheet.add_chart(chart, anchor)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
