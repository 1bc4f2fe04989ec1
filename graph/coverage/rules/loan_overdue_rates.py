"""P10 (扶贫小额信贷): a township's overdue micro-credit stays at or below the setting's share of its
balance (default 1%). Township-level: a township is in scope when one of its villages is, and its
figures are always the whole township's.
"""

from graph.coverage.fragments import aggregates, corrected, township_sums
from graph.coverage.lines import Line, column
from graph.coverage.rule import POLICY_AREA, CoverageRule, ItemField, ItemType, Total
from graph.placement import households_in

# P10: loans issued by $asOf and not voided (graph/changes/voids.py). Amounts are integer fen, summed
# exactly (bounded, they cannot overflow: core/values.py), then turned into yuan.
_COUNTED = "l.issuedOn <= $asOf AND l.voidedOn IS NULL"
_YUAN = "balance / 100.0 AS balance, overdue / 100.0 AS overdue"

# P10: each township's loans summed (balance, overdue), from the loans up; a loan counts in the
# township its household lived in on $asOf (graph/placement.py): by the current links, corrected for
# the households moved after $asOf (none for today), taken back (-1) where the current links put
# their loans and counted (+1) where they lived then.
_BALANCE = "coalesce(l.balanceFen, 0)"
_OVERDUE = "CASE WHEN l.overdue = true THEN coalesce(l.overdueAmountFen, 0) ELSE 0 END"
_LOAN_SUMS = {"balance": f"sum({_BALANCE})", "overdue": f"sum({_OVERDUE})"}
_LOANS_PLACED = corrected(
    f"MATCH (l:Loan)<-[:BORROWED]-(h)-[:IN_VILLAGE]->(v) WHERE {_COUNTED}",
    f"(h)-[:BORROWED]->(l:Loan) WHERE {_COUNTED}",
    "l",
)
LOANS_PER_TOWNSHIP = (
    township_sums(_LOANS_PLACED, {"balance": f"sum(sign * {_BALANCE})", "overdue": f"sum(sign * {_OVERDUE})"})
    + f"\n  WITH t, {_YUAN}"
)

_SUMS = aggregates(_LOAN_SUMS)
_RATE = """WITH *, CASE WHEN balance > 0 THEN overdue / balance ELSE 0.0 END AS rate"""

_TOWNSHIP_RATE = f"""{_RATE}
WITH {{township: t {{.code, .name}}, balance: balance, overdue: overdue, rate: rate,
      overLine: rate > $maxOverdueRate, severity: rate, key: t.code}} AS n
"""

COUNTY_LOANS = f"""MATCH (:Township)<-[:IN_TOWNSHIP]-(:Village)<-[:IN_VILLAGE]-(:Household)
      -[:BORROWED]->(l:Loan)
WHERE {_COUNTED}
WITH {_SUMS}
WITH {_YUAN}
{_RATE}
RETURN {{township: null, balance: balance, overdue: overdue, rate: rate,
        overLine: rate > $maxOverdueRate}} AS n
"""

# In a township or village the township's loans are reached from it; county-wide the county's loans
# are summed once per township from the loans up (a few thousand loans, not every household).
RULE = CoverageRule(
    id="P10",
    field="loanOverdueRates",
    reading="P10: every township in scope with its micro-credit balance and overdue amount (loans "
    "issued by asOf), highest overdue rate first; overLine when the rate is above the line (setting, "
    "default 1%; exactly 1% passes). Figures are the whole township's; the county total is "
    "loanOverdueCounty.",
    item=ItemType(
        "LoanOverdueRate",
        "P10: micro-credit (扶贫小额信贷) of a township, or of the county when township is null.",
        (
            ItemField("township", "Township", "Null for the county-wide figure."),
            ItemField("balance", "Float!", "贷款余额: balance of loans issued by the date (CNY)."),
            ItemField("overdue", "Float!", "逾期金额: overdue amount of those marked overdue (CNY)."),
            ItemField("rate", "Float!", "overdue / balance; 0 when there is no balance."),
            ItemField(
                "overLine", "Boolean!", "rate above the line (setting, default 1%); exactly 1% passes."
            ),
        ),
    ),
    body=f"""WITH DISTINCT t
CALL (t) {{
  MATCH (t)<-[:IN_TOWNSHIP]-(v:Village)
  {households_in().strip()}
  MATCH (h)-[:BORROWED]->(l:Loan)
  WHERE {_COUNTED}
  RETURN {_SUMS}
}}
WITH t, {_YUAN}
{_TOWNSHIP_RATE}""",
    county=f"""MATCH (t:Township) WHERE EXISTS {{ (t)<-[:IN_TOWNSHIP]-(:Village) }}
WITH collect(t) AS townships
CALL (townships) {{
  {LOANS_PER_TOWNSHIP}
  RETURN collect({{code: t.code, balance: balance, overdue: overdue}}) AS sums
}}
UNWIND townships AS t
WITH t, coalesce([s IN sums WHERE s.code = t.code][0], {{balance: 0.0, overdue: 0.0}}) AS s
WITH t, s.balance AS balance, s.overdue AS overdue
{_TOWNSHIP_RATE}""",
    alone=True,
    total=Total(
        "loanOverdueCounty",
        "P10: the county-wide micro-credit figure (township null), as loanOverdueRates computes it per "
        "township; null unless the scope is the county.",
        COUNTY_LOANS,
    ),
    # Counted in the summary's walk over the loans (graph/coverage/walks.py): the overdue amount
    # against the balance, at most the setting's rate.
    lines=(
        Line(
            "P10",
            "扶贫小额信贷逾期率低于1%",
            offenders=column("loans", "loanOverdue"),
            denominator=column("loans", "loanBalance"),
            setting="loan_overdue_max_rate",
            at_most=True,
            money=True,
        ),
    ),
    readers=POLICY_AREA,
    policy="P10",
)
