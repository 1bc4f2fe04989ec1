"""W7 (every household paired) and W8 (at most 5 households per cadre)."""

from graph.coverage.fragments import CARD_AT, REGISTERED, UNIT_AT, VILLAGE_OF, seek_households
from graph.coverage.rule import Rule
from graph.entities import active

# W7: household h has a cadre on $asOf: from its open pairings' start on (pairedSince,
# graph/derived.py), else as its pairings say.
PAIRED = (
    "(coalesce(h.pairedSince <= $asOf, false) OR "
    f"EXISTS {{ (h)<-[r:PAIRED_WITH]-(:Cadre) WHERE {active('r')} }})"
)
# W8: the cadres household h has on $asOf, by uid (non-empty exactly when PAIRED holds): from the last
# day any of its pairings started or ended on (cadresSince, graph/derived.py) those of its open
# pairings, recorded as pairedCadres; else as its pairings say.
PAIRED_CADRES = (
    "CASE WHEN h.cadresSince <= $asOf THEN h.pairedCadres ELSE "
    f"[(h)<-[r:PAIRED_WITH]-(c:Cadre) WHERE {active('r')} | coalesce(c.uid, elementId(c))] END"
)


def paired_cadre(township: str = ":Township") -> str:
    """Cadre `c` paired on $asOf with a household of a village of `township` (a pattern and its
    WHERE, for a MATCH or an EXISTS)."""
    return (
        f"(c)-[r:PAIRED_WITH]->(:Household)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->({township}) "
        f"WHERE {active('r')}"
    )


# Never paired and registration date unknown: unpaired for as long as we know, so it ranks first.
_UNPAIRED = f"""WITH h, v, t,
     coalesce(COLLECT {{ MATCH (h)<-[r:PAIRED_WITH]-() WHERE r.until <= $asOf
                         RETURN r.until ORDER BY r.until DESC LIMIT 1 }}[0], h.identifiedOn) AS since
WITH {{household: h {{.*}}, village: v {{.*}}, township: t {{.code, .name}}, card: {CARD_AT},
      since: since, days: CASE WHEN since IS NULL THEN null ELSE duration.inDays(since, $asOf).days END,
      severity: coalesce(duration.inDays(since, $asOf).days, $unknownStart), key: h.id}} AS n
"""

# County-wide only the households that may be unpaired are read: those without pairedSince and those
# paired only after $asOf.
UNPAIRED_CANDIDATES = seek_households(" WHERE NOT h:Paired", " WHERE h.pairedSince > $asOf")
UNPAIRED_HOUSEHOLDS = Rule(
    id="W7",
    body=f"""MATCH (h:Household)-[:IN_VILLAGE]->(v)
WHERE {REGISTERED} AND NOT {PAIRED}
{_UNPAIRED}""",
    county=f"""{UNPAIRED_CANDIDATES}WITH h WHERE {REGISTERED} AND NOT {PAIRED}
{VILLAGE_OF}{_UNPAIRED}""",
    alone=True,
)

# W8: a cadre offends with more than $maxHouseholds pairings active on $asOf. Its degree (every
# pairing it ever had, read without a relationship) bounds that count, so only cadres above the line
# by degree are counted by date, and only the offenders' households are read.
OFFENDS = f"""WHERE COUNT {{ (c)-[:PAIRED_WITH]->() }} > $maxHouseholds
WITH c, COUNT {{ (c)-[r:PAIRED_WITH]->(:Household) WHERE {active("r")} }} AS count
WHERE count > $maxHouseholds"""
_OVER_ASSIGNED = f"""WITH c, count, COLLECT {{ MATCH (c)-[r:PAIRED_WITH]->(x:Household) WHERE {active("r")}
                          RETURN x {{.*}} ORDER BY x.id }} AS households
WITH {{cadre: c {{.*}}, unit: {UNIT_AT}, count: count, households: households,
      severity: count, key: c.uid}} AS n
"""

# A cadre is in scope when one of the households it carries on $asOf is; county-wide, every cadre
# that carries a household of a village.
OVER_ASSIGNED_CADRES = Rule(
    id="W8",
    body=f"""MATCH (v)<-[:IN_VILLAGE]-(:Household)<-[r:PAIRED_WITH]-(c:Cadre)
WHERE {active("r")}
WITH DISTINCT c
{OFFENDS}
{_OVER_ASSIGNED}""",
    county=f"""MATCH (c:Cadre)
{OFFENDS} AND EXISTS {{ {paired_cadre()} }}
{_OVER_ASSIGNED}""",
    alone=True,
)
