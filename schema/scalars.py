"""Scalars the API reads itself, so that a bad value is refused in Chinese with a code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from core.errors import UserError
from core.values import Invalid, iso_day


def _day(value: object) -> dt.date:
    try:
        return iso_day(value)
    except Invalid as error:
        raise UserError(f"日期无效：{error.reason}") from None


def _iso(value: Any) -> str:
    """A day as `YYYY-MM-DD` (a `datetime.date`, or a driver's date that knows its ISO form)."""
    return str(value.isoformat())


# The definition of `dt.date` in the schema (fupin/api.py: StrawberryConfig.scalar_map).
DATE = strawberry.scalar(
    name="Date",
    description="日期：YYYY-MM-DD (ISO 8601), e.g. 2019-06-30; the county's day (Asia/Shanghai).",
    serialize=_iso,
    parse_value=_day,
)
