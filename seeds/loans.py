"""Poverty micro-credit (扶贫小额信贷, P10) for about 20 % of households.

Loans of 10,000–50,000 CNY for 1–3 years; a loan past its due date has been repaid (余额 0).
About a third of townships carry one small overdue loan, at most 0.3 % of their balance, so
every township's and the county's overdue rate (逾期金额 / 贷款余额) stays below 1 % until
`seeds.violations` pushes one township over.
"""

from __future__ import annotations

from datetime import date

from seeds.county import Benefit, County, Household, Loan
from seeds.dates import add_years, between, days
from seeds.kit import Kit

BANKS = (("县农商银行", 80), ("邮储银行县支行", 10), ("农业银行县支行", 10))
AMOUNTS = ((10000, 10), (20000, 15), (30000, 20), (50000, 55))
RATE_PER_MILLE = 43  # benchmark 4.35 %, fully subsidised (贴息)


def build_loans(kit: Kit, county: County) -> None:
    rng = kit.rng
    as_of = kit.as_of
    for township in county.townships:
        households = [h for v in township.villages for h in v.households]
        made: list[Loan] = []
        for household in households:
            if not kit.chance(0.2):
                continue
            amount = kit.weighted(AMOUNTS)
            issued = between(rng, date(2016, 6, 1), as_of - days(60))
            due = add_years(issued, kit.weighted(((1, 20), (2, 30), (3, 50))))
            balance = 0 if due <= as_of else amount
            made.append(Loan(household, kit.weighted(BANKS), amount, issued, due, balance))
            subsidy = amount * RATE_PER_MILLE // 1000
            day = min(as_of, add_years(issued, 1) if due > add_years(issued, 1) else due)
            county.benefits.append(
                Benefit(household, None, "金融", "扶贫小额信贷贴息", subsidy, day, "县扶贫办")
            )
        county.loans.extend(made)
        small = sum(loan.balance for loan in made) * 3 // 1000 // 100 * 100
        if kit.chance(0.33) and small >= 500:
            add_overdue(kit, county, rng.choice(without_loan(county, households)), small)


def add_overdue(kit: Kit, county: County, household: Household, overdue: int) -> Loan:
    """A three-year loan already due, of which `overdue` is still owed and overdue."""
    issued = add_years(kit.as_of, -3) - days(kit.rng.randint(30, 300))
    loan = Loan(household, "县农商银行", 50000, issued, add_years(issued, 3), overdue, overdue)
    county.loans.append(loan)
    return loan


def without_loan(county: County, households: list[Household]) -> list[Household]:
    borrowers = {id(loan.household) for loan in county.loans}
    return [h for h in households if id(h) not in borrowers]


def overdue_rate(loans: list[Loan]) -> float:
    balance = sum(loan.balance for loan in loans)
    return 0.0 if balance == 0 else sum(loan.overdue_amount for loan in loans) / balance


def township_loans(county: County, code: str) -> list[Loan]:
    return [loan for loan in county.loans if loan.household.village.township.code == code]
