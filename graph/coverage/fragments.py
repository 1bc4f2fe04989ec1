"""Cypher fragments shared by coverage rules (text constants, never user input)."""

from graph.entities import active

# S1: the household's card on $asOf from its history; the current card when it has none.
CARD_AT = (
    "coalesce(COLLECT { MATCH (h)-[c:HAS_CARD]->(k:Card) WHERE "
    + active("c")
    + " RETURN k.color }[0], h.card)"
)

# O1: the unit a cadre works for on $asOf.
UNIT_AT = (
    "COLLECT { MATCH (c)-[worksFor:WORKS_FOR]->(unitAt:Unit) WHERE "
    + active("worksFor")
    + " RETURN unitAt {.*} }[0]"
)

# A household counts from its first registration (首次识别时间) on; unknown means always.
REGISTERED = "(h.identifiedOn IS NULL OR h.identifiedOn <= $asOf)"

# S1/S2: households whose card the rules can judge: 未脱贫/返贫, or 已脱贫 with a known income.
CARD_JUDGED = "(h.status IN ['NOT_OUT', 'RETURNED'] OR (h.status = 'OUT' AND h.income IS NOT NULL))"

# S2: the low-income line of $povertyLine's year (graph/coverage/params.py gives both parameters).
LOW_INCOME_LINE = "$lowIncomeFactor * $povertyLine"


def expected_card(line: str) -> str:
    """S1/S2: the card the rules give (h) against the low-income line `line` (a Cypher expression):
    未脱贫/返贫 → RED; 已脱贫 below the line → YELLOW, at or above it → GREEN; null when not judged."""
    return (
        "CASE WHEN h.status IN ['NOT_OUT', 'RETURNED'] THEN 'RED' "
        f"WHEN h.status = 'OUT' AND h.income < {line} THEN 'YELLOW' "
        "WHEN h.status = 'OUT' AND h.income IS NOT NULL THEN 'GREEN' END"
    )
