"""Coverage fields of W9, W10, W12, S1/S2 and S4."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from fupin.context import Context
from graph.coverage import work as rules
from resolvers.coverage.base import Asked, offenders_page
from schema.common import Connection
from schema.coverage.work import (
    CardMismatch,
    FeedbackGap,
    OpenRectification,
    OpenVisitProblem,
    OverdueVisit,
)


@strawberry.type
class WorkCoverage:
    @strawberry.field(
        description="W9: paired households not visited in their last completed calendar period, most "
        "days overdue first. A household whose card on the last day of the month before the date's "
        "month was RED needed a visit in that month; one whose card on the last day of the quarter "
        "before the date's quarter was YELLOW or GREEN needed one in that quarter (the card from its "
        "history on that day, else the current card; both periods are judged when both apply, the "
        "earlier missed one is shown). A visit by any cadre dated inside the period counts, its last "
        "day included. Only households paired on the date (unpaired ones are W7's) and registered "
        "(首次识别时间) by the period's last day. due = the period's last day; daysOverdue = date − due."
    )
    async def overdue_visits(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[OverdueVisit]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.OVERDUE_VISITS, OverdueVisit, first, after)

    @strawberry.field(
        description="W10: problems visits reported upward (是否需上报 = true) and not resolved on the date "
        "(resolvedOn null or after it), visits dated up to the date; longest open first "
        "(daysOpen = date − visit date)."
    )
    async def open_visit_problems(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[OpenVisitProblem]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.OPEN_VISIT_PROBLEMS, OpenVisitProblem, first, after)

    @strawberry.field(
        description="W12: rectification orders (整改通知) issued by the date, not closed on it (closedOn "
        "null or after it) and whose deadline is before it; most days past the deadline first. A "
        "cadre's villages, which place it in a scope, are those of its households paired on the "
        "date, else (no pairing) those its work teams are stationed in on the date."
    )
    async def open_rectifications(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[OpenRectification]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.OPEN_RECTIFICATIONS, OpenRectification, first, after)

    @strawberry.field(
        description="S1, S2: households whose card on the date disagrees with the card the rules give: "
        "未脱贫 NOT_OUT or 返贫 RETURNED → RED; 已脱贫 OUT with income below the low-income line → "
        "YELLOW, at or above it → GREEN. Low-income line = factor (setting, default 1.5) × the "
        "poverty line of the date's year (2016: 2,952; 2019: 3,218; 2020: 4,000 CNY; the latest year at or "
        "before the date's). Households with no status, or OUT with no income, are not "
        "judged; no card at all is a mismatch. Severity: |income − line| when both cards are YELLOW/"
        "GREEN (an income mismatch), else 1 (a status mismatch); largest first."
    )
    async def card_mismatches(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[CardMismatch]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.CARD_MISMATCHES, CardMismatch, first, after)

    @strawberry.field(
        description="S4: 返贫/新增 records verified by the date with at least one department fed back to "
        "(FEEDBACK_TO) whose measure is not recorded (measure not true) and which is not closed on "
        "the date (closedOn null or after it); longest since verification first. `measure` carries no "
        "date, so a measure recorded later also counts for an earlier date."
    )
    async def feedback_gaps(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[FeedbackGap]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.FEEDBACK_GAPS, FeedbackGap, first, after)
