"""W11: a stationed cadre is in the village at least $minDays days a month (setting, default 20;
驻村每月不少于20天), counted as distinct in-village check-in days (钉钉打卡, 是否在村)."""

from graph.coverage.fragments import TOWNSHIP, unit_at
from graph.coverage.lines import Figure, Line
from graph.coverage.rule import CoverageRule, ItemField, ItemType, Period
from graph.entities import active


def _active_on_day(rel: str) -> str:
    """Active on $day (the month's last day, or $asOf if earlier) instead of on $asOf."""
    return active(rel, "$day")


def days_in_village(month: str = "$") -> str:
    """W11: cadre `c`'s distinct in-village check-in dates in a month (`month` prefixes the names
    month_params gives: "$" for parameters, "mo." for a map of them) from its first day to `day`:
    for a whole month, as the cadre's villageDays record it (graph/derived.py); else, or when it
    has none recorded, from its check-ins. `a` has no label (CHECKED_IN leads only to Attendance)
    so the planner expands from the cadre instead of seeking the whole county's month in the date
    index once per cadre."""
    m = month
    return (
        f"CASE WHEN {m}wholeMonth AND c.villageDays IS NOT NULL\n"
        f"     THEN coalesce([x IN c.villageDays WHERE x / 100 = {m}monthKey | x % 100][0], 0)\n"
        f"     ELSE COUNT {{ MATCH (c)-[:CHECKED_IN]->(a) WHERE a.inVillage = true\n"
        f"                   AND {m}monthStart <= a.date <= {m}day RETURN DISTINCT a.date }} END"
    )


# W11: members stationed on $day with fewer than $minDays distinct in-village check-in dates from
# $monthStart to $day (never after $asOf). The cadre's unit is the one on $day.
_STATIONED = f"""MATCH (v)<-[s:STATIONED_IN]-(wt:WorkTeam)<-[m:MEMBER_OF]-(c:Cadre)
WHERE {_active_on_day("s")} AND {_active_on_day("m")}
"""
_CHECKED_IN = "a.inVillage = true AND $monthStart <= a.date <= $day"

_SHORT = f"""WHERE days < $minDays
WITH {{cadre: c {{.*}}, unit: {unit_at("$day")}, role: m.role, team: wt {{.*}},
      village: v {{.*}}, township: {TOWNSHIP}, month: $month, days: days, required: $minDays,
      severity: $minDays - days, key: c.uid + ' ' + wt.id}} AS n
"""

# A whole month (the default: the month before asOf's): every member's days as its villageDays record
# them (`days_in_village`), in every scope. The month so far (asOf inside it): in a township or
# village each cadre's check-ins are expanded from it; county-wide the month's check-ins are sought
# once in the date index and hash-joined onto the members.
RULE = CoverageRule(
    id="W11",
    field="attendanceShortfalls",
    reading="W11: stationed cadres (team members on the month's last day, or on the date if earlier, "
    "of a team stationed then) with fewer distinct in-village check-in days (钉钉打卡, 是否在村) in the "
    "month than the setting (default 20), counting days up to the date only. Most missing days first.",
    item=ItemType(
        "AttendanceShortfall",
        "W11: a stationed cadre in the village fewer days than required in a month.",
        (
            ItemField("cadre", "Cadre!"),
            ItemField("unit", "Unit", "O1: the cadre's unit on the month's last counted day."),
            ItemField("role", "TeamRole"),
            ItemField("team", "WorkTeam!"),
            ItemField("village", "Village!"),
            ItemField("township", "Township!"),
            ItemField("month", "String!", "YYYY-MM."),
            ItemField("days", "Int!", "Distinct days checked in with 是否在村 = true."),
            ItemField("required", "Int!", "Setting, default 20."),
        ),
    ),
    period=Period.MONTH,
    body=f"""{_STATIONED}WITH v, t, wt, m, c, {days_in_village()} AS days
{_SHORT}""",
    county_so_far=f"""{_STATIONED}OPTIONAL MATCH (c)-[:CHECKED_IN]->(a:Attendance)
USING INDEX a:Attendance(date) USING JOIN ON c
WHERE {_CHECKED_IN}
WITH v, t, wt, m, c, count(DISTINCT a.date) AS days
{_SHORT}""",
    # The dashboard judges the default month, against the cadres stationed on the date.
    lines=(
        Line(
            "W11",
            "驻村每月不少于20天",
            denominator=Figure(
                local="MATCH (v)<-[s:STATIONED_IN]-(:WorkTeam)<-[m:MEMBER_OF]-(c:Cadre) "
                f"WHERE {active('s')} AND {active('m')} RETURN count(DISTINCT c) AS k"
            ),
        ),
    ),
)
