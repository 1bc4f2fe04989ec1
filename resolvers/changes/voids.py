"""`voidLoan`, `voidRepayment`: a wrong record is voided (作废) with a reason, never deleted."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from graph.changes import voids
from resolvers.changes.base import changed
from resolvers.changes.inputs import filled
from resolvers.context import Context
from schema.changes.loans import VOID_LOAN, VOID_REPAYMENT
from schema.records import Loan


def _voiding(info: Info[Context, None], reason: str) -> voids.Voiding:
    """Why (required), by the caller, today."""
    return voids.Voiding(filled(reason, "reason"), info.context.principal.subject, dt.date.today())


@strawberry.type
class VoidMutation:
    @strawberry.mutation(description=VOID_LOAN)
    async def void_loan(self, info: Info[Context, None], loan_id: strawberry.ID, reason: str) -> Loan:
        work = voids.void_loan(info.context.reach, loan_id, _voiding(info, reason))
        return await changed(info, Loan, work)

    @strawberry.mutation(description=VOID_REPAYMENT)
    async def void_repayment(
        self, info: Info[Context, None], repayment_id: strawberry.ID, reason: str
    ) -> Loan:
        work = voids.void_repayment(info.context.reach, repayment_id, _voiding(info, reason))
        return await changed(info, Loan, work)
