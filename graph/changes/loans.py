"""P10: poverty micro-credit (扶贫小额信贷): a loan BORROWED by a household, and its repayments.

A repayment lowers the balance and pays the overdue amount first (the bank collects what is
overdue before what is not): `overdueAmount` never exceeds `balance`, and `overdue` stays true
while some of it is left.
"""

from __future__ import annotations

import datetime as dt

from neo4j import AsyncManagedTransaction

from fupin.errors import RuleRefusal
from graph.audit import Change, Event
from graph.changes import lookup, refuse
from graph.changes.lookup import Work
from graph.entities import write_lock
from graph.load.base import stable_id
from graph.reach import Reach
from graph.records import Props, plain

_CREATE = """MATCH (h:Household {id: $householdId})
CREATE (h)-[:BORROWED]->(l:Loan {id: $loanId})
SET l += $props
RETURN elementId(l) AS node, l {.*} AS props
"""

_EXISTS = "RETURN EXISTS { (:Loan {id: $loanId}) } AS exists"


def _loan(reach: Reach) -> str:
    return f"""MATCH (h:Household)-[:BORROWED]->(l:Loan {{id: $loanId}})
WHERE {reach.sees("Household", "h")}
{write_lock("l")}
RETURN elementId(l) AS node, l {{.*}} AS props, elementId(h) AS household, h.id AS householdId
"""


_REPAY = """MATCH (l:Loan {id: $loanId})
WITH l, coalesce(l.overdueAmount, 0) - $amount AS overdueLeft
SET l.balance = l.balance - $amount,
    l.overdueAmount = CASE WHEN overdueLeft > 0 THEN overdueLeft ELSE 0 END,
    l.overdue = overdueLeft > 0,
    l.lastRepaidOn = $day
RETURN l {.*} AS props
"""


def record_loan(
    reach: Reach, household_id: str, bank: str, amount: float, issued_on: dt.date, due_on: dt.date
) -> Work:
    """P10 `recordLoan`: a loan of `amount`, its balance the whole amount and nothing overdue. Its id
    is the loader's (household, bank, issue day), so the roster and the form name one loan alike."""
    inputs = {
        "householdId": household_id,
        "bank": bank,
        "amount": amount,
        "issuedOn": issued_on,
        "dueOn": due_on,
    }
    loan_id = stable_id(household_id, bank, issued_on)

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        household = await lookup.household(tx, reach, household_id, lock=True)
        refuse.in_order("P10", ("issuedOn", "放款日期", issued_on), ("dueOn", "到期日期", due_on))
        result = await tx.run(_EXISTS, loanId=loan_id)
        if (await result.single(strict=True))["exists"]:
            raise RuleRefusal(
                "P10",
                f"P10：户 {household_id} 于 {issued_on.isoformat()} 在 {bank} 的贷款已登记",
                householdId=household_id,
                bank=bank,
                issuedOn=issued_on.isoformat(),
                loanId=loan_id,
            )
        props = {
            "bank": bank, "amount": amount, "issuedOn": issued_on, "dueOn": due_on, "balance": amount,
            "overdue": False, "overdueAmount": 0.0,
        }  # fmt: skip
        result = await tx.run(_CREATE, householdId=household_id, loanId=loan_id, props=props)
        row = await result.single(strict=True)
        loan = {**plain(row["props"]), "householdId": household_id}
        change = Change("Loan", loan_id, None, loan)
        return loan, Event("recordLoan", inputs, [change], [row["node"], household["node"]])

    return work


def record_repayment(reach: Reach, loan_id: str, amount: float, day: dt.date) -> Work:
    """P10 `recordRepayment`: refuses repaying more than the balance, or before the loan was issued."""
    inputs = {"loanId": loan_id, "amount": amount, "date": day}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        found = await lookup.node(tx, reach, _loan(reach), f"贷款 {loan_id}", "loanId", loanId=loan_id)
        loan = lookup.props(found)
        balance = loan.get("balance") or 0
        if amount > balance:
            raise RuleRefusal(
                "P10",
                f"P10：贷款 {loan_id} 余额 {balance:g} 元，还款 {amount:g} 元不能超过余额",
                loanId=loan_id,
                balance=balance,
                amount=amount,
            )
        refuse.not_before(
            "P10", f"贷款 {loan_id}", day, loan["issuedOn"], "放款", "issuedOn", "还款日期", loanId=loan_id
        )
        result = await tx.run(_REPAY, loanId=loan_id, amount=amount, day=day)
        after = {**plain((await result.single(strict=True))["props"]), "householdId": found["householdId"]}
        change = Change("Loan", loan_id, {**loan, "householdId": found["householdId"]}, after)
        return after, Event("recordRepayment", inputs, [change], [found["node"], found["household"]])

    return work
