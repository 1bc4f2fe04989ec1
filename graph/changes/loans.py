"""P10: poverty micro-credit (扶贫小额信贷): a loan BORROWED by a household, and its repayments.

Amounts are integer fen (core/values.py). Each repayment is a record of its own,
(Loan)-[:REPAID_BY]->(Repayment {id, amountFen, date, seq}), `seq` its place among the loan's
repayments; it also keeps the loan's standing just before it (`…Before`), from which voiding it
replays the later ones (graph/changes/voids.py). A repayment lowers the balance and pays the
overdue amount first (the bank collects what is overdue before what is not): `overdueAmountFen`
never exceeds `balanceFen`, and `overdue` stays true while some of it is left. A voided loan takes
no repayment; a loan of the same household, bank and issue day may then be recorded anew.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from core.errors import RuleRefusal
from core.values import yuan, yuan_text
from graph.audit import Change, Event
from graph.changes import locks, lookup, refuse
from graph.changes.lookup import Work
from graph.entities import write_lock
from graph.load.base import stable_id
from graph.reach import Reach
from graph.rows import Props

# Loan `l` as the API shows it: its properties and its repayments in the order recorded.
LOAN = (
    "l {.*, repayments: COLLECT { MATCH (l)-[:REPAID_BY]->(paid:Repayment) "
    "RETURN paid {.*} ORDER BY paid.seq }}"
)

_CREATE = f"""MATCH (h:Household {{id: $householdId}})
CREATE (h)-[:BORROWED]->(l:Loan {{id: $loanId}})
SET l += $props
RETURN elementId(l) AS node, {LOAN} AS props
"""

# The loans of one household, bank and issue day: at most one is valid, the others voided.
_SAME = """MATCH (:Household {id: $householdId})-[:BORROWED]->(l:Loan {bank: $bank, issuedOn: $issuedOn})
RETURN l.id AS id, l.voidedOn AS voidedOn
"""


# The loan and its household, to lock in the global order (graph/changes/locks.py).
OWNER = "MATCH (h:Household)-[:BORROWED]->(l:Loan {id: $loanId}) RETURN [h.id] AS Household, [l.id] AS Loan"


def find(reach: Reach) -> str:
    """The loan, write-locked, inside the reach; `repaid` counts its repayments."""
    return f"""MATCH (h:Household)-[:BORROWED]->(l:Loan {{id: $loanId}})
WHERE {reach.sees("Household", "h")}
{write_lock("l")}
RETURN elementId(l) AS node, {LOAN} AS props, elementId(h) AS household, h.id AS householdId,
       COUNT {{ (l)-[:REPAID_BY]->(:Repayment) }} AS repaid
"""


_REPAY = f"""MATCH (l:Loan {{id: $loanId}})
CREATE (l)-[:REPAID_BY]->(r:Repayment {{id: randomUUID()}})
SET r += $repayment, l += $standing
RETURN {LOAN} AS props, elementId(r) AS node, r {{.*}} AS repayment
"""


@dataclass(frozen=True)
class Standing:
    """What a loan owes: its balance and overdue amount (fen), whether it is overdue, and the day
    of its last repayment."""

    balance: int
    overdue_amount: int
    overdue: bool
    last_repaid_on: dt.date | None

    @classmethod
    def of(cls, props: Props, suffix: str = "") -> Standing:
        """The standing a loan's properties hold (`suffix` "Before": the one a repayment kept)."""
        return cls(
            props.get(f"balance{suffix}Fen") or 0,
            props.get(f"overdueAmount{suffix}Fen") or 0,
            bool(props.get(f"overdue{suffix}")),
            props.get(f"lastRepaidOn{suffix}"),
        )

    def props(self, suffix: str = "") -> Props:
        return {
            f"balance{suffix}Fen": self.balance,
            f"overdueAmount{suffix}Fen": self.overdue_amount,
            f"overdue{suffix}": self.overdue,
            f"lastRepaidOn{suffix}": self.last_repaid_on,
        }

    def repaid(self, amount: int, day: dt.date) -> Standing:
        """After a repayment of `amount` fen on `day`: the overdue amount is paid first."""
        overdue_left = self.overdue_amount - amount
        return Standing(self.balance - amount, max(overdue_left, 0), overdue_left > 0, day)


def record_loan(
    reach: Reach, household_id: str, bank: str, amount: int, issued_on: dt.date, due_on: dt.date
) -> Work:
    """P10 `recordLoan`: a loan of `amount` fen, its balance the whole amount and nothing overdue.
    Its id is the loader's (household, bank, issue day), so the roster and the form name one loan
    alike; once that loan is voided, the n-th one recorded anew adds n to the hash."""
    inputs = {"householdId": household_id, "bank": bank, "amount": yuan(amount), "issuedOn": issued_on,
              "dueOn": due_on}  # fmt: skip

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Household=[household_id])
        household = await lookup.household(tx, reach, household_id, lock=True)
        refuse.in_order("P10", ("issuedOn", "放款日期", issued_on), ("dueOn", "到期日期", due_on))
        same = await lookup.rows(tx, _SAME, householdId=household_id, bank=bank, issuedOn=issued_on)
        valid = [loan["id"] for loan in same if loan["voidedOn"] is None]
        if valid:
            raise RuleRefusal(
                "P10",
                f"P10：户 {household_id} 于 {issued_on.isoformat()} 在 {bank} 的贷款已登记",
                householdId=household_id,
                bank=bank,
                issuedOn=issued_on.isoformat(),
                loanId=valid[0],
            )
        loan_id = stable_id(household_id, bank, issued_on, *([len(same)] if same else []))
        props = {
            "bank": bank, "amountFen": amount, "issuedOn": issued_on, "dueOn": due_on, "balanceFen": amount,
            "overdue": False, "overdueAmountFen": 0,
        }  # fmt: skip
        row = await lookup.one(tx, _CREATE, householdId=household_id, loanId=loan_id, props=props)
        assert row is not None  # the household was found and locked
        loan = {**row["props"], "householdId": household_id}
        change = Change("Loan", loan_id, None, kept(loan))
        return loan, Event("recordLoan", inputs, [change], [row["node"], household["node"]])

    return work


def record_repayment(reach: Reach, loan_id: str, amount: int, day: dt.date) -> Work:
    """P10 `recordRepayment`: refuses a voided loan, repaying more than the balance, or before the
    loan was issued."""
    inputs = {"loanId": loan_id, "amount": yuan(amount), "date": day}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take_found(tx, OWNER, loanId=loan_id)
        found = await lookup.node(tx, reach, find(reach), f"贷款 {loan_id}", "loanId", loanId=loan_id)
        loan = lookup.props(found)
        refuse.voided(f"贷款 {loan_id}", loan, "loanId", loanId=loan_id)
        before = Standing.of(loan)
        if amount > before.balance:
            raise RuleRefusal(
                "P10",
                f"P10：贷款 {loan_id} 余额 {yuan_text(before.balance)} 元，"
                f"还款 {yuan_text(amount)} 元不能超过余额",
                loanId=loan_id,
                balance=yuan(before.balance),
                amount=yuan(amount),
            )
        refuse.not_before(
            "P10", f"贷款 {loan_id}", day, loan["issuedOn"], "放款", "issuedOn", "还款日期", loanId=loan_id
        )
        repayment = {"amountFen": amount, "date": day, "seq": found["repaid"], **before.props("Before")}
        standing = before.repaid(amount, day).props()
        row = await lookup.one(tx, _REPAY, loanId=loan_id, repayment=repayment, standing=standing)
        assert row is not None  # the loan was found and locked
        household = found["householdId"]
        after = {**row["props"], "householdId": household}
        changes = [
            Change("Loan", loan_id, kept({**loan, "householdId": household}), kept(after)),
            Change("Repayment", row["repayment"]["id"], None, row["repayment"]),
        ]
        concerns = [found["node"], found["household"], row["node"]]
        return after, Event("recordRepayment", inputs, changes, concerns)

    return work


def kept(loan: Props) -> Props:
    """A loan as its audit event keeps it: its repayments are changes of their own."""
    return {k: v for k, v in loan.items() if k != "repayments"}
