"""Policy areas P1–P10 and their lead departments."""

from neo4j import AsyncDriver

from graph import reads
from graph.entities import Entity, Relation, fixed
from graph.listing import Listing

POLICY = Entity(
    label="Policy",
    key="code",
    listing=Listing(
        match="MATCH (n:Policy)",
        key="n.code",
        # P10 sorts after P9: order by the number, not the text.
        sorts={"CODE": "toInteger(substring(n.code, 1))"},
    ),
    filters={"area": "n.area = $area"},
)

LEAD_DEPARTMENTS: Relation = fixed("""
UNWIND $keys AS key
MATCH (:Policy {code: key})<-[:LEADS]-(u:Unit)
WITH key, u ORDER BY u.name
RETURN key, collect(u {.*}) AS items
""")


async def led_by(driver: AsyncDriver, database: str, unit: str) -> frozenset[str]:
    """The policy codes (P1–P10) a department leads: what a DEPARTMENT caller may see."""
    records = await reads.read(
        driver,
        database,
        "MATCH (:Unit {name: $unit})-[:LEADS]->(p:Policy) RETURN collect(p.code) AS codes",
        {"unit": unit},
    )
    return frozenset(records[0]["codes"])
