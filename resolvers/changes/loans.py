"""`recordLoan`, `recordRepayment` (P10)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from fupin.context import Context
from graph.changes import loans
from resolvers.changes.base import changed, not_future
from resolvers.changes.inputs import filled, positive
from schema.changes.loans import RECORD_REPAYMENT
from schema.records import Loan


@strawberry.type
class LoanMutation:
    @strawberry.mutation(
        description="P10: a micro-credit loan of `amount` from `bank` to household `householdId`, "
        "issued on `issuedOn` (not in the future) and due on `dueOn`: its balance is the amount, "
        "nothing overdue. Refused (RULE_VIOLATION, rule P10) for a due day before the issue day or "
        "a loan of the same household, bank and issue day recorded already."
    )
    async def record_loan(
        self,
        info: Info[Context, None],
        household_id: str,
        bank: str,
        amount: float,
        issued_on: dt.date,
        due_on: dt.date,
    ) -> Loan:
        work = loans.record_loan(
            info.context.reach, household_id, filled(bank, "bank"), positive(amount, "amount"),
            not_future(issued_on, "issuedOn"), due_on,
        )  # fmt: skip
        return await changed(info, Loan, work)

    @strawberry.mutation(description=RECORD_REPAYMENT)
    async def record_repayment(
        self, info: Info[Context, None], loan_id: str, amount: float, date: dt.date
    ) -> Loan:
        work = loans.record_repayment(
            info.context.reach, loan_id, positive(amount, "amount"), not_future(date, "date")
        )
        return await changed(info, Loan, work)
