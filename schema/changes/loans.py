"""P10: the loan mutations' descriptions; the Loan type is schema/records.py's."""

from __future__ import annotations

_AMOUNTS = (
    "Amounts are yuan (CNY) with at most two decimals (fen), above 0 and at most 10,000,000; they are "
    "kept in whole fen."
)

RECORD_LOAN = (
    "P10: a micro-credit loan of `amount` from `bank` to household `householdId`, issued on `issuedOn` "
    "(not in the future) and due on `dueOn`: its balance is the amount, nothing overdue. "
    f"{_AMOUNTS} Refused (RULE_VIOLATION, rule P10) for a due day before the issue day or a loan of "
    "the same household, bank and issue day recorded already and not voided."
)

RECORD_REPAYMENT = (
    "P10: a repayment of `amount` on `date`, kept as a record (`Loan.repayments`, voidable): the "
    "balance falls by it and the overdue amount is paid first (overdue stays true while some is left). "
    f"{_AMOUNTS} Refused (RULE_VIOLATION, rule P10) above the balance or before the loan was issued; "
    "VOIDED for a voided loan."
)

VOID_LOAN = (
    "Void (作废) a loan recorded wrongly, for `reason`: it is kept, with `voidedOn` (today), "
    "`voidReason` and `voidedBy`, shown in householdHistory, and P10's sums no longer count it on any "
    "date; a loan of the same household, bank and issue day may then be recorded anew. Refused "
    "(VOIDED) for a loan voided already."
)

VOID_REPAYMENT = (
    "Void (作废) a repayment recorded wrongly, for `reason`: it is kept, marked as voided, and the loan "
    "stands as if it had never been made (the later repayments are applied again, overdue amount "
    "first). Refused (VOIDED) for a repayment voided already or a voided loan."
)
