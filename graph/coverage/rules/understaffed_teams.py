"""W1, W6: a stationed team has its members: a poverty village's COUNTY team at least $minTeamSize
(setting, default 3; W1: "对建档立卡贫困村派驻3人帮扶工作队"), and a member who leaves is replaced (W6).
A W2 team (a non-poverty village with many poor people) has no minimum size."""

from graph.coverage.fragments import DISPATCHER, MEMBERS, TOWNSHIP
from graph.coverage.lines import Figure, Line
from graph.coverage.rule import CoverageRule, ItemField, ItemType
from graph.entities import active


# A membership that ends the day the same cadre starts another one in the team is a change of role,
# neither a departure nor a join.
def _continues(m: str, c: str) -> str:
    """Membership `m` of cadre `c` in team wt is followed by another starting the day it ends."""
    return f"EXISTS {{ (wt)<-[k:MEMBER_OF]-({c}) WHERE k.since = {m}.until }}"


def _resumes(m: str, c: str) -> str:
    """Membership `m` of cadre `c` in team wt follows another ending the day it starts."""
    return f"EXISTS {{ (wt)<-[k:MEMBER_OF]-({c}) WHERE k.until = {m}.since }}"


# W1: a poverty village's COUNTY team below $minTeamSize. W6: departures are matched one to one
# with the joins on or after them, latest first: a departure is unreplaced when fewer joins followed
# it than departures happened from it on (itself included; ties by uid), so two leavers and one
# newcomer leave one gap. Missing = the larger of W1's and W6's.
RULE = CoverageRule(
    id="W1,W6",
    field="understaffedTeams",
    reading="W1, W6: teams stationed on the date that are short of members. W1: a poverty village's "
    "(isPoor) COUNTY team with fewer active members than the setting (default 3); a team elsewhere has "
    "no minimum size. W6: a team with a member whose membership "
    "ended on or before the date while nobody (another cadre, or the same cadre in a new role) joined "
    "the team from that end day up to the date. Most missing members first (the larger of the W1 "
    "shortfall and the number of unreplaced departures).",
    types=(
        ItemType(
            "TeamDeparture",
            "W6: a member who left the team and was not replaced.",
            (
                ItemField("cadre", "Cadre!"),
                ItemField("role", "TeamRole"),
                ItemField("since", "Date"),
                ItemField("until", "Date", "The day the member left."),
            ),
        ),
    ),
    item=ItemType(
        "UnderstaffedTeam",
        "W1, W6: a team short of members on the date.",
        (
            ItemField("team", "WorkTeam!"),
            ItemField("village", "Village!"),
            ItemField("township", "Township!"),
            ItemField("unit", "Unit", "O1, W6: the dispatching unit (派出单位)."),
            ItemField(
                "rules",
                "[String!]!",
                "W1 (poverty village's county team too small), W6 (not refilled), or both.",
            ),
            ItemField("members", "Int!", "Members on the date."),
            ItemField(
                "required",
                "Int",
                "W1: minimum size of a poverty village's county team (setting, default 3); null for any "
                "other team.",
            ),
            ItemField(
                "unreplaced",
                "[TeamDeparture!]!",
                "W6: members who left by the date with nobody joining on or after their last day.",
            ),
        ),
    ),
    body=f"""MATCH (v)<-[s:STATIONED_IN]-(wt:WorkTeam)
WHERE {active("s")}
WITH v, t, wt, {MEMBERS} AS members,
     CASE WHEN wt.level = 'COUNTY' AND v.isPoor THEN $minTeamSize END AS required,
     COLLECT {{ MATCH (wt)<-[r:MEMBER_OF]-(c:Cadre)
                WHERE r.until <= $asOf AND NOT {_continues("r", "c")}
                  AND COUNT {{ (wt)<-[j:MEMBER_OF]-(y:Cadre)
                               WHERE r.until <= j.since <= $asOf AND NOT {_resumes("j", "y")} }}
                    < COUNT {{ (wt)<-[x:MEMBER_OF]-(z:Cadre)
                               WHERE r.until <= x.until <= $asOf AND (x.until > r.until OR z.uid >= c.uid)
                                 AND NOT {_continues("x", "z")} }}
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
    # Against the teams stationed in the township.
    lines=(
        Line(
            "W1,W6",
            "工作队人员配齐",
            denominator=Figure(
                local=f"MATCH (v)<-[s:STATIONED_IN]-(wt:WorkTeam) WHERE {active('s')} "
                "RETURN count(DISTINCT wt) AS k"
            ),
        ),
    ),
)
