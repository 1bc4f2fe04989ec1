"""Village work teams (驻村帮扶工作队): W1–W6, W11."""

from graph.entities import Entity, Relation, active, fixed
from graph.listing import Listing
from graph.reach import Reach

TEAM = Entity(
    label="WorkTeam",
    key="id",
    listing=Listing(match="MATCH (n:WorkTeam)", key="n.id", sorts={"ID": "n.id"}),
    filters={"level": "n.level = $level"},
    anchors={
        "villageCode": "MATCH (:Village {code: $villageCode})<-[:STATIONED_IN]-(n:WorkTeam)",
        "unitName": "MATCH (:Unit {name: $unitName})-[:DISPATCHED]->(n:WorkTeam)",
    },
)


def members(reach: Reach) -> str:
    return f"""
UNWIND $keys AS key
MATCH (:WorkTeam {{id: key}})<-[m:MEMBER_OF]-(c:Cadre)
WHERE {active("m")} AND {reach.sees("Cadre", "c")}
WITH key, c, m ORDER BY m.role, m.since
RETURN key, collect({{cadre: c {{.*}}, role: m.role, since: m.since, until: m.until}}) AS items
"""


def villages(reach: Reach) -> str:
    return f"""
UNWIND $keys AS key
MATCH (:WorkTeam {{id: key}})-[s:STATIONED_IN]->(v:Village)
WHERE {active("s")} AND {reach.sees("Village", "v")}
RETURN key, collect(v {{.*}}) AS items
"""


# O1, W6: the latest dispatch by $asOf (a merger adds the successor's, graph/changes/units.py).
UNITS: Relation = fixed("""
UNWIND $keys AS key
MATCH (:WorkTeam {id: key})<-[d:DISPATCHED]-(u:Unit)
WHERE d.since IS NULL OR d.since <= $asOf
WITH key, u, d ORDER BY coalesce(d.since, date('0001-01-01')) DESC
RETURN key, collect(u {.*}) AS items
""")
