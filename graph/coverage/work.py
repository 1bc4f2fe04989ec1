"""W9 (visit cadence), W10 (open visit problems), W12 (overdue rectifications), S1/S2 (card
mismatches) and S4 (feedback gaps)."""

from __future__ import annotations

from graph.coverage.fragments import (
    CARD_AT,
    LOW_INCOME_LINE,
    PAIRED,
    REGISTERED,
    UNIT_AT,
    VILLAGE_OF,
    card_on,
    expected_card,
    paired_cadre,
    seek_households,
)
from graph.coverage.rule import Rule
from graph.derived import visit_months
from graph.entities import active


def visit_due(period: str) -> str:
    """W9: a visit to household `h` was due in `period` ({cadence, start, due, card}, the card held on
    its last day): h was registered by that day and the card calls for the period's cadence (RED: a
    calendar month; YELLOW, GREEN: a calendar quarter)."""
    p = period
    return (
        f"(h.identifiedOn IS NULL OR h.identifiedOn <= {p}.due)\n"
        f"    AND CASE {p}.cadence WHEN 'MONTH' THEN {p}.card = 'RED'\n"
        f"             ELSE {p}.card IN ['YELLOW', 'GREEN'] END"
    )


# W9: judged on the last completed calendar period: the month before $asOf's month when the card held
# on that month's last day is RED; the quarter before $asOf's quarter when the card held on that
# quarter's last day is YELLOW or GREEN (both may apply after a change of card). A period is missed
# when no cadre's visit is dated inside it (its last day included); the earliest missed due day counts.
# Only households paired on $asOf (W7 covers the others) and registered by the period's last day.
# The visits are read as the household's visit months (visitMonths, graph/derived.py; from its visits
# when it has none recorded). The checks run cheapest first: visit months, then the card of an
# unvisited period, then the pairing.


_PERIODS = """[
       {cadence: 'QUARTER', start: $visitQuarterStart, due: $visitQuarterDue, months: $visitQuarterMonths},
       {cadence: 'MONTH', start: $visitMonthStart, due: $visitMonthDue, months: $visitMonthMonths}]"""

_OVERDUE = f"""WITH h, v, t,
     [p IN {_PERIODS} WHERE none(m IN p.months WHERE m IN visited)] AS unvisited
WHERE unvisited <> []
// A period's cadence can apply only if the household holds or ever held a card of that cadence: the
// colours of its cards (no dates read; only the current one when it held that on both due days, the
// quarter's being the earlier) rule most periods out before the card on the due day is sought.
WITH h, v, t, unvisited, CASE WHEN h.cardSince <= $visitQuarterDue THEN [h.card]
                              ELSE [(h)-[:HAS_CARD]->(k) | k.color] + h.card END AS held
WITH h, v, t, [p IN unvisited WHERE CASE p.cadence WHEN 'MONTH' THEN 'RED' IN held
                                    ELSE 'YELLOW' IN held OR 'GREEN' IN held END] AS unvisited
WHERE unvisited <> []
WITH h, v, t, [p IN unvisited WHERE h.identifiedOn IS NULL OR h.identifiedOn <= p.due
               | p {{.*, card: {card_on("p.due")}}}] AS periods
WITH h, v, t, [p IN periods WHERE {visit_due("p")}] AS missed
WHERE missed <> []
WITH h, v, t, missed[0] AS p
WHERE {PAIRED}
WITH {{household: h {{.*}}, village: v {{.*}}, township: t {{.code, .name}}, card: p.card,
      cadence: p.cadence, periodStart: p.start, due: p.due,
      daysOverdue: duration.inDays(p.due, $asOf).days,
      lastVisit: COLLECT {{ UNWIND [(h)<-[:TO]-(x:Visit) | x.date] AS d
                           WITH d WHERE d <= $asOf RETURN d ORDER BY d DESC LIMIT 1 }}[0],
      cadres: COLLECT {{ MATCH (h)<-[r:PAIRED_WITH]-(c:Cadre) WHERE {active("r")}
                        RETURN c {{.*}} ORDER BY c.uid }},
      severity: duration.inDays(p.due, $asOf).days, key: h.id}} AS n
"""

# County-wide only the households that may have missed a period are read (graph/derived.py): those
# without a visit streak, those whose quarter streak does not cover the quarter, those RED now whose
# month streak does not cover the month, and those whose card may have been another on its last day.
_RED = "USING INDEX h:Household(card, {p})\n  WHERE h.card = 'RED' AND h.{p} {op} $visitMonthStart"
UNVISITED_CANDIDATES = seek_households(
    " WHERE NOT h:Visited",
    " WHERE h.visitQuartersFrom > $visitQuarterStart",
    " WHERE h.visitQuartersTo < $visitQuarterStart",
    " " + _RED.format(p="visitMonthsFrom", op=">"),
    " " + _RED.format(p="visitMonthsTo", op="<"),
    " WHERE NOT h:CardDated",
    " WHERE h.cardSince > $visitMonthDue",
)
_VISITED = f"coalesce(h.visitMonths, {visit_months('h')}) AS visited"
OVERDUE_VISITS = Rule(
    id="W9",
    body=f"""MATCH (h:Household)-[:IN_VILLAGE]->(v)
WITH h, v, t, {_VISITED}
{_OVERDUE}""",
    county=f"""{UNVISITED_CANDIDATES}WITH h, {_VISITED}
{VILLAGE_OF}{_OVERDUE}""",
    alone=True,
)

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

# In a township or village the visits are reached from its households and their date tested once
# bound (as in W9); county-wide the escalated visits are sought in the Visit.escalate index.
OPEN_VISIT_PROBLEMS = Rule(
    id="W10",
    body=f"""MATCH (v)<-[:IN_VILLAGE]-(h:Household)
UNWIND [(h)<-[:TO]-(x:Visit) WHERE x.escalate = true | x] AS x
WITH v, t, h, x
WHERE {OPEN_PROBLEM}
{_PROBLEM}""",
    county=f"""MATCH (x:Visit)-[:TO]->(h:Household)-[:IN_VILLAGE]->(v)
USING INDEX x:Visit(escalate)
WHERE x.escalate = true AND {OPEN_PROBLEM}
{_PROBLEM}""",
)

# W12: a cadre's villages on $asOf are those of its paired households; a cadre with no pairing then
# takes the villages its teams are stationed in (MEMBER_OF → STATIONED_IN, both active).
_PAIRED_VILLAGES = (
    f"MATCH (c)-[r:PAIRED_WITH]->(:Household)-[:IN_VILLAGE]->(x:Village) WHERE {active('r')} "
    "RETURN DISTINCT x {.*} ORDER BY x.code"
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


# W12: an order issued by $asOf, not closed on $asOf, whose deadline is before $asOf.
OVERDUE_ORDER = "o.issuedOn <= $asOf AND (o.closedOn IS NULL OR o.closedOn > $asOf) AND o.deadline < $asOf"
_ORDER = f"""WITH c, o, COLLECT {{ {_PAIRED_VILLAGES} }} AS paired
WITH {{order: o {{.*}}, cadre: c {{.*}}, unit: {UNIT_AT},
      villages: CASE WHEN size(paired) > 0 THEN paired ELSE COLLECT {{ {_TEAM_VILLAGES} }} END,
      deadline: o.deadline, daysPast: duration.inDays(o.deadline, $asOf).days,
      severity: duration.inDays(o.deadline, $asOf).days, key: o.id}} AS n
"""

# In a township or village its cadres are found first; county-wide the orders themselves (a cadre
# is then in scope when it has a paired household or a stationed team in any village).
OPEN_RECTIFICATIONS = Rule(
    id="W12",
    body=f"""CALL (v) {{
  MATCH (v)<-[:IN_VILLAGE]-(:Household)<-[r:PAIRED_WITH]-(c:Cadre)
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
)

# S1/S2: the card held (`card`, CARD_AT) is not the card the rules give (`expected`).
MISMATCH = "(card IS NULL OR card <> expected)"


# S1/S2: the card the rules give: 未脱贫/返贫 → RED; 已脱贫 below the low-income line ($lowIncomeFactor ×
# $povertyLine) → YELLOW; at or above it → GREEN. Households whose status, or (脱贫) income, is
# unknown are not judged; a missing card disagrees with any. The household's properties are read once
# into `x` (in a WHERE the planner reads status three times per household), the card history last.
def _mismatched(carry: str) -> str:
    """S1/S2: household `h` (with `carry`) when mismatched; binds x, line, expected and card."""
    return f"""WITH {carry}, h {{.status, .income, .identifiedOn}} AS x, {LOW_INCOME_LINE} AS line
WITH {carry}, x, line, {expected_card("line", "x")} AS expected
WHERE expected IS NOT NULL AND {REGISTERED.replace("h.", "x.")}
WITH {carry}, x, line, expected, {CARD_AT} AS card
WHERE {MISMATCH}
"""


_MISMATCH = """WITH {household: h {.*}, village: v {.*}, township: t {.code, .name}, card: card,
      expected: expected, status: x.status, income: x.income, lowIncomeLine: line,
      severity: CASE WHEN expected <> 'RED' AND card IN ['YELLOW', 'GREEN'] THEN abs(x.income - line)
                     ELSE 1 END,
      key: h.id} AS n
"""


def _contradicted(status: str, cards: str, income: str = "") -> str:
    """A seek of the households of `status` holding one of `cards` (and an `income` condition)."""
    index, where = ("status, card, income", f" AND h.income {income}") if income else ("status, card", "")
    return f" USING INDEX h:Household({index})\n  WHERE h.status IN {status} AND h.card IN {cards}{where}"


# County-wide only the households whose card may disagree are read: those without cardSince, those
# whose card changed after $asOf, and those whose current card the rules contradict (the cases of
# expected_card, sought in the (status, card[, income]) indexes; a judged OUT household has an income).
MISMATCH_CANDIDATES = seek_households(
    " WHERE NOT h:CardDated",
    " WHERE h.cardSince > $asOf",
    _contradicted("['NOT_OUT', 'RETURNED']", "['YELLOW', 'GREEN']"),
    _contradicted("['OUT']", "['RED']", "IS NOT NULL"),
    _contradicted("['OUT']", "['YELLOW']", f">= {LOW_INCOME_LINE}"),
    _contradicted("['OUT']", "['GREEN']", f"< {LOW_INCOME_LINE}"),
)
CARD_MISMATCHES = Rule(
    id="S1, S2",
    body=f"""MATCH (h:Household)-[:IN_VILLAGE]->(v)
{_mismatched("h, v, t")}{_MISMATCH}""",
    county=f"""{MISMATCH_CANDIDATES}{_mismatched("h")}{VILLAGE_OF}{_MISMATCH}""",
    alone=True,
)

# S4: a feedback (FEEDBACK_TO) is open on $asOf when its measure is not true and it is not closed on
# $asOf (closedOn null or after). `measure` has no date: a measure recorded later also counts for a
# past $asOf.
OPEN_FEEDBACK = "coalesce(f.measure, false) <> true AND (f.closedOn IS NULL OR f.closedOn > $asOf)"
# S4: report `r`, verified by $asOf, has a feedback still open.
REPORT_WITH_GAP = f"r.verifiedOn <= $asOf AND EXISTS {{ (r)-[f:FEEDBACK_TO]->(:Unit) WHERE {OPEN_FEEDBACK} }}"

FEEDBACK_GAPS = Rule(
    id="S4",
    body=f"""MATCH (v)<-[:IN_VILLAGE]-(h:Household)<-[:ABOUT]-(r:PovertyReport)
WHERE {REPORT_WITH_GAP}
WITH {{report: r {{.*}}, household: h {{.*}}, village: v {{.*}}, township: t {{.code, .name}},
      verifiedOn: r.verifiedOn, days: duration.inDays(r.verifiedOn, $asOf).days,
      departments: COLLECT {{ MATCH (r)-[f:FEEDBACK_TO]->(u:Unit) WHERE {OPEN_FEEDBACK}
                             RETURN u {{.*}} ORDER BY u.name }},
      severity: duration.inDays(r.verifiedOn, $asOf).days, key: r.id}} AS n
""",
)
