"""Units (帮扶单位) and county departments: W6, O1, P1–P10."""

from graph.entities import Entity, Relation, active, fixed
from graph.listing import Listing

UNIT = Entity(
    label="Unit",
    key="name",
    listing=Listing(match="MATCH (n:Unit)", key="n.name", sorts={"NAME": "coalesce(n.nameKey, n.name)"}),
    filters={
        "type": "n.type = $type",
        "nameContains": "n.name CONTAINS $nameContains",
        "merged": "EXISTS { (n)-[:MERGED_INTO]->() } = $merged",
    },
)

MERGED_INTO: Relation = fixed("""
UNWIND $keys AS key
MATCH (:Unit {name: key})-[m:MERGED_INTO]->(u:Unit)
WHERE m.since <= $asOf
RETURN key, collect(u {.*, since: m.since}) AS items
""")

CADRE_COUNT: Relation = fixed(f"""
UNWIND $keys AS key
MATCH (u:Unit {{name: key}})
RETURN key, [{{cadres: COUNT {{ (u)<-[r:WORKS_FOR]-(:Cadre) WHERE {active("r")} }}}}] AS items
""")


# W6: merger chains are short (一帮二, 一帮三: one or two steps); the bound keeps a bad roster from
# making a long walk.
MAX_MERGERS = 10


def answering(unit: str, day: str) -> str:
    """W6: the unit that answers for `unit` on `day` (a Cypher expression) — `unit` itself unless
    merged by then — with the merger steps that lead to it."""
    return (
        f"COLLECT {{ MATCH ({unit}) (()-[step:MERGED_INTO WHERE step.since <= {day}]->()){{0,{MAX_MERGERS}}}"
        f" (heir:Unit) WHERE NOT EXISTS {{ (heir)-[later:MERGED_INTO]->() WHERE later.since <= {day} }}"
        " RETURN {unit: heir {.*}, mergers: [hop IN step | {merged: properties(startNode(hop)),"
        " into: properties(endNode(hop)), since: hop.since}]} ORDER BY size(step) DESC LIMIT 1 }[0]"
    )


ANSWERING: Relation = fixed(f"""
UNWIND $keys AS key
MATCH (u:Unit {{name: key}})
RETURN key, [x IN [{answering("u", "$asOf")}] WHERE x IS NOT NULL | x.unit] AS items
""")
