"""W4: a COUNTY team has a first secretary who leads it (第一书记兼队长, FIRST_SECRETARY_LEADER)."""

from graph.coverage.fragments import DISPATCHER, TOWNSHIP
from graph.coverage.lines import Figure, Line
from graph.coverage.rule import CoverageRule, ItemField, ItemType
from graph.entities import active

# Days since the last one left, else since the team was stationed.
RULE = CoverageRule(
    id="W4",
    field="teamsWithoutFirstSecretary",
    reading="W4: COUNTY teams stationed on the date with no active member in the role "
    "FIRST_SECRETARY_LEADER (第一书记兼队长). Longest without one first (since the last one left, "
    "else since the team was stationed).",
    item=ItemType(
        "TeamWithoutFirstSecretary",
        "W4: a county team without a first secretary (第一书记) on the date.",
        (
            ItemField("team", "WorkTeam!"),
            ItemField("village", "Village!"),
            ItemField("township", "Township!"),
            ItemField("unit", "Unit", "O1: the dispatching unit (派出单位)."),
            ItemField("leader", "Cadre", "The member with role LEADER (队长), if any."),
            ItemField(
                "since",
                "Date",
                "Without one since: the end of the last first secretary's membership, else the team's "
                "stationing.",
            ),
            ItemField("days", "Int", "Days without one on the date."),
        ),
    ),
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
    # Against the COUNTY teams stationed in the township.
    lines=(
        Line(
            "W4",
            "县派队长兼第一书记",
            denominator=Figure(
                local=f"MATCH (v)<-[s:STATIONED_IN]-(wt:WorkTeam {{level: 'COUNTY'}}) WHERE {active('s')} "
                "RETURN count(DISTINCT wt) AS k"
            ),
        ),
    ),
)
