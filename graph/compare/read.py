"""Open a department's list with the roster reader, and find the day it describes: a title row
above the header (`数据日期：2026-11-30`, `截至2026年11月30日`), or the day the caller gives."""

from __future__ import annotations

import re
from datetime import date
from itertools import islice
from pathlib import Path

from core.values import Invalid
from graph.compare.formats import Department
from graph.rosters import FileError, FileProblem, ParsedRoster, validate_table
from graph.rosters.read import HEADER_SEARCH_ROWS, open_table, read_sheets
from graph.rosters.values import date_value

_DAY = re.compile(
    r"(?:数据日期|统计日期|截止日期|截至日期|名单日期|截至|截止)[:：\s]*"
    r"([0-9０-９]{4}\s*(?:[-/.年]\s*[0-9０-９]{1,2}\s*[-/.月]\s*[0-9０-９]{1,2}\s*日?|[0-9０-９]{4}))"
)
NO_DAY = "NO_DAY"


def stated_day(path: Path) -> date | None:
    """The day a title row above the header states (on the first sheet), if one does."""
    sheets, _ = read_sheets(path)
    for _, cells in sheets[:1]:
        try:
            for row in islice(cells, HEADER_SEARCH_ROWS):
                for cell in row:
                    found = _DAY.search(cell)
                    if found:
                        try:
                            return date_value("".join(found[1].split()))
                        except Invalid:
                            continue
        finally:
            if close := getattr(cells, "close", None):
                close()
    return None


def read_list(path: str | Path, department: Department, as_of: date | None) -> tuple[ParsedRoster, date]:
    """The list validated (rows and row errors) and its day: `as_of` when given, else the day the
    file states. A file stating no day, given none, is refused (a list describes a day)."""
    path = Path(path)
    table = open_table(path, specs=department.specs)
    day = as_of or stated_day(path)
    if day is None:
        raise FileError(
            path.name,
            FileProblem.UNREADABLE,
            "名单未注明数据日期：请在表头上方写明「数据日期：YYYY-MM-DD」，或用 --as-of 指定",
            table.header.spec.name,
        )
    return validate_table(table), day
