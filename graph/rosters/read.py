"""Open a roster file (.csv or .xlsx), find its header row, and yield its rows as text.

CSV: UTF-8 (with or without BOM) is tried strictly first, then GB18030 (a superset of GBK, what
Excel on Chinese Windows writes); a UTF-16 file (Excel's "Unicode text") is read by its BOM.
XLSX: the first sheet, read-only, cached formula values. Cells become text: dates as
YYYY-MM-DD, whole numbers without ".0", so long numeric ids stay exact.

The header row is the first row within the first `HEADER_SEARCH_ROWS` rows that holds all
required headers of a known roster (title rows and blank rows above it are skipped). Row numbers
are 1-based and count every row of the file, as the spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from graph.rosters.errors import FileError, FileProblem, quoted
from graph.rosters.specs import SPECS, RosterSpec

HEADER_SEARCH_ROWS = 10
EXACT_FLOAT_LIMIT = 2**53  # integers below this survive a float exactly
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]"})
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def normalise_header(text: str) -> str:
    """Strip, drop all whitespace (full-width space and line breaks too) and invisible marks,
    full-width brackets become ASCII, and a leading * (required mark in templates) is dropped:
    `人均纯收入（元）` == `人均纯收入 (元)` == `人均纯收入(元)`."""
    folded = _INVISIBLE.sub("", text).translate(_BRACKETS)
    return "".join(folded.split()).lstrip("*＊")


def cell_text(value: object) -> str:
    """An xlsx cell value as text: dates ISO, 1.0 → "1", True → "是", ids exact."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < EXACT_FLOAT_LIMIT:
            return str(int(value))
        if value.is_integer():
            # Excel keeps 15 significant digits: an 18-digit id typed as a number has already
            # lost its last digits. Show it as Excel does, so the id parser says so.
            return format(value, ".15G")
        return format(Decimal(repr(value)), "f")
    return clean(str(value))


def clean(text: str) -> str:
    return _INVISIBLE.sub("", text).strip()


@dataclass
class Header:
    """The header row found in a file, and the roster it belongs to."""

    spec: RosterSpec
    row: int
    cells: list[str]  # normalised header per column position ("" for a blank header)
    original: list[str]  # as written (stripped)
    unknown: list[str] = field(default_factory=list)  # headers the roster does not know


@dataclass
class Table:
    """A roster file opened: its header and its data rows as {normalised header: text}."""

    path: Path
    header: Header
    rows: Iterator[tuple[int, dict[str, str]]]
    encoding: str | None = None  # for CSV: "utf-8", "utf-8-sig", "gb18030" or "utf-16"


def read_cells(path: Path) -> tuple[Iterator[list[str]], str | None]:
    """All rows of a .csv or .xlsx file as lists of cell text, and the CSV encoding."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text, encoding = decode(path)
        return _csv_rows(text, path.name), encoding
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path), None
    raise FileError(
        path.name,
        FileProblem.UNSUPPORTED,
        f"不支持的文件类型「{path.suffix or '无扩展名'}」：请另存为 .xlsx 或 .csv",
    )


def decode(path: Path) -> tuple[str, str]:
    """The text of a CSV file: UTF-16 by BOM, else UTF-8 (BOM or not), else GB18030."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FileError(path.name, FileProblem.UNREADABLE, f"无法读取文件（{error}）") from error
    if data.startswith(b"PK\x03\x04"):
        raise FileError(path.name, FileProblem.UNREADABLE, "扩展名是 .csv，内容却是 xlsx：请改扩展名为 .xlsx")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), ("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as error:
        raise FileError(
            path.name,
            FileProblem.UNREADABLE,
            f"无法识别文件编码（既不是 UTF-8 也不是 GB18030/GBK，第 {error.start} 字节）",
        ) from error


def _csv_rows(text: str, file: str) -> Iterator[list[str]]:
    head = text[:4096]
    delimiter = "\t" if "\t" in head and "," not in head else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield [clean(cell) for cell in row]
    except csv.Error as error:
        detail = f"CSV 格式错误，第{reader.line_num}行附近（{error}）"
        raise FileError(file, FileProblem.UNREADABLE, detail) from error


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    problems = (OSError, zipfile.BadZipFile, KeyError, ValueError, InvalidFileException)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except problems as error:
        raise _unreadable_xlsx(path, error) from error
    try:
        sheet = workbook.worksheets[0]
        reset = getattr(sheet, "reset_dimensions", None)
        if reset is not None:
            reset()  # the stored dimensions may be wrong in files not written by Excel
        for row in sheet.iter_rows(min_row=1, values_only=True):
            yield [cell_text(value) for value in row]
    except problems as error:
        raise _unreadable_xlsx(path, error) from error
    finally:
        workbook.close()


def _unreadable_xlsx(path: Path, error: Exception) -> FileError:
    detail = f"无法读取 xlsx 文件（{type(error).__name__}）：文件损坏、加密或不是 xlsx"
    return FileError(path.name, FileProblem.UNREADABLE, detail)


def open_table(path: str | Path, kind: str | None = None, specs: tuple[RosterSpec, ...] = SPECS) -> Table:
    """Open a roster: find its header row and the roster it belongs to (or check it is the roster
    `kind` when given) among `specs` (the county's rosters, or a department's lists). Raises
    `FileError` when the file cannot be read or no header matches."""
    path = Path(path)
    if not path.is_file():
        raise FileError(path.name, FileProblem.UNREADABLE, "文件不存在")
    cells, encoding = read_cells(path)
    candidates = [spec for spec in specs if kind is None or kind in (spec.kind, spec.name)]
    if not candidates:
        raise ValueError(f"unknown roster kind {kind!r}")
    seen: list[tuple[int, list[str]]] = []
    for number, row in enumerate(cells, start=1):
        if number > HEADER_SEARCH_ROWS:
            break
        seen.append((number, row))
        header = match_header(number, row, candidates)
        if header is not None:
            _check_duplicates(path.name, header)
            return Table(path, header, _data_rows(cells, number, header), encoding)
    if close := getattr(cells, "close", None):
        close()
    raise no_header(path.name, seen, candidates)


def match_header(number: int, row: list[str], specs: list[RosterSpec]) -> Header | None:
    """The roster whose required headers this row holds (the one knowing most of its headers)."""
    names = [normalise_header(cell) for cell in row]
    present = set(names)
    best: tuple[int, RosterSpec] | None = None
    for spec in specs:
        if _missing(spec, present):
            continue
        known = spec.by_header()
        score = sum(1 for name in present if name in known)
        if best is None or score > best[0]:
            best = (score, spec)
    if best is None:
        return None
    spec = best[1]
    known = spec.by_header()
    unknown = [row[i].strip() for i, name in enumerate(names) if name and name not in known]
    return Header(spec, number, names, [cell.strip() for cell in row], unknown)


def _check_duplicates(file: str, header: Header) -> None:
    """A roster column written twice (or under two of its names) is ambiguous: fatal."""
    known = header.spec.by_header()
    first: dict[str, int] = {}
    for i, name in enumerate(header.cells):
        column = known.get(name)
        if column is None:
            continue
        if column.header in first:
            detail = (
                f"第{header.row}行表头中「{column.header}」出现了两次"
                f"（第{first[column.header] + 1}列和第{i + 1}列），请删去一列"
            )
            raise FileError(file, FileProblem.DUPLICATE_COLUMNS, detail, header.spec.name)
        first[column.header] = i


def _missing(spec: RosterSpec, present: set[str]) -> list[str]:
    missing = [
        column.header
        for column in spec.columns
        if column.required and not present.intersection(column.headers)
    ]
    missing += ["或".join(group) for group in spec.any_of if not present.intersection(group)]
    return missing


def no_header(file: str, rows: list[tuple[int, list[str]]], specs: list[RosterSpec]) -> FileError:
    """The error for a file whose header row was not found: the closest roster and the required
    columns it misses. A file holding most of one roster's required columns gets
    MISSING_COLUMNS, anything else UNKNOWN_ROSTER."""
    if not any(any(cell for cell in row) for _, row in rows):
        return FileError(file, FileProblem.EMPTY, "文件为空，或前 10 行都是空行")
    best: tuple[tuple[float, int, int], RosterSpec, list[str]] | None = None
    for number, row in rows:
        present = {normalise_header(cell) for cell in row}
        for spec in specs:
            missing = _missing(spec, present)
            needed = len(spec.required) + len(spec.any_of)
            score = (1 - len(missing) / needed, needed - len(missing), -number)
            if best is None or score > best[0]:
                best = (score, spec, missing)
    assert best is not None
    (ratio, found, _), spec, missing = best
    if found >= 2 and ratio >= 0.5:
        detail = f"看起来是「{spec.name}」，但缺少必填列：{quoted(missing)}"
        return FileError(file, FileProblem.MISSING_COLUMNS, detail, spec.name, tuple(missing))
    detail = (
        f"无法识别花名册类型：前 {HEADER_SEARCH_ROWS} 行中没有任何花名册的表头；"
        f"最接近的是「{spec.name}」，缺少必填列：{quoted(missing)}"
    )
    return FileError(file, FileProblem.UNKNOWN_ROSTER, detail, spec.name, tuple(missing))


def _data_rows(
    cells: Iterator[list[str]], header_row: int, header: Header
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows after the header as {normalised header: text}; blank rows are skipped, cells under a
    blank header are kept under "#<column number>"."""
    names = [name or f"#{i + 1}" for i, name in enumerate(header.cells)]
    for number, row in enumerate(cells, start=header_row + 1):
        if not any(row):
            continue
        record: dict[str, str] = {}
        for i, value in enumerate(row):
            name = names[i] if i < len(names) else f"#{i + 1}"
            if name not in record or not record[name]:
                record[name] = value
        yield number, record
