"""What a caller may see, as Cypher inside every statement (issue #7).

Neo4j Community has no fine-grained security, so each statement that returns a household, person,
village, township, cadre or work team carries a predicate on that node for the caller's reach:
the county, a township, a village, or one cadre's own households. Statements are written with
`visible(label, var)`, a placeholder that reads `true` (the county) until `Visibility.apply`
replaces it with the reach's predicate; the predicate's values are parameters
(`$visibleCode`, `$visibleOn`), never text.

Reach by label (docs/model.md):
- township / village reach: households and persons living there; the village(s) and township
  themselves; work teams ever stationed there; cadres ever paired with a household there or ever
  members of a team stationed there (an officer investigates past work in its area too);
- cadre reach: the households the cadre is paired with today, their members, villages and
  townships; the cadre itself and the teams it is a member of.
Units and policies are reference data, visible to every role.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

Reach = Literal["county", "township", "village", "cadre"]

_PLACEHOLDER = re.compile(r"/\*visible:(\w+):(\w+)\*/true")

_ACTIVE = "{r}.since <= $visibleOn AND ({r}.until IS NULL OR {r}.until > $visibleOn)"
_OWN = "(:Cadre {{uid: $visibleCode}})-[_vp:PAIRED_WITH]->"
_OWN_ACTIVE = _ACTIVE.format(r="_vp")

# Label -> reach -> predicate on `{n}` (the doubled braces are Cypher's).
_IN_TOWNSHIP = "(:Township {{code: $visibleCode}})"
_IN_VILLAGE = "(:Village {{code: $visibleCode}})"
_PREDICATES: dict[str, dict[str, str]] = {
    "Household": {
        "township": "EXISTS {{ ({n})-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->" + _IN_TOWNSHIP + " }}",
        "village": "EXISTS {{ ({n})-[:IN_VILLAGE]->" + _IN_VILLAGE + " }}",
        "cadre": "EXISTS {{ " + _OWN + "({n}) WHERE " + _OWN_ACTIVE + " }}",
    },
    "Village": {
        "township": "EXISTS {{ ({n})-[:IN_TOWNSHIP]->" + _IN_TOWNSHIP + " }}",
        "village": "{n}.code = $visibleCode",
        "cadre": "EXISTS {{ " + _OWN + "(:Household)-[:IN_VILLAGE]->({n}) WHERE " + _OWN_ACTIVE + " }}",
    },
    "Township": {
        "township": "{n}.code = $visibleCode",
        "village": "EXISTS {{ ({n})<-[:IN_TOWNSHIP]-" + _IN_VILLAGE + " }}",
        "cadre": "EXISTS {{ " + _OWN + "(:Household)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->({n})"
        " WHERE " + _OWN_ACTIVE + " }}",
    },
    "WorkTeam": {
        "township": "EXISTS {{ ({n})-[:STATIONED_IN]->(:Village)-[:IN_TOWNSHIP]->" + _IN_TOWNSHIP + " }}",
        "village": "EXISTS {{ ({n})-[:STATIONED_IN]->" + _IN_VILLAGE + " }}",
        "cadre": "EXISTS {{ ({n})<-[:MEMBER_OF]-(:Cadre {{uid: $visibleCode}}) }}",
    },
    "Cadre": {
        "township": "(EXISTS {{ ({n})-[:PAIRED_WITH]->(:Household)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->"
        + _IN_TOWNSHIP
        + " }} OR EXISTS {{ ({n})-[:MEMBER_OF]->(:WorkTeam)-[:STATIONED_IN]->(:Village)-[:IN_TOWNSHIP]->"
        + _IN_TOWNSHIP
        + " }})",
        "village": "(EXISTS {{ ({n})-[:PAIRED_WITH]->(:Household)-[:IN_VILLAGE]->" + _IN_VILLAGE + " }}"
        " OR EXISTS {{ ({n})-[:MEMBER_OF]->(:WorkTeam)-[:STATIONED_IN]->" + _IN_VILLAGE + " }})",
        "cadre": "{n}.uid = $visibleCode",
    },
}
# A person is visible with its household.
_PREDICATES["Person"] = {
    reach: "EXISTS {{ ({n})-[:BELONGS_TO]->(_vh:Household) WHERE " + text.replace("{n}", "_vh") + " }}"
    for reach, text in _PREDICATES["Household"].items()
}

RESTRICTED = frozenset(_PREDICATES)


def visible(label: str, var: str) -> str:
    """The placeholder for "`var` (a `label` node) is visible to the caller"; `true` until applied."""
    return f"/*visible:{label}:{var}*/true"


@dataclass(frozen=True)
class Visibility:
    reach: Reach = "county"
    code: str | None = None  # township or village code, or the cadre's uid

    def predicate(self, label: str, var: str) -> str:
        if self.reach == "county" or label not in _PREDICATES:
            return "true"
        return "(" + _PREDICATES[label][self.reach].format(n=var) + ")"

    def apply(self, statement: str) -> str:
        """`statement` with every placeholder replaced by this reach's predicate."""
        if self.reach == "county":
            return statement
        return _PLACEHOLDER.sub(lambda m: self.predicate(m.group(1), m.group(2)), statement)

    def params(self) -> dict[str, Any]:
        return {"visibleCode": self.code, "visibleOn": dt.date.today()}


COUNTY = Visibility()
