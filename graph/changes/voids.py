"""Voiding (作废) a wrong record: it is kept, marked with the day it was voided (`voidedOn`), why
(`voidReason`) and by whom (`voidedBy`), and no rule counts it any more.

A void says the record was wrong from the start, not that it ended: a voided loan is left out of
P10's sums on every date (graph/coverage/policies.py), and a voided repayment never lowered its
loan's balance — the loan's standing is replayed from just before it, through the later
repayments, which keep their new standing-before. A voided record is not voided again, and a voided
loan takes no repayment nor a void of one (graph/changes/refuse.py `voided`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from graph.audit import Change, Event
from graph.changes import locks, lookup, refuse
from graph.changes.loans import LOAN, OWNER, Standing, find, kept
from graph.changes.lookup import Work
from graph.entities import write_lock
from graph.reach import Reach
from graph.rows import Props


@dataclass(frozen=True)
class Voiding:
    """Why a record is voided, by whom (the caller's subject) and on which day."""

    reason: str
    by: str
    on: dt.date

    def props(self) -> Props:
        return {"voidedOn": self.on, "voidReason": self.reason, "voidedBy": self.by}


_VOID_LOAN = f"""MATCH (l:Loan {{id: $loanId}})
SET l += $void
RETURN {LOAN} AS props
"""


# The repayment's loan and household, to lock in the global order (graph/changes/locks.py).
_OWNER = (
    "MATCH (h:Household)-[:BORROWED]->(l:Loan)-[:REPAID_BY]->(r:Repayment {id: $repaymentId}) "
    "RETURN [h.id] AS Household, [l.id] AS Loan, [r.id] AS Repayment"
)


def _repayment(reach: Reach) -> str:
    """The repayment with its loan (write-locked, inside the reach) and the loan's repayments
    recorded after it that are not voided, in order."""
    return f"""MATCH (h:Household)-[:BORROWED]->(l:Loan)-[:REPAID_BY]->(r:Repayment {{id: $repaymentId}})
WHERE {reach.sees("Household", "h")}
{write_lock("l")}
RETURN elementId(l) AS node, {LOAN} AS props, elementId(h) AS household, h.id AS householdId,
       elementId(r) AS repaymentNode, r {{.*}} AS repayment,
       COLLECT {{ MATCH (l)-[:REPAID_BY]->(x:Repayment) WHERE x.seq > r.seq AND x.voidedOn IS NULL
                 RETURN x {{.*}} ORDER BY x.seq }} AS later
"""


_VOID_REPAYMENT = f"""MATCH (l:Loan {{id: $loanId}})-[:REPAID_BY]->(r:Repayment {{id: $repaymentId}})
SET r += $void, l += $standing
WITH l
CALL (l) {{
  UNWIND $later AS x
  MATCH (l)-[:REPAID_BY]->(n:Repayment {{id: x.id}})
  SET n += x.before
}}
RETURN {LOAN} AS props
"""


def void_loan(reach: Reach, loan_id: str, voiding: Voiding) -> Work:
    """`voidLoan`: the loan is kept, voided; P10 no longer counts it."""
    inputs = {"loanId": loan_id, "reason": voiding.reason}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take_found(tx, OWNER, loanId=loan_id)
        found = await lookup.node(tx, reach, find(reach), f"贷款 {loan_id}", "loanId", loanId=loan_id)
        loan = lookup.props(found)
        refuse.voided(f"贷款 {loan_id}", loan, "loanId", loanId=loan_id)
        row = await lookup.one(tx, _VOID_LOAN, loanId=loan_id, void=voiding.props())
        assert row is not None  # the loan was found and locked
        household = found["householdId"]
        after = {**row["props"], "householdId": household}
        change = Change("Loan", loan_id, kept({**loan, "householdId": household}), kept(after))
        return after, Event("voidLoan", inputs, [change], [found["node"], found["household"]])

    return work


def void_repayment(reach: Reach, repayment_id: str, voiding: Voiding) -> Work:
    """`voidRepayment`: the repayment is kept, voided; the loan stands as if it had never been made."""
    inputs = {"repaymentId": repayment_id, "reason": voiding.reason}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        what = f"还款 {repayment_id}"
        await locks.take_found(tx, _OWNER, repaymentId=repayment_id)
        found = await lookup.node(tx, reach, _repayment(reach), what, "repaymentId", repaymentId=repayment_id)
        loan, repayment = lookup.props(found), found["repayment"]
        refuse.voided(f"贷款 {loan['id']}", loan, "repaymentId", loanId=loan["id"])
        refuse.voided(what, repayment, "repaymentId", repaymentId=repayment_id)
        standing = Standing.of(repayment, "Before")
        later = []
        for each in found["later"]:
            later.append({"id": each["id"], "before": standing.props("Before")})
            standing = standing.repaid(each["amountFen"], each["date"])
        row = await lookup.one(
            tx, _VOID_REPAYMENT, loanId=loan["id"], repaymentId=repayment_id, void=voiding.props(),
            standing=standing.props(), later=later,
        )  # fmt: skip
        assert row is not None  # the loan was found and locked
        household = found["householdId"]
        after = {**row["props"], "householdId": household}
        changes = [
            Change("Repayment", repayment_id, repayment, {**repayment, **voiding.props()}),
            Change("Loan", loan["id"], kept({**loan, "householdId": household}), kept(after)),
        ]
        concerns = [found["node"], found["household"], found["repaymentNode"]]
        return after, Event("voidRepayment", inputs, changes, concerns)

    return work
