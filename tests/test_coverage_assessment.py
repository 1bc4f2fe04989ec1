"""三率一度 on graphs whose answers are known by construction: 错退 (wronglyExited, S5), 漏评
(missedCandidates, S3), 群众认可度 (lowSatisfaction, W12; recordVisit's satisfaction)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from core.settings import Thresholds
from tests import coverage_graphs as g
from tests import coverage_graphs_benefits as gb
from tests import coverage_graphs_policies as gp
from tests.conftest import gql
from tests.test_coverage_benefits import T1, T2, V1, V2, V3, summary_line

# S5 (错退) --------------------------------------------------------------------------------------

WRONG = """query($scope: ScopeInput) { coverage(scope: $scope, asOf: "2019-06-30") {
  wronglyExited { totalCount edges { node { household { id } unmet } } } } }"""


def _exits(db: Any) -> None:
    g.villages(db)
    sound = {"income": 5000.0, "safeWater": True, "houseGrade": "A"}
    g.households(db, V1, ["OK"], **sound)
    g.households(db, V1, ["POOR"], **(sound | {"income": 3000.0}))  # below 2019's line of 3,218
    g.households(db, V3, ["HOUSE"], income=5000.0, houseGrade="D")  # water unrecorded
    g.households(db, V3, ["IN"], status="NOT_OUT", income=1000.0)  # not out: not judged
    g.households(db, V3, ["DIBAO"], **(sound | {"attribute": "DIBAO"}))  # nobody on 低保
    g.households(db, V2, ["CHILD"], **sound)  # a child out of school
    g.households(db, V1, ["SICK"], **sound)  # a member without serious-illness insurance
    for household, uid in (("OK", "1"), ("POOR", "2"), ("IN", "4"), ("DIBAO", "5"), ("CHILD", "6")):
        gp.person(db, household, uid, medicalInsurance=True, seriousIllnessInsurance=True)
    gp.person(db, "HOUSE", "3", medicalInsurance=True)
    gp.person(
        db, "CHILD", "7", medicalInsurance=True, seriousIllnessInsurance=True, birthDate=date(2010, 1, 1)
    )
    gp.person(db, "SICK", "8", medicalInsurance=True)


@g.DERIVED
def test_wrongly_exited_households_with_their_unmet_criteria(client, db, recorded):
    """Recorded, a township judges on their members only the households its derived facts put in
    doubt (graph/derived.py): CHILD by its member out of school alone, SICK by its member lacking
    an insurance alone."""
    _exits(db)
    g.record(db, recorded)
    rows = [e["node"] for e in gql(client, WRONG)["coverage"]["wronglyExited"]["edges"]]
    assert rows == [
        {"household": {"id": "HOUSE"}, "unmet": ["BASIC_MEDICAL", "SAFE_HOUSING", "SAFE_WATER"]},
        {"household": {"id": "CHILD"}, "unmet": ["COMPULSORY_EDUCATION"]},
        {"household": {"id": "DIBAO"}, "unmet": ["FOOD_AND_CLOTHING"]},
        {"household": {"id": "POOR"}, "unmet": ["INCOME"]},
        {"household": {"id": "SICK"}, "unmet": ["BASIC_MEDICAL"]},
    ]
    in_t1 = gql(client, WRONG, scope={"townshipCode": T1})["coverage"]["wronglyExited"]["edges"]
    assert [e["node"]["household"]["id"] for e in in_t1] == ["CHILD", "POOR", "SICK"]
    # The 错退率 line: the offenders against the households out of poverty.
    assert summary_line(db, "S5", asOf="2019-06-30") == {"": (5, 6), T1: (3, 4), T2: (2, 2)}
    assert summary_line(db, "S5", asOf="2019-06-30", scope={"villageCode": V2}) == {"": (1, 1), T1: (1, 1)}


def test_wrongly_exited_finds_a_dibao_household_whose_member_on_dibao_died(client, db):
    """Its members' derived facts (graph/derived.py) must not count the dead: with the only member
    on 低保 dead before the day, nobody in the household is on 低保 then, and the county-wide list
    (which seeks 低保 households without a member on it) finds it as its township's list does."""
    g.villages(db)
    sound = {"income": 5000.0, "safeWater": True, "houseGrade": "A", "attribute": "DIBAO"}
    g.households(db, V1, ["WIDOW", "KEPT"], **sound)
    insured = {"medicalInsurance": True, "seriousIllnessInsurance": True}
    for household, uid in (("WIDOW", "1"), ("KEPT", "3")):
        gp.person(db, household, uid, **insured, dibao=True)
    gp.person(db, "WIDOW", "2", **insured)
    g.run(db, "MATCH (p:Person {uid: '1'}) SET p.leftOn = date('2019-03-01'), p:Bounded")
    g.record(db, True)
    for scope in (None, {"townshipCode": T1}):
        rows = [e["node"] for e in gql(client, WRONG, scope=scope)["coverage"]["wronglyExited"]["edges"]]
        assert rows == [{"household": {"id": "WIDOW"}, "unmet": ["FOOD_AND_CLOTHING"]}], scope
    assert summary_line(db, "S5", asOf="2019-06-30") == {"": (1, 2), T1: (1, 2), T2: (0, 0)}


# S3 (漏评) --------------------------------------------------------------------------------------

MISSED = """query($scope: ScopeInput, $asOf: Date) { coverage(scope: $scope, asOf: $asOf) {
  missedCandidates { totalCount edges { node { suspectId department township { code } raisedOn } } } } }"""


def _missed(db: Any) -> None:
    g.villages(db)
    gb.missed(db, "S-old", T1, "2019-01-10")  # open
    gb.missed(db, "S-t2", T2, "2019-03-01")  # open
    gb.missed(db, "S-none", None, "2019-02-01")  # assigned to nobody: the county office's
    gb.missed(db, "S-done", T1, "2019-01-05", status="CONFIRMED", closed="2019-04-01")
    gb.missed(db, "S-late", T1, "2019-09-01")  # raised after the date


def _ids(client: Any, **variables: Any) -> list[str]:
    data = gql(client, MISSED, **variables)["coverage"]["missedCandidates"]
    return [e["node"]["suspectId"] for e in data["edges"]]


def test_missed_candidates_are_the_open_missed_poor_suspects(client, db):
    _missed(db)
    assert _ids(client, asOf="2019-06-30") == ["S-old", "S-none", "S-t2"]
    # Before it was confirmed, S-done was open too.
    assert _ids(client, asOf="2019-03-31") == ["S-done", "S-old", "S-none", "S-t2"]
    assert _ids(client, asOf="2019-06-30", scope={"townshipCode": T1}) == ["S-old"]
    assert _ids(client, asOf="2019-06-30", scope={"villageCode": V1}) == []
    # The line: open against raised, per township (the unassigned one is the county office's).
    assert summary_line(db, "S3-missed", asOf="2019-06-30") == {"": (2, 3), T1: (1, 2), T2: (1, 1)}


# W12 (群众认可度) -------------------------------------------------------------------------------

LOW = """query($scope: ScopeInput) { coverage(scope: $scope, asOf: "2019-12-31") {
  lowSatisfaction(year: 2019) { edges { node {
    cadre { id } rated satisfied basic dissatisfied rate } } } } }"""


def _visits(db: Any) -> None:
    g.villages(db)
    g.households(db, V1, ["A"])
    g.households(db, V3, ["C"])
    for uid in ("good", "poor", "mixed"):
        g.cadre(db, uid)
    for day in ("2019-02-01", "2019-03-01", "2019-04-01"):
        gb.visit(db, "good", "A", day, "SATISFIED")
    gb.visit(db, "poor", "A", "2019-02-02", "DISSATISFIED")
    gb.visit(db, "poor", "C", "2019-02-03", "BASIC")
    gb.visit(db, "poor", "C", "2019-03-03", None)  # not rated
    gb.visit(db, "poor", "C", "2018-03-03", "SATISFIED")  # another year
    for day, rating in (("2019-05-01", "SATISFIED"), ("2019-06-01", "BASIC"), ("2019-07-01", "DISSATISFIED")):
        gb.visit(db, "mixed", "C", day, rating)


def test_low_satisfaction_cadres_and_the_townships_rate(client, db):
    _visits(db)
    rows = [e["node"] for e in gql(client, LOW)["coverage"]["lowSatisfaction"]["edges"]]
    assert [(r["cadre"]["id"], r["rated"], r["satisfied"], r["basic"], r["dissatisfied"]) for r in rows] == [
        ("mixed", 3, 1, 1, 1),
        ("poor", 2, 0, 1, 1),
    ]
    assert [round(r["rate"], 3) for r in rows] == [0.667, 0.5]
    # In T1 the poor cadre has one visit rated, 不满意.
    in_t1 = gql(client, LOW, scope={"townshipCode": T1})["coverage"]["lowSatisfaction"]["edges"]
    assert [(e["node"]["cadre"]["id"], e["node"]["rated"]) for e in in_t1] == [("poor", 1)]
    # The 群众认可度 line: 不满意 visits against rated visits of the year.
    assert summary_line(db, "W12-satisfaction", asOf="2019-12-31") == {"": (2, 8), T1: (1, 4), T2: (1, 4)}


def test_the_satisfaction_setting_is_a_share():
    # County-wide W12 seeks the makers of 不满意 visits: only they can fall below a share.
    with pytest.raises(ValueError, match="satisfaction_min is a share"):
        Thresholds(satisfaction_min=1.01)
    assert Thresholds(satisfaction_min=1.0).satisfaction_min == 1.0


VISIT = """mutation { recordVisit(cadreId: "c-a", householdId: "H1", date: "2020-05-31", routine: true,
  satisfaction: BASIC) { visit { id satisfaction } } }"""


def test_record_visit_keeps_the_households_rating(client, db):
    g.villages(db)
    g.households(db, V1, ["H1"])
    g.cadre(db, "c-a")
    g.pair(db, "c-a", "H1", "2020-01-01")
    visit = gql(client, VISIT)["recordVisit"]["visit"]
    assert visit["satisfaction"] == "BASIC"
    records, _, _ = db.execute_query("MATCH (x:Visit {id: $id}) RETURN x.satisfaction AS s", id=visit["id"])
    assert records[0]["s"] == "BASIC"
    count = """{ coverage(asOf: "2020-06-30") { lowSatisfaction { totalCount } } }"""
    assert gql(client, count)["coverage"]["lowSatisfaction"]["totalCount"] == 0
