"""P10: the loan mutations' descriptions; the Loan type is schema/records.py's."""

from __future__ import annotations

RECORD_REPAYMENT = (
    "P10: a repayment of `amount` on `date`: the balance falls by it and the overdue amount is paid "
    "first (overdue stays true while some is left). Refused (RULE_VIOLATION, rule P10) above the "
    "balance or before the loan was issued."
)
