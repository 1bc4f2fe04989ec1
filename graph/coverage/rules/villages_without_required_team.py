"""W1–W3: every village has the work team (驻村工作队) its rule requires: a COUNTY team for a poverty
village (W1) and for a village with at least $bigVillagePeople poor people (W2), any team for every
other village (W3). Teams of the wrong level are listed with their sizes."""

from graph.coverage.fragments import MEMBERS, POOR_PEOPLE, TOWNSHIP
from graph.coverage.lines import Figure, Line
from graph.coverage.rule import CoverageRule, ItemField, ItemType
from graph.entities import active

RULE = CoverageRule(
    id="W1-W3",
    field="villagesWithoutRequiredTeam",
    reading="W1–W3: villages without the work team (驻村工作队) their rule requires on the date. W1: a "
    "poverty village (isPoor) needs a COUNTY team; W2: a non-poverty village with at least the setting's "
    "number of registered poor people (default 100; people of households registered by the date) needs "
    "a COUNTY team; W3: every other village needs a team of any level. A team counts when stationed "
    "there on the date (an undersized county team counts here and shows in understaffedTeams). Most "
    "poor people first.",
    types=(
        ItemType(
            "StationedTeam",
            "W1–W3: a team stationed in the village on the date.",
            (
                ItemField("team", "WorkTeam!"),
                ItemField("level", "TeamLevel"),
                ItemField("members", "Int!", "Members on the date."),
            ),
        ),
    ),
    item=ItemType(
        "VillageWithoutRequiredTeam",
        "W1–W3: a village without the team its rule requires on the date.",
        (
            ItemField("village", "Village!"),
            ItemField("township", "Township!"),
            ItemField(
                "rule",
                "String!",
                "W1 poverty village (贫困村), W2 non-poverty village with at least the setting's number "
                "of poor people (default 100), W3 any other village.",
            ),
            ItemField("requiredLevel", "TeamLevel!", "COUNTY (县派) for W1/W2, any team for W3."),
            ItemField("teams", "[StationedTeam!]!", "The teams it has, none of the level required."),
            ItemField("poorPeople", "Int!", "Registered poor people (members of its households)."),
        ),
    ),
    body=f"""WITH v, t, COLLECT {{ MATCH (v)<-[s:STATIONED_IN]-(wt:WorkTeam) WHERE {active("s")}
                RETURN {{team: wt {{.*}}, level: wt.level, members: {MEMBERS}}} ORDER BY wt.id }} AS teams
// A COUNTY team meets every one of the three rules: only the other villages' people are counted.
WHERE none(x IN teams WHERE x.level = 'COUNTY')
WITH v, t, teams, {POOR_PEOPLE} AS people
WITH v, t, people, teams,
     CASE WHEN v.isPoor THEN 'W1' WHEN people >= $bigVillagePeople THEN 'W2' ELSE 'W3' END AS rule
// W1, W2: no COUNTY team (every village left has none); W3: no team at all.
WHERE rule <> 'W3' OR size(teams) = 0
WITH {{village: v {{.*}}, township: {TOWNSHIP}, rule: rule,
      requiredLevel: CASE rule WHEN 'W3' THEN 'TOWNSHIP' ELSE 'COUNTY' END,
      teams: teams, poorPeople: people, severity: people, key: v.code}} AS n
""",
    lines=(Line("W1-W3", "驻村工作队全覆盖", denominator=Figure(local="RETURN count(v) AS k")),),
)
