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
