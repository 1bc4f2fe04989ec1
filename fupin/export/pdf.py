"""Printable A4 documents with an embedded Chinese font (Debian's fonts-wqy-zenhei, installed by
`make cjk-font`; `FUPIN_CJK_FONT` names another TrueType file). Only the glyphs used are embedded,
so a page of text stays small and its text can be copied and searched."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from fpdf import FPDF

from core.errors import UserError

# The font's bitmap tables cannot be subset; fontTools says so on every document.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

T = TypeVar("T")
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


SHADE = (228, 236, 247)


def char_width(ch: str, size: float) -> float:
    """A character's width in mm at `size` points: a CJK character is a full em, Latin about half."""
    em = size * 0.3528
    return em if ord(ch) >= 0x2E80 else em * 0.56


def wrap(words: str, width: float, size: float) -> list[str]:
    """`words` broken into lines no wider than `width` mm (by character: Chinese has no spaces)."""
    lines: list[str] = []
    for paragraph in words.split("\n"):
        current, used = "", 0.0
        for ch in paragraph:
            w = char_width(ch, size)
            if used + w > width and current:
                lines.append(current)
                current, used = "", 0.0
            current += ch
            used += w
        lines.append(current)
    return lines


def pages(title: str, empty: str, items: Sequence[T], render: Callable[[Document, T], None]) -> bytes:
    """A document of `items`, each rendered by `render` (which starts its own page); a page saying
    `empty` when there is none. Run in a thread (`asyncio.to_thread`): rendering is seconds of
    CPU that must not hold the event loop other requests are served on."""
    doc = Document(title)
    for item in items:
        render(doc, item)
    if not items:
        doc.add_page()
        doc.heading(empty)
    return doc.content()


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
        """Label–value pairs in a grid, `per_row` pairs a row, the labels shaded."""
        cells = [[name, text(value)] for name, value in pairs]
        rows = [
            [word for pair in cells[i : i + per_row] for word in pair] for i in range(0, len(cells), per_row)
        ]
        rows[-1:] = [row + ["", ""] * (per_row - len(row) // 2) for row in rows[-1:]]
        unit = self.epw / (per_row * 5)
        self._rows(rows, [unit * 2, unit * 3] * per_row, size=9, shaded=lambda index: index % 2 == 0)

    def grid(
        self, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float] | None = None
    ) -> None:
        """A table under a shaded header row, repeated on every page it runs onto; 无 when empty."""
        if not rows:
            self.paragraph("无", size=9)
            return
        sizes = list(widths) if widths else [self.epw / len(headers)] * len(headers)
        sizes = [w * self.epw / sum(sizes) for w in sizes]
        self._rows([[text(v) for v in row] for row in rows], sizes, size=8, header=list(headers))

    def _rows(
        self,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        size: float,
        header: Sequence[str] | None = None,
        shaded: Callable[[int], bool] = lambda _: False,
    ) -> None:
        """Rows of wrapped cells drawn directly (fpdf2's own tables measure every cell twice, ten
        times slower for a village's files): a row moves whole to the next page, under the header."""
        self.set_font(FONT, size=size)
        line = size * 0.3528 * 1.35  # mm: the font size in points, with leading
        if header is not None:
            self._row(header, widths, line, lambda _: True)
        for row in rows:
            lines = [wrap(cell, width - 2, size) for cell, width in zip(row, widths, strict=True)]
            height = max(len(cell) for cell in lines) * line + 1.6
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
                self.set_font(FONT, size=size)
                if header is not None:
                    self._row(header, widths, line, lambda _: True)
            self._lines(lines, widths, line, height, shaded)

    def _row(
        self, cells: Sequence[str], widths: Sequence[float], line: float, shaded: Callable[[int], bool]
    ) -> None:
        lines = [wrap(cell, width - 2, self.font_size_pt) for cell, width in zip(cells, widths, strict=True)]
        self._lines(lines, widths, line, max(len(cell) for cell in lines) * line + 1.6, shaded)

    def _lines(
        self,
        lines: Sequence[Sequence[str]],
        widths: Sequence[float],
        line: float,
        height: float,
        shaded: Callable[[int], bool],
    ) -> None:
        x, y = self.l_margin, self.get_y()
        for index, (cell, width) in enumerate(zip(lines, widths, strict=True)):
            if shaded(index):
                self.set_fill_color(*SHADE)
                self.rect(x, y, width, height, style="DF")
            else:
                self.rect(x, y, width, height)
            for number, words in enumerate(cell):
                if words:
                    self.text(x + 1, y + 0.8 + line * (number + 0.78), words)
            x += width
        self.set_xy(self.l_margin, y + height)

    def content(self) -> bytes:
        return bytes(self.output())
