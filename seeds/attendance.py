"""Attendance (考勤, 钉钉打卡, W11): one row per work day (Monday–Friday) for every team member
while stationed within the 18 months before as_of.

A member misses (是否在村=否) at most two days in a month with more than 20 work days, and never
from the first day of the month before as_of (or 31 days back, if earlier): every member
stationed at as_of is in the village on every work day of the month before, by any reading.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date

from seeds.codes import MIN_DAYS_IN_VILLAGE
from seeds.county import Attendance, County, Membership
from seeds.dates import DAY, days, previous_month_start, weekdays
from seeds.kit import Kit


def protected_from(as_of: date) -> date:
    return min(previous_month_start(as_of), as_of - days(31))


def build_attendance(kit: Kit, county: County) -> None:
    workdays = list(weekdays(county.window_start, kit.as_of))
    guard = protected_from(kit.as_of)
    for team in county.teams:
        for membership in team.memberships:
            county.attendance.extend(_rows(kit, membership, workdays, guard))


def _rows(kit: Kit, member: Membership, workdays: list[date], guard: date) -> list[Attendance]:
    rng = kit.rng
    last = kit.as_of if member.until is None else min(kit.as_of, member.until - DAY)
    stationed = workdays[bisect_left(workdays, member.since) : bisect_right(workdays, last)]
    months: dict[tuple[int, int], list[date]] = {}
    for day in stationed:
        months.setdefault((day.year, day.month), []).append(day)
    away: set[date] = set()
    for month_days in months.values():
        spare = len(month_days) - MIN_DAYS_IN_VILLAGE
        candidates = [d for d in month_days if d < guard]
        if spare > 0 and candidates:
            away.update(rng.sample(candidates, min(len(candidates), rng.randint(0, min(2, spare)))))
    village = member.team.village
    here = f"{village.name}村部"
    elsewhere = ("县城", f"{village.township.name}政府", "县扶贫办")
    return [
        Attendance(member.cadre, day, rng.choice(elsewhere), False)
        if day in away
        else Attendance(member.cadre, day, here, True)
        for day in stationed
    ]
