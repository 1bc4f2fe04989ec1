"""Members of registered households: P2, P3, P6."""

from graph.entities import Entity
from graph.listing import Listing
from graph.reach import Reach

PERSON = Entity(
    label="Person",
    key="uid",
    listing=Listing(match="MATCH (n:Person)", key="n.uid", sorts={"NAME": "coalesce(n.nameKey, n.name)"}),
)

PERSON_BY_ID_NUMBER = Entity(label="Person", key="idNumber", listing=PERSON.listing)


def household(reach: Reach, items: str = ".*") -> str:
    """The household of each person of $keys, each a map of `items` (".*", or the properties the
    caller builds it from)."""
    return f"""
UNWIND $keys AS key
MATCH (:Person {{uid: key}})-[:BELONGS_TO]->(h:Household)
WHERE {reach.sees("Household", "h")}
RETURN key, collect(h {{{items}}}) AS items
"""
