"""Dates the caller asks about: as-of days and periods, never in the future."""

from __future__ import annotations

import datetime as dt

from core.errors import UserError


def past_day(day: dt.date | None, argument: str = "asOf") -> dt.date:
    """`day`, today when not given; refused when after today (nothing is known of it yet)."""
    value = day or dt.date.today()
    if value > dt.date.today():
        raise UserError(f"{argument} 不能晚于今天：{value.isoformat()}", argument=argument)
    return value


def period(start: dt.date, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """[start, end] with both days included; end defaults to today."""
    last = past_day(end, "to")
    if start > last:
        raise UserError(f"from 不能晚于 to：{start.isoformat()} > {last.isoformat()}", argument="from")
    return start, last
