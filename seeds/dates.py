"""Date helpers: every random date is drawn from the generator's own `random.Random`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from random import Random

DAY = timedelta(days=1)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def between(rng: Random, lo: date, hi: date) -> date:
    """A uniformly drawn day in [lo, hi]; lo when the range is empty."""
    span = (hi - lo).days
    return lo if span <= 0 else lo + timedelta(days=rng.randint(0, span))


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the end of a shorter month."""
    first = add_months_first(month_start(day), months)
    last = (add_months_first(first, 1) - DAY).day
    return first.replace(day=min(day.day, last))


def add_months_first(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month_start(day: date) -> date:
    return add_months_first(month_start(day), -1)


def age_on(birth: date, day: date) -> int:
    """Completed years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def birth_for_age(rng: Random, age: int, on: date) -> date:
    """A birth date that makes a person exactly `age` on `on`."""
    return between(rng, add_years(on, -age - 1) + DAY, add_years(on, -age))


def weekdays(lo: date, hi: date) -> Iterator[date]:
    """Monday to Friday in [lo, hi]; public holidays are not modelled."""
    day = lo
    while day <= hi:
        if day.weekday() < 5:
            yield day
        day += DAY


def iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()
