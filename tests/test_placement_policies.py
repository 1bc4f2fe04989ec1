"""Placement on a day (graph/placement.py) in the policy rules judged on benefits, exits and 低保:
P1 (householdsWithoutIndustrySupport), P2 aid (studentsWithoutAid), P6 (disabledWithoutSubsidies,
severelyDisabledWithoutPaidPremiums, dibaoContradictions), P7 (employmentProgress) and S5's 错退
(wronglyExited). A person moved by movePerson and a household moved by a dated load on MOVED count,
asked on the day before, in their old household, village and township — in the county's list (the
rule's county body), a township's (its body) and the dashboard line — and in the new ones after."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from neo4j import Driver

from graph.load.cypher import replace
from graph.placement import ARRIVALS
from tests import coverage_graphs as g
from tests import coverage_graphs_policies as gp
from tests.conftest import gql
from tests.test_changes_members import MOVE
from tests.test_coverage_benefits import T1, T2, V1, V3, summary_line

MOVED, BEFORE, AFTER = "2020-01-01", "2019-12-31", "2020-03-01"
WORKER = {"labour": "普通劳动力"}


def move_household(db: Driver, household: str, village: str, day: str) -> None:
    """The household moved to `village` as of `day` by the household roster's load (its statement's
    own clause, graph/load/entities.py)."""
    g.run(
        db,
        "MATCH (n:Household {id: $household}), (v:Village {code: $village})\n"
        + replace("n", "IN_VILLAGE", "v", kept="WAS_IN_VILLAGE", mark=ARRIVALS["IN_VILLAGE"])
        + "WITH DISTINCT n RETURN n.id",
        household=household,
        village=village,
        day=dt.date.fromisoformat(day),
    )


def offenders(client: Any, field: str, day: str, select: str, township: str | None = None) -> list[Any]:
    """The items of `field` on `day` (county-wide, or in `township`), each as `select` picks it."""
    scope = {"townshipCode": township} if township else None
    year = "" if field in ("dibaoContradictions", "wronglyExited") else "(year: $year)"
    declared = ", $year: Int" if year else ""
    query = (
        f"query($scope: ScopeInput, $d: Date{declared}) {{ coverage(scope: $scope, asOf: $d) {{ "
        f"{field}{year} {{ edges {{ node {{ {select} }} }} }} }} }}"
    )
    variables: dict[str, Any] = {"scope": scope, "d": day}
    if year:
        variables["year"] = int(day[:4])
    edges = gql(client, query, **variables)["coverage"][field]["edges"]
    return [e["node"] for e in edges]


def places(client: Any, field: str, day: str, entity: str) -> dict[str | None, list[tuple[str, ...]]]:
    """(entity id, household id, village code) of `field`'s items on `day`, county-wide (None) and
    in each township."""
    select = f"{entity} {{ id }} village {{ code }}" + (" household { id }" if entity == "person" else "")

    def row(n: dict[str, Any]) -> tuple[str, ...]:
        household = n["household"]["id"] if entity == "person" else n[entity]["id"]
        return (n[entity]["id"], household, n["village"]["code"])

    return {
        township: sorted(row(n) for n in offenders(client, field, day, select, township))
        for township in (None, T1, T2)
    }


# P1 ---------------------------------------------------------------------------------------------


def test_p1_counts_a_moved_household_and_a_moved_worker_where_they_were(client: Any, db: Driver) -> None:
    g.villages(db)
    g.households(db, V1, ["R"], card="RED")  # no support; moves to V3 by a load
    g.households(db, V1, ["W"], card="RED")  # its only worker moves to G
    g.households(db, V3, ["G"], card="GREEN")
    gp.person(db, "R", "1", **WORKER)
    gp.person(db, "W", "2", **WORKER)
    field = "householdsWithoutIndustrySupport"
    before = places(client, field, BEFORE, "household")
    assert before == {None: [("R", "R", V1), ("W", "W", V1)], T1: [("R", "R", V1), ("W", "W", V1)], T2: []}
    assert summary_line(db, "P1", asOf=BEFORE) == {"": (2, 2), T1: (2, 2), T2: (0, 0)}

    move_household(db, "R", V3, MOVED)
    gql(client, MOVE, p="2", to="G", on=MOVED)

    assert places(client, field, BEFORE, "household") == before  # the past asked again
    assert summary_line(db, "P1", asOf=BEFORE) == {"": (2, 2), T1: (2, 2), T2: (0, 0)}
    # After the moves R is in V3 (T2), and W has nobody able to work.
    assert places(client, field, AFTER, "household") == {None: [("R", "R", V3)], T1: [], T2: [("R", "R", V3)]}
    assert summary_line(db, "P1", asOf=AFTER) == {"": (1, 1), T1: (0, 0), T2: (1, 1)}
    assert summary_line(db, "P1", asOf=BEFORE, scope={"townshipCode": T1}) == {"": (2, 2), T1: (2, 2)}


# P2 aid, P6 (two subsidies, premiums) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "line"),
    [
        ("studentsWithoutAid", "P2-aid"),
        ("disabledWithoutSubsidies", "P6-subsidy"),
        ("severelyDisabledWithoutPaidPremiums", "P6-premiums"),
    ],
)
def test_p2_aid_and_p6_count_a_moved_person_and_household_where_they_were(
    client: Any, db: Driver, field: str, line: str
) -> None:
    g.villages(db)
    g.households(db, V1, ["A", "C"])  # C moves to V3 by a load
    g.households(db, V3, ["B"])
    # Students, severely disabled, with no aid, subsidy or premiums: they offend all three rules.
    student = {"schooling": "中职", "disability": "肢体残疾", "disabilityGrade": "一级", "health": ["残疾"]}
    gp.person(db, "A", "1", **student)  # moves to B
    gp.person(db, "C", "3", **student)
    gp.person(db, "B", "2")
    on_the_day = [("1", "A", V1), ("3", "C", V1)]
    before = places(client, field, BEFORE, "person")
    assert before == {None: on_the_day, T1: on_the_day, T2: []}
    assert summary_line(db, line, asOf=BEFORE) == {"": (2, 2), T1: (2, 2), T2: (0, 0)}

    gql(client, MOVE, p="1", to="B", on=MOVED)
    move_household(db, "C", V3, MOVED)

    assert places(client, field, BEFORE, "person") == before
    assert summary_line(db, line, asOf=BEFORE) == {"": (2, 2), T1: (2, 2), T2: (0, 0)}
    after = [("1", "B", V3), ("3", "C", V3)]
    assert places(client, field, AFTER, "person") == {None: after, T1: [], T2: after}
    assert summary_line(db, line, asOf=AFTER) == {"": (2, 2), T1: (0, 0), T2: (2, 2)}
    assert summary_line(db, line, asOf=BEFORE, scope={"townshipCode": T2}) == {"": (0, 0), T2: (0, 0)}


# P6 两线融合 -------------------------------------------------------------------------------------


def test_p6_dibao_reads_the_members_and_village_of_the_day(client: Any, db: Driver) -> None:
    g.villages(db)
    g.households(db, V1, ["NONE"], attribute="DIBAO", income=2000.0)  # a 低保 member joins it
    g.households(db, V1, ["RICH"], attribute="DIBAO", income=9000.0)  # moves to V3 by a load
    g.households(db, V3, ["PLAIN"], attribute="ORDINARY", income=9000.0)
    gp.person(db, "RICH", "1", dibao=True)
    gp.person(db, "PLAIN", "2", dibao=True)  # moves to NONE
    gp.person(db, "NONE", "3", dibao=False)
    field, select = "dibaoContradictions", "household { id } village { code } reasons"
    on_the_day = [("NONE", V1, ["NO_MEMBER_ON_DIBAO"]), ("RICH", V1, ["INCOME_ABOVE_STANDARD"])]

    def judged(day: str, township: str | None = None) -> list[tuple[Any, ...]]:
        rows = offenders(client, field, day, select, township)
        return sorted((n["household"]["id"], n["village"]["code"], n["reasons"]) for n in rows)

    assert judged(BEFORE) == on_the_day and judged(BEFORE, T1) == on_the_day
    move_household(db, "RICH", V3, MOVED)
    gql(client, MOVE, p="2", to="NONE", on=MOVED)

    assert judged(BEFORE) == on_the_day and judged(BEFORE, T1) == on_the_day and judged(BEFORE, T2) == []
    assert summary_line(db, "P6-dibao", asOf=BEFORE) == {"": (2, 2), T1: (2, 2), T2: (0, 0)}
    assert judged(AFTER) == [("RICH", V3, ["INCOME_ABOVE_STANDARD"])] == judged(AFTER, T2)
    assert summary_line(db, "P6-dibao", asOf=AFTER) == {"": (1, 2), T1: (0, 1), T2: (1, 1)}


# P7 ---------------------------------------------------------------------------------------------


def test_p7_counts_a_moved_labourer_in_its_old_township(client: Any, db: Driver) -> None:
    g.villages(db)
    g.households(db, V1, ["A"])
    g.households(db, V3, ["B"])
    gp.person(db, "A", "1", labour="普通劳动力", migrantMonths=6)  # placed in work
    gp.person(db, "B", "2")

    def placed(day: str, township: str | None = None) -> dict[str, int]:
        rows = offenders(client, "employmentProgress", day, "township { code } placed", township)
        return {n["township"]["code"]: n["placed"] for n in rows}

    assert placed(BEFORE) == {T1: 1, T2: 0}
    gql(client, MOVE, p="1", to="B", on=MOVED)

    assert placed(BEFORE) == {T1: 1, T2: 0}
    assert placed(BEFORE, T1) == {T1: 1} and placed(BEFORE, T2) == {T2: 0}
    assert placed(AFTER) == {T1: 0, T2: 1}
    assert placed(AFTER, T1) == {T1: 0} and placed(AFTER, T2) == {T2: 1}


# S5 错退 ----------------------------------------------------------------------------------------


def test_wrongly_exited_judges_the_members_and_village_of_the_day(client: Any, db: Driver) -> None:
    g.villages(db)
    sound = {"income": 5000.0, "safeWater": True, "houseGrade": "A"}
    g.households(db, V1, ["HOUSE"], income=5000.0, houseGrade="D", safeWater=True)  # moves to V3
    g.households(db, V1, ["DIBAO"], **(sound | {"attribute": "DIBAO"}))  # its 低保 member comes later
    g.households(db, V1, ["LEFT"], **sound)  # its uninsured member leaves
    g.households(db, V3, ["FROM"], status="NOT_OUT")  # not judged
    insured = {"medicalInsurance": True, "seriousIllnessInsurance": True}
    gp.person(db, "HOUSE", "1", **insured)
    gp.person(db, "DIBAO", "2", **insured)
    gp.person(db, "LEFT", "3", **insured)
    gp.person(db, "LEFT", "4", medicalInsurance=False)  # moves to FROM
    gp.person(db, "FROM", "5", dibao=True, **insured)  # moves to DIBAO

    def judged(day: str, township: str | None = None) -> list[tuple[Any, ...]]:
        rows = offenders(client, "wronglyExited", day, "household { id } village { code } unmet", township)
        return sorted((n["household"]["id"], n["village"]["code"], n["unmet"]) for n in rows)

    on_the_day = [
        ("DIBAO", V1, ["FOOD_AND_CLOTHING"]),
        ("HOUSE", V1, ["SAFE_HOUSING"]),
        ("LEFT", V1, ["BASIC_MEDICAL"]),
    ]
    assert judged(BEFORE) == on_the_day
    move_household(db, "HOUSE", V3, MOVED)
    gql(client, MOVE, p="4", to="FROM", on=MOVED)
    gql(client, MOVE, p="5", to="DIBAO", on=MOVED)

    assert judged(BEFORE) == on_the_day == judged(BEFORE, T1) and judged(BEFORE, T2) == []
    assert summary_line(db, "S5", asOf=BEFORE) == {"": (3, 3), T1: (3, 3), T2: (0, 0)}
    assert judged(AFTER) == [("HOUSE", V3, ["SAFE_HOUSING"])] == judged(AFTER, T2)
    assert summary_line(db, "S5", asOf=AFTER) == {"": (1, 3), T1: (0, 2), T2: (1, 1)}
