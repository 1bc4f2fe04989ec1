"""W1–W4, W6 (work teams), W11 (days in the village) and O2 (information officer)."""

from __future__ import annotations

from graph.coverage.fragments import REGISTERED, UNIT_AT
from graph.coverage.rule import Rule
from graph.entities import active, active_on

# W2, O2: people of the village's households registered by $asOf.
# Counted as each household's BELONGS_TO degree (only persons belong to a household), not by
# expanding to every person.
POOR_PEOPLE = (
    f"COLLECT {{ MATCH (v)<-[:IN_VILLAGE]-(h:Household) WHERE {REGISTERED} "
    "RETURN sum(COUNT { (h)<-[:BELONGS_TO]-() }) AS people }[0]"
)
HOUSEHOLDS = f"COUNT {{ (v)<-[:IN_VILLAGE]-(h:Household) WHERE {REGISTERED} }}"
# W1: members of team wt on $asOf.
MEMBERS = f"COUNT {{ (wt)<-[m:MEMBER_OF]-(:Cadre) WHERE {active('m')} }}"
# O1, W6: the unit that dispatched team wt (the latest dispatch by $asOf when there are several).
DISPATCHER = (
    "COLLECT { MATCH (u:Unit)-[d:DISPATCHED]->(wt) WHERE d.since IS NULL OR d.since <= $asOf "
    "RETURN u {.*} ORDER BY d.since DESC }[0]"
)
TOWNSHIP = "t {.code, .name}"

# A membership that ends the day the same cadre starts another one in the team is a change of role,
# neither a departure nor a join.
_CONTINUES = "EXISTS {{ (wt)<-[k:MEMBER_OF]-({c}) WHERE k.since = {m}.until }}"
_RESUMES = "EXISTS {{ (wt)<-[k:MEMBER_OF]-({c}) WHERE k.until = {m}.since }}"

# W1: a COUNTY team below $minTeamSize. W6: departures are matched one to one with the joins on or
# after them, latest first: a departure is unreplaced when fewer joins followed it than departures
# happened from it on (itself included; ties by uid), so two leavers and one newcomer leave one gap.
# Missing = the larger of W1's and W6's.
UNDERSTAFFED_TEAMS = Rule(
    id="W1,W6",
    body=f"""MATCH (v)<-[s:STATIONED_IN]-(wt:WorkTeam)
WHERE {active("s")}
WITH v, t, wt, {MEMBERS} AS members,
     CASE WHEN wt.level = 'COUNTY' THEN $minTeamSize END AS required,
     COLLECT {{ MATCH (wt)<-[r:MEMBER_OF]-(c:Cadre)
                WHERE r.until <= $asOf AND NOT {_CONTINUES.format(m="r", c="c")}
                  AND COUNT {{ (wt)<-[j:MEMBER_OF]-(y:Cadre)
                               WHERE r.until <= j.since <= $asOf AND NOT {_RESUMES.format(m="j", c="y")} }}
                    < COUNT {{ (wt)<-[x:MEMBER_OF]-(z:Cadre)
                               WHERE r.until <= x.until <= $asOf AND (x.until > r.until OR z.uid >= c.uid)
                                 AND NOT {_CONTINUES.format(m="x", c="z")} }}
                RETURN {{cadre: c {{.*}}, role: r.role, since: r.since, until: r.until}}
                ORDER BY r.until, c.uid }} AS unreplaced
WITH v, t, wt, members, required, unreplaced,
     CASE WHEN required > members THEN required - members ELSE 0 END AS short
WHERE short > 0 OR size(unreplaced) > 0
WITH {{team: wt {{.*}}, village: v {{.*}}, township: {TOWNSHIP}, unit: {DISPATCHER},
      rules: CASE WHEN short > 0 THEN ['W1'] ELSE [] END
             + CASE WHEN size(unreplaced) > 0 THEN ['W6'] ELSE [] END,
      members: members, required: required, unreplaced: unreplaced,
      severity: CASE WHEN short > size(unreplaced) THEN short ELSE size(unreplaced) END, key: wt.id}} AS n
""",
)

# W4: a COUNTY team with no active FIRST_SECRETARY_LEADER; days since the last one left, else since
# the team was stationed.
TEAMS_WITHOUT_FIRST_SECRETARY = Rule(
    id="W4",
    body=f"""MATCH (v)<-[s:STATIONED_IN]-(wt:WorkTeam {{level: 'COUNTY'}})
WHERE {active("s")}
  AND NOT EXISTS {{ (wt)<-[m:MEMBER_OF {{role: 'FIRST_SECRETARY_LEADER'}}]-(:Cadre) WHERE {active("m")} }}
WITH v, t, wt,
     COLLECT {{ MATCH (wt)<-[m:MEMBER_OF {{role: 'LEADER'}}]-(c:Cadre) WHERE {active("m")}
                RETURN c {{.*}} ORDER BY m.since, c.uid }}[0] AS leader,
     coalesce(COLLECT {{ MATCH (wt)<-[m:MEMBER_OF {{role: 'FIRST_SECRETARY_LEADER'}}]-(:Cadre)
                         WHERE m.until <= $asOf RETURN m.until ORDER BY m.until DESC LIMIT 1 }}[0],
              s.since) AS since
WITH {{team: wt {{.*}}, village: v {{.*}}, township: {TOWNSHIP}, unit: {DISPATCHER}, leader: leader,
      since: since, days: CASE WHEN since IS NULL THEN null ELSE duration.inDays(since, $asOf).days END,
      severity: coalesce(duration.inDays(since, $asOf).days, $unknownStart), key: wt.id}} AS n
""",
)


def _active_on_day(rel: str) -> str:
    """Active on $day (the month's last day, or $asOf if earlier) instead of on $asOf."""
    return active_on(rel, "$day")


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
WITH {{cadre: c {{.*}}, unit: {UNIT_AT.replace("$asOf", "$day")}, role: m.role, team: wt {{.*}},
      village: v {{.*}}, township: {TOWNSHIP}, month: $month, days: days, required: $minDays,
      severity: $minDays - days, key: c.uid + ' ' + wt.id}} AS n
"""

# A whole month (the default: the month before asOf's): every member's days as its villageDays record
# them (`days_in_village`), in every scope.
ATTENDANCE_SHORTFALLS = Rule(
    id="W11",
    body=f"""{_STATIONED}WITH v, t, wt, m, c, {days_in_village()} AS days
{_SHORT}""",
)

# The month so far (asOf inside it): in a township or village each cadre's check-ins are expanded
# from it; county-wide the month's check-ins are sought once in the date index and hash-joined onto
# the members.
ATTENDANCE_SO_FAR = Rule(
    id="W11",
    body=ATTENDANCE_SHORTFALLS.body,
    county=f"""{_STATIONED}OPTIONAL MATCH (c)-[:CHECKED_IN]->(a:Attendance)
USING INDEX a:Attendance(date) USING JOIN ON c
WHERE {_CHECKED_IN}
WITH v, t, wt, m, c, count(DISTINCT a.date) AS days
{_SHORT}""",
)


# O2: a village with a registered household and no 扶贫信息员 (name missing or blank).
VILLAGES_WITHOUT_INFORMATION_OFFICER = Rule(
    id="O2",
    body=f"""WHERE coalesce(trim(v.infoOfficerName), '') = ''
  AND EXISTS {{ (v)<-[:IN_VILLAGE]-(h:Household) WHERE {REGISTERED} }}
WITH v, t, {POOR_PEOPLE} AS people
WITH {{village: v {{.*}}, township: {TOWNSHIP}, households: {HOUSEHOLDS}, poorPeople: people,
      severity: people, key: v.code}} AS n
""",
)
