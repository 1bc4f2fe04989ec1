"""S2 on the way in: a household row whose 卡类 contradicts its 脱贫状态 and income (未脱贫/返贫 →
红卡; 已脱贫 below the low-income line → 黄卡, at or above it → 绿卡; graph/coverage/fragments.py
`expected_card`) loads as the roster says (the roster is the record), and is listed as a warning
so that the clerk checks it; `cardMismatches` lists it afterwards too."""

from __future__ import annotations

from datetime import date

from graph.coverage.params import poverty_line
from graph.load.base import Checked

CARD_NAMES = {"RED": "红卡", "YELLOW": "黄卡", "GREEN": "绿卡"}
STATUS_NAMES = {"NOT_OUT": "未脱贫", "RETURNED": "返贫", "OUT": "已脱贫"}
SHOWN = 20


def expected_card(status: str | None, income: float | None, line: float) -> str | None:
    """The card S1/S2 give; None when the row does not say enough to judge."""
    if status in ("NOT_OUT", "RETURNED"):
        return "RED"
    if status == "OUT" and income is not None:
        return "YELLOW" if income < line else "GREEN"
    return None


class CardWarnings:
    """A households file's warnings, its rows given part by part: one line per contradicted
    household (the first SHOWN, then how many more)."""

    def __init__(self, file: str, day: date, low_income_factor: float) -> None:
        self.file = file
        self.line = low_income_factor * poverty_line(day)
        self.shown: list[str] = []
        self.more = 0

    def add(self, rows: list[Checked]) -> None:
        for row in rows:
            v = row.values
            status, income, card = v.get("status"), v.get("income"), v.get("card")
            expected = expected_card(status, income, self.line)
            if expected is None or card == expected:
                continue
            if len(self.shown) == SHOWN:
                self.more += 1
                continue
            said = f"脱贫状态「{STATUS_NAMES.get(status or '', status)}」"
            if status == "OUT":
                said += f"、人均纯收入 {income:,.0f} 元（低收入线 {self.line:,.0f} 元）"
            shown = CARD_NAMES.get(card or "", card)
            self.shown.append(
                f"{self.file} 第{row.row.row}行 户编号「{v['id']}」：卡类「{shown}」"
                f"与{said}不符，按规则应为「{CARD_NAMES[expected]}」（S2；已按花名册导入，请核对）"
            )

    def lines(self) -> list[str]:
        if not self.more:
            return self.shown
        return [*self.shown, f"{self.file}：另有 {self.more} 户卡类与状态、收入不符（S2），见 cardMismatches"]
