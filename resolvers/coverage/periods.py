"""The period arguments of coverage fields (graph/coverage/rule.py Period) turned into the
parameters the rule's statement reads: a year (P3's exams, P9) or a month (W11)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from core.errors import UserError
from graph.coverage.params import month_params, previous_month, year_window
from resolvers.coverage.base import Asked

_MONTH = re.compile(r"(\d{4})-(\d{2})(-\d{2})?")


def year(parent: Asked, asked: int | None) -> dict[str, Any]:
    """The year asked (default asOf's), not after asOf's."""
    chosen = parent.as_of.year if asked is None else asked
    if chosen > parent.as_of.year:
        raise UserError(f"year 不能晚于 asOf 的年份：{chosen}", argument="year")
    return year_window(chosen, parent.as_of)


def first_day(month: str | None, as_of: dt.date) -> dt.date:
    """W11: the month asked ("YYYY-MM" or any day in it); by default the month before `as_of`'s."""
    if month is None:
        return previous_month(as_of)
    found = _MONTH.fullmatch(month.strip())
    try:
        if found is None:
            raise ValueError(month)
        day = dt.date.fromisoformat(month.strip()) if found[3] else dt.date(int(found[1]), int(found[2]), 1)
    except ValueError as error:
        raise UserError(f"month 应为 YYYY-MM 或 YYYY-MM-DD：{month}", argument="month") from error
    if day.replace(day=1) > as_of:
        raise UserError(f"month 不能晚于 asOf：{month}", argument="month")
    return day.replace(day=1)


def month(parent: Asked, asked: str | None) -> dict[str, Any]:
    """The month asked (default the month before asOf's), seen on asOf."""
    return month_params(first_day(asked, parent.as_of), parent.as_of)
