"""`fupin load`: read and validate every file, then, in load order (entities before what refers
to them), check references, write in batches, and count; see graph/load/__init__.py."""

from __future__ import annotations

import getpass
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from pathlib import Path

from neo4j import Driver

from graph.load import audit, plans
from graph.load import snapshot as snapshots
from graph.load.base import Checked
from graph.load.cards import CardWarnings
from graph.load.progress import Progress
from graph.load.refs import FileCheck, Known
from graph.load.result import LoadResult, RosterResult
from graph.load.writer import PHONE_TAKEN, write
from graph.rosters import (
    BY_KIND,
    LOAD_ORDER,
    FileError,
    FileProblem,
    ParsedRoster,
    RowError,
    Table,
    validate_parts,
)
from graph.rosters.read import LOCK_PREFIX, open_tables

ROSTER_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls")
LOCK_FILE = (
    "已跳过 {name}：这是 Excel 打开「{file}」时生成的锁定文件，不是花名册（请保存并关闭 Excel 后再导入）"
)
OTHER_FILE = "已跳过 {name}：不是花名册文件（只读取 .csv、.xlsx、.xls）"
NO_COUNTY = "数据库中没有县（County）节点：请先运行 fupin migrate"
PARTLY = (
    "{file}：读完 {read} 行后出错（见上），此前的 {rows} 行已导入；"
    "改正后重新导入整个文件即可（已导入的不会重复）"
)
NO_SNAPSHOT = (
    "快照 {day}：有文件未能导入（见上），无法确认花名册完整，为免误结束，未执行快照；请改正后重新导入"
)


# Rows validated, checked and written at a time. A province's 考勤 runs to 2×10⁷ rows, about
# 1.5 kB each once parsed; a part of 10⁵ rows stays near 150 MB.
PART_ROWS = 100_000
# A unit may merge into one defined further down its file: 帮扶单位花名册 loads whole.
WHOLE = frozenset({"units"})


class LoadAborted(Exception):
    """The load cannot start (the database is not prepared); nothing was written."""


def load(
    paths: Iterable[str | Path],
    driver: Driver,
    database: str,
    dry_run: bool = False,
    snapshot: date | None = None,
    batch_size: int = 5000,
    progress: bool = True,
    today: date | None = None,
    actor: str | None = None,
    low_income_factor: float = 1.5,
    part_rows: int = PART_ROWS,
) -> LoadResult:
    """Load roster files (a directory stands for its .csv/.xlsx files). `snapshot` makes the
    pairing and work-team rosters complete lists on that date (absent active ones end then) and
    is the date of changes the rosters do not date (card, unit); else the load day `today`.

    Every file's header is read first: a file that cannot be read, is no roster or lacks a
    required column is reported and left out, the others load. Rows are then validated in a
    worker thread, in load order and `part_rows` at a time, while the part before is being
    written, so that memory holds two parts, not a file. A load that writes is one audit event
    by `actor` (else the OS user), graph/load/audit.py."""
    began = time.perf_counter()
    result = LoadResult(day=snapshot or today or date.today(), dry_run=dry_run, snapshot=snapshot)
    bar = Progress(progress)
    files = expand(paths, result)
    tables = _open(files, result, bar)
    event: str | None = None
    pool = ThreadPoolExecutor(1, thread_name_prefix="fupin-validate")
    try:
        if not dry_run and tables:
            _require_county(driver, database)
            event = audit.open_event(driver, database, actor or getpass.getuser(), files, result)
        run = _Run(driver, database, result, Known(), batch_size, bar, event, low_income_factor)
        _load_all(run, _validated(tables, part_rows, pool))
    except KeyboardInterrupt:  # committed batches stay; the report says so and how to resume
        result.interrupted = True
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if event is not None:
            audit.close_event(driver, database, event, files, result)
    result.seconds = time.perf_counter() - began
    return result


# A table and, in load order, a part of its rows (or the error that stopped its reading) and
# the CPU seconds spent reading and validating it.
Part = tuple[Table, ParsedRoster | FileError, float]


def _validated(tables: list[tuple[Table, float]], size: int, pool: ThreadPoolExecutor) -> Iterator[Part]:
    """The parts of every table in load order; the worker thread validates the next part while
    the caller writes this one. Its CPU time is what validation cost (its wall time overlaps
    the writing)."""

    def parts() -> Iterator[Part]:
        for table, spent in tables:
            whole = table.header.spec.kind in WHOLE
            try:
                for part in validate_parts(table, None if whole else size):
                    yield table, part, spent
                    spent = 0.0
            except FileError as error:  # unreadable midway
                yield table, error, spent

    stream = parts()

    def step() -> Part | None:
        began = time.thread_time()
        item = next(stream, None)
        return None if item is None else (item[0], item[1], item[2] + time.thread_time() - began)

    ahead = pool.submit(step)
    while (item := ahead.result()) is not None:
        ahead = pool.submit(step)
        yield item


@dataclass(frozen=True)
class _Run:
    """What every roster of one load is written with, and into."""

    driver: Driver
    database: str
    result: LoadResult
    known: Known  # keys of the rosters loaded so far (graph/load/refs.py)
    batch_size: int
    bar: Progress
    event: str | None  # the load's audit event
    low_income_factor: float  # S2's, for the card warnings


def _load_all(run: _Run, parts: Iterator[Part]) -> None:
    """Rosters in load order; after the last of the pairing (team) rosters, the snapshot."""
    result, known = run.result, run.known
    result.new_units = known.new_units
    for error in result.file_errors:  # a file known to be a roster (its header was found) but left out
        if error.problem in (FileProblem.MISSING_COLUMNS, FileProblem.DUPLICATE_COLUMNS):
            known.fail(error.roster, error.file)
    for kind, of_kind in groupby(parts, key=lambda part: part[0].header.spec.kind):
        held: set[tuple[object, ...]] = set()
        clean = True
        for _, of_table in groupby(of_kind, key=lambda part: id(part[0])):
            clean = _load_table(run, of_table, held) and clean
        if result.snapshot is not None and kind in snapshots.ENDS:
            _snapshot(run.driver, run.database, kind, held, clean, result, run.event)


def _load_table(run: _Run, parts: Iterator[Part], held: set[tuple[object, ...]]) -> bool:
    """A table's parts written in turn and summed into one result; the keys a snapshot needs
    added to `held`. Whether every row loaded."""
    result = run.result
    total: RosterResult | None = None
    checks: FileCheck | None = None
    cards: CardWarnings | None = None
    for table, part, spent in parts:
        if isinstance(part, FileError):
            if part not in result.file_errors:
                result.file_errors.append(part)
            run.known.fail(table.header.spec.name, part.file)
            if total is not None:  # what came before the error was written
                result.notes.append(PARTLY.format(file=part.file, rows=total.accepted, read=total.rows_read))
                total.errors.sort(key=_order)
                result.rosters.append(total)
            return False
        checks = checks or FileCheck(part, run.known)
        outcome, written = _load_one(run, part, checks)
        outcome.seconds += spent
        if part.kind == "households":
            cards = cards or CardWarnings(part.file, result.day, run.low_income_factor)
            cards.add(written)
        if part.kind in snapshots.ENDS:
            held |= snapshots.present(part.kind, written)
        total = outcome if total is None else _summed(total, outcome)
    if total is None:
        return True
    total.errors.sort(key=_order)
    total.warnings += cards.lines() if cards else []
    result.rosters.append(total)
    return not total.errors


def _summed(total: RosterResult, part: RosterResult) -> RosterResult:
    total.rows_read += part.rows_read
    total.accepted += part.accepted
    total.created, total.updated = total.created + part.created, total.updated + part.updated
    total.unchanged += part.unchanged
    total.seconds += part.seconds
    total.errors += part.errors
    return total


def expand(paths: Iterable[str | Path], result: LoadResult) -> list[Path]:
    """Files as given; a directory gives its roster files, sorted. Excel's lock files (`~$…`)
    and, in a directory, files of other types are skipped with a note."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        found = sorted(path.iterdir()) if path.is_dir() else [path]
        if path.is_dir() and not any(p.suffix.lower() in ROSTER_SUFFIXES for p in found):
            detail = "目录中没有 .csv、.xlsx 或 .xls 文件"
            result.file_errors.append(FileError(path.name, FileProblem.UNREADABLE, detail))
        for file in found:
            if file.name.startswith(LOCK_PREFIX):
                result.notes.append(LOCK_FILE.format(name=file.name, file=file.name[len(LOCK_PREFIX) :]))
            elif path.is_dir() and file.suffix.lower() not in ROSTER_SUFFIXES:
                if file.is_file() and not file.name.startswith("."):
                    result.notes.append(OTHER_FILE.format(name=file.name))
            else:
                files.append(file)
    return files


def _open(files: list[Path], result: LoadResult, bar: Progress) -> list[tuple[Table, float]]:
    """Each file opened at its header rows (the rosters its sheets hold, their columns), in load
    order; a file that cannot be opened is reported, the others load."""
    tables: list[tuple[Table, float]] = []
    for path in files:
        began = time.perf_counter()
        bar.note(f"读取 {path.name} …")
        try:
            opened = open_tables(path)
        except FileError as error:
            result.file_errors.append(error)
            continue
        spent = (time.perf_counter() - began) / len(opened)
        tables += [(table, spent) for table in opened]
    return sorted(tables, key=lambda item: LOAD_ORDER.index(item[0].header.spec.kind))


def _unwritten(roster: ParsedRoster, seconds: float) -> RosterResult:
    return RosterResult(
        roster.kind,
        roster.name,
        roster.file,
        roster.rows_read,
        path=roster.path,
        accepted=len(roster.rows),
        seconds=seconds,
        errors=sorted(roster.errors, key=_order),
        warnings=roster.warnings(),
    )


def _load_one(run: _Run, roster: ParsedRoster, checks: FileCheck) -> tuple[RosterResult, list[Checked]]:
    result, known = run.result, run.known
    began = time.perf_counter()
    outcome = _unwritten(roster, 0.0)
    checked, ref_errors = checks.check(roster, run.driver, run.database, last=not roster.more)
    plans.identify(roster.kind, checked)
    outcome.accepted = len(checked)
    written = checked
    if not result.dry_run:
        passes = plans.passes(roster.kind, roster.headers)
        part = f"，第 {checks.parts} 部分" if roster.more or checks.parts > 1 else ""
        label = f"{roster.name}（{roster.file}{part}）"
        done = write(
            run.driver, run.database, passes, checked, result.day, run.batch_size, run.bar, label, run.event
        )
        outcome.created, outcome.updated, outcome.unchanged = done.created, done.updated, done.unchanged
        outcome.written = True
        for i, reason in done.refused.items():
            props = ("phone",) if reason == PHONE_TAKEN else _key_props(roster)
            ref_errors.append(roster.error_at(checked[i].row, props, reason))
        written = [row for i, row in enumerate(checked) if i not in done.refused]
    known.learn(roster.kind, written)
    loaded = {row.row.row for row in written}
    dropped = [(row.row, row.values) for row in roster.rows if row.row not in loaded]
    known.reject(roster.kind, roster.file, [*roster.rejected, *dropped])
    outcome.errors += ref_errors
    outcome.seconds = time.perf_counter() - began
    return outcome, written


def _snapshot(
    driver: Driver,
    database: str,
    kind: str,
    held: set[tuple[object, ...]],
    clean: bool,
    result: LoadResult,
    event: str | None,
) -> None:
    day = result.day
    if result.file_errors:
        note = NO_SNAPSHOT.format(day=day.isoformat())
        if note not in result.notes:
            result.notes.append(note)
        return
    if not clean:
        roster = BY_KIND[kind].name
        result.notes.append(
            f"快照 {day.isoformat()}：{roster}有被拒绝的行，为免误结束，未执行快照；请改正后重新导入"
        )
        return
    if kind in snapshots.REGISTERS:
        _left_register(driver, database, kind, held, result, event)
        return
    name = snapshots.NAMES[kind]
    ended = snapshots.end_absent(driver, database, kind, held, day, result.dry_run, event)
    verb = "将结束" if result.dry_run else "已结束"
    result.notes.append(
        f"快照 {day.isoformat()}：{verb} {len(ended)} 条不在花名册中的{name}（结束日期 {day.isoformat()}）"
        + ("：" if ended else "")
    )
    first, what = snapshots.ENDS_SHOWN[kind]
    shown = [f"  {first} {one} — {what} {other}（{since.isoformat()} 起）" for one, other, since in ended]
    result.notes += shown


def _left_register(
    driver: Driver,
    database: str,
    kind: str,
    held: set[tuple[object, ...]],
    result: LoadResult,
    event: str | None,
) -> None:
    """The snapshot of 户花名册 / 人口花名册: who left the register (households by 户编号; persons
    only counted, their identity numbers kept out of the report)."""
    day = result.day
    left = snapshots.leave_absent(driver, database, kind, held, day, result.dry_run, event)
    if not left:
        return
    verb = "将退出" if result.dry_run else "已退出"
    what = f"{len(left)} 户" if kind == "households" else f"{len(left)} 人"
    roster = BY_KIND[kind].name
    result.notes.append(
        f"快照 {day.isoformat()}：{what}不在{roster}中，{verb}登记（退出日期 {day.isoformat()}）"
    )
    if kind == "households":
        result.notes += [f"  户 {key}" for key in left]


def _require_county(driver: Driver, database: str) -> None:
    records, _, _ = driver.execute_query("MATCH (c:County) RETURN count(c) AS n", database_=database)
    if records[0]["n"] != 1:
        raise LoadAborted(NO_COUNTY)


def _key_props(roster: ParsedRoster) -> tuple[str, ...]:
    spec = roster.spec
    return spec.unique[0] if spec.unique else (spec.columns[0].prop,)


def _order(error: RowError) -> tuple[int, str]:
    return (error.row, error.column)
