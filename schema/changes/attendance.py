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
    cadre_id: strawberry.ID = strawberry.field(description="干部编号 (Cadre.id).")
    date: dt.date = strawberry.field(description="打卡日期.")
    in_village: bool | None = strawberry.field(description="打卡在村 (W11 counts these days).")
    place: str | None = strawberry.field(description="打卡地点.")


@strawberry.type(
    description="recordAttendance: what the batch changed (a repeated check-in changes nothing)."
)
class AttendanceBatch:
    created: int = strawberry.field(description="新增打卡数.")
    updated: int = strawberry.field(description="更新打卡数 (a day's entry changed).")
    unchanged: int = strawberry.field(description="未变打卡数 (sent again as recorded).")
    attendance: list[CheckIn] = strawberry.field(
        description="打卡记录：every entry of the batch as recorded."
    )
