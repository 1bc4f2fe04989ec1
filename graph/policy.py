"""Policy areas P1–P10 and their lead departments."""

from graph.entities import Entity
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

LEAD_DEPARTMENTS = """
UNWIND $keys AS key
MATCH (:Policy {code: key})<-[:LEADS]-(u:Unit)
WITH key, u ORDER BY u.name
RETURN key, collect(u {.*}) AS items
"""
