"""Printable A4 documents with an embedded Chinese font (Debian's fonts-wqy-zenhei, installed by
`make cjk-font`; `FUPIN_CJK_FONT` names another TrueType file). Only the glyphs used are embedded,
so a page of text stays small and its text can be copied and searched."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from core.errors import UserError

# The font's bitmap tables cannot be subset; fontTools says so on every document.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

FONT = "cjk"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def font_file() -> Path:
    named = os.environ.get("FUPIN_CJK_FONT")
    for candidate in ([named] if named else []) + list(CANDIDATES):
        if Path(candidate).is_file():
            return Path(candidate)
    raise UserError(
        "服务器未安装中文字体，无法生成 PDF：请运行 make setup（以 root 安装 fonts-wqy-zenhei）"
        "或设置 FUPIN_CJK_FONT",
        "FONT_MISSING",
    )


def text(value: Any) -> str:
    """A value as printed: 是/否, a list joined, nothing as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(text(item) for item in value)
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


class Document(FPDF):
    """An A4 page set in the CJK font, with helpers for the blocks every export prints."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(FONT, "", str(font_file()))
        self.set_title(title)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)
        self.footer_text = title

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 5, f"{self.footer_text}    第 {self.page_no()} 页", align="C")

    def heading(self, words: str, size: int = 16) -> None:
        self.set_font(FONT, size=size)
        self.cell(0, 10, words, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def section(self, words: str) -> None:
        if self.get_y() > self.h - 40:
            self.add_page()
        self.ln(2)
        self.set_font(FONT, size=12)
        self.cell(0, 7, words, new_x="LMARGIN", new_y="NEXT", border="B")
        self.ln(1)

    def paragraph(self, words: str, size: int = 9) -> None:
        self.set_font(FONT, size=size)
        self.multi_cell(0, 5, words, new_x="LMARGIN", new_y="NEXT")

    def facts(self, pairs: Sequence[tuple[str, Any]], per_row: int = 2) -> None:
        """Label–value pairs in a grid, `per_row` pairs a row."""
        self.set_font(FONT, size=9)
        cells = [[name, text(value)] for name, value in pairs]
        rows = [
            [word for pair in cells[i : i + per_row] for word in pair] for i in range(0, len(cells), per_row)
        ]
        rows[-1:] = [row + ["", ""] * (per_row - len(row) // 2) for row in rows[-1:]]
        unit = (self.epw) / (per_row * 5)
        widths = [unit * 2, unit * 3] * per_row
        with self.table(col_widths=widths, first_row_as_headings=False, line_height=5.5) as grid:
            for row in rows:
                cells_row = grid.row()
                for index, value in enumerate(row):
                    style = FontFace(fill_color=(235, 240, 248)) if index % 2 == 0 else None
                    cells_row.cell(value, style=style)

    def grid(
        self, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float] | None = None
    ) -> None:
        """A table with a header row repeated on every page; 无 when empty."""
        self.set_font(FONT, size=8)
        if not rows:
            self.paragraph("无", size=9)
            return
        heading = FontFace(fill_color=(221, 235, 247))
        with self.table(
            col_widths=tuple(widths) if widths else None,
            headings_style=heading,
            line_height=5,
            repeat_headings=1,
        ) as table:
            table.row(list(headers))
            for row in rows:
                table.row([text(value) for value in row])

    def content(self) -> bytes:
        return bytes(self.output())
