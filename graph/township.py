"""Townships (乡镇): O1, P9, P10."""

from graph.entities import Entity
from graph.listing import Listing
from graph.visibility import visible

TOWNSHIP = Entity(
    label="Township",
    key="code",
    listing=Listing(
        match="MATCH (n:Township)",
        key="n.code",
        projection="n {.code, .name}",
        sorts={"CODE": "n.code", "NAME": "n.name"},
    ),
    filters={"nameContains": "n.name CONTAINS $nameContains"},
)

VILLAGES = f"""
UNWIND $keys AS key
MATCH (:Township {{code: key}})<-[:IN_TOWNSHIP]-(v:Village)
WHERE {visible("Village", "v")}
WITH key, v ORDER BY v.code
RETURN key, collect(v {{.*}}) AS items
"""

OF_VILLAGE = """
UNWIND $keys AS key
MATCH (:Village {code: key})-[:IN_TOWNSHIP]->(t:Township)
RETURN key, collect(t {.code, .name}) AS items
"""
