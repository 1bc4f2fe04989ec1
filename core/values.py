"""What a recorded value may be: one rule per kind of value (money, incomes, sizes and counts, years
and days, codes and ids, names and text), shared by the roster loader and the mutations.

The loader's parsers (graph/rosters/values.py) read cell text into a Python value and hand it here;
the mutations (resolvers/changes/inputs.py) hand the value GraphQL gave. A rule returns the value as
it is stored, or raises `Invalid` with the reason in Chinese: the same value is refused for the same
reason whichever way it came. A blank name, text or key comes back empty: whether it may be blank
is the caller's to say.

Money is stored as integer fen (分), in properties named `…Fen` (`Loan.amountFen`, `balanceFen`,
`overdueAmountFen`, `Repayment.amountFen`, `Benefit.amountFen`). One amount is at most `MAX_YUAN`,
so sums are exact and cannot overflow Neo4j's 64-bit integers (2^63 fen is 9 × 10^9 records of
the largest amount). The API takes and shows yuan as Float, converted at its edge (`fen`, `yuan`).
人均纯收入 (`Household.income`, `PovertyReport.newIncome`) is compared with the poverty line, never
summed: it stays in yuan, under the same rule (not negative, bounded, to the fen).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

FEN_PER_YUAN = 100
MAX_YUAN = 10_000_000  # one amount or income: 一千万元, far above any household's
MAX_HOUSEHOLD_SIZE = 30
MAX_COUNT = 1_000_000  # people of a village, and any other count
MIN_YEAR, MAX_YEAR = 1900, 2100  # any date recorded
MIN_WORK_YEAR = 1980  # a year of the work (脱贫年度, 退出年度)
MAX_KEY = 64  # 户编号, 案件编号, 备案编号 … (a household's id: MAX_HOUSEHOLD_ID)
MAX_HOUSEHOLD_ID = 32
MAX_NAME = 100  # a name: person, unit, bank, place, project …
MAX_TEXT = 2000  # free text: findings, claims, replies, reasons, notes

_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?E\+?[0-9]+")
_HOUSEHOLD_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]*")
_LINE_BREAKS = frozenset("\t\n\r")


class Invalid(ValueError):
    """A value a rule refuses: why, and the accepted values when there is a code list."""

    def __init__(self, reason: str, allowed: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.allowed = allowed


# Money ----------------------------------------------------------------------------------------

NOT_AN_AMOUNT = "不是有效的金额，应为数字，如 12,345.67"


def fen(amount: Decimal | float | int) -> int:
    """An amount of money given in yuan, as the whole fen stored: a number, not negative, at most
    `MAX_YUAN`, with no part of a fen (a float is read as the decimal it prints as)."""
    exact = amount if isinstance(amount, Decimal) else Decimal(repr(amount))
    if not exact.is_finite():
        raise Invalid(NOT_AN_AMOUNT)
    if exact < 0:
        raise Invalid("金额不能为负数")
    if exact > MAX_YUAN:
        raise Invalid(f"金额不能超过 {MAX_YUAN:,} 元")
    in_fen = exact * FEN_PER_YUAN
    if in_fen != in_fen.to_integral_value():
        raise Invalid("金额最多精确到分（两位小数）")
    return int(in_fen)


def yuan(amount: int | None) -> float | None:
    """Stored fen as the yuan the API shows."""
    return None if amount is None else amount / FEN_PER_YUAN


def yuan_text(amount: int) -> str:
    """Stored fen as written in a message: 12,345.67."""
    return f"{Decimal(amount).scaleb(-2):,f}"


def income(amount: Decimal | float | int) -> float:
    """人均纯收入 in yuan, under the money rule (`fen`)."""
    return fen(amount) / FEN_PER_YUAN


# Sizes and counts -----------------------------------------------------------------------------


def household_size(size: int) -> int:
    if not 1 <= size <= MAX_HOUSEHOLD_SIZE:
        raise Invalid(f"家庭人口数应为 1–{MAX_HOUSEHOLD_SIZE} 的整数")
    return size


def count(number: int) -> int:
    if not 0 <= number <= MAX_COUNT:
        raise Invalid(f"应为 0–{MAX_COUNT} 的整数")
    return number


def months(number: int) -> int:
    if not 0 <= number <= 12:
        raise Invalid("应为 0–12 的整数（月）")
    return number


# Years and days -------------------------------------------------------------------------------


YEARS = f"年度应为 4 位年份（{MIN_WORK_YEAR}–{MAX_YEAR}），如 2019"


def year(number: int) -> int:
    """A year of the work, such as an exit year."""
    if not MIN_WORK_YEAR <= number <= MAX_YEAR:
        raise Invalid(YEARS)
    return number


DAYS = "日期应为 YYYY-MM-DD，如 2019-06-30"


def iso_day(text: object) -> dt.date:
    """A day as the API takes it: `YYYY-MM-DD`, a real day, within the years recorded."""
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise Invalid(f"{DAYS}，收到 {text!r}")
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"没有这一天：{text}（{DAYS}）") from None
    return day(value)


def day(date: dt.date) -> dt.date:
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise Invalid(f"年份超出范围（{MIN_YEAR}–{MAX_YEAR}）")
    return date


# Codes and ids --------------------------------------------------------------------------------


def compact(raw: str) -> str:
    """NFKC (full-width digits and letters become ASCII), no whitespace, no leading apostrophe
    (Excel's "store as text" mark)."""
    return "".join(unicodedata.normalize("NFKC", raw).split()).lstrip("'`")


def identity_form(raw: str) -> str:
    """An identity number as stored, however it was typed: full-width digits, spaces and a lower-case
    x are the same number (a lookup by it; the roster's check is graph/rosters/values.id_number)."""
    return compact(raw).upper()


def key(raw: str) -> str:
    """A natural key such as 户编号, 案件编号: compact, not mangled by Excel, printable, at most
    `MAX_KEY` characters."""
    value = compact(raw)
    if _SCIENTIFIC.fullmatch(value.upper()):
        raise Invalid("编号被 Excel 转成了科学计数法，后几位已丢失；请把该列设为文本格式后重新导出")
    _printable(value, breaks=False)
    _at_most(value, MAX_KEY)
    return value


def household_id(raw: str) -> str:
    """户编号: a key of letters and digits (a hyphen between them allowed), at most 32 of them."""
    value = key(raw)
    if value and not (_HOUSEHOLD_ID.fullmatch(value) and len(value) <= MAX_HOUSEHOLD_ID):
        raise Invalid(f"户编号应由字母和数字组成（可含连字符 -），最多 {MAX_HOUSEHOLD_ID} 位")
    return value


def village_code(raw: str) -> str:
    value = key(raw)
    if not (len(value) == 12 and value.isascii() and value.isdigit()):
        raise Invalid("村代码应为 12 位数字（统计用区划代码）")
    return value


# Names and text -------------------------------------------------------------------------------


def name(raw: str) -> str:
    """A name (of a person, unit, bank, place, project …): one line, runs of whitespace as one
    space, printable, at most `MAX_NAME` characters."""
    value = " ".join(raw.split())
    _printable(value, breaks=False)
    _at_most(value, MAX_NAME)
    return value


def text(raw: str) -> str:
    """Free text (findings, a claim, a reply, a reason, a note): trimmed, line breaks kept,
    printable, at most `MAX_TEXT` characters."""
    value = raw.strip()
    _printable(value, breaks=True)
    _at_most(value, MAX_TEXT)
    return value


def _printable(value: str, breaks: bool) -> None:
    """No control character (NUL …) and no lone surrogate: neither can be shown or stored as text.
    The character is named by its code point, never quoted."""
    for position, char in enumerate(value, 1):
        kind = unicodedata.category(char)
        if kind == "Cs" or (kind == "Cc" and not (breaks and char in _LINE_BREAKS)):
            raise Invalid(f"第 {position} 个字符是不可见的控制字符（U+{ord(char):04X}），不能保存")


def _at_most(value: str, limit: int) -> None:
    if len(value) > limit:
        raise Invalid(f"过长：{len(value)} 个字符，最多 {limit} 个")
