"""W12: a rectification order (整改通知) issued to a cadre is closed by its deadline."""

from graph.coverage.fragments import PAIRED_TOWNSHIPS, PLACED, UNIT_AT, paired_cadre, placed_in
from graph.coverage.lines import Figure, Line
from graph.coverage.rule import CoverageRule, ItemField, ItemType
from graph.entities import active
from graph.placement import households_in, village_of

# A cadre's villages on $asOf are those of its paired households, each placed in its village on $asOf
# (graph/placement.py); a cadre with no pairing then takes the villages its teams are stationed in
# (MEMBER_OF → STATIONED_IN, both active).
_PAIRED_VILLAGES = (
    f"MATCH (c)-[r:PAIRED_WITH]->(ph:Household) WHERE {active('r')} "
    f"{village_of('ph', 'x').strip()} RETURN DISTINCT x {{.*}} ORDER BY x.code"
)
_TEAM_VILLAGES = (
    f"MATCH (c)-[m:MEMBER_OF]->(:WorkTeam)-[s:STATIONED_IN]->(x:Village) WHERE {active('m')} "
    f"AND {active('s')} RETURN DISTINCT x {{.*}} ORDER BY x.code"
)


def stationed_cadre(township: str = ":Township") -> str:
    """Cadre `c` a member on $asOf of a team stationed then in a village of `township` (a pattern and
    its WHERE)."""
    return (
        f"(c)-[m:MEMBER_OF]->(:WorkTeam)-[s:STATIONED_IN]->(:Village)-[:IN_TOWNSHIP]->({township}) "
        f"WHERE {active('m')} AND {active('s')}"
    )


# An order issued by $asOf, not closed on $asOf, whose deadline is before $asOf.
OVERDUE_ORDER = "o.issuedOn <= $asOf AND (o.closedOn IS NULL OR o.closedOn > $asOf) AND o.deadline < $asOf"
_ORDER = f"""WITH c, o, COLLECT {{ {_PAIRED_VILLAGES} }} AS paired
WITH {{order: o {{.*}}, cadre: c {{.*}}, unit: {UNIT_AT},
      villages: CASE WHEN size(paired) > 0 THEN paired ELSE COLLECT {{ {_TEAM_VILLAGES} }} END,
      deadline: o.deadline, daysPast: duration.inDays(o.deadline, $asOf).days,
      severity: duration.inDays(o.deadline, $asOf).days, key: o.id}} AS n
"""

# The dashboard's denominator: orders issued by $asOf to cadres paired in the township.
_ORDERS = "o.issuedOn <= $asOf"

# In a township or village its cadres are found first; county-wide the orders themselves (a cadre
# is then in scope when it has a paired household or a stationed team in any village). The
# dashboard counts an order in every township its cadre's villages lie in.
RULE = CoverageRule(
    id="W12",
    field="openRectifications",
    reading="W12: rectification orders (整改通知) issued by the date, not closed on it (closedOn null or "
    "after it) and whose deadline is before it; most days past the deadline first. A cadre's "
    "villages, which place it in a scope, are those of its households paired on the date, else (no "
    "pairing) those its work teams are stationed in on the date.",
    item=ItemType(
        "OpenRectification",
        "W12: a rectification order past its deadline and not closed on the date.",
        (
            ItemField("order", "Rectification!", "整改通知."),
            ItemField("cadre", "Cadre!"),
            ItemField("unit", "Unit", "O1: the cadre's unit on the date."),
            ItemField(
                "villages",
                "[Village!]!",
                "The cadre's villages on the date: of its paired households, else of its teams.",
            ),
            ItemField("deadline", "Date!", "整改期限."),
            ItemField("daysPast", "Int!", "Days from the deadline to the date."),
        ),
    ),
    body=f"""CALL (v) {{
  {households_in().strip()}
  MATCH (h)<-[r:PAIRED_WITH]-(c:Cadre)
  WHERE {active("r")}
  RETURN c
  UNION
  MATCH (v)<-[s:STATIONED_IN]-(:WorkTeam)<-[m:MEMBER_OF]-(c:Cadre)
  WHERE {active("s")} AND {active("m")}
    AND NOT EXISTS {{ (c)-[r:PAIRED_WITH]->(:Household) WHERE {active("r")} }}
  RETURN c
}}
WITH DISTINCT c
MATCH (o:Rectification)-[:ISSUED_TO]->(c)
WHERE {OVERDUE_ORDER}
{_ORDER}""",
    county=f"""MATCH (o:Rectification)-[:ISSUED_TO]->(c:Cadre)
WHERE {OVERDUE_ORDER} AND (EXISTS {{ {paired_cadre()} }} OR EXISTS {{ {stationed_cadre()} }})
{_ORDER}""",
    alone=True,
    tally=f"""MATCH (o:Rectification)-[:ISSUED_TO]->(c:Cadre)
WHERE {OVERDUE_ORDER}
CALL (c) {{
  {PAIRED_TOWNSHIPS.strip()}
  RETURN t
  UNION
  MATCH {stationed_cadre("t:Township")}
    AND NOT EXISTS {{ (c)-[r:PAIRED_WITH]->(:Household) WHERE {active("r")} }}
  RETURN t
}}
WITH DISTINCT o, t""",
    lines=(
        Line(
            "W12",
            "整改按期完成",
            denominator=Figure(
                local=f"MATCH (h:Household){placed_in('v')}, (h)<-[r:PAIRED_WITH]-(:Cadre)<-[:ISSUED_TO]-"
                f"(o:Rectification) WHERE {PLACED} AND {active('r')} AND {_ORDERS} "
                "RETURN count(DISTINCT o) AS k",
                county="MATCH (o:Rectification)-[:ISSUED_TO]->(:Cadre)-[r:PAIRED_WITH]->(h:Household) "
                f"{placed_in()}-[:IN_TOWNSHIP]->(t:Township) WHERE {_ORDERS} AND {active('r')} AND {PLACED} "
                "WITH DISTINCT o, t",
            ),
        ),
    ),
)
