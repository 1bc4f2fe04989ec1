"""P10: poverty micro-credit loans (扶贫小额信贷) as the mutations return them."""

from __future__ import annotations

import datetime as dt

import strawberry


@strawberry.type(description="P10: a loan (扶贫小额信贷) BORROWED by a household.")
class Loan:
    id: str = strawberry.field(description="The loan's id (hash of household, bank, issue day).")
    household_id: str = strawberry.field(description="户编号 of the borrower.")
    bank: str = strawberry.field(description="贷款银行.")
    amount: float = strawberry.field(description="贷款金额 (CNY).")
    issued_on: dt.date = strawberry.field(description="放款日期.")
    due_on: dt.date = strawberry.field(description="到期日期.")
    balance: float | None = strawberry.field(description="贷款余额 (CNY).")
    overdue: bool | None = strawberry.field(description="是否逾期.")
    overdue_amount: float | None = strawberry.field(description="逾期金额 (CNY), never above the balance.")
    last_repaid_on: dt.date | None = strawberry.field(description="The day of the last repayment recorded.")


RECORD_REPAYMENT = (
    "P10: a repayment of `amount` on `date`: the balance falls by it and the overdue amount is paid "
    "first (overdue stays true while some is left). Refused (RULE_VIOLATION, rule P10) above the "
    "balance or before the loan was issued."
)
