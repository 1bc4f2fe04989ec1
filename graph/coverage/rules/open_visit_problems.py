"""W10: a problem a visit reported upward (是否需上报) is resolved."""

from graph.coverage.fragments import PLACED, placed_in, seek_nodes
from graph.coverage.lines import Line, column
from graph.coverage.rule import CoverageRule, ItemField, ItemType
from graph.placement import households_in

# W10: an escalated problem (是否需上报) of a visit dated up to $asOf, not resolved on $asOf: resolved
# when `resolvedOn` is on or before $asOf or, for rosters that record no date (走访记录 has only
# 解决情况), when 解决情况 is filled in.
OPEN_PROBLEM = """x.date <= $asOf
  AND CASE WHEN x.resolvedOn IS NOT NULL THEN x.resolvedOn > $asOf
           ELSE trim(coalesce(x.resolution, '')) = '' END"""

_PROBLEM = """WITH {visit: x {.*}, household: h {.*}, village: v {.*}, township: t {.code, .name},
      cadre: COLLECT { MATCH (c:Cadre)-[:MADE]->(x) RETURN c {.*} ORDER BY c.uid LIMIT 1 }[0],
      problem: x.findings, since: x.date, daysOpen: duration.inDays(x.date, $asOf).days,
      severity: duration.inDays(x.date, $asOf).days, key: x.id} AS n
"""

# County-wide, the problems open on some day from their visit's on (graph/derived.py Unresolved) and
# those resolved after $asOf (an index seek): every other escalated problem was resolved by $asOf,
# or has a 解决情况 and no day, resolved on any day.
_CANDIDATES = seek_nodes(
    "x:Visit",
    [" USING INDEX x:Visit(escalate, resolvedOn) WHERE x.escalate = true AND x.resolvedOn > $asOf"],
    ["MATCH (x:Unresolved) RETURN x"],
)

# In a township or village the visits are reached from its households labelled Escalated (those with
# an escalated visit, graph/derived.py) and their date tested once bound (as in W9). A visit is
# listed in the village its household lived in on $asOf (graph/placement.py).
ESCALATED_HOUSEHOLDS = households_in(where="h:Escalated")
RULE = CoverageRule(
    id="W10",
    field="openVisitProblems",
    reading="W10: problems visits reported upward (是否需上报 = true) and not resolved on the date "
    "(resolvedOn null or after it), visits dated up to the date; longest open first (daysOpen = date "
    "− visit date).",
    item=ItemType(
        "OpenVisitProblem",
        "W10: a problem a visit reported upward (是否需上报) and not yet resolved.",
        (
            ItemField("visit", "Visit!"),
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            ItemField("township", "Township!"),
            ItemField("cadre", "Cadre", "The cadre who made the visit."),
            ItemField("problem", "String", "发现问题."),
            ItemField("since", "Date!", "The visit's date."),
            ItemField("daysOpen", "Int!", "Days from the visit to the date."),
        ),
    ),
    body=f"""{ESCALATED_HOUSEHOLDS}UNWIND [(h)<-[:TO]-(x:Visit) WHERE x.escalate = true | x] AS x
WITH v, t, h, x
WHERE {OPEN_PROBLEM}
{_PROBLEM}""",
    county=f"""{_CANDIDATES}MATCH (x)-[:TO]->(h:Household){placed_in()}-[:IN_TOWNSHIP]->(t:Township)
WHERE {PLACED} AND {OPEN_PROBLEM}
{_PROBLEM}""",
    alone=True,
    # Counted in the summary's walk over the escalated visits (graph/coverage/walks.py).
    lines=(
        Line(
            "W10",
            "上报问题已解决",
            offenders=column("escalated", "openProblems"),
            denominator=column("escalated", "escalated"),
        ),
    ),
)
