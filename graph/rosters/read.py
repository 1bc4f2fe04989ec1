"""Open a roster file (.csv, .xlsx or .xls), find its header row, and yield its rows as text.

CSV: UTF-8 (with or without BOM) is tried strictly first, then GB18030 (a superset of GBK, what
Excel on Chinese Windows writes); a UTF-16 file (Excel's "Unicode text") is read by its BOM.
XLSX (read-only, cached formula values) and XLS (xlrd): every worksheet is searched, and each
one holding a roster's header is a table of its own (a workbook may hold several rosters; sheets
without one, such as an explanation sheet, are passed over). Cells become text: dates as
YYYY-MM-DD, whole numbers without ".0", so long numeric ids stay exact.

The header row is the first row within the first `HEADER_SEARCH_ROWS` rows that holds all
required headers of a known roster (title rows and blank rows above it are skipped). Row numbers
are 1-based and count every row of the sheet, as the spreadsheet shows them. Footer rows
(填表人、审核人、填报日期 …) below the data are skipped.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from graph.rosters.errors import FileError, FileProblem, quoted
from graph.rosters.specs import SPECS, RosterSpec

HEADER_SEARCH_ROWS = 10
LOCK_PREFIX = "~$"  # Excel's lock file beside a workbook that is open
# A row whose first filled cell starts with one of these is a form's footer, not data.
FOOTERS = (
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "审批人",
    "负责人",
    "单位负责人",
    "填报日期",
    "填表日期",
    "制表日期",
)
_FOOTER_STARTS = frozenset(word[0] for word in FOOTERS)
# Columns of the error workbook (errors.xlsx) that a clerk loads back: not the roster's, not unknown.
REPORT_COLUMNS = ("错误原因", "连带于", "原文件", "原行号")
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
    sheet: str | None = None  # the worksheet of a workbook holding more than one

    @property
    def name(self) -> str:
        """The file as messages name it: `户.xlsx`, or `汇总.xlsx「户花名册」` for one sheet of several."""
        return self.path.name if self.sheet is None else f"{self.path.name}「{self.sheet}」"


Sheet = tuple[str, Iterator[list[str]]]  # a worksheet's name and its rows


def read_sheets(path: Path) -> tuple[list[Sheet], str | None]:
    """The rows of each sheet of a .csv (one, named "") .xlsx or .xls file as lists of cell
    text, and the CSV encoding. Sheets are read lazily."""
    suffix = path.suffix.lower()
    if path.name.startswith(LOCK_PREFIX):
        detail = "这是 Excel 打开文件时生成的锁定文件（~$ 开头），不是花名册：已跳过"
        raise FileError(path.name, FileProblem.UNREADABLE, detail)
    if suffix == ".csv":
        encoding = encoding_of(path)
        return [("", _csv_rows(path, encoding))], encoding
    if suffix in (".xlsx", ".xlsm") or (suffix == ".xls" and _is_zip(path)):
        return _xlsx_sheets(path), None  # exports named .xls are often xlsx inside
    if suffix == ".xls":
        return _xls_sheets(path), None
    raise FileError(
        path.name,
        FileProblem.UNSUPPORTED,
        f"不支持的文件类型「{path.suffix or '无扩展名'}」：请另存为 .xlsx 或 .csv",
    )


def _is_zip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


_BOM = b"\xef\xbb\xbf"
# A file whose first UTF-8 error follows this many bytes of valid multi-byte UTF-8 is UTF-8
# (damaged), not GBK: GBK text almost never reads as valid UTF-8 for so long.
UTF8_EVIDENCE = 24


# CSV files are checked and read a block at a time: a province's roster runs to a gigabyte, and
# its text as one Python string would take several.
BLOCK = 1 << 24
_ASCII = bytes(range(0x80))


class _Undecodable(Exception):
    """Where a strict decoding of the whole file first fails (0-based offsets into the body)."""

    def __init__(self, error: UnicodeDecodeError, start: int, end: int, multibyte: int) -> None:
        self.reason, self.start, self.end, self.multibyte = error.reason, start, end, multibyte


def encoding_of(path: Path) -> str:
    """The encoding a CSV file reads with: UTF-16 by BOM, else UTF-8 (BOM or not), else GB18030.
    A file that is UTF-8 but damaged or cut short is reported at the byte where it breaks
    (1-based, counting the BOM), not read as GB18030."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as error:
        raise FileError(path.name, FileProblem.UNREADABLE, f"无法读取文件（{error}）") from error
    if head.startswith(b"PK\x03\x04"):
        raise FileError(path.name, FileProblem.UNREADABLE, "扩展名是 .csv，内容却是 xlsx：请改扩展名为 .xlsx")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            _strictly(path, "utf-16", 0)
        except _Undecodable as broken:
            at = broken.start + 1
            detail = f"UTF-16 编码错误：第 {at} 字节处的内容无效（文件可能已损坏），请重新导出该文件"
            raise FileError(path.name, FileProblem.UNREADABLE, detail) from None
        return "utf-16"
    bom = len(_BOM) if head.startswith(_BOM) else 0
    try:
        _strictly(path, "utf-8", bom)
        return "utf-8-sig" if bom else "utf-8"
    except _Undecodable as broken:
        at = broken.start + bom + 1
        at_end = broken.end + bom == size
        truncated = broken.reason == "unexpected end of data" and at_end
        if bom or broken.multibyte >= UTF8_EVIDENCE or at_end:
            raise FileError(path.name, FileProblem.UNREADABLE, _utf8_problem(at, truncated, size)) from None
    try:
        _strictly(path, "gb18030", 0)
        return "gb18030"
    except _Undecodable as error:
        raise FileError(
            path.name,
            FileProblem.UNREADABLE,
            f"无法识别文件编码（既不是 UTF-8 也不是 GB18030/GBK，第 {error.start + 1} 字节）",
        ) from None


def _strictly(path: Path, encoding: str, skip: int) -> None:
    """Decode the file past its first `skip` bytes block by block; `_Undecodable` at the first
    error, with how many bytes above 0x7F came before it."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = multibyte = 0  # bytes of the body fed to the decoder so far; those above 0x7F
    try:
        with path.open("rb") as handle:
            handle.seek(skip)
            while True:
                block = handle.read(BLOCK)
                pending = decoder.getstate()[0]  # an incomplete character held from the last block
                base = offset - len(pending)
                try:
                    decoder.decode(block, final=not block)
                except UnicodeDecodeError as error:
                    fed = pending + block
                    before = multibyte - len(pending.translate(None, _ASCII))
                    before += len(fed[: error.start].translate(None, _ASCII))
                    raise _Undecodable(error, base + error.start, base + error.end, before) from None
                if not block:
                    return
                offset += len(block)
                multibyte += len(block.translate(None, _ASCII))
    except OSError as error:
        raise FileError(path.name, FileProblem.UNREADABLE, f"无法读取文件（{error}）") from error


def _utf8_problem(at: int, truncated: bool, size: int) -> str:
    if truncated:
        return f"文件被截断：第 {at} 字节（共 {size} 字节）处的 UTF-8 字符不完整，请重新导出或复制该文件"
    return f"UTF-8 编码错误：第 {at} 字节处的内容不是有效的 UTF-8（文件可能已损坏），请重新导出该文件"


def _csv_rows(path: Path, encoding: str) -> Iterator[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        head = handle.read(4096)
        handle.seek(0)
        delimiter = "\t" if "\t" in head and "," not in head else ","
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            for row in reader:
                yield [clean(cell) for cell in row]
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                reason = (
                    f"有单元格超过 {csv.field_size_limit():,} 个字符"
                    "（多半是某处引号未闭合，其后的内容都并进了这一格），请在该行附近检查引号"
                )
            else:
                reason = f"格式错误（{error}）"
            detail = f"CSV 第{reader.line_num}行附近{reason}：此文件未导入"
            raise FileError(path.name, FileProblem.UNREADABLE, detail) from error


def _xlsx_sheets(path: Path) -> list[Sheet]:
    """Each worksheet's rows; the workbook closes when the last sheet's rows are done."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    problems = (OSError, zipfile.BadZipFile, KeyError, ValueError, InvalidFileException)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except problems as error:
        raise _unreadable_xlsx(path, error) from error
    open_sheets = [len(workbook.worksheets)]

    def rows(sheet: Any) -> Iterator[list[str]]:
        try:
            reset = getattr(sheet, "reset_dimensions", None)
            if reset is not None:
                reset()  # the stored dimensions may be wrong in files not written by Excel
            for row in sheet.iter_rows(min_row=1, values_only=True):
                yield [cell_text(value) for value in row]
        except problems as error:
            raise _unreadable_xlsx(path, error) from error
        finally:
            open_sheets[0] -= 1
            if not open_sheets[0]:
                workbook.close()

    return [(sheet.title, rows(sheet)) for sheet in workbook.worksheets]


def _xls_sheets(path: Path) -> list[Sheet]:
    """An Excel 97–2003 workbook (.xls), read whole by xlrd (such files are small)."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path))
    except (OSError, xlrd.XLRDError, ValueError, AssertionError, IndexError) as error:
        detail = f"无法读取 xls 文件（{type(error).__name__}）：文件损坏、加密或不是 xls"
        raise FileError(path.name, FileProblem.UNREADABLE, detail) from error

    def value(cell: Any) -> object:
        if cell.ctype == xlrd.XL_CELL_DATE:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        return cell.value

    def rows(sheet: Any) -> Iterator[list[str]]:
        for r in range(sheet.nrows):
            yield [cell_text(value(cell)) for cell in sheet.row(r)]

    return [(sheet.name, rows(sheet)) for sheet in book.sheets()]


def _unreadable_xlsx(path: Path, error: Exception) -> FileError:
    detail = f"无法读取 xlsx 文件（{type(error).__name__}）：文件损坏、加密或不是 xlsx"
    return FileError(path.name, FileProblem.UNREADABLE, detail)


def open_table(path: str | Path, kind: str | None = None, specs: tuple[RosterSpec, ...] = SPECS) -> Table:
    """Open a roster: the first sheet holding a roster's header (or the roster `kind` when
    given) among `specs` (the county's rosters, or a department's lists). Raises `FileError` when
    the file cannot be read or no header matches."""
    return open_tables(path, kind, specs)[0]


def open_tables(
    path: str | Path, kind: str | None = None, specs: tuple[RosterSpec, ...] = SPECS
) -> list[Table]:
    """Every sheet of a file that holds a roster's header (`kind`'s when given), each a `Table`.
    Raises `FileError` when the file cannot be read or no sheet has a header."""
    path = Path(path)
    if not path.is_file():
        raise FileError(path.name, FileProblem.UNREADABLE, "文件不存在")
    sheets, encoding = read_sheets(path)
    candidates = [spec for spec in specs if kind is None or kind in (spec.kind, spec.name)]
    if not candidates:
        raise ValueError(f"unknown roster kind {kind!r}")
    tables: list[Table] = []
    first: FileError | None = None
    for title, cells in sheets:
        seen: list[tuple[int, list[str]]] = []
        header: Header | None = None
        for number, row in enumerate(cells, start=1):
            seen.append((number, row))
            header = match_header(number, row, candidates)
            if header is not None or number >= HEADER_SEARCH_ROWS:
                break
        if header is not None:
            name = title if len(sheets) > 1 else None
            _check_duplicates(path.name if name is None else f"{path.name}「{name}」", header)
            tables.append(Table(path, header, _data_rows(cells, header.row, header), encoding, name))
            continue
        if close := getattr(cells, "close", None):
            close()
        problem = no_header(path.name, seen, candidates)
        if first is None or (first.problem == FileProblem.EMPTY and problem.problem != FileProblem.EMPTY):
            first = problem
    if not tables:
        assert first is not None
        raise first
    return tables


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
    unknown = [
        row[i].strip()
        for i, name in enumerate(names)
        if name and name not in known and name not in REPORT_COLUMNS
    ]
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
    best: tuple[tuple[float, int, int], RosterSpec, list[str], list[str]] | None = None
    for number, row in rows:
        present = {normalise_header(cell) for cell in row}
        for spec in specs:
            missing = _missing(spec, present)
            needed = len(spec.required) + len(spec.any_of)
            score = (1 - len(missing) / needed, needed - len(missing), -number)
            if best is None or score > best[0]:
                known = spec.by_header()
                unknown = [cell for cell in row if cell and normalise_header(cell) not in known]
                best = (score, spec, missing, unknown)
    assert best is not None
    (ratio, found, _), spec, missing, unknown = best
    strangers = (
        f"；表头中未能识别的列：{quoted(unknown)}（列名写法不同？见 docs/loading.md）" if unknown else ""
    )
    if found >= 2 and ratio >= 0.5:
        detail = f"看起来是「{spec.name}」，但缺少必填列：{quoted(missing)}{strangers}"
        return FileError(file, FileProblem.MISSING_COLUMNS, detail, spec.name, tuple(missing))
    detail = (
        f"无法识别花名册类型：前 {HEADER_SEARCH_ROWS} 行中没有任何花名册的表头；"
        f"最接近的是「{spec.name}」，缺少必填列：{quoted(missing)}{strangers}"
    )
    return FileError(file, FileProblem.UNKNOWN_ROSTER, detail, spec.name, tuple(missing))


def is_footer(row: list[str]) -> bool:
    """填表人：张三, 审核人, 填报日期：2019年3月5日 … (the first filled cell says so)."""
    first = next(cell for cell in row if cell)
    if first[0] not in _FOOTER_STARTS:  # every data row comes here: the cheap test first
        return False
    return normalise_header(first).startswith(FOOTERS)


def _data_rows(
    cells: Iterator[list[str]], header_row: int, header: Header
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows after the header as {normalised header: text}; blank rows are skipped, cells under a
    blank header are kept under "#<column number>"."""
    names = [name or f"#{i + 1}" for i, name in enumerate(header.cells)]
    for number, row in enumerate(cells, start=header_row + 1):
        if not any(row) or is_footer(row):
            continue
        record: dict[str, str] = {}
        for i, value in enumerate(row):
            name = names[i] if i < len(names) else f"#{i + 1}"
            if name not in record or not record[name]:
                record[name] = value
        yield number, record
