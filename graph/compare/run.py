"""`fupin compare`: read a department's list, compare it with the register on its day, keep the
suspects, and report them (the summary printed, suspects by township as .xlsx)."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from neo4j import Driver

from graph.compare.formats import Department
from graph.compare.read import read_list
from graph.compare.register import read_register
from graph.compare.rules import KINDS, Outcome, Suspect, compare
from graph.compare.store import save
from graph.load.progress import Progress
from graph.rosters import ParsedRoster

MATCHES = {"ID": "证件号码", "NAME_BIRTH": "姓名+出生日期（弱匹配）", "HOUSEHOLD": "户编号", "NONE": "未匹配"}


@dataclass
class CompareResult:
    department: Department
    roster: ParsedRoster
    day: date
    outcome: Outcome
    run_id: str
    created: int = 0
    again: int = 0
    seconds: float = 0.0
    townships: dict[str | None, str] = field(default_factory=dict)

    @property
    def suspects(self) -> list[Suspect]:
        return self.outcome.suspects


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_compare(
    path: str | Path,
    department: Department,
    driver: Driver,
    database: str,
    county: str,
    as_of: date | None = None,
    actor: str = "fupin",
    role: str = "LOADER",
    progress: Progress | None = None,
) -> CompareResult:
    """The whole comparison; the suspects and the run are written in one transaction."""
    began = time.monotonic()
    progress = progress or Progress(enabled=False)
    path = Path(path)
    roster, day = read_list(path, department, as_of)
    progress.note(f"{roster.name}（{path.name}）：{roster.rows_read:,} 行，数据日期 {day.isoformat()}")
    register = read_register(driver, database, day, households=roster.kind == "houses")
    progress.start("比对", roster.rows_read)
    outcome = compare(department, roster, day, register, county)
    progress.advance(roster.rows_read)
    progress.finish()
    run_id = hashlib.sha256(f"{department.name}|{_digest(path)}|{day}".encode()).hexdigest()[:24]
    run = {
        "id": run_id,
        "department": department.name,
        "roster": roster.name,
        "file": path.name,
        "asOf": day,
        "rows": roster.rows_read,
        "rejected": len(roster.bad_rows),
        "otherCounty": outcome.other_county,
        "suspects": len({s.id for s in outcome.suspects}),
    }
    created, again = save(driver, database, run, outcome.suspects, actor, role)
    result = CompareResult(department, roster, day, outcome, run_id, created, again)
    result.townships = _township_names(driver, database)
    result.seconds = time.monotonic() - began
    return result


def _township_names(driver: Driver, database: str) -> dict[str | None, str]:
    records, _, _ = driver.execute_query(
        "MATCH (t:Township) RETURN t.code AS code, t.name AS name", database_=database
    )
    return {r["code"]: r["name"] for r in records}


def summary(result: CompareResult) -> str:
    """The text printed after a comparison."""
    roster, outcome = result.roster, result.outcome
    matched = "，".join(f"{MATCHES[k]} {n:,}" for k, n in sorted(outcome.matched.items()))
    by_kind = Counter(s.kind for s in {s.id: s for s in outcome.suspects}.values())
    lines = [
        f"{result.department.name}「{roster.name}」{roster.file}，数据日期 {result.day.isoformat()}",
        f"读取 {roster.rows_read:,} 行，有错误 {len(roster.bad_rows):,} 行；匹配：{matched or '无'}",
        f"外县人员 {outcome.other_county:,} 行（已计数并剔除）；不在数据日期内 {outcome.ignored:,} 行",
        f"疑点 {sum(by_kind.values()):,} 条（新增 {result.created:,}，此前已有 {result.again:,}）：",
    ]
    lines += [f"  {KINDS[k][0]} {k} {KINDS[k][1]}：{n:,}" for k, n in sorted(by_kind.items())]
    lines += [f"注意：{warning}" for warning in roster.warnings()]
    lines += [f"  {error.message}" for error in roster.errors[:20]]
    lines.append(f"用时 {result.seconds:.1f} 秒")
    return "\n".join(lines)


REPORT_COLUMNS = (
    "乡镇",
    "规则",
    "疑点类型",
    "说明",
    "匹配方式",
    "户编号",
    "姓名",
    "部门名单行号",
    "部门数据",
    "登记数据",
    "建议修改",
    "生效日期",
)


def write_report(result: CompareResult, target: Path) -> Path:
    """Suspects by township as .xlsx: one sheet per township (县本级 for the unassigned), the
    identity number left out (the report leaves the office)."""
    from openpyxl import Workbook

    from graph.audit import json_text

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    by_township: dict[str | None, list[Suspect]] = {}
    for suspect in {s.id: s for s in result.suspects}.values():
        by_township.setdefault(suspect.township, []).append(suspect)
    for code in sorted(by_township, key=lambda c: (c is None, c or "")):
        name = result.townships.get(code, "县本级") if code else "县本级"
        sheet = workbook.create_sheet(name[:31])
        sheet.append(REPORT_COLUMNS)
        for s in sorted(by_township[code], key=lambda s: (s.rule, s.kind, s.household or "", s.row or 0)):
            cells = {k: v for k, v in s.cells.items() if k != "idNumber"}
            sheet.append(
                (
                    name,
                    s.rule,
                    s.kind,
                    KINDS[s.kind][1],
                    MATCHES[s.match],
                    s.household or "",
                    s.name or "",
                    s.row,
                    json_text(cells),
                    json_text(s.register),
                    json_text(s.proposed),
                    s.effective,
                )
            )
    if not by_township:
        workbook.create_sheet("无疑点").append(REPORT_COLUMNS)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target
