"""Identity numbers as departments write them: full-width digits, spaces, a lower-case x, the old
15-digit numbers. A department row is matched by its number when it is a valid GB 11643 number
after this folding, else by name and birth date (a weaker match, marked as such)."""

from __future__ import annotations

import re
from datetime import date

from core.values import Invalid, compact
from graph.rosters.values import check_digit

_ID15 = re.compile(r"[0-9]{15}")
_ID18 = re.compile(r"[0-9]{17}[0-9X]")
_LONG = re.compile(r"[0-9]{20}|[0-9]{22}")


def upgrade(id15: str) -> str:
    """A 15-digit number (born 19xx, no check digit) as its 18-digit form (GB 11643 appendix)."""
    first17 = id15[:6] + "19" + id15[6:]
    return first17 + check_digit(first17)


def folded(raw: str) -> str:
    """The number as compared: NFKC, no whitespace, upper-case X, 15 digits upgraded to 18. A
    value of no identity-number shape is refused (the row is then matched by name and birth)."""
    value = compact(raw).upper()
    if _ID15.fullmatch(value):
        return upgrade(value)
    if _ID18.fullmatch(value) or _LONG.fullmatch(value):
        return value
    raise Invalid("不是证件号码：应为 18 位（末位可为 X）或 15 位身份证号码，或 20/22 位编号")


def birth(id_number: str) -> date | None:
    """The birth date an 18-digit number carries, when it is a real day."""
    if len(id_number) != 18:
        return None
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def valid(id_number: str) -> bool:
    """GB 11643: a real birth date and the right check digit (20/22-digit numbers: as given)."""
    if _LONG.fullmatch(id_number):
        return True
    return birth(id_number) is not None and id_number[17] == check_digit(id_number[:17])
