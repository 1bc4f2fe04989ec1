"""Violations in the records: S4 (备案编号), W12 (通知编号), P9 and P10 (乡(镇))."""

from __future__ import annotations

import math
from datetime import date

from seeds import codes
from seeds.county import Rectification
from seeds.dates import between, days
from seeds.loans import add_overdue, township_loans, without_loan
from seeds.petitions import add_petition
from seeds.violations.picker import Picker


def s4(p: Picker) -> None:
    reports = p.county.reports
    chosen = p.pick(reports, min(p.n(), len(reports) - 2))
    for report in chosen:
        report.measures = report.feedback[:-1]
    p.record("S4", [r.id for r in chosen])


def w12(p: Picker) -> list[Rectification]:
    """Open orders past their deadline; recorded by 通知编号 once the orders are numbered."""
    paired = {x.cadre.id_number: x.cadre for x in p.county.pairings if x.until is None}
    pool = [c for c in paired.values() if c.id_number not in p.cadres]
    orders: list[Rectification] = []
    for cadre in p.pick(pool, p.n()):
        issued = between(p.rng, p.as_of - days(75), p.as_of - days(45))
        orders.append(Rectification("", cadre, issued, issued + days(30), "走访不及时", None))
    p.county.rectifications.extend(orders)
    return orders


def p9(p: Picker) -> str:
    year = p.as_of.year

    def province(code: str) -> int:
        return sum(
            1
            for x in p.county.petitions
            if x.township.code == code and x.level == codes.PROVINCE and x.registered_on.year == year
        )

    township = p.rng.choice(p.county.townships)
    others = max(province(t.code) for t in p.county.townships if t is not township)
    for _ in range(others + 2 - province(township.code)):
        add_petition(p.kit, p.county, township, between(p.rng, date(year, 1, 1), p.as_of), codes.PROVINCE)
    p.record("P9", [township.name])
    return township.code


def p10(p: Picker, exclude: str) -> None:
    county = p.county
    township = p.rng.choice([t for t in county.townships if t.code != exclude])
    mine = township_loans(county, township.code)
    b_own, o_own = sum(x.balance for x in mine), sum(x.overdue_amount for x in mine)
    b_all, o_all = sum(x.balance for x in county.loans), sum(x.overdue_amount for x in county.loans)
    # Adding X owed and overdue: 100 (o_own + X) > b_own + X, and 100 (o_all + X) < b_all + X.
    low, high = (b_own - 100 * o_own) / 99, (b_all - 100 * o_all) / 99
    target = min((low + high) / 2, low * 1.6 + 2000)
    total = round(target / 100) * 100
    if not low < total < high:
        total = math.floor(target)
    if not (100 * (o_own + total) > b_own + total and 100 * (o_all + total) < b_all + total):
        raise RuntimeError("cannot place the P10 overdue loans")
    households = without_loan(county, [h for v in township.villages for h in v.households])
    parts = math.ceil(total / 45000)  # each loan owes at most its 50,000 amount
    if len(households) < parts:
        raise RuntimeError("too few households without a loan for the P10 overdue loans")
    for i, household in enumerate(p.pick(households, parts)):
        add_overdue(p.kit, county, household, total // parts + (i < total % parts))
    p.record("P10", [township.name])
