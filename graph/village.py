"""Villages (行政村): W1–W3, O2."""

from graph.entities import Entity, Relation, active, batched, fixed
from graph.listing import Listing
from graph.reach import Reach

VILLAGE = Entity(
    label="Village",
    key="code",
    listing=Listing(
        match="MATCH (n:Village)",
        key="n.code",
        sorts={
            "CODE": "n.code",
            "NAME": "coalesce(n.nameKey, n.name)",  # pinyin (core/names.py)
            "HOUSEHOLDS": "COUNT { (n)<-[:IN_VILLAGE]-(:Household) }",
        },
    ),
    filters={
        "isPoor": "n.isPoor = $isPoor",
        "nameContains": "n.name CONTAINS $nameContains",
    },
    anchors={
        "townshipCode": "MATCH (:Township {code: $townshipCode})<-[:IN_TOWNSHIP]-(n:Village)",
    },
)


def village_of(reach: Reach, h: str, items: str) -> str:
    seen = reach.sees("Village", "v")
    return f"COLLECT {{ MATCH ({h})-[:IN_VILLAGE]->(v:Village) WHERE {seen} RETURN v {{{items}}} }}"


of_household = batched("Household", "id", village_of)


# Degree counts: O(1) per village, no property filter (W2 counts registered poor people).
COUNTS: Relation = fixed("""
UNWIND $keys AS key
MATCH (v:Village {code: key})
RETURN key, [{
  households: COUNT { (v)<-[:IN_VILLAGE]-(:Household) },
  people: COUNT { (v)<-[:IN_VILLAGE]-(:Household)<-[:BELONGS_TO]-(:Person) }
}] AS items
""")


def teams(reach: Reach) -> str:
    return f"""
UNWIND $keys AS key
MATCH (:Village {{code: key}})<-[s:STATIONED_IN]-(t:WorkTeam)
WHERE {active("s")} AND {reach.sees("WorkTeam", "t")}
WITH key, t, s ORDER BY t.id
RETURN key, collect(t {{.*, since: s.since, until: s.until}}) AS items
"""
