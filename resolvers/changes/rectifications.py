"""`issueRectification`, `closeRectification` (W12)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from graph.changes import rectifications
from resolvers.changes.base import changed, not_future
from resolvers.changes.inputs import filled
from resolvers.context import Context
from schema.changes.rectifications import RectificationDetail


@strawberry.type
class RectificationMutation:
    @strawberry.mutation(
        description="W12: issue a rectification order (整改通知) to cadre `cadreId` on `date` (not in the "
        "future) for `reason`, to be rectified by `deadline`; an open order past its deadline is listed "
        "by coverage `openRectifications`. Refused (RULE_VIOLATION, rule W12) for a deadline before "
        "`date`."
    )
    async def issue_rectification(
        self,
        info: Info[Context, None],
        cadre_id: strawberry.ID,
        reason: str,
        deadline: dt.date,
        date: dt.date,
    ) -> RectificationDetail:
        work = rectifications.issue_rectification(
            info.context.reach, cadre_id, filled(reason, "reason"), deadline, not_future(date, "date")
        )
        return await changed(info, RectificationDetail, work)

    @strawberry.mutation(
        description="W12: the order was rectified on `date` (整改完成日期). Refused (RULE_VIOLATION, rule "
        "W12) for an order closed already or a date before it was issued."
    )
    async def close_rectification(
        self, info: Info[Context, None], rectification_id: strawberry.ID, date: dt.date
    ) -> RectificationDetail:
        work = rectifications.close_rectification(
            info.context.reach, rectification_id, not_future(date, "date")
        )
        return await changed(info, RectificationDetail, work)
