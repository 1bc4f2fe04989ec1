"""The monthly report's two files: the workbook (verdicts, ranking, a chart per rule, each rule's
offenders on its own sheet) and the PDF (verdicts, ranking, a bar chart per rule, the first
offenders of each rule)."""

from __future__ import annotations

import asyncio
from typing import Any

from openpyxl.chart import BarChart, Reference

from fupin.export.listing import exported_at, scope_words
from fupin.export.pdf import Document
from fupin.export.report import (
    LINE_HEADERS,
    RANKING_HEADERS,
    Report,
    line_row,
    rank_rows,
    read,
    rule_titles,
    township_line,
    verdict,
)
from fupin.export.run import Reader
from fupin.export.xlsx import Table, about, workbook

CHARTS = "图表"
BLOCK = 18  # rows per rule on the chart sheet: its figures beside its chart
PDF_OFFENDERS = 30  # offenders of a rule printed; the workbook has them all


def sheet_name(rule: str, field: str) -> str:
    return f"{rule} {field}"[:31]


def _chart_sheet(report: Report) -> tuple[Table, list[tuple[str, Any, str]]]:
    rows: list[list[Any]] = []
    charts = []
    for rule, title in rule_titles(report):
        start = len(rows) + 2  # the sheet's header row is row 1
        rows.append([f"{rule} {title}", "比率（%）"])
        for township in report.townships:
            line = township_line(township, rule, title)
            value = None if line is None or line["rate"] is None else round(line["rate"] * 100, 2)
            rows.append([township["township"]["name"], value])
        end = len(rows) + 1
        chart = BarChart()
        chart.title, chart.y_axis.title, chart.legend = f"{rule} {title}", "%", None
        chart.height, chart.width = 7, 14
        chart.add_data(Reference(range_string=f"'{CHARTS}'!$B${start}:$B${end}"), titles_from_data=True)
        chart.set_categories(Reference(range_string=f"'{CHARTS}'!$A${start + 1}:$A${end}"))
        charts.append((CHARTS, chart, f"D{start}"))
        rows += [[None, None]] * max(0, BLOCK - (end - start + 1))
    return Table(CHARTS, ["规则及乡镇", "比率（%）"], rows), charts


def workbook_of(report: Report, facts: list[tuple[str, Any]]) -> bytes:
    titles = rule_titles(report)
    verdicts = Table(
        "乡镇结论",
        ["乡镇", *[f"{rule} {title}" for rule, title in titles]],
        [
            [t["township"]["name"], *[_verdict(township_line(t, rule, title)) for rule, title in titles]]
            for t in report.townships
        ],
    )
    charts, placed = _chart_sheet(report)
    lists = [
        Table(
            sheet_name(o.rule, o.field),
            o.headers or ["说明"],
            o.rows or ([[o.refused]] if o.refused else []),
            o.text,
        )
        for o in report.offenders
    ]
    tables = [
        Table("通报", LINE_HEADERS, [line_row(line) for line in report.lines]),
        Table("乡镇排名", RANKING_HEADERS, rank_rows(report)),
        verdicts,
        charts,
        *lists,
        about(facts),
    ]
    return workbook(tables, placed)


def _verdict(line: dict[str, Any] | None) -> str:
    if line is None:
        return "—"
    figure = "" if line["rate"] is None else f"（{line['rate'] * 100:.1f}%）"
    return f"{verdict(line)}{figure}"


def _bars(doc: Document, report: Report, rule: str, title: str) -> None:
    """A horizontal bar per township: its rate, red when it fails."""
    doc.set_font("cjk", size=9)
    doc.cell(0, 6, f"{rule} {title}", new_x="LMARGIN", new_y="NEXT")
    lines = [(t["township"]["name"], township_line(t, rule, title)) for t in report.townships]
    top = max(
        [line["rate"] or 0 for _, line in lines if line]
        + [line["threshold"] for _, line in lines if line]
        + [0.01]
    )
    scale = 110 / top
    for name, line in lines:
        if doc.get_y() > doc.h - 25:
            doc.add_page()
        y = doc.get_y()
        doc.set_font("cjk", size=8)
        doc.cell(30, 5, name)
        value = (line or {}).get("rate") or 0
        doc.set_fill_color(*((76, 145, 65) if line and line["passes"] else (200, 60, 50)))
        doc.rect(doc.l_margin + 32, y + 1, max(0.3, value * scale), 3.2, style="F")
        doc.set_xy(doc.l_margin + 34 + value * scale, y)
        doc.cell(30, 5, "—" if line is None or line["rate"] is None else f"{value * 100:.1f}%")
        doc.set_xy(doc.l_margin, y + 5)
    doc.ln(2)


def pdf_of(report: Report, facts: list[tuple[str, Any]]) -> bytes:
    doc = Document(f"督查通报 {report.month}")
    doc.add_page()
    doc.heading(f"脱贫攻坚督查通报（{report.month}）")
    doc.facts(facts)
    doc.section("一、各项工作情况")
    doc.grid(LINE_HEADERS, [line_row(line) for line in report.lines], [16, 62, 18, 18, 18, 20, 18])
    doc.section("二、乡镇排名")
    doc.grid(RANKING_HEADERS, rank_rows(report), [14, 30, 22, 22, 92])
    doc.section("三、各规则乡镇比率")
    for rule, title in rule_titles(report):
        _bars(doc, report, rule, title)
    doc.section("四、问题清单")
    for o in report.offenders:
        doc.paragraph(
            f"{o.rule} {o.field}：共 {len(o.rows)} 条" + (f"（{o.refused}）" if o.refused else ""), size=10
        )
        if o.rows:
            shown = o.rows[:PDF_OFFENDERS]
            doc.grid(o.headers, shown)
            if len(o.rows) > PDF_OFFENDERS:
                doc.paragraph(
                    f"以上为前 {PDF_OFFENDERS} 条，完整名单见通报 .xlsx 的“{sheet_name(o.rule, o.field)}”表",
                    size=8,
                )
    return doc.content()


async def monthly_report(reader: Reader, month: str, suffix: str) -> tuple[bytes, str]:
    """The month's report as .xlsx or .pdf and a file name; audited."""
    report = await read(reader, month)
    facts: list[tuple[str, Any]] = [
        ("月份", report.month),
        ("数据截至", report.as_of),
        ("范围", scope_words(reader.principal)),
        ("导出时间", exported_at()),
        ("导出人", reader.principal.subject),
    ]
    content = await asyncio.to_thread(workbook_of if suffix == "xlsx" else pdf_of, report, facts)
    await reader.audit("report", {"month": month, "format": suffix}, [])
    return content, f"督查通报-{month}.{suffix}"
