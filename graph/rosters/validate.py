"""Validate a whole roster file: parse every cell, apply the row rules and the in-file checks
(duplicate natural keys, values that must agree across rows), and collect the errors.

Nothing here touches the database. References to other nodes (a village, a household, a cadre)
are not checked: each good row exposes the natural keys it refers to in `ParsedRow.refs`, and
`ParsedRoster.references()` gathers them so the writer can check them in one query.

Rows with an error are left out of `rows`; all other rows are returned. A cell left empty in a
column the file has gives the value None (the writer may clear that property); a column the
file lacks gives no key at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph.rosters.checks import Problem, Values
from graph.rosters.errors import Invalid, RowError, quoted
from graph.rosters.read import Table, open_table
from graph.rosters.specs import LOAD_ORDER, Column, Ref, Refs, RosterSpec
from graph.rosters.values import Value

EMPTY_REQUIRED = "必填项不能为空"


@dataclass
class ParsedRow:
    """A good row: `row` is its number in the file, `values` its parsed cells by property name
    (docs/model.md), `refs` the natural keys of the nodes it refers to."""

    row: int
    values: dict[str, Value]
    refs: Refs
    raw: dict[str, str] = field(default_factory=dict, repr=False)  # prop → cell text


@dataclass
class ParsedRoster:
    kind: str
    name: str
    file: str
    path: Path
    spec: RosterSpec
    header_row: int
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    encoding: str | None = None
    sheet: str | None = None  # the worksheet, in a workbook of several rosters
    rows_read: int = 0
    headers: dict[str, str] = field(default_factory=dict)  # prop → header as written
    # Rows with an error and the values of their cells that did parse: a key among them (户编号,
    # 证件号码 …) lets a later roster's row that refers to it say where it was rejected.
    rejected: list[tuple[int, Values]] = field(default_factory=list)
    more: bool = False  # a part of the file (`validate_parts`) that further parts follow

    def error_at(
        self, row: ParsedRow, props: tuple[str, ...], reason: str, allowed: tuple[str, ...] = ()
    ) -> RowError:
        """A `RowError` about a good row found later (by the writer): names the columns behind
        `props` and their values as written."""
        column = "、".join(self.headers.get(p) or self.spec.column(p).header for p in props)
        value = " / ".join(row.raw.get(prop, "") for prop in props)
        return RowError(self.file, row.row, column, value, reason, allowed)

    def ref_error(self, row: ParsedRow, ref: str, reason: str, allowed: tuple[str, ...] = ()) -> RowError:
        """A `RowError` for a ref the database does not know, e.g.
        `ref_error(row, "village", "行政村不存在")` names 乡(镇) and 行政村."""
        return self.error_at(row, self.spec.refs.props(ref), reason, allowed)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    def references(self) -> dict[str, set[Ref]]:
        """Every natural key the good rows refer to, by ref name (`household`, `village` …)."""
        found: dict[str, set[Ref]] = {}
        for row in self.rows:
            for name, ref in row.refs.items():
                found.setdefault(name, set()).add(ref)
        return found

    def warnings(self) -> list[str]:
        if not self.unknown_columns:
            return []
        return [f"{self.file}：以下列不属于「{self.name}」，已忽略：{quoted(self.unknown_columns)}"]


def validate_file(path: str | Path, kind: str | None = None) -> ParsedRoster:
    """Read and validate one roster file. `kind` (e.g. "households" or "户花名册") checks the
    file is that roster; without it the roster is recognised by its header.
    Raises `FileError` for a file that cannot be read or recognised."""
    return validate_table(open_table(path, kind))


def validate_table(table: Table) -> ParsedRoster:
    """The whole roster at once."""
    return next(validate_parts(table, None))


def validate_parts(table: Table, size: int | None) -> Iterator[ParsedRoster]:
    """The roster in parts of `size` rows read (None: one part), so that a file of millions of
    rows is never held whole. Each part has its own rows, errors and count of rows read; the
    in-file checks (duplicate keys, values that must agree) span the whole file."""
    header = table.header
    spec = header.spec
    parsed = ParsedRoster(
        spec.kind,
        spec.name,
        table.name,
        table.path,
        spec,
        header.row,
        unknown_columns=list(header.unknown),
        encoding=table.encoding,
        sheet=table.sheet,
    )
    placed = _file_columns(table)
    parsed.headers = {p.column.prop: p.written for p in placed}
    checker = _RowChecker(parsed, placed)
    for number, record in table.rows:
        if parsed.rows_read == size:
            parsed.more = True
            yield parsed
            # The next part shares the file's headers and its list of unknown columns.
            parsed = replace(parsed, rows=[], errors=[], rejected=[], rows_read=0, more=False)
            checker.parsed = parsed
        parsed.rows_read += 1
        checker.check(number, record)
    yield parsed


@dataclass
class _Placed:
    """A roster column as found in the file: its normalised and its written header."""

    column: Column
    name: str
    written: str


def _file_columns(table: Table) -> list[_Placed]:
    known = table.header.spec.by_header()
    placed: list[_Placed] = []
    for name, written in zip(table.header.cells, table.header.original, strict=True):
        if name in known:
            placed.append(_Placed(known[name], name, written))
    return placed


class _RowChecker:
    def __init__(self, parsed: ParsedRoster, placed: list[_Placed]) -> None:
        self.parsed = parsed
        self.spec = parsed.spec
        self.placed = placed
        self.by_prop = {p.column.prop: p for p in placed}
        self.seen: dict[tuple[str, ...], dict[int, int]] = {}  # key props → digest → first row
        self.agreed: dict[int, dict[tuple[object, ...], tuple[int, tuple[object, ...]]]] = {}
        self.blank_headers: set[str] = set()
        self.derived = dict(self.spec.derived)
        self.any_of = [[self.spec.by_header()[header].prop for header in group] for group in self.spec.any_of]
        self.number = 0
        self.record: dict[str, str] = {}
        self.errors: list[RowError] = []

    def check(self, number: int, record: dict[str, str]) -> None:
        self.number, self.record = number, record
        self.errors = []
        self._note_blank_headers(record)
        values: Values = {}
        failed: set[str] = set()
        for placed in self.placed:
            raw = record.get(placed.name, "")
            column = placed.column
            if not raw:
                if column.required:
                    self._error(placed.written, raw, EMPTY_REQUIRED)
                    failed.add(column.prop)
                else:
                    values[column.prop] = None
                continue
            try:
                values[column.prop] = column.parse(raw)
            except Invalid as invalid:
                self._error(placed.written, raw, invalid.reason, invalid.allowed)
                failed.add(column.prop)
        self._check_any_of(values)
        for check in self.spec.row_checks:
            for problem in check(values):
                if not failed.intersection(self._sources(problem.props)):
                    self._problem(problem)
        self._check_unique(values, failed)
        self._check_same(values, failed)
        if self.errors:
            self.parsed.errors.extend(self.errors)
            self.parsed.rejected.append((number, values))
        else:
            cells = {p.column.prop: record.get(p.name, "") for p in self.placed}
            self.parsed.rows.append(ParsedRow(number, values, self.spec.refs(values), cells))

    def _sources(self, props: tuple[str, ...]) -> set[str]:
        return {self.derived.get(prop, prop) for prop in props}

    def _written(self, prop: str) -> tuple[str, str]:
        """The column header as written in the file and the cell text behind a prop."""
        source = self.derived.get(prop, prop)
        placed = self.by_prop.get(source)
        if placed is None:
            return self.spec.column(source).header, ""
        return placed.written, self.record.get(placed.name, "")

    def _error(self, column: str, value: str, reason: str, allowed: tuple[str, ...] = ()) -> None:
        file = self.parsed.file
        self.errors.append(RowError(file, self.number, column, value, reason, allowed))

    def _problem(self, problem: Problem) -> None:
        written = [self._written(prop) for prop in problem.props]
        column = "、".join(header for header, _ in written)
        value = " / ".join(raw for _, raw in written)
        self._error(column, value, problem.reason, problem.allowed)

    def _check_any_of(self, values: Values) -> None:
        for group, props in zip(self.spec.any_of, self.any_of, strict=True):
            if all(values.get(prop) is None for prop in props):
                reason = "和".join(group) + "至少填一项"
                self._error("、".join(self._written(prop)[0] for prop in props), "", reason)

    def _check_unique(self, values: Values, failed: set[str]) -> None:
        for key in self.spec.unique:
            if failed.intersection(key) or all(values.get(prop) is None for prop in key):
                continue
            seen = self.seen.setdefault(key, {})
            found = digest(tuple(_hashable(values.get(prop)) for prop in key))
            first = seen.setdefault(found, self.number)
            if first != self.number:
                reason = f"与第{first}行重复"
                if len(key) > 1:
                    headers = "、".join(self._written(prop)[0] for prop in key)
                    reason += f"（{headers}均相同）"
                self._problem(Problem(key, reason))

    def _check_same(self, values: Values, failed: set[str]) -> None:
        for index, same in enumerate(self.spec.same):
            props = same.key + same.value
            if failed.intersection(self._sources(props)):
                continue
            if any(values.get(prop) is None for prop in props):
                continue
            key = tuple(_hashable(values.get(prop)) for prop in same.key)
            value = tuple(_hashable(values.get(prop)) for prop in same.value)
            agreed = self.agreed.setdefault(index, {})
            first, expected = agreed.setdefault(key, (self.number, value))
            if expected != value:
                shown = " / ".join(str(part) for part in expected)
                reason = f"{same.reason}：第{first}行为「{shown}」"
                self._problem(Problem(same.value, reason))

    def _note_blank_headers(self, record: dict[str, str]) -> None:
        for name, raw in record.items():
            if name.startswith("#") and raw and name not in self.blank_headers:
                self.blank_headers.add(name)
                self.parsed.unknown_columns.append(f"第{name[1:]}列（无列名）")


def _hashable(value: Value) -> object:
    return tuple(value) if isinstance(value, list) else value


def digest(key: tuple[object, ...]) -> int:
    """A 128-bit digest standing for a key in a file's set of seen keys: a province's roster has
    tens of millions of rows, whose keys as tuples would take gigabytes. Two distinct keys of n
    share a digest with probability about n²/2¹²⁹ (10⁻²⁴ for 2×10⁷ rows)."""
    return int.from_bytes(hashlib.blake2b(repr(key).encode(), digest_size=16).digest())


def in_load_order(rosters: list[ParsedRoster]) -> list[ParsedRoster]:
    """Rosters sorted into the writer's load order (`specs.LOAD_ORDER`); stable for equal kinds."""
    return sorted(rosters, key=lambda roster: LOAD_ORDER.index(roster.kind))
