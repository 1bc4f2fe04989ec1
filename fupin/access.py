"""Which role may use which root field: one table, checked before a field resolves.

What a role may see or change is limited further inside Cypher by the caller's reach
(graph/reach.py), which also narrows a coverage question's scope (resolvers/coverage/base.py). A
field missing from the table is open to COUNTY_ADMIN only, so a new field is closed until someone
decides who may use it (a test checks that every field of the schema is listed).
"""

from __future__ import annotations

from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types import Info

from core.errors import NotFound, forbidden
from core.principal import Role
from graph.coverage.rule import AREA
from graph.coverage.rules import RULES

A, T, V, C, D, I = (  # noqa: E741 — the roles' initials keep the table readable
    Role.COUNTY_ADMIN,
    Role.TOWNSHIP_OFFICER,
    Role.VILLAGE_OFFICER,
    Role.CADRE,
    Role.DEPARTMENT,
    Role.INVESTIGATOR,
)
EVERYONE = frozenset(Role)
CHANGE_AREA = frozenset({A, T})  # changes to pairings, teams, cards, cases: the county or township

QUERY: dict[str, frozenset[Role]] = {
    **dict.fromkeys(["townships", "township", "villages", "village"], EVERYONE),
    **dict.fromkeys(["households", "household", "person", "personByIdNumber"], EVERYONE),
    **dict.fromkeys(["units", "unit", "policies", "policy"], EVERYONE),
    # Cadres and teams are the support work, not a department's policy area.
    **dict.fromkeys(["cadres", "cadre", "cadreByIdNumber", "workTeams", "workTeam"], EVERYONE - {D}),
    "coverage": EVERYONE - {C},
    # Open to all, each entity it answers with then checked against its own lookup field (NODES).
    "node": EVERYONE,
    # The records of the work, each inside the caller's reach; visits and rectification orders are
    # the support work, not a department's.
    **dict.fromkeys(["petitions", "povertyReports", "benefits", "loans", "projects"], EVERYONE),
    **dict.fromkeys(["visits", "rectifications"], EVERYONE - {D}),
    "auditTrail": frozenset({A, I}),
    # A comparison's suspects: within the reach (a department its own department's).
    "suspects": frozenset({A, T, V, D}),
    **dict.fromkeys(
        ["responsibilityChain", "villageChain", "cadreAccountability", "householdHistory"],
        frozenset({A, T, I}),
    ),
}

# `node(id)` answers with an entity only to a role that may use that entity's own lookup field; to
# any other role it is not found, as an unknown id is. A type missing here is found by nobody.
NODES: dict[str, str] = {
    "Household": "household",
    "Person": "person",
    "Cadre": "cadre",
    "Village": "village",
    "Township": "township",
    "WorkTeam": "workTeam",
    "Unit": "unit",
    "Policy": "policy",
}

# Each rule's coverage fields (graph/coverage/rules/) are read by the roles it declares; those of a
# policy area (P1–P10) by a DEPARTMENT only when its unit leads that area.
POLICY_FIELDS: dict[str, str] = {field: rule.policy for rule in RULES if rule.policy for field in rule.fields}
COVERAGE: dict[str, frozenset[Role]] = {
    "scope": EVERYONE - {C},
    **{field: rule.readers for rule in RULES for field in rule.fields},
    "summary": AREA,
    "villageSummaries": AREA,
    "tallies": AREA,
}

MUTATION: dict[str, frozenset[Role]] = {
    **dict.fromkeys(
        [
            "pairCadre", "endPairing", "createWorkTeam", "stationMember", "endStationing",
            "setTeamLeader", "reclassifyCard", "reportPoverty", "exitHousehold",
            "issueRectification", "closeRectification", "recordPetition", "closePetition",
            "recordLoan", "recordRepayment", "voidLoan", "voidRepayment", "updateHousehold",
            "updatePerson", "addPerson", "movePerson", "recordDeath", "removeHousehold",
        ],
        CHANGE_AREA,
    ),
    # The project register (O3): the county office or the township's officer.
    **dict.fromkeys(
        ["createProject", "updateProject", "endProject", "addProjectBeneficiaries", "endProjectBeneficiary",
         "recordDisbursement"],
        CHANGE_AREA,
    ),
    # The county office verifies and records (S3) and records institutional reform (W6).
    **dict.fromkeys(["verifyPovertyReport", "recordUnitMerger", "transferCadre"], frozenset({A})),
    # Visits: the cadre itself (its own only, checked by the resolver), or the area's officers; a
    # problem reported upward (W10) is resolved above the cadre.
    "recordVisit": frozenset({A, T, V, C}),
    "resolveVisitProblem": frozenset({A, T, V}),
    "recordAttendance": frozenset({A, T, V}),
    # A department records its own measures (S4), checked by the resolver.
    "recordDepartmentMeasure": frozenset({A, T, D}),
    # A comparison's suspects: the county office, or the township officer of the suspect's township
    # (graph/reach.py, Suspect).
    **dict.fromkeys(["confirmSuspect", "dismissSuspect"], CHANGE_AREA),
    # A department's list compared: the county office, or the department itself (its own only,
    # checked by the resolver).
    "compareDepartmentFile": frozenset({A, D}),
}  # fmt: skip


class Allowed(BasePermission):
    """The table's answer for this field and the caller's role."""

    def __init__(self, table: dict[str, frozenset[Role]]) -> None:
        self.table = table

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        table = self.table
        field = info.field_name
        role = info.context.principal.role
        if role not in table.get(field, frozenset({A})):
            raise forbidden(role, f"使用 {field}")
        if role is Role.DEPARTMENT and field in POLICY_FIELDS:
            leads = await info.context.led_policies()
            if POLICY_FIELDS[field] not in leads:
                raise forbidden(role, f"查看 {field}：{POLICY_FIELDS[field]} 不由本部门牵头")
        return True


class NodeLookup(FieldExtension):
    """`node(id)`: the entity found stays hidden from a role its own lookup field refuses (NODES)."""

    async def resolve_async(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        found = await next_(source, info, **kwargs)
        lookup = NODES.get(type(found).__name__)
        if lookup is None or info.context.principal.role not in QUERY.get(lookup, frozenset({A})):
            raise NotFound(f"未找到编号为 {kwargs['id']} 的对象", argument="id", id=kwargs["id"])
        return found


def guard(cls: Any, table: dict[str, frozenset[Role]]) -> None:
    """Put `table`'s check on every field of the type `cls` (before the schema is built)."""
    check = Allowed(table)
    for field in cls.__strawberry_definition__.fields:
        field.extensions.append(PermissionExtension([check], use_directives=False))
        if field.python_name == "node":
            field.extensions.append(NodeLookup())
