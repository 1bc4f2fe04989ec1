"""W9: a paired household is visited every calendar month while its card is RED and every calendar
quarter while it is YELLOW or GREEN (走访周期).

Judged on the last completed calendar period: the month before $asOf's month when the card held on
that month's last day is RED; the quarter before $asOf's quarter when the card held on that
quarter's last day is YELLOW or GREEN (both may apply after a change of card). A period is missed
when no cadre's visit is dated inside it (its last day included); the earliest missed due day
counts. Only households paired on $asOf (W7 covers the others) and registered by the period's last
day. The visits are read as the household's visit months (visitMonths, graph/derived.py; from its
visits when it has none recorded). The checks run cheapest first: visit months, then the card of an
unvisited period, then the pairing. The periods are parameters (graph/coverage/params.py
visit_periods), so that no date is computed per household.
"""

from graph.coverage.fragments import PAIRED, VILLAGE_OF, card_on, seek_households
from graph.coverage.lines import Line, column
from graph.coverage.rule import CoverageRule, ItemField, ItemType, with_township
from graph.derived import visit_months
from graph.entities import active
from graph.placement import households_in


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


def _red(streak: str, op: str) -> str:
    """A seek of the households RED now whose month streak end `streak` compares by `op` to the month."""
    return (
        f"USING INDEX h:Household(card, {streak})\n"
        f"  WHERE h.card = 'RED' AND h.{streak} {op} $visitMonthStart"
    )


UNVISITED_CANDIDATES = seek_households(
    " WHERE NOT h:Visited",
    " WHERE h.visitQuartersFrom > $visitQuarterStart",
    " WHERE h.visitQuartersTo < $visitQuarterStart",
    " " + _red("visitMonthsFrom", ">"),
    " " + _red("visitMonthsTo", "<"),
    " WHERE NOT h:CardDated",
    " WHERE h.cardSince > $visitMonthDue",
)
_VISITED = f"coalesce(h.visitMonths, {visit_months('h')}) AS visited"
_COUNTY = f"""{UNVISITED_CANDIDATES}WITH h, {_VISITED}
{VILLAGE_OF}{_OVERDUE}"""

RULE = CoverageRule(
    id="W9",
    field="overdueVisits",
    reading="W9: paired households not visited in their last completed calendar period, most days "
    "overdue first. A household whose card on the last day of the month before the date's month was "
    "RED needed a visit in that month; one whose card on the last day of the quarter before the date's "
    "quarter was YELLOW or GREEN needed one in that quarter (the card from its history on that day, "
    "else the current card; both periods are judged when both apply, the earlier missed one is shown). "
    "A visit by any cadre dated inside the period counts, its last day included. Only households "
    "paired on the date (unpaired ones are W7's) and registered (首次识别时间) by the period's last day. "
    "due = the period's last day; daysOverdue = date − due.",
    item=ItemType(
        "OverdueVisit",
        "W9: a paired household not visited in its last completed calendar period.",
        (
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            ItemField("township", "Township!"),
            ItemField("card", "Card!", "S1: the card held on the period's last day."),
            ItemField("cadence", "VisitCadence!", "The period judged: MONTH (RED) or QUARTER."),
            ItemField("periodStart", "Date!", "First day of the period judged."),
            ItemField("due", "Date!", "Last day of the period judged: a visit was due by then."),
            ItemField("daysOverdue", "Int!", "Days from `due` to the date."),
            ItemField("lastVisit", "Date", "Latest visit up to the date, any cadre."),
            ItemField("cadres", "[Cadre!]!", "W7: the cadres paired with it on the date."),
        ),
    ),
    body=f"""{households_in()}WITH h, v, t, {_VISITED}
{_OVERDUE}""",
    county=_COUNTY,
    alone=True,
    tally=with_township(_COUNTY),
    # Against the paired households (the summary's walk over the households).
    lines=(Line("W9", "按时走访", denominator=column("households", "pairedHouseholds")),),
)
