"""The summary table printed after a load, and the report directory: `summary.txt` (the same
table, warnings, file errors, notes) and `errors.csv` (UTF-8 with BOM, so Excel opens it; one
line per rejected cell: 文件, 行号, 列, 值, 原因, 可填值或规则)."""

from __future__ import annotations

import csv
import unicodedata
from datetime import datetime
from pathlib import Path

from graph.load.result import LoadResult, RosterResult

ERROR_COLUMNS = ("文件", "行号", "列", "值", "原因", "可填值或规则")
HEADERS = ("花名册", "文件", "读取", "新增", "更新", "未变", "拒绝", "用时(秒)", "行/秒")
DRY_HEADERS = ("花名册", "文件", "读取", "可导入", "拒绝", "用时(秒)", "行/秒")


def default_directory(now: datetime | None = None) -> Path:
    return Path(f"load-report-{(now or datetime.now()).strftime('%Y%m%d-%H%M%S')}")


def width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, size: int, right: bool) -> str:
    fill = " " * (size - width(text))
    return fill + text if right else text + fill


def _cells(roster: RosterResult, dry_run: bool) -> tuple[str, ...]:
    counts = (roster.accepted,) if dry_run else (roster.created, roster.updated, roster.unchanged)
    numbers = (roster.rows_read, *counts, roster.rejected)
    return (
        roster.name,
        roster.file,
        *(f"{n:,}" for n in numbers),
        f"{roster.seconds:.2f}",
        f"{roster.rate:,.0f}",
    )


def table(result: LoadResult) -> str:
    unwritten = result.dry_run or bool(result.file_errors)  # counted, checked, not written
    headers = DRY_HEADERS if unwritten else HEADERS
    rows = [headers, *(_cells(roster, unwritten) for roster in result.rosters)]
    sizes = [max(width(row[c]) for row in rows) for c in range(len(headers))]
    lines = ["  ".join(_pad(cell, sizes[c], c >= 2) for c, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * size for size in sizes))
    return "\n".join(lines)


def summary(result: LoadResult) -> str:
    """The text printed after a load (and saved as summary.txt)."""
    lines: list[str] = []
    if result.dry_run:
        lines.append("试运行（--dry-run）：只校验，未写入数据库")
    if result.file_errors:
        lines.append("以下文件无法导入，本次未写入任何数据：")
        lines += [f"  {error.message}" for error in result.file_errors]
    if result.rosters:
        lines.append(table(result))
    if result.new_units:
        verb = "将新建" if result.dry_run else "新建"
        units = "、".join(f"{name}（{kind}）" for name, kind in result.new_units)
        lines.append(f"{verb}帮扶单位 {len(result.new_units)} 个（帮扶责任人花名册首次出现；类型取自帮扶单位类型，未填则按名称判断）：{units}")
    lines += [f"注意：{warning}" for warning in result.warnings]
    lines += result.notes
    if not result.dry_run and not result.file_errors:
        source = "--snapshot" if result.snapshot else "导入当天"
        lines.append(f"卡类、帮扶单位变更的生效日期：{result.day.isoformat()}（{source}）")
    errors = len(result.errors)
    total = f"共 {sum(r.rows_read for r in result.rosters):,} 行，用时 {result.seconds:.1f} 秒"
    lines.append(f"{total}；被拒绝的单元格 {errors:,} 个" if errors else f"{total}；没有被拒绝的行")
    return "\n".join(lines)


def write_report(result: LoadResult, directory: Path) -> Path:
    """Write summary.txt and errors.csv into `directory` (created); returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "summary.txt").write_text(summary(result) + "\n", encoding="utf-8-sig")
    with (directory / "errors.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ERROR_COLUMNS)
        for error in result.file_errors:
            writer.writerow((error.file, "", "、".join(error.missing), "", error.detail, ""))
        for e in result.errors:
            writer.writerow((e.file, e.row, e.column, e.value, e.reason, "、".join(e.allowed)))
    return directory
