"""Townships (乡镇): O1, P9, P10."""

from graph.entities import Entity, active, batched
from graph.listing import Listing
from graph.reach import Reach

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


def villages(reach: Reach) -> str:
    return f"""
UNWIND $keys AS key
MATCH (:Township {{code: key}})<-[:IN_TOWNSHIP]-(v:Village)
WHERE {reach.sees("Village", "v")}
WITH key, v ORDER BY v.code
RETURN key, collect(v {{.*}}) AS items
"""


def township_of(reach: Reach, v: str, items: str) -> str:
    return (
        f"COLLECT {{ MATCH ({v})-[:IN_TOWNSHIP]->(t:Township) WHERE {reach.sees('Township', 't')} "
        f"RETURN t {{{items}}} }}"
    )


of_village = batched("Village", "code", township_of, ".code, .name")


def _leaders(relationship: str, reach: Reach) -> str:
    """O1: the township's Party secretary (SECRETARY_OF) or county leader (RESPONSIBLE_FOR) on $asOf."""
    return f"""
UNWIND $keys AS key
MATCH (:Township {{code: key}})<-[l:{relationship}]-(c:Cadre)
WHERE {active("l")} AND {reach.sees("Cadre", "c")}
WITH key, c, l ORDER BY l.since, c.uid
RETURN key, collect({{cadre: c {{.*}}, since: l.since, until: l.until}}) AS items
"""


def secretaries(reach: Reach) -> str:
    return _leaders("SECRETARY_OF", reach)


def county_leaders(reach: Reach) -> str:
    return _leaders("RESPONSIBLE_FOR", reach)
