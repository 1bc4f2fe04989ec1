"""Input and payload of recordAttendance (W11)."""

from __future__ import annotations

import datetime as dt

import strawberry


@strawberry.input(description="W11: one check-in (钉钉打卡) of a stationed cadre on one day.")
class CheckInInput:
    cadre_id: strawberry.ID
    date: dt.date
    in_village: bool = strawberry.field(default=True, description="打卡在村 (W11 counts these days).")
    place: str | None = strawberry.field(
        default=None, description="打卡地点; left out keeps the recorded one."
    )


@strawberry.type(description="W11: a check-in as recorded.")
class CheckIn:
    id: strawberry.ID = strawberry.field(description="Derived from cadre and date: one per cadre and day.")
    cadre_id: strawberry.ID
    date: dt.date
    in_village: bool | None
    place: str | None


@strawberry.type(
    description="recordAttendance: what the batch changed (a repeated check-in changes nothing)."
)
class AttendanceBatch:
    created: int
    updated: int
    unchanged: int
    attendance: list[CheckIn]
