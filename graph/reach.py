"""What a caller may see and change: one `Reach` per request, built from its token, rendered into
every statement that returns or changes a household, person, village, township, cadre or team.

Neo4j Community has no fine-grained security, so the reach is Cypher: `sees(label, var)` is the
predicate "`var`, a `label` node, lies in the reach", its values parameters (`$reachCode`,
`$reachOn`), never text. Every statement builder takes a `Reach` without a default, so a statement
that forgot it does not type-check.

Reach by kind (docs/model.md):
- COUNTY (county office, investigators): everything;
- TOWNSHIP / VILLAGE (area officers): households and persons living there; the village(s) and the
  township itself; work teams ever stationed there; cadres ever paired with a household there, ever
  members of a team stationed there, or ever the Party secretary or county leader of its township
  (O1; an officer investigates past work in its area too);
- CADRE: the households the cadre is paired with today, their members, villages and townships; the
  cadre itself and the teams it is a member of;
- DEPARTMENT: the county's households, persons and places (the policy areas it leads), and no
  cadres and no work teams: those are the support work, not a department's; of the comparisons'
  suspects, its own department's only.
Units and policies are reference data, seen by every kind. Records of the work (visits, loans,
benefits, petitions, 返贫/新增 reports, rectification orders, projects and their disbursements) lie in
the reach of what they are about (a project its village's);
a department sees no visit and no rectification order (the support work).
Suspects (graph/compare): the county's all; a township officer's its township's; a village
officer's those about its households and people; a cadre's none.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from core.errors import forbidden
from core.principal import Principal, Role
from graph.entities import active
from graph.scope import Scope


class ReachKind(enum.Enum):
    COUNTY = "COUNTY"
    TOWNSHIP = "TOWNSHIP"
    VILLAGE = "VILLAGE"
    CADRE = "CADRE"
    DEPARTMENT = "DEPARTMENT"


_KIND_OF_ROLE = {
    Role.COUNTY_ADMIN: ReachKind.COUNTY,
    Role.INVESTIGATOR: ReachKind.COUNTY,
    Role.TOWNSHIP_OFFICER: ReachKind.TOWNSHIP,
    Role.VILLAGE_OFFICER: ReachKind.VILLAGE,
    Role.CADRE: ReachKind.CADRE,
    Role.DEPARTMENT: ReachKind.DEPARTMENT,
}


def _today(rel: str) -> str:
    """Relationship `rel` is active on the reach's day (a cadre's own households are today's)."""
    return active(rel, "$reachOn")


def _own(n: str) -> str:
    """`n` is a household the reach's cadre is paired with today."""
    return f"EXISTS {{ (:Cadre {{uid: $reachCode}})-[_rp:PAIRED_WITH]->({n}) WHERE {_today('_rp')} }}"


def _place(kind: ReachKind) -> str:
    """The node pattern of the reach's own township or village."""
    label = "Township" if kind is ReachKind.TOWNSHIP else "Village"
    return f"(:{label} {{code: $reachCode}})"


def _household(kind: ReachKind, n: str) -> str:
    if kind is ReachKind.CADRE:
        return _own(n)
    if kind is ReachKind.TOWNSHIP:
        return f"EXISTS {{ ({n})-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->{_place(kind)} }}"
    return f"EXISTS {{ ({n})-[:IN_VILLAGE]->{_place(kind)} }}"


def _village(kind: ReachKind, n: str) -> str:
    if kind is ReachKind.CADRE:
        return f"EXISTS {{ MATCH ({n})<-[:IN_VILLAGE]-(_rh:Household) WHERE {_own('_rh')} }}"
    if kind is ReachKind.TOWNSHIP:
        return f"EXISTS {{ ({n})-[:IN_TOWNSHIP]->{_place(kind)} }}"
    return f"{n}.code = $reachCode"


def _township(kind: ReachKind, n: str) -> str:
    if kind is ReachKind.CADRE:
        return f"EXISTS {{ MATCH ({n})<-[:IN_TOWNSHIP]-(_rv:Village) WHERE {_village(kind, '_rv')} }}"
    if kind is ReachKind.TOWNSHIP:
        return f"{n}.code = $reachCode"
    return f"EXISTS {{ ({n})<-[:IN_TOWNSHIP]-{_place(kind)} }}"


def _team(kind: ReachKind, n: str) -> str:
    if kind is ReachKind.CADRE:
        return f"EXISTS {{ ({n})<-[:MEMBER_OF]-(:Cadre {{uid: $reachCode}}) }}"
    return f"EXISTS {{ MATCH ({n})-[:STATIONED_IN]->(_rv:Village) WHERE {_village(kind, '_rv')} }}"


def _cadre(kind: ReachKind, n: str) -> str:
    if kind is ReachKind.CADRE:
        return f"{n}.uid = $reachCode"
    return (
        f"(EXISTS {{ MATCH ({n})-[:PAIRED_WITH]->(_rh:Household) WHERE {_household(kind, '_rh')} }}"
        f" OR EXISTS {{ MATCH ({n})-[:MEMBER_OF]->(_rt:WorkTeam)-[:STATIONED_IN]->(_rv:Village)"
        f" WHERE {_village(kind, '_rv')} }}"
        f" OR EXISTS {{ MATCH ({n})-[:SECRETARY_OF|RESPONSIBLE_FOR]->(_rs:Township)"
        f" WHERE {_township(kind, '_rs')} }})"
    )


def _person(kind: ReachKind, n: str) -> str:
    return f"EXISTS {{ MATCH ({n})-[:BELONGS_TO]->(_rp_h:Household) WHERE {_household(kind, '_rp_h')} }}"


# Records of the work lie in the reach of what they are about: a visit, loan or 返贫/新增 report its
# household's (a NEW report not yet registered, the village it is to be registered in; for a cadre,
# its households only); a benefit its household's or its member's; a petition its village's, or its
# township's when it names no village (for a cadre, its households'); a rectification order its
# cadre's.
def _visit(kind: ReachKind, n: str) -> str:
    return f"EXISTS {{ MATCH ({n})-[:TO]->(_rh:Household) WHERE {_household(kind, '_rh')} }}"


def _loan(kind: ReachKind, n: str) -> str:
    return f"EXISTS {{ MATCH ({n})<-[:BORROWED]-(_rh:Household) WHERE {_household(kind, '_rh')} }}"


def _benefit(kind: ReachKind, n: str) -> str:
    return (
        f"EXISTS {{ MATCH ({n})<-[:RECEIVES]-(:Household|Person)-[:BELONGS_TO*0..1]->(_rh:Household)"
        f" WHERE {_household(kind, '_rh')} }}"
    )


def _report(kind: ReachKind, n: str) -> str:
    about = f"EXISTS {{ MATCH ({n})-[:ABOUT]->(_rh:Household) WHERE {_household(kind, '_rh')} }}"
    if kind is ReachKind.CADRE:
        return about
    return (
        f"({about} OR (NOT EXISTS {{ ({n})-[:ABOUT]->(:Household) }}"
        f" AND EXISTS {{ MATCH (_rv:Village {{code: {n}.newVillageCode}}) WHERE {_village(kind, '_rv')} }}))"
    )


def _petition(kind: ReachKind, n: str) -> str:
    if kind is ReachKind.CADRE:
        return f"EXISTS {{ MATCH ({n})-[:ABOUT]->(_rh:Household) WHERE {_own('_rh')} }}"
    return (
        f"(EXISTS {{ MATCH ({n})-[:IN_VILLAGE]->(_rv:Village) WHERE {_village(kind, '_rv')} }}"
        f" OR (NOT EXISTS {{ ({n})-[:IN_VILLAGE]->(:Village) }}"
        f" AND EXISTS {{ MATCH ({n})-[:IN_TOWNSHIP]->(_rt:Township) WHERE {_township(kind, '_rt')} }}))"
    )


def _rectification(kind: ReachKind, n: str) -> str:
    return f"EXISTS {{ MATCH ({n})-[:ISSUED_TO]->(_rc:Cadre) WHERE {_cadre(kind, '_rc')} }}"


# The project register (O3): a project lies in the reach of its village (for a cadre, a village of
# its households), a disbursement in its project's.
def _project(kind: ReachKind, n: str) -> str:
    return f"EXISTS {{ MATCH ({n})-[:SITED_IN]->(_rpv:Village) WHERE {_village(kind, '_rpv')} }}"


def _disbursement(kind: ReachKind, n: str) -> str:
    return f"EXISTS {{ MATCH ({n})-[:OF_PROJECT]->(_rpp:Project) WHERE {_project(kind, '_rpp')} }}"


def _suspect(kind: ReachKind, n: str) -> str:
    """A department comparison's suspect (graph/compare): a township's are its officer's; a village
    officer's those about its households and people; a cadre handles none."""
    if kind is ReachKind.CADRE:
        return "false"
    if kind is ReachKind.TOWNSHIP:
        return f"{n}.townshipCode = $reachCode"
    return (
        f"EXISTS {{ MATCH ({n})-[:ABOUT]->(_sx) WHERE (_sx:Household AND {_household(kind, '_sx')})"
        f" OR (_sx:Person AND {_person(kind, '_sx')}) }}"
    )


_PREDICATES = {
    "Household": _household,
    "Person": _person,
    "Village": _village,
    "Township": _township,
    "WorkTeam": _team,
    "Cadre": _cadre,
    "Suspect": _suspect,
}
_RECORDS = {
    "Visit": _visit,
    "Loan": _loan,
    "Benefit": _benefit,
    "PovertyReport": _report,
    "Petition": _petition,
    "Rectification": _rectification,
    "Project": _project,
    "Disbursement": _disbursement,
}
# Labels a department never sees (the support work).
_NOT_DEPARTMENTS = frozenset({"WorkTeam", "Cadre", "Visit", "Rectification"})

RESTRICTED = frozenset(_PREDICATES)


@dataclass(frozen=True)
class Reach:
    kind: ReachKind
    code: str | None = None  # the township's or village's code, the cadre's uid, the unit's name
    on: dt.date = field(default_factory=dt.date.today)  # today: a cadre's own households are today's

    @classmethod
    def of(cls, principal: Principal) -> Reach:
        return cls(_KIND_OF_ROLE[principal.role], principal.scope)

    @property
    def is_county(self) -> bool:
        return self.kind is ReachKind.COUNTY

    def sees(self, label: str, var: str) -> str:
        """Cypher: `var`, a node of `label`, lies in this reach (`true` for unrestricted labels)."""
        predicate = _PREDICATES.get(label) or _RECORDS.get(label)
        if predicate is None or self.kind is ReachKind.COUNTY:
            return "true"
        if self.kind is ReachKind.DEPARTMENT:
            if label == "Suspect":  # a department's own comparisons only (its unit's name)
                return f"{var}.unit = $reachCode"
            return "false" if label in _NOT_DEPARTMENTS else "true"
        return "(" + predicate(self.kind, var) + ")"

    def serves(self, var: str) -> str:
        """Cypher: cadre `var` serves in this reach today: paired with one of its households or a
        member of a team stationed in it, both active (what a change about the cadre itself, such as
        a W12 order, may name). Every cadre serves the county; none a department."""
        if self.kind is ReachKind.COUNTY:
            return "true"
        if self.kind is ReachKind.DEPARTMENT:
            return "false"
        if self.kind is ReachKind.CADRE:
            return f"{var}.uid = $reachCode"
        paired = f"{_today('_rp')} AND {_household(self.kind, '_rh')}"
        stationed = f"{_today('_rm')} AND {_today('_rs')} AND {_village(self.kind, '_rv')}"
        return (
            f"(EXISTS {{ MATCH ({var})-[_rp:PAIRED_WITH]->(_rh:Household) WHERE {paired} }}"
            f" OR EXISTS {{ MATCH ({var})-[_rm:MEMBER_OF]->(:WorkTeam)-[_rs:STATIONED_IN]->(_rv:Village)"
            f" WHERE {stationed} }})"
        )

    def params(self) -> dict[str, Any]:
        """The same types for every reach: Neo4j keys a plan on its parameters' types too, so a null
        code for the county's reach would plan once more each statement it shares with an officer
        (a scope's dashboard, `own_department`). No code is '', which names no node."""
        return {"reachCode": self.code or "", "reachOn": self.on, "reachKind": self.kind.value}

    def narrow(self, asked: Scope, role: Role) -> Scope:
        """The scope of a county-level question (coverage) asked by this reach: an area officer's is
        its own area; a township officer may narrow it to one of its villages (the scope then names
        both, and the anchor requires the village to lie in the township, so another township's
        village yields nothing). Asking outside the area is FORBIDDEN."""
        if self.kind is ReachKind.TOWNSHIP:
            if asked.township not in (None, self.code):
                raise forbidden(role, f"查看其他乡镇 {asked.township} 的数据")
            return Scope(township=self.code, village=asked.village)
        if self.kind is ReachKind.VILLAGE:
            if asked.township is not None or asked.village not in (None, self.code):
                raise forbidden(role, f"查看本村 {self.code} 以外的数据")
            return Scope(village=self.code)
        return asked


COUNTY_REACH = Reach(ReachKind.COUNTY)


# The kinds whose coverage the scope alone narrows (a cadre reads no coverage, a department its own).
_AREA_KINDS = [ReachKind.COUNTY.value, ReachKind.TOWNSHIP.value, ReachKind.VILLAGE.value]


def own_department(var: str) -> str:
    """Cypher for a statement rendered for a scope, not a reach (a coverage rule, a dashboard line):
    Suspect `var` is the reach's own department's when the reach is a DEPARTMENT's; of any
    department for the other kinds, whose area the scope narrows (`Reach.narrow`). It reads the
    reach's parameters (`Reach.params`): a statement run without them fails, a kind or unit left null
    matches nothing."""
    return f"(({var}.unit = $reachCode AND $reachKind = 'DEPARTMENT') OR $reachKind IN {_AREA_KINDS})"
