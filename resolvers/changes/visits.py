"""recordVisit and resolveVisitProblem (W9, W10)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from core.errors import UserError
from graph.changes import visits
from resolvers.changes.base import changed, not_future, own_cadre
from resolvers.changes.inputs import filled, optional
from resolvers.context import Context
from schema.changes.visits import VisitRecord
from schema.records import Satisfaction, VisitMode


def _written(text: str | None, argument: str, routine: bool = False) -> str | None:
    """W10: a visit records what was found and what was done (free text, core/values.py); a
    routine visit, which found nothing, may leave both out."""
    if routine:
        return optional(text, argument)
    if text is None or not text.strip():
        raise UserError(
            f"W10：走访记录须填写 {argument}（不能为空；例行走访没有发现问题时请设 routine: true）",
            argument=argument,
        )
    return filled(text, argument)


@strawberry.type
class VisitMutation:
    @strawberry.mutation(
        description="W9, W10: record a visit. Refused when the cadre is not paired with the household "
        "on `date`, when `date` is in the future, when `findings` or `actions` is empty (unless "
        "`routine`: a routine visit that found nothing may leave both out, and escalates nothing), or "
        "when the cadre already recorded a visit to the household that day (ALREADY_EXISTS), or on or "
        "after the household's 销户 (HOUSEHOLD_REMOVED). "
        "`satisfaction` records the household's rating (群众满意度, W12's lowSatisfaction)."
    )
    async def record_visit(
        self,
        info: Info[Context, None],
        cadre_id: strawberry.ID,
        household_id: strawberry.ID,
        date: dt.date,
        findings: str | None = None,
        actions: str | None = None,
        escalate: bool = False,
        mode: Annotated[VisitMode | None, strawberry.argument(description="走访方式.")] = None,
        routine: Annotated[
            bool,
            strawberry.argument(
                description="例行走访：nothing was found; findings and actions may be left out."
            ),
        ] = False,
        satisfaction: Annotated[
            Satisfaction | None,
            strawberry.argument(description="群众满意度 (W12): how the household rated the visit."),
        ] = None,
    ) -> VisitRecord:
        own_cadre(info, str(cadre_id))
        if routine and escalate:
            raise UserError("例行走访没有发现问题，不能上报（escalate 须为 false）", argument="escalate")
        work = visits.record(
            info.context.reach,
            str(cadre_id),
            household_id,
            not_future(date, "date"),
            _written(findings, "findings", routine),
            _written(actions, "actions", routine),
            escalate,
            mode.value if mode is not None else None,
            routine,
            satisfaction.value if satisfaction is not None else None,
        )
        return await changed(info, VisitRecord, work)

    @strawberry.mutation(
        description="W10: resolve the problem a visit escalated (sets `resolution` and `resolvedOn`). "
        "Refused when the visit escalated nothing or is already resolved, or when `resolvedOn` is in "
        "the future or before the visit."
    )
    async def resolve_visit_problem(
        self, info: Info[Context, None], visit_id: strawberry.ID, resolution: str, resolved_on: dt.date
    ) -> VisitRecord:
        work = visits.resolve(
            info.context.reach,
            str(visit_id),
            filled(resolution, "resolution"),
            not_future(resolved_on, "resolvedOn"),
        )
        return await changed(info, VisitRecord, work)
