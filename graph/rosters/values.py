"""Cell value parsers: raw cell text → the typed value stored in the graph (docs/model.md).

Every parser takes the stripped, non-empty cell text and returns a value or raises `Invalid`
with a reason in Chinese (and the allowed values for a code list). Empty cells never reach a
parser: the validator handles them. A parser reads the cell's text; what the value may be
(bounds, lengths, the shape of a code) is core/values.py's rule, which the mutations share.
Names, free text and keys need no reading: `name`, `text`, `key` and `household_id` (户编号)
are those rules themselves.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from core import values
from core.values import MIN_YEAR, Invalid, compact, key
from core.values import household_id as household_id
from core.values import name as name
from core.values import text as text
from graph.rosters.codes import HEALTH, CodeList

Value = str | int | float | bool | date | list[str] | None
Parser = Callable[[str], Value]

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
DATE_FORMATS = ("YYYY-MM-DD", "YYYY/M/D", "YYYY.MM.DD", "YYYYMMDD", "YYYY年M月D日")
BOOLEANS = {
    "是": True,
    "Y": True,
    "YES": True,
    "1": True,
    "否": False,
    "N": False,
    "NO": False,
    "0": False,
}

_ID18 = re.compile(r"[0-9]{17}[0-9X]")
_ID_LONG = re.compile(r"[0-9]{20}|[0-9]{22}")
_TIME = r"(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
_DATE_PATTERNS = (
    re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})" + _TIME),
    re.compile(r"([0-9]{4})()([0-9]{2})([0-9]{2})"),
    re.compile(r"([0-9]{4})(年)([0-9]{1,2})月([0-9]{1,2})日?"),
)
_SERIAL = re.compile(r"([1-9][0-9]{4})(?:\.0+)?")
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel counts a 1900-02-29 that never was)
_YEAR = re.compile(r"(-?[0-9]{1,18})(?:年度?)?")
_AMOUNT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_INTEGER = re.compile(r"(-?[0-9]{1,18})(?:\.0+)?")
_MOBILE = re.compile(r"(?:\+?86)?(1[3-9][0-9]{9})")
_LANDLINE = re.compile(r"\(?(0(?:10|2[0-9]|[3-9][0-9]{2}))\)?-?([1-9][0-9]{6,7})(?:(?:-|转|#)([0-9]{1,6}))?")
_LIST_SEPARATORS = re.compile(r"[,，、;；]")
_STATION_SEPARATORS = re.compile(r"[+＋/／|｜\\·•\-—－_,，、\s]+")
_TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")


# Identity numbers (GB 11643) -------------------------------------------------------------


def check_digit(first17: str) -> str:
    """The GB 11643 check digit of the first 17 digits of a resident identity number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def birth_date_of(id_number: str) -> date | None:
    """The birth date an 18-digit identity number carries; None for the 20/22-digit numbers."""
    if len(id_number) != 18:
        return None
    return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def gender_of(id_number: str) -> str | None:
    """男 when the 17th digit is odd, 女 when even; None for the 20/22-digit numbers."""
    if len(id_number) != 18:
        return None
    return "男" if int(id_number[16]) % 2 else "女"


def id_number(raw: str) -> str:
    """An 18-digit resident identity number with a valid birth date and check digit (lower-case
    x becomes X), or a 20/22-digit number of the registration system, accepted unchecked."""
    value = key(raw).upper()
    if _ID_LONG.fullmatch(value):
        return value
    if not _ID18.fullmatch(value):
        raise Invalid(
            "不是有效的证件号码：居民身份证号码为 18 位（前 17 位为数字，末位为数字或 X，"
            "GB 11643）；无身份证人员的编号为 20 或 22 位数字"
        )
    born = value[6:14]
    try:
        birth = date(int(born[:4]), int(born[4:6]), int(born[6:]))
    except ValueError:
        raise Invalid(f"第7–14位的出生日期「{born}」不存在（GB 11643）") from None
    if birth.year < MIN_YEAR or birth > date.today():
        raise Invalid(f"第7–14位的出生日期「{born}」不可能（早于{MIN_YEAR}年或晚于今天）")
    expected = check_digit(value[:17])
    if value[17] != expected:
        raise Invalid(f"校验码错误（GB 11643），应为 {expected}")
    return value


# Dates, years, numbers, booleans -----------------------------------------------------------


def date_value(raw: str) -> date:
    """YYYY-MM-DD, YYYY/M/D, YYYY.MM.DD, YYYYMMDD, YYYY年M月D日; an ISO date-time (as Excel
    cells are read) keeps its date; a five-digit number is an Excel serial date (a date cell
    saved to CSV as a number: 43529 = 2019-03-05)."""
    value = unicodedata.normalize("NFKC", raw).strip()
    if serial := _SERIAL.fullmatch(value):
        return values.day(EXCEL_EPOCH + timedelta(days=int(serial[1])))
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            year, month, day = int(match[1]), int(match[3]), int(match[4])
            break
    else:
        raise Invalid("日期格式无法识别", DATE_FORMATS)
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise Invalid("日期不存在") from None
    return values.day(parsed)


def past_date(raw: str) -> date:
    """A date of something that happened (a visit, a registration, a start): not after today,
    as the mutations refuse future dates."""
    parsed = date_value(raw)
    if parsed > date.today():
        raise Invalid(f"不能晚于今天（{date.today().isoformat()}）：这是已发生的事情的日期")
    return parsed


def year(raw: str) -> int:
    match = _YEAR.fullmatch(compact(raw))
    if not match:
        raise Invalid(values.YEARS)
    return values.year(int(match[1]))


def boolean(raw: str) -> bool:
    found = BOOLEANS.get(compact(raw).upper())
    if found is None:
        raise Invalid("不是是/否值", ("是", "否", "Y", "N", "1", "0"))
    return found


def _decimal(raw: str) -> Decimal:
    """A number as written in CNY: thousands separators, ¥ and 元 are allowed."""
    value = compact(raw).replace(",", "").removeprefix("¥").removesuffix("元")
    if not _AMOUNT.fullmatch(value):
        raise Invalid(values.NOT_AN_AMOUNT)
    return Decimal(value)


def money(raw: str) -> int:
    """An amount of money written in yuan, stored in fen (core/values.py)."""
    return values.fen(_decimal(raw))


def income(raw: str) -> float:
    """人均纯收入 written in yuan, stored in yuan (core/values.py)."""
    return values.income(_decimal(raw))


def _integer(raw: str) -> int:
    match = _INTEGER.fullmatch(compact(raw))
    if not match:
        raise Invalid("应为整数")
    return int(match[1])


def count(raw: str) -> int:
    return values.count(_integer(raw))


def months(raw: str) -> int:
    return values.months(_integer(raw))


def household_size(raw: str) -> int:
    return values.household_size(_integer(raw))


# Code lists ---------------------------------------------------------------------------------


# The code list behind each parser `coded` and `coded_list` made, and whether a cell may hold
# several entries (templates offer the list as a dropdown).
CODE_LISTS: dict[Parser, tuple[CodeList, bool]] = {}


def coded(codes: CodeList) -> Parser:
    """A parser that accepts the entries of one code list and returns the stored code."""

    def parse(raw: str) -> str:
        found = codes.lookup(raw)
        if found is None:
            raise Invalid(f"不在「{codes.name}」代码表中", codes.shown)
        return found

    CODE_LISTS[parse] = (codes, False)
    return parse


def split_list(raw: str) -> list[str]:
    """Items separated by , ， 、 ; or ；, stripped, empty ones and repeats dropped."""
    items = (item.strip() for item in _LIST_SEPARATORS.split(raw))
    return list(dict.fromkeys(item for item in items if item))


def coded_items(codes: CodeList, raw: str) -> list[str]:
    found: list[str] = []
    for item in split_list(raw):
        code = codes.lookup(item)
        if code is None:
            raise Invalid(f"「{item}」不在「{codes.name}」代码表中", codes.shown)
        found.append(code)
    return list(dict.fromkeys(found))


def coded_list(codes: CodeList) -> Parser:
    """Several entries of one code list, separated by , ， 、 or ;."""

    def parse(raw: str) -> list[str]:
        return coded_items(codes, raw)

    CODE_LISTS[parse] = (codes, True)
    return parse


def health(raw: str) -> list[str]:
    """健康状况: combinations of 长期慢性病, 患有大病, 残疾; 健康 stands alone."""
    found = coded_items(HEALTH, raw)
    if "健康" in found and len(found) > 1:
        raise Invalid("「健康」不能与其他健康状况同时填写", HEALTH.shown)
    return found


def names(raw: str) -> list[str]:
    """A list of names (e.g. departments) separated by , ， 、 or ;."""
    return split_list(raw)


# Places and phones -------------------------------------------------------------------------


village_code = values.village_code


def phone(raw: str) -> str:
    """An 11-digit mobile number (returned as its 11 digits) or a landline with its area code
    (returned as 0730-1234567, or 0730-1234567-801 with an extension)."""
    value = compact(raw)
    mobile = _MOBILE.fullmatch(value.replace("-", ""))
    if mobile:
        return mobile[1]
    landline = _LANDLINE.fullmatch(value)
    if landline:
        return "-".join(part for part in landline.groups() if part)
    raise Invalid("电话号码格式不对，应为 11 位手机号码或带区号的固定电话（如 0730-1234567）")


def station(raw: str) -> str:
    """驻点村: a 12-digit village code, or 乡(镇) and 行政村 as text, returned as "乡镇+村".

    With a separator (+ - / 、 space …) the text is split there. Without one it is split after
    the township's suffix (镇, 乡, 街道), and only when exactly one such split leaves both parts
    non-empty: "城关镇新建村" works, "新乡镇新乡村" must be written "新乡镇+新乡村".
    """
    value = compact(raw)
    if value.isdigit():
        return village_code(value)
    parts = [part for part in _STATION_SEPARATORS.split(raw.strip()) if part]
    if len(parts) == 2:
        return f"{parts[0]}+{parts[1]}"
    if len(parts) == 1:
        splits = {
            (value[: i + len(suffix)], value[i + len(suffix) :])
            for suffix in _TOWNSHIP_SUFFIXES
            for i in _find_all(value, suffix)
            if value[i + len(suffix) :]
        }
        if len(splits) == 1:
            township, village = splits.pop()
            return f"{township}+{village}"
    raise Invalid("无法确定乡镇与行政村：请填 12 位村代码，或写成「乡(镇)+行政村」，如「城关镇+新建村」")


def _find_all(text_: str, part: str) -> list[int]:
    return [i for i in range(len(text_)) if text_.startswith(part, i)]
