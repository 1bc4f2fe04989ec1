"""The summary table printed after a load, and the report directory: `summary.txt` (the same
table, warnings, file errors, notes, knock-on rows under their root) and `errors.xlsx` (the
rejected rows to correct and load back, graph/load/workbook.py)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

from graph.load.result import LoadResult, RosterResult
from graph.load.workbook import write_workbook

ERRORS = "errors.xlsx"
HEADERS = ("花名册", "文件", "读取", "新增", "更新", "未变", "拒绝", "用时(秒)", "行/秒")
SHOWN_GROUPS = 20
INTERRUPTED = (
    "导入被中断（Ctrl-C）：已提交的批次保留，其余未写入。重新运行同一命令即可补全，重复导入不会产生重复数据"
)
KNOCK_ON = "连带被拒的行（所引用的户、帮扶责任人、行政村等在本次导入中被拒绝；改正左边的行后重新导入即可）："
DRY_HEADERS = ("花名册", "文件", "读取", "可导入", "拒绝", "用时(秒)", "行/秒")


def default_directory(reports: Path, now: datetime | None = None) -> Path:
    """`<reports>/load-<time>` (`fupin load` passes $FUPIN_HOME/reports)."""
    return reports / f"load-{(now or datetime.now()).strftime('%Y%m%d-%H%M%S')}"


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
    unwritten = not result.written  # counted and checked; a dry run, or no file could be loaded
    headers = DRY_HEADERS if unwritten else HEADERS
    rows = [headers, *(_cells(roster, unwritten) for roster in result.rosters)]
    sizes = [max(width(row[c]) for row in rows) for c in range(len(headers))]
    lines = ["  ".join(_pad(cell, sizes[c], c >= 2) for c, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * size for size in sizes))
    return "\n".join(lines)


def knock_on_groups(result: LoadResult) -> dict[str, dict[str, set[int]]]:
    """Knock-on rows under their root: where the referenced row was rejected → file → rows."""
    groups: dict[str, dict[str, set[int]]] = {}
    for error in result.errors:
        if error.cause:
            groups.setdefault(error.cause, {}).setdefault(error.file, set()).add(error.row)
    return groups


def _knock_on_lines(result: LoadResult) -> list[str]:
    groups = knock_on_groups(result)
    if not groups:
        return []
    lines = [KNOCK_ON]
    for cause, files in list(groups.items())[:SHOWN_GROUPS]:
        shown = "、".join(f"{file} {len(rows)} 行" for file, rows in files.items())
        lines.append(f"  {cause} → {shown}")
    if len(groups) > SHOWN_GROUPS:
        lines.append(f"  …… 另有 {len(groups) - SHOWN_GROUPS} 处，见 errors.xlsx")
    return lines


def _closing(result: LoadResult) -> str:
    """The last line, in one vocabulary: rows read, rows rejected (own errors, knock-on), files."""
    total = f"共读取 {sum(r.rows_read for r in result.rosters):,} 行，用时 {result.seconds:.1f} 秒"
    rejected = sum(r.rejected for r in result.rosters)
    knock_on = sum(r.knock_on for r in result.rosters)
    parts = [total]
    if rejected:
        part = f"被拒绝 {rejected:,} 行（本身有错 {rejected - knock_on:,} 行"
        parts.append(part + (f"，连带被拒 {knock_on:,} 行）" if knock_on else "）"))
    if result.file_errors:
        parts.append(f"未能导入的文件 {len(result.file_errors)} 个")
    if not result.dry_run and not result.written:
        parts.append("本次未写入任何数据")
    elif not rejected and not result.file_errors:
        parts.append("全部可导入，没有被拒绝的行" if result.dry_run else "全部导入，没有被拒绝的行")
    return "；".join(parts)


def summary(result: LoadResult) -> str:
    """The text printed after a load (and saved as summary.txt)."""
    lines: list[str] = []
    if result.interrupted:
        lines.append(INTERRUPTED)
    if result.dry_run:
        lines.append("试运行（--dry-run）：只校验，未写入数据库")
    if result.file_errors:
        lines.append("以下文件未能导入（其余文件照常导入）：")
        lines += [f"  {error.message}" for error in result.file_errors]
    if result.rosters:
        lines.append(table(result))
    if result.new_units:
        verb = "将新建" if result.dry_run else "新建"
        units = "、".join(f"{name}（{kind}）" for name, kind in result.new_units)
        lines.append(
            f"{verb}帮扶单位 {len(result.new_units)} 个（帮扶责任人花名册中首次出现；"
            f"类型取自帮扶单位类型，未填则按名称判断）：{units}"
        )
    lines += [f"注意：{warning}" for warning in result.warnings]
    lines += result.notes
    lines += _knock_on_lines(result)
    if result.written:
        source = "--snapshot" if result.snapshot else "导入当天"
        lines.append(f"卡类、帮扶单位变更的生效日期：{result.day.isoformat()}（{source}）")
    lines.append(_closing(result))
    return "\n".join(lines)


def write_report(result: LoadResult, directory: Path) -> Path:
    """Write summary.txt and, when rows or files were rejected, errors.xlsx (graph/load/workbook.py)
    into `directory` (created); returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "summary.txt").write_text(summary(result) + "\n", encoding="utf-8-sig")
    if result.errors or result.file_errors:
        write_workbook(result, directory / ERRORS)
    return directory
