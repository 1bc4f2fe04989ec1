"""Registered poor households (建档立卡贫困户): S1–S5, W7, W9, P4, P5."""

from graph.entities import Entity, Relation, active, batched, fixed
from graph.facts import on_register
from graph.listing import Listing
from graph.reach import Reach

HOUSEHOLD = Entity(
    label="Household",
    key="id",
    listing=Listing(
        match="MATCH (n:Household)",
        key="n.id",
        sorts={
            "ID": "n.id",
            "HEAD_NAME": "coalesce(n.headNameKey, n.headName, '')",  # pinyin (core/names.py)
            "INCOME": "coalesce(n.income, -1.0)",
            "SIZE": "coalesce(n.size, 0)",
        },
    ),
    filters={
        "card": "n.card = $card",
        "status": "n.status = $status",
        "attribute": "n.attribute = $attribute",
        "dangerousHouse": "n.dangerousHouse = $dangerousHouse",
        "headNameContains": "n.headName CONTAINS $headNameContains",
        "incomeBelow": "n.income < $incomeBelow",
    },
    # 销户: a household off the register today is not listed (its own lookup still finds it).
    listed=on_register("n", "date()"),
    anchors={
        "villageCode": "MATCH (:Village {code: $villageCode})<-[:IN_VILLAGE]-(n:Household)",
        "townshipCode": "MATCH (:Township {code: $townshipCode})<-[:IN_TOWNSHIP]-(:Village)"
        "<-[:IN_VILLAGE]-(n:Household)",
    },
)


def members_of(reach: Reach, h: str, items: str) -> str:
    return (
        f"COLLECT {{ MATCH ({h})<-[b:BELONGS_TO]-(p:Person) WHERE {reach.sees('Person', 'p')} "
        # Aliased: a map projection is named after its variable, and the order reads the node.
        f"RETURN p {{{items}, relation: coalesce(b.relation, p.relation)}} AS member"
        " ORDER BY p.personNo, p.idNumber }"
    )


members = batched("Household", "id", members_of)


def cards_of(reach: Reach, h: str, items: str) -> str:
    """S1: the household's card periods, oldest first (each the same four items: `items` unused)."""
    return (
        f"COLLECT {{ MATCH ({h})-[r:HAS_CARD]->(c:Card) "
        "RETURN {color: c.color, since: r.since, until: r.until, reason: r.reason} ORDER BY r.since }"
    )


CARDS = batched("Household", "id", cards_of)


def cadres(reach: Reach) -> str:
    return f"""
UNWIND $keys AS key
MATCH (:Household {{id: key}})<-[r:PAIRED_WITH]-(c:Cadre)
WHERE {active("r")} AND {reach.sees("Cadre", "c")}
WITH key, c, r ORDER BY r.since
RETURN key, collect({{cadre: c {{.*}}, since: r.since, until: r.until}}) AS items
"""


# S1: the card held on $asOf from the household's history (none when no period covers the day);
# a household with no history at all has only its current card to show.
CARD_ON = f"""CASE WHEN EXISTS {{ (h)-[:HAS_CARD]->() }}
  THEN COLLECT {{ MATCH (h)-[held:HAS_CARD]->(card:Card) WHERE {active("held")} RETURN card.color }}[0]
  ELSE h.card END"""

CARD_ON_DAY: Relation = fixed(f"""
UNWIND $keys AS key
MATCH (h:Household {{id: key}})
RETURN key, [x IN [{CARD_ON}] WHERE x IS NOT NULL | {{color: x}}] AS items
""")
