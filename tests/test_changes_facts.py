"""updateHousehold and updatePerson: dated edits checked as the rosters check their rows, audited
with before and after, kept to the caller's reach, and leaving the past as it was."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.principal import Role
from tests import coverage_graphs as g
from tests import coverage_graphs_policies as gp
from tests.changes import events, rejected
from tests.conftest import bearer, gql

V1, V3 = "430624101201", "430624102201"
UPDATE_HOUSEHOLD = """mutation($id: ID!, $changes: HouseholdChanges!, $on: Date!) {
  updateHousehold(id: $id, changes: $changes, effectiveOn: $on, reason: "入户核实") {
    id income houseGrade dangerousHouse } }"""
UPDATE_PERSON = """mutation($id: ID!, $changes: PersonChanges!, $on: Date!) {
  updatePerson(id: $id, changes: $changes, effectiveOn: $on, reason: "医保核实") {
    id medicalInsurance seriousIllnessInsurance } }"""
DANGEROUS = """query($d: Date) { coverage(asOf: $d) {
  dangerousHousing { edges { node { household { id } grade } } }
  uninsuredPersons { edges { node { person { id } missing } } } } }"""


def asked(client: Any, day: str) -> tuple[list[tuple[str, str]], list[tuple[str, list[str]]]]:
    found = gql(client, DANGEROUS, d=day)["coverage"]
    return (
        [(e["node"]["household"]["id"], e["node"]["grade"]) for e in found["dangerousHousing"]["edges"]],
        [(e["node"]["person"]["id"], e["node"]["missing"]) for e in found["uninsuredPersons"]["edges"]],
    )


def test_an_edit_changes_the_facts_from_its_day_and_keeps_the_past(client: Any, db: Any) -> None:
    g.villages(db)
    g.households(db, V1, ["H1"], identifiedOn=dt.date(2016, 1, 1), income=3000.0)
    gp.person(db, "H1", "1", medicalInsurance=True, seriousIllnessInsurance=True)
    before = asked(client, "2019-06-30")
    assert before == ([], [])

    house = {"dangerousHouse": True, "houseGrade": "D级"}  # as 户花名册 writes it
    done = gql(client, UPDATE_HOUSEHOLD, id="H1", changes={**house, "income": 3600}, on="2019-07-01")
    assert done["updateHousehold"] == {
        "id": "H1",
        "income": 3600.0,
        "houseGrade": "D",
        "dangerousHouse": True,
    }
    gql(client, UPDATE_PERSON, id="1", changes={"medicalInsurance": False}, on="2019-08-01")

    assert asked(client, "2019-06-30") == before  # the past as it was
    assert asked(client, "2019-07-15") == ([("H1", "D")], [])
    assert asked(client, "2019-08-15") == ([("H1", "D")], [("1", ["BASIC_MEDICAL"])])
    household, person = events(db)
    assert household["operation"] == "updateHousehold" and household["concerns"] == ["H1"]
    [change] = household["changes"]
    assert (change["before"]["income"], change["after"]["income"]) == (3000.0, 3600.0)
    assert change["after"]["factsSince"] == "2019-07-01"
    assert household["inputs"]["reason"] == "入户核实"
    assert person["changes"][0]["before"]["medicalInsurance"] is True


def test_values_and_rows_are_checked_as_the_roster_checks_them(client: Any, db: Any) -> None:
    g.villages(db)
    g.households(db, V1, ["H1"])
    gp.person(db, "H1", "1", education="初中")
    bad_grade = rejected(
        client, db, UPDATE_HOUSEHOLD, "BAD_USER_INPUT", id="H1", changes={"houseGrade": "E"}, on="2019-07-01"
    )
    assert bad_grade["argument"] == "changes.houseGrade" and bad_grade["allowed"] == ["A", "B", "C", "D"]
    no_grade = rejected(
        client,
        db,
        UPDATE_HOUSEHOLD,
        "BAD_USER_INPUT",
        id="H1",
        changes={"dangerousHouse": True},
        on="2019-07-01",
    )  # 危房等级 is required for a 危房户, as in a roster row
    assert no_grade["argument"] == "changes.houseGrade"
    both = rejected(
        client, db, UPDATE_PERSON, "BAD_USER_INPUT", id="1", changes={"schooling": "小学"}, on="2019-07-01"
    )  # 文化程度 and 在校生状况 never both
    assert both["argument"] == "changes.education"

    gql(client, UPDATE_HOUSEHOLD, id="H1", changes={"income": 5000}, on="2019-07-01")
    earlier = rejected(
        client,
        db,
        UPDATE_HOUSEHOLD,
        "EFFECTIVE_BEFORE_FACTS",
        id="H1",
        changes={"income": 1},
        on="2019-06-01",
    )
    assert (earlier["argument"], earlier["factsSince"]) == ("effectiveOn", "2019-07-01")


def test_an_edit_keeps_to_the_callers_reach(client: Any, db: Any, settings: Any) -> None:
    g.villages(db)
    g.households(db, V3, ["C1"])
    client.headers["authorization"] = bearer(settings, Role.TOWNSHIP_OFFICER, "430624101")
    rejected(client, db, UPDATE_HOUSEHOLD, "NOT_FOUND", id="C1", changes={"income": 1}, on="2019-07-01")


TRANSFER = """mutation($unit: String!, $since: Date!) {
  transferCadre(cadreId: "c1", unitName: $unit, since: $since) { id } }"""
UNIT_ON = """query($d: Date) { cadre(id: "c1") { unit(asOf: $d) { name } } }"""


def test_a_transfer_keeps_the_old_unit_for_the_days_before(client: Any, db: Any) -> None:
    g.cadre(db, "c1")  # 县财政局 since 2015-01-01
    g.run(db, "CREATE (:Unit {name: '县审计局'})")
    gql(client, TRANSFER, unit="县审计局", since="2020-03-01")

    on = {d: gql(client, UNIT_ON, d=d)["cadre"]["unit"]["name"] for d in ("2020-02-29", "2020-03-01")}
    assert on == {"2020-02-29": "县财政局", "2020-03-01": "县审计局"}
    [event] = events(db)
    assert [(c["key"], c["before"], c["after"]) for c in event["changes"]] == [
        (
            "c1->县财政局",
            {"since": "2015-01-01", "until": None},
            {"since": "2015-01-01", "until": "2020-03-01"},
        ),
        ("c1->县审计局", None, {"since": "2020-03-01", "until": None}),
    ]
    again = rejected(client, db, TRANSFER, "BAD_USER_INPUT", unit="县审计局", since="2020-04-01")
    assert again["argument"] == "unitName"
    back = rejected(client, db, TRANSFER, "BAD_USER_INPUT", unit="县财政局", since="2020-03-01")
    assert back["argument"] == "since"
