"""Units (帮扶单位) and county departments: W6, O1, P1–P10."""

from graph.entities import Entity, active
from graph.listing import Listing

UNIT = Entity(
    label="Unit",
    key="name",
    listing=Listing(match="MATCH (n:Unit)", key="n.name", sorts={"NAME": "n.name"}),
    filters={
        "type": "n.type = $type",
        "nameContains": "n.name CONTAINS $nameContains",
        "merged": "EXISTS { (n)-[:MERGED_INTO]->() } = $merged",
    },
)

MERGED_INTO = """
UNWIND $keys AS key
MATCH (:Unit {name: key})-[m:MERGED_INTO]->(u:Unit)
WHERE m.since <= $asOf
RETURN key, collect(u {.*, since: m.since}) AS items
"""

CADRE_COUNT = f"""
UNWIND $keys AS key
MATCH (u:Unit {{name: key}})
RETURN key, [{{cadres: COUNT {{ (u)<-[r:WORKS_FOR]-(:Cadre) WHERE {active("r")} }}}}] AS items
"""
