"""`coverage.openSuspects` and its dashboard line (S3), each caller seeing the suspects in its reach.

The graph (built here, asOf 2026-12-01): township T1 with villages V1a (household H1) and V1b (H2),
township T2 with V2 (H3). Suspects, by construction:

    id  department  township village found        closed       open on asOf   age
    s1  医保         T1       V1a     2026-10-01   -            yes            61 (31–90)
    s2  民政         T1       V1b     2026-11-25   -            yes             6
    s3  医保         T2       V2      2026-06-01   -            yes           183 (>90)
    s4  医保         T1       V1a     2026-10-01   2026-11-01   no (handled)
    s5  民政         T1       -       2026-11-30   -            yes             1 (漏评, no village)
    s6  公安         -        -       2026-11-01   -            yes            30 (county office's)
    s7  医保         T1       V1a     2026-12-10   -            no (found later)
"""

from __future__ import annotations

import datetime as dt

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from core.principal import Role
from core.settings import Settings
from graph.connection import Target
from graph.coverage.rules.open_suspects import RULE
from graph.reach import COUNTY_REACH, Reach, ReachKind
from graph.scope import Scope
from tests.conftest import bearer, gql, gql_errors

AS_OF = "2026-12-01"
T1, T2 = "430624101", "430624102"
V1A, V1B, V2 = T1 + "201", T1 + "202", T2 + "201"
MEDICAL, RELIEF, POLICE = "县医疗保障局", "县民政局", "县公安局"

_UNITS = {"医保": MEDICAL, "民政": RELIEF, "公安": POLICE}
SUSPECTS = [
    # id, department, township, village, household, found, closed
    ("s1", "医保", T1, V1A, "H1", "2026-10-01", None),
    ("s2", "民政", T1, V1B, "H2", "2026-11-25", None),
    ("s3", "医保", T2, V2, "H3", "2026-06-01", None),
    ("s4", "医保", T1, V1A, "H1", "2026-10-01", "2026-11-01"),
    ("s5", "民政", T1, None, None, "2026-11-30", None),
    ("s6", "公安", None, None, None, "2026-11-01", None),
    ("s7", "医保", T1, V1A, "H1", "2026-12-10", None),
]

_GRAPH = """
MATCH (county:County)
CREATE (t1:Township {code: $t1, name: '东塘镇'})-[:IN_COUNTY]->(county)
CREATE (t2:Township {code: $t2, name: '城西镇'})-[:IN_COUNTY]->(county)
CREATE (:Household {id: 'H1'})-[:IN_VILLAGE]->(:Village {code: $v1a, name: '红星村'})-[:IN_TOWNSHIP]->(t1)
CREATE (:Household {id: 'H2'})-[:IN_VILLAGE]->(:Village {code: $v1b, name: '光明村'})-[:IN_TOWNSHIP]->(t1)
CREATE (:Household {id: 'H3'})-[:IN_VILLAGE]->(:Village {code: $v2, name: '湖滨村'})-[:IN_TOWNSHIP]->(t2)
WITH *
UNWIND $suspects AS x
CREATE (s:Suspect {id: x.id, department: x.department, unit: x.unit, rule: 'P3', kind: 'MEDICAL_INSURANCE',
                   reason: '测试', match: 'ID', departmentRow: '{}', register: '{}', proposed: '{}',
                   effectiveOn: date(x.found), foundOn: date(x.found), townshipCode: x.township,
                   villageCode: x.village, householdId: x.household,
                   status: CASE WHEN x.closed IS NULL THEN 'OPEN' ELSE 'DISMISSED' END,
                   closedOn: CASE WHEN x.closed IS NULL THEN null ELSE date(x.closed) END})
WITH s, x
OPTIONAL MATCH (h:Household {id: x.household})
FOREACH (_ IN CASE WHEN h IS NULL THEN [] ELSE [1] END | CREATE (s)-[:ABOUT]->(h))
"""

QUERY = (
    'query($scope: ScopeInput) { coverage(asOf: "' + AS_OF + '", scope: $scope) { openSuspects {'
    " totalCount edges { node { suspect { id } department ageDays age foundOn township { code } } } } } }"
)
SUMMARY = (
    'query($scope: ScopeInput) { coverage(asOf: "' + AS_OF + '", scope: $scope) { summary {'
    " lines { key rules count denominator }"
    " townships { township { code } lines { key count denominator } } } } }"
)

VILLAGES = (
    'query($scope: ScopeInput) { coverage(asOf: "' + AS_OF + '", scope: $scope) {'
    " villageSummaries { village { code } lines { key count denominator } } } }"
)


@pytest.fixture
def suspects(db: Driver, neo4j_target: Target) -> None:
    build(db, neo4j_target.database)


def build(db: Driver, database: str) -> None:
    """The graph of the module's docstring."""
    rows = [
        dict(zip(("id", "department", "township", "village", "household", "found", "closed"), s, strict=True))
        | {"unit": _UNITS[s[1]]}
        for s in SUSPECTS
    ]
    db.execute_query(_GRAPH, t1=T1, t2=T2, v1a=V1A, v1b=V1B, v2=V2, suspects=rows, database_=database)


def _listed(client: TestClient, settings: Settings, role: Role, code: str | None, **scope: str) -> list[str]:
    client.headers["authorization"] = bearer(settings, role, code)
    found = gql(client, QUERY, scope=scope or None)["coverage"]["openSuspects"]
    ids = [e["node"]["suspect"]["id"] for e in found["edges"]]
    assert found["totalCount"] == len(ids)
    return ids


@pytest.mark.usefixtures("suspects")
def test_each_caller_reads_the_open_suspects_in_its_reach_oldest_first(
    client: TestClient, settings: Settings
) -> None:
    assert _listed(client, settings, Role.COUNTY_ADMIN, None) == ["s3", "s1", "s6", "s2", "s5"]
    assert _listed(client, settings, Role.TOWNSHIP_OFFICER, T1) == ["s1", "s2", "s5"]
    assert _listed(client, settings, Role.TOWNSHIP_OFFICER, T1, villageCode=V1A) == ["s1"]
    assert _listed(client, settings, Role.VILLAGE_OFFICER, V1B) == ["s2"]
    # A department reads its own department's only, in every scope it asks for.
    assert _listed(client, settings, Role.DEPARTMENT, MEDICAL) == ["s3", "s1"]
    assert _listed(client, settings, Role.DEPARTMENT, MEDICAL, townshipCode=T1) == ["s1"]
    assert _listed(client, settings, Role.DEPARTMENT, RELIEF) == ["s2", "s5"]
    assert _listed(client, settings, Role.DEPARTMENT, "县残联") == []

    client.headers["authorization"] = bearer(settings, Role.COUNTY_ADMIN)
    nodes = {
        e["node"]["suspect"]["id"]: e["node"]
        for e in gql(client, QUERY, scope=None)["coverage"]["openSuspects"]["edges"]
    }
    assert {k: (n["ageDays"], n["age"]) for k, n in nodes.items()} == {
        "s3": (183, "OVER_90_DAYS"),
        "s1": (61, "DAYS_31_90"),
        "s6": (30, "DAYS_0_30"),
        "s2": (6, "DAYS_0_30"),
        "s5": (1, "DAYS_0_30"),
    }
    assert (nodes["s6"]["township"], nodes["s3"]["township"]) == (None, {"code": T2})
    assert (nodes["s1"]["department"], nodes["s1"]["foundOn"]) == ("医保", "2026-10-01")


@pytest.mark.usefixtures("suspects")
def test_the_dashboard_line_counts_open_against_found_per_township(
    client: TestClient, settings: Settings
) -> None:
    Figures = tuple[tuple[int, int], dict[str, tuple[int, int]]]

    def line(role: Role, code: str | None, **scope: str) -> Figures:
        client.headers["authorization"] = bearer(settings, role, code)
        summary = gql(client, SUMMARY, scope=scope or None)["coverage"]["summary"]
        (total,) = [x for x in summary["lines"] if x["key"] == "S3"]
        assert total["rules"] == ["S3"]
        townships = {
            t["township"]["code"]: next(
                (x["count"], x["denominator"]) for x in t["lines"] if x["key"] == "S3"
            )
            for t in summary["townships"]
        }
        return (total["count"], total["denominator"]), townships

    # T1: s1, s2, s5 open of s1, s2, s4, s5 found; T2: s3 of s3; s6 is no township's.
    assert line(Role.COUNTY_ADMIN, None) == ((4, 5), {T1: (3, 4), T2: (1, 1)})
    assert line(Role.TOWNSHIP_OFFICER, T1) == ((3, 4), {T1: (3, 4)})
    assert line(Role.TOWNSHIP_OFFICER, T1, villageCode=V1A) == ((1, 2), {T1: (1, 2)})
    # Per village: those about its households (s5, of no village, in none of T1's villages).
    client.headers["authorization"] = bearer(settings, Role.COUNTY_ADMIN)
    villages = gql(client, VILLAGES, scope=None)["coverage"]["villageSummaries"]
    assert {
        v["village"]["code"]: next((x["count"], x["denominator"]) for x in v["lines"] if x["key"] == "S3")
        for v in villages
    } == {V1A: (1, 2), V1B: (1, 1), V2: (1, 1)}
    # The dashboard is the area's: a department reads its own list, not the summary.
    client.headers["authorization"] = bearer(settings, Role.DEPARTMENT, MEDICAL)
    assert gql_errors(client, SUMMARY, scope=None)[0]["extensions"]["code"] == "FORBIDDEN"
    client.headers["authorization"] = bearer(settings, Role.CADRE, "c-x")
    assert gql_errors(client, QUERY, scope=None)[0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.usefixtures("suspects")
def test_the_department_restriction_fails_closed(db: Driver, neo4j_target: Target) -> None:
    """Rendered for a scope, the rule reads the reach's parameters: a cadre's reach, or a reach
    without a kind, finds nothing; a statement run without them is refused by the database."""
    statement = RULE.match(Scope()) + "RETURN n.key AS id"
    params = {"asOf": dt.date(2026, 12, 1)}

    def found(reach_params: dict[str, object]) -> set[str]:
        records, _, _ = db.execute_query(
            statement, {**params, **reach_params}, database_=neo4j_target.database
        )
        return {r["id"] for r in records}

    assert found(COUNTY_REACH.params()) == {"s1", "s2", "s3", "s5", "s6"}
    assert found(Reach(ReachKind.DEPARTMENT, MEDICAL).params()) == {"s1", "s3"}
    assert found(Reach(ReachKind.CADRE, "c-x").params()) == set()
    assert found({**Reach(ReachKind.DEPARTMENT, MEDICAL).params(), "reachKind": None}) == set()
    assert found({**Reach(ReachKind.DEPARTMENT, None).params()}) == set()
    with pytest.raises(Exception, match=r"(?i)parameter"):
        found({})
