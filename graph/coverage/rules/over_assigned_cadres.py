"""W8: a cadre carries at most $maxHouseholds households (setting, default 5; 每人结对不超过5户)."""

from graph.coverage.fragments import PAIRED_TOWNSHIPS, UNIT_AT, paired_cadre, seek_nodes, unlabelled
from graph.coverage.lines import Line, column
from graph.coverage.rule import CoverageRule, ItemField, ItemType
from graph.entities import active
from graph.placement import households_in

# A cadre offends with more than $maxHouseholds pairings active on $asOf. Its degree (every pairing it
# ever had, read without a relationship) bounds that count, so only cadres above the line by degree
# are counted by date, and only the offenders' households are read.
OFFENDS = f"""WHERE COUNT {{ (c)-[:PAIRED_WITH]->() }} > $maxHouseholds
WITH c, COUNT {{ (c)-[r:PAIRED_WITH]->(:Household) WHERE {active("r")} }} AS count
WHERE count > $maxHouseholds"""
# County-wide, the cadres whose pairings ever (derived, graph/derived.py) exceed the limit, from
# their index, and those not counted (written by other means).
_CANDIDATES = seek_nodes(
    "c:Cadre", [" WHERE c.pairings > $maxHouseholds"], [unlabelled("PairingsCounted", "c:Cadre")]
)
_OVER_ASSIGNED = f"""WITH c, count, COLLECT {{ MATCH (c)-[r:PAIRED_WITH]->(x:Household) WHERE {active("r")}
                          RETURN x {{.*}} ORDER BY x.id }} AS households
WITH {{cadre: c {{.*}}, unit: {UNIT_AT}, count: count, households: households,
      severity: count, key: c.uid}} AS n
"""

# A cadre is in scope when one of the households it carries on $asOf is, each household placed in its
# village on $asOf (graph/placement.py); county-wide, every cadre that carries a household of a
# village. The dashboard counts it in every township it carries a household of on $asOf (a cadre
# whose households lie in two townships counts in each).
RULE = CoverageRule(
    id="W8",
    field="overAssignedCadres",
    reading="W8: cadres paired with more households than the limit (setting, default 5), most "
    "households first.",
    item=ItemType(
        "OverAssignedCadre",
        "W8: a cadre carrying more households than the limit (default 5).",
        (
            ItemField("cadre", "Cadre!"),
            ItemField("unit", "Unit", "O1: the cadre's unit on the date."),
            ItemField("count", "Int!", "Active pairings on the date."),
            ItemField("households", "[Household!]!"),
        ),
    ),
    body=f"""{households_in()}MATCH (h)<-[r:PAIRED_WITH]-(c:Cadre)
WHERE {active("r")}
WITH DISTINCT c
{OFFENDS}
{_OVER_ASSIGNED}""",
    county=f"""{_CANDIDATES}WITH c
{OFFENDS} AND EXISTS {{ {paired_cadre()} }}
{_OVER_ASSIGNED}""",
    alone=True,
    tally=f"""{_CANDIDATES}WITH c
{OFFENDS}
{PAIRED_TOWNSHIPS}WITH DISTINCT c, t""",
    lines=(Line("W8", "每人结对不超过5户", denominator=column("households", "pairedCadres")),),
)
