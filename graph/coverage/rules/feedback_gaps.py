"""S4: a verified 返贫/新增 record (S3) fed back to departments gets their measures (返贫新增户措施落实)."""

from graph.coverage.fragments import PLACED, placed_in
from graph.coverage.lines import Figure, Line
from graph.coverage.rule import CoverageRule, ItemField, ItemType

# S4: a feedback (FEEDBACK_TO) is open on $asOf when its measure is not true and it is not closed on
# $asOf (closedOn null or after). `measure` has no date: a measure recorded later also counts for a
# past $asOf.
OPEN_FEEDBACK = "coalesce(f.measure, false) <> true AND (f.closedOn IS NULL OR f.closedOn > $asOf)"
# S4: report `r`, verified by $asOf, has a feedback still open.
REPORT_WITH_GAP = f"r.verifiedOn <= $asOf AND EXISTS {{ (r)-[f:FEEDBACK_TO]->(:Unit) WHERE {OPEN_FEEDBACK} }}"
# S4: a report is counted in the village its household lived in on $asOf (graph/placement.py), in
# one pattern from the reports to the scope's villages (or county-wide, their townships).
_REPORTS = f"MATCH (r:PovertyReport)-[:ABOUT]->(h:Household){placed_in('v')} WHERE {PLACED} AND"
_REPORTED = f"MATCH (r:PovertyReport)-[:ABOUT]->(h:Household){placed_in()}-[:IN_TOWNSHIP]->(t:Township)"

RULE = CoverageRule(
    id="S4",
    field="feedbackGaps",
    reading="S4: 返贫/新增 records verified by the date with at least one department fed back to "
    "(FEEDBACK_TO) whose measure is not recorded (measure not true) and which is not closed on the date "
    "(closedOn null or after it); longest since verification first. `measure` carries no date, so a "
    "measure recorded later also counts for an earlier date.",
    item=ItemType(
        "FeedbackGap",
        "S4: a verified 返贫/新增 record fed back to departments with no measure yet.",
        (
            ItemField("report", "PovertyReport!"),
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            ItemField("township", "Township!"),
            ItemField("verifiedOn", "Date!", "核实日期."),
            ItemField("days", "Int!", "Days from verification to the date."),
            ItemField(
                "departments",
                "[Unit!]!",
                "Departments fed back to (FEEDBACK_TO) with no measure and not closed on the date.",
            ),
        ),
    ),
    body=f"""{_REPORTS} {REPORT_WITH_GAP}
WITH {{report: r {{.*}}, household: h {{.*}}, village: v {{.*}}, township: t {{.code, .name}},
      verifiedOn: r.verifiedOn, days: duration.inDays(r.verifiedOn, $asOf).days,
      departments: COLLECT {{ MATCH (r)-[f:FEEDBACK_TO]->(u:Unit) WHERE {OPEN_FEEDBACK}
                             RETURN u {{.*}} ORDER BY u.name }},
      severity: duration.inDays(r.verifiedOn, $asOf).days, key: r.id}} AS n
""",
    # County-wide the dashboard counts them from the reports, against the reports verified by the date.
    tally=f"""{_REPORTED}
WHERE {PLACED} AND {REPORT_WITH_GAP}""",
    lines=(
        Line(
            "S4",
            "返贫新增户措施落实",
            denominator=Figure(
                local=f"{_REPORTS} r.verifiedOn <= $asOf RETURN count(r) AS k",
                county=f"{_REPORTED} WHERE {PLACED} AND r.verifiedOn <= $asOf",
            ),
        ),
    ),
)
