"""`recordLoan`, `recordRepayment` (P10): amounts given in yuan, kept in fen (core/values.py)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from core import values
from graph.changes import loans
from resolvers.changes.base import changed, not_future
from resolvers.changes.inputs import checked, filled, money
from resolvers.context import Context
from schema.changes.loans import RECORD_LOAN, RECORD_REPAYMENT
from schema.records import Loan


@strawberry.type
class LoanMutation:
    @strawberry.mutation(description=RECORD_LOAN)
    async def record_loan(
        self,
        info: Info[Context, None],
        household_id: strawberry.ID,
        bank: str,
        amount: float,
        issued_on: dt.date,
        due_on: dt.date,
    ) -> Loan:
        work = loans.record_loan(
            info.context.reach, household_id, filled(bank, "bank", values.name), money(amount, "amount"),
            not_future(issued_on, "issuedOn"), checked(values.day, due_on, "dueOn"),
        )  # fmt: skip
        return await changed(info, Loan, work)

    @strawberry.mutation(description=RECORD_REPAYMENT)
    async def record_repayment(
        self, info: Info[Context, None], loan_id: strawberry.ID, amount: float, date: dt.date
    ) -> Loan:
        work = loans.record_repayment(
            info.context.reach, loan_id, money(amount, "amount"), not_future(date, "date")
        )
        return await changed(info, Loan, work)
