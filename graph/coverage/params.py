"""The parameters every coverage statement may use, assembled in one place: the county's settings
(rules.md thresholds), the plan's fixed constants, the poverty line of the date's year and W9's
periods; and those a field's own period argument adds (a month for W11, a year for P3's exams and
P9; graph/coverage/rule.py Period).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.settings import Thresholds
from graph.coverage import policies
from graph.coverage.rule import threshold_params

# S2: the national poverty line (CNY per person per year) by year; a year uses the latest entry at or
# before it, a year before the first entry the first. rules.md S2: 2,300 at 2010 prices, 2,952 at
# 2016 prices, about 3,218 at 2019 prices. County configuration: belongs in core/settings.py Thresholds.
POVERTY_LINES: dict[int, int] = {2016: 2952, 2019: 3218, 2020: 4000}


def poverty_line(day: dt.date) -> int:
    """S2: the poverty line of `day`'s year."""
    years = [year for year in POVERTY_LINES if year <= day.year]
    return POVERTY_LINES[max(years) if years else min(POVERTY_LINES)]


def months_before(day: dt.date, months: int) -> dt.date:
    """The first day of the calendar month `months` before `day`'s."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _months(first: dt.date, count: int) -> list[str]:
    """The `count` calendar months from `first`'s on, as 'YYYY-MM'."""
    return [months_before(first, -k).strftime("%Y-%m") for k in range(count)]


def visit_periods(as_of: dt.date) -> dict[str, object]:
    """W9's two periods before `as_of`: their first and last (due) days and their months (as
    visitMonths names them): the calendar quarter before its quarter and the calendar month before
    its month. Parameters, so that no date is computed per household."""
    month = as_of.replace(day=1)
    quarter = month.replace(month=month.month - (month.month - 1) % 3)
    last = dt.timedelta(days=1)
    return {
        "visitQuarterStart": months_before(quarter, 3),
        "visitQuarterDue": quarter - last,
        "visitQuarterMonths": _months(months_before(quarter, 3), 3),
        "visitMonthStart": months_before(month, 1),
        "visitMonthDue": month - last,
        "visitMonthMonths": _months(months_before(month, 1), 1),
    }


def previous_month(as_of: dt.date) -> dt.date:
    """W11's default month: the calendar month before `as_of`'s (its first day)."""
    return months_before(as_of, 1)


def month_params(first_day: dt.date, as_of: dt.date) -> dict[str, Any]:
    """W11 parameters of the calendar month starting `first_day`, seen on `as_of`."""
    following = months_before(first_day, -1)
    last_day = following - dt.timedelta(days=1)
    return {
        "month": first_day.strftime("%Y-%m"),
        "monthStart": first_day,
        "day": min(last_day, as_of),
        "monthKey": first_day.year * 100 + first_day.month,  # as villageDays names it (derived.py)
        "wholeMonth": last_day <= as_of,
    }


def year_window(year: int, as_of: dt.date) -> dict[str, Any]:
    """The year's first day and its last day not after $asOf (P9)."""
    return {"year": year, "yearFrom": dt.date(year, 1, 1), "yearTo": min(dt.date(year, 12, 31), as_of)}


def shared(as_of: dt.date, thresholds: Thresholds) -> dict[str, Any]:
    return {
        **threshold_params(thresholds),
        **policies.PARAMS,
        "povertyLine": poverty_line(as_of),  # S2
        **visit_periods(as_of),  # W9
        "asOf": as_of,
        # The dashboard grouped by village (graph/coverage/summary.py): a township's own figures
        # (S3's suspects, assigned to townships) belong to none of its villages.
        "byVillage": False,
    }
