"""Responsible cadres (帮扶责任人): W7–W12, O1."""

from graph.entities import Entity, Relation, active, fixed
from graph.listing import Listing
from graph.reach import Reach

CADRE = Entity(
    label="Cadre",
    key="uid",
    listing=Listing(
        match="MATCH (n:Cadre)",
        key="n.uid",
        sorts={
            "NAME": "coalesce(n.nameKey, n.name)",  # pinyin (core/names.py)
            "HOUSEHOLDS": "COUNT { (n)-[r:PAIRED_WITH WHERE r.until IS NULL]->() }",
        },
    ),
    filters={
        "nameContains": "n.name CONTAINS $nameContains",
        "isStationed": "n.isStationed = $isStationed",
    },
    anchors={
        "unitName": "MATCH (:Unit {name: $unitName})<-[w:WORKS_FOR WHERE w.until IS NULL]-(n:Cadre)",
    },
)

CADRE_BY_ID_NUMBER = Entity(label="Cadre", key="idNumber", listing=CADRE.listing)


def households(reach: Reach, items: str = ".*") -> str:
    """The households paired with each cadre of $keys on $asOf, each a map of `items` (as for
    graph/person.py `household`) with its pairing's days."""
    return f"""
UNWIND $keys AS key
MATCH (:Cadre {{uid: key}})-[r:PAIRED_WITH]->(h:Household)
WHERE {active("r")} AND {reach.sees("Household", "h")}
WITH key, h, r ORDER BY r.since, h.id
RETURN key, collect({{household: h {{{items}}}, since: r.since, until: r.until}}) AS items
"""


UNITS: Relation = fixed(f"""
UNWIND $keys AS key
MATCH (:Cadre {{uid: key}})-[r:WORKS_FOR]->(u:Unit)
WHERE {active("r")}
RETURN key, collect(u {{.*}}) AS items
""")


def teams(reach: Reach) -> str:
    return f"""
UNWIND $keys AS key
MATCH (:Cadre {{uid: key}})-[m:MEMBER_OF]->(t:WorkTeam)
WHERE {active("m")} AND {reach.sees("WorkTeam", "t")}
RETURN key, collect(t {{.*, role: m.role, since: m.since, until: m.until}}) AS items
"""
