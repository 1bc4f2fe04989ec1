"""recordAttendance (W11): a batch of check-ins in one transaction."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from core import values
from core.errors import UserError
from graph.changes import attendance
from resolvers.changes.base import changed, not_future
from resolvers.changes.inputs import optional
from resolvers.context import Context
from schema.changes.attendance import AttendanceBatch, CheckInInput


@strawberry.type
class AttendanceMutation:
    @strawberry.mutation(
        description="W11: record check-ins of many cadres and days in one transaction: all of them or "
        "none. Idempotent per cadre and day. Refused when a cadre is unknown or not stationed in a team "
        "on that day, a date is in the future, or one cadre and day has two different entries; a "
        "cadre stationed that day in a team outside the caller's township or village is not found."
    )
    async def record_attendance(
        self, info: Info[Context, None], entries: list[CheckInInput]
    ) -> AttendanceBatch:
        if not 1 <= len(entries) <= attendance.MAX_BATCH:
            raise UserError(
                f"entries 须有 1 到 {attendance.MAX_BATCH} 条，收到 {len(entries)}",
                argument="entries",
                maximum=attendance.MAX_BATCH,
            )
        check_ins = [
            attendance.CheckIn(
                str(e.cadre_id),
                not_future(e.date, f"entries[{i}].date"),
                e.in_village,
                optional(e.place, f"entries[{i}].place", values.name),
            )
            for i, e in enumerate(entries)
        ]
        return await changed(info, AttendanceBatch, attendance.record(info.context.reach, check_ins))
