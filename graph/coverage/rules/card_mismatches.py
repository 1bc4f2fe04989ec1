"""S1, S2: a household's card agrees with its status and income (卡类与收入、状态相符): 未脱贫 NOT_OUT
or 返贫 RETURNED → RED; 已脱贫 OUT below the low-income line ($lowIncomeFactor × the poverty line of
the date's year, graph/coverage/params.py) → YELLOW, at or above it → GREEN."""

from graph.coverage.fragments import (
    CARD_AT,
    LOW_INCOME_LINE,
    VILLAGE_OF,
    expected_card,
    registered,
    seek_households,
)
from graph.coverage.lines import Line, column
from graph.coverage.rule import CoverageRule, ItemField, ItemType
from graph.facts import facts_at, seek_changed
from graph.placement import households_in

# S1/S2: the card held (`card`, CARD_AT) is not the card the rules give (`expected`).
MISMATCH = "(card IS NULL OR card <> expected)"


# S1/S2: the card the rules give: 未脱贫/返贫 → RED; 已脱贫 below the low-income line ($lowIncomeFactor ×
# $povertyLine) → YELLOW; at or above it → GREEN. Households whose status, or (脱贫) income, is
# unknown are not judged; a missing card disagrees with any. The household's facts on $asOf
# (graph/facts.py) are read once into `x` (in a WHERE the planner reads status three times per
# household), the card history last.
def _mismatched(carry: str) -> str:
    """S1/S2: household `h` (with `carry`) when mismatched; binds x, line, expected and card."""
    return f"""WITH {carry}, {facts_at("h")} AS f
WITH {carry}, f {{.status, .income, identifiedOn: h.identifiedOn, leftOn: h.leftOn}} AS x,
     {LOW_INCOME_LINE} AS line
WITH {carry}, x, line, {expected_card("line", "x")} AS expected
WHERE expected IS NOT NULL AND {registered("x")}
WITH {carry}, x, line, expected, {CARD_AT} AS card
WHERE {MISMATCH}
"""


_MISMATCH = """WITH {household: h {.*}, village: v {.*}, township: t {.code, .name}, card: card,
      expected: expected, status: x.status, income: x.income, lowIncomeLine: line,
      severity: CASE WHEN expected <> 'RED' AND card IN ['YELLOW', 'GREEN'] THEN abs(x.income - line)
                     ELSE 1 END,
      key: h.id} AS n
"""


def _contradicted(status: str, cards: str, income: str = "") -> str:
    """A seek of the households of `status` holding one of `cards` (and an `income` condition)."""
    index, where = ("status, card, income", f" AND h.income {income}") if income else ("status, card", "")
    return f" USING INDEX h:Household({index})\n  WHERE h.status IN {status} AND h.card IN {cards}{where}"


# County-wide only the households whose card may disagree are read: those without cardSince, those
# whose card or facts changed after $asOf, and those whose current card the rules contradict (the cases of
# expected_card, sought in the (status, card[, income]) indexes; a judged OUT household has an income).
MISMATCH_CANDIDATES = seek_households(
    " WHERE NOT h:CardDated",
    " WHERE h.cardSince > $asOf",
    seek_changed("h", "Household"),
    _contradicted("['NOT_OUT', 'RETURNED']", "['YELLOW', 'GREEN']"),
    _contradicted("['OUT']", "['RED']", "IS NOT NULL"),
    _contradicted("['OUT']", "['YELLOW']", f">= {LOW_INCOME_LINE}"),
    _contradicted("['OUT']", "['GREEN']", f"< {LOW_INCOME_LINE}"),
)
RULE = CoverageRule(
    id="S1, S2",
    field="cardMismatches",
    reading="S1, S2: households whose card on the date disagrees with the card the rules give: 未脱贫 "
    "NOT_OUT or 返贫 RETURNED → RED; 已脱贫 OUT with income below the low-income line → YELLOW, at or "
    "above it → GREEN. Low-income line = factor (setting, default 1.5) × the poverty line of the "
    "date's year (2016: 2,952; 2019: 3,218; 2020: 4,000 CNY; the latest year at or before the date's). "
    "Households with no status, or OUT with no income, are not judged; no card at all is a mismatch. "
    "Severity: |income − line| when both cards are YELLOW/GREEN (an income mismatch), else 1 (a "
    "status mismatch); largest first.",
    item=ItemType(
        "CardMismatch",
        "S1, S2: a card on the date that disagrees with status and income.",
        (
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            ItemField("township", "Township!"),
            ItemField("card", "Card", "The card held on the date (null: none)."),
            ItemField("expected", "Card!", "The card the rules give for its status and income."),
            ItemField("status", "PovertyStatus!", "脱贫状态."),
            ItemField("income", "Float", "人均纯收入 (CNY)."),
            ItemField(
                "lowIncomeLine",
                "Float!",
                "S2: the low-income line applied (factor × the poverty line of the date's year).",
            ),
        ),
    ),
    body=f"""{households_in()}{_mismatched("h, v, t")}{_MISMATCH}""",
    county=f"""{MISMATCH_CANDIDATES}{_mismatched("h")}{VILLAGE_OF}{_MISMATCH}""",
    alone=True,
    # Counted in the summary's walk over the households (graph/coverage/walks.py).
    lines=(
        Line(
            "S1,S2",
            "卡类与收入、状态相符",
            offenders=column("households", "mismatched"),
            denominator=column("households", "households"),
        ),
    ),
)
