"""Placement on a day (graph/placement.py): a person moved to a household of another village, and a
household moved to another village by a dated load, count where they were on each day — before the
move in the old household, village and township, after it in the new — in the rules' lists and the
summary, county-wide (the current links corrected for the moves) and per township (walking its
villages) alike, and in the household's chain; and the past asked again after the move answers as
before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph.connection import Target
from graph.placement import KEPT, marking
from tests import coverage_graphs as g
from tests import coverage_graphs_policies as gp
from tests.conftest import gql
from tests.load_kit import County, run
from tests.summary_lists import Figures, township_figures
from tests.test_changes_members import MOVE

V1, V3 = "430624101201", "430624102201"  # 甲村 of T1, 丙村 of T2
T1, T2 = "430624101", "430624102"
UNINSURED = """query($scope: ScopeInput, $d: Date) { coverage(scope: $scope, asOf: $d) {
  uninsuredPersons { edges { node { person { id } household { id } village { code } } } }
  unpairedHouseholds { edges { node { household { id } village { code } township { code } } } } } }"""
KEYS = ("P3-insurance", "W7", "P2")
CHAIN = """query($d: Date) { responsibilityChain(householdId: "H0000", asOf: $d) {
  village { code } township { code } } }"""


def listed(client: Any, day: str, township: str | None = None) -> dict[str, list[tuple[str, ...]]]:
    scope = {"townshipCode": township} if township else None
    found = gql(client, UNINSURED, scope=scope, d=day)["coverage"]
    people = [e["node"] for e in found["uninsuredPersons"]["edges"]]
    households = [e["node"] for e in found["unpairedHouseholds"]["edges"]]
    return {
        "uninsured": sorted((n["person"]["id"], n["household"]["id"], n["village"]["code"]) for n in people),
        "unpaired": sorted(
            (n["household"]["id"], n["village"]["code"], n["township"]["code"]) for n in households
        ),
    }


def per_township(db: Driver, day: str, township: str | None = None) -> Figures:
    return township_figures(db, day, township, KEYS)


def everything(client: Any, db: Driver, day: str) -> dict[str, Any]:
    """The lists and the summary on `day`, county-wide and for each township."""
    return {
        scope or "county": (listed(client, day, scope), per_township(db, day, scope))
        for scope in (None, T1, T2)
    }


def test_a_person_moved_counts_in_its_old_household_before_the_move(client: Any, db: Driver) -> None:
    g.villages(db)
    g.households(db, V1, ["A"], size=2)
    g.households(db, V3, ["B"], size=1)
    gp.person(db, "A", "1", medicalInsurance=False)  # uninsured: moves from A to B
    gp.person(db, "A", "2", medicalInsurance=True, seriousIllnessInsurance=True)
    gp.person(db, "B", "3", medicalInsurance=True, seriousIllnessInsurance=True)
    days = ("2019-06-30", "2020-06-30")
    before = {day: everything(client, db, day) for day in days}
    lists, lines = before["2019-06-30"]["county"]
    assert lists["uninsured"] == [("1", "A", V1)]
    assert lines[T1]["P3-insurance"] == (1, 2) and lines[T2]["P3-insurance"] == (0, 1)

    gql(client, MOVE, p="1", to="B", on="2020-01-01")

    assert everything(client, db, "2019-06-30") == before["2019-06-30"]  # the past asked again
    assert everything(client, db, "2019-12-31") == before["2019-06-30"]  # the day before the move
    for day in ("2020-01-01", "2020-06-30"):
        after = everything(client, db, day)
        lists, lines = after["county"]
        assert lists["uninsured"] == [("1", "B", V3)]
        assert lines[T1]["P3-insurance"] == (0, 1) and lines[T2]["P3-insurance"] == (1, 2)
        assert after[T1][0]["uninsured"] == [] and after[T2][0]["uninsured"] == [("1", "B", V3)]
        assert after[T1][1][T1] == lines[T1] and after[T2][1][T2] == lines[T2]


MAY, JUNE = dt.date(2024, 5, 1), dt.date(2024, 6, 1)


def test_a_household_moved_by_a_dated_load_counts_in_its_old_village_before(
    client: Any, db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    county = County(households=4)
    kinds = ["units", "villages", "households", "persons"]
    run(db, neo4j_target, county.write(tmp_path / "may", kinds), today=MAY)
    old_village, old_township = V1, T1  # H0000 (东塘镇 of the kit)
    before = everything(client, db, "2024-05-15")
    assert ("H0000", old_village, old_township) in before["county"][0]["unpaired"]
    county.rows["households"][0][1:3] = ["城西镇", "湖滨村"]  # H0000 moves village on JUNE
    run(db, neo4j_target, county.write(tmp_path / "june", ["households"]), snapshot=JUNE, today=JUNE)

    assert everything(client, db, "2024-05-15") == before  # the past asked again
    chain = {d: gql(client, CHAIN, d=d)["responsibilityChain"] for d in ("2024-05-15", "2024-06-15")}
    assert chain["2024-05-15"] == {"village": {"code": old_village}, "township": {"code": old_township}}
    assert chain["2024-06-15"] == {"village": {"code": "430624102201"}, "township": {"code": T2}}
    after = everything(client, db, "2024-06-15")
    unpaired, uninsured = after["county"][0]["unpaired"], after["county"][0]["uninsured"]
    assert ("H0000", "430624102201", T2) in unpaired and ("H0000", old_village, old_township) not in unpaired
    assert {village for _, household, village in uninsured if household == "H0000"} == {"430624102201"}
    lines_before, lines_after = before["county"][1], after["county"][1]
    # H0000 and its two members leave T1 for T2: W7's households, P3's members and P2's children follow.
    assert lines_after[T1]["W7"][1] == lines_before[T1]["W7"][1] - 1
    assert lines_after[T2]["W7"][1] == lines_before[T2]["W7"][1] + 1
    assert lines_after[T1]["P3-insurance"][1] == lines_before[T1]["P3-insurance"][1] - 2
    assert lines_after[T2]["P3-insurance"][1] == lines_before[T2]["P3-insurance"][1] + 2
    # Its child (born 2010, at school) is one of P2's school-age children of T2 now, of T1 before.
    assert lines_after[T1]["P2"][1] == lines_before[T1]["P2"][1] - 1
    assert lines_after[T2]["P2"][1] == lines_before[T2]["P2"][1] + 1
    for township in (T1, T2):  # walking the township's villages answers as the county's corrections
        assert after[township][1][township] == lines_after[township]
        assert before[township][1][township] == lines_before[township]


def test_moves_recorded_before_the_marks_are_marked_by_migrate(client: Any, db: Driver) -> None:
    """A household and a person moved by a load made before moves were marked (kept links, no
    placedSince): migrate's marking places them on each day as a marked move would be."""
    g.villages(db)
    g.households(db, V3, ["A"], size=1)
    g.households(db, V1, ["B"], size=1)
    gp.person(db, "A", "1", medicalInsurance=False)
    g.run(
        db,
        """MATCH (a:Household {id: 'A'}), (v1:Village {code: $v1}), (p:Person {uid: '1'}),
                 (b:Household {id: 'B'})
        CREATE (a)-[:WAS_IN_VILLAGE {until: date('2020-01-01')}]->(v1)
        CREATE (p)-[:BELONGED_TO {relation: '之子', until: date('2019-07-01')}]->(b)""",
        v1=V1,
    )
    for link in KEPT:
        for _ in range(2):  # a second run changes nothing
            db.execute_query(marking(link))
    uninsured = {d: listed(client, d)["uninsured"] for d in ("2019-06-30", "2019-12-31", "2020-06-30")}
    assert uninsured == {
        "2019-06-30": [("1", "B", V1)],
        "2019-12-31": [("1", "A", V1)],
        "2020-06-30": [("1", "A", V3)],
    }
    # 2019-12-31: A (in V1 then) holds person 1; B, in V1 too, holds nobody; T2 nobody.
    county = per_township(db, "2019-12-31")
    assert (county[T1]["P3-insurance"], county[T2]["P3-insurance"]) == ((1, 1), (0, 0))
    assert per_township(db, "2019-12-31", T1)[T1] == county[T1]
    assert per_township(db, "2019-12-31", T2)[T2] == county[T2]
