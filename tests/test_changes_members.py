"""addPerson, movePerson, recordDeath, removeHousehold: who is on the register from and until which
day. Checked as a roster row is, audited, kept to the caller's reach, and a past question asked
again after the change answers as before (lists, and the summary county-wide and per township)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from neo4j import Driver

from core.principal import Role
from tests import coverage_graphs as g
from tests import coverage_graphs_policies as gp
from tests.changes import events, rejected
from tests.conftest import bearer, gql
from tests.summary_lists import county_figures

V1, V3 = "430624101201", "430624102201"
T1 = "430624101"
ADD = """mutation($h: ID!, $person: NewPerson!, $on: Date!) {
  addPerson(householdId: $h, person: $person, effectiveOn: $on, reason: "婚入") {
    id birthDate gender enteredOn } }"""
MOVE = """mutation($p: ID!, $to: ID!, $on: Date!) {
  movePerson(personId: $p, toHouseholdId: $to, effectiveOn: $on, reason: "分户") { id } }"""
DEATH = """mutation($p: ID!, $on: Date!) { recordDeath(personId: $p, date: $on) { id leftOn } }"""
REMOVE = """mutation($h: ID!, $on: Date!) {
  removeHousehold(id: $h, reason: MOVED_AWAY, date: $on) { id leftOn leftBecause } }"""
LISTS = """query($d: Date) { coverage(asOf: $d) {
  dangerousHousing { edges { node { household { id } } } }
  uninsuredPersons { edges { node { person { id } } } } } }"""
LINE_KEYS = ("P3-insurance", "P4", "W7")


def lists(client: Any, day: str) -> tuple[list[str], list[str]]:
    found = gql(client, LISTS, d=day)["coverage"]
    return (
        sorted(e["node"]["household"]["id"] for e in found["dangerousHousing"]["edges"]),
        sorted(e["node"]["person"]["id"] for e in found["uninsuredPersons"]["edges"]),
    )


def lines(db: Driver, day: str, township: str | None = None) -> dict[str, tuple[float, float]]:
    return county_figures(db, day, township, LINE_KEYS)


def sizes(db: Driver) -> dict[str, Any]:
    records, _, _ = db.execute_query("MATCH (h:Household) RETURN h.id AS id, h.size AS size")
    return {r["id"]: r["size"] for r in records}


def test_the_register_changes_from_its_day_and_the_past_stays(client: Any, db: Driver) -> None:
    g.villages(db)
    g.households(db, V1, ["H1", "H2"], size=2, dangerousHouse=True, houseGrade="D")
    gp.person(db, "H1", "1", medicalInsurance=False)  # uninsured
    gp.person(db, "H1", "2", medicalInsurance=True, seriousIllnessInsurance=True)
    gp.person(db, "H2", "3", medicalInsurance=True, seriousIllnessInsurance=True)
    gp.person(db, "H2", "4", medicalInsurance=True, seriousIllnessInsurance=True)
    days = ("2019-06-30", "2019-12-31", "2020-06-30")
    before = {d: (lists(client, d), lines(db, d), lines(db, d, T1)) for d in days}
    assert before["2019-06-30"][0] == (["H1", "H2"], ["1"])
    assert before["2019-06-30"][1]["P3-insurance"] == (1, 4)

    added = gql(
        client,
        ADD,
        h="H2",
        person={
            "name": "新人",
            "idNumber": "430624199001011233",
            "relation": "之妻",
            "medicalInsurance": False,
        },
        on="2019-07-01",
    )["addPerson"]
    assert (added["birthDate"], added["gender"], added["enteredOn"]) == ("1990-01-01", "男", "2019-07-01")
    gql(client, DEATH, p="1", on="2019-09-01")
    gql(client, MOVE, p="2", to="H2", on="2020-01-01")
    removed = gql(client, REMOVE, h="H1", on="2020-03-01")["removeHousehold"]
    assert removed == {"id": "H1", "leftOn": "2020-03-01", "leftBecause": "MOVED_AWAY"}
    listed = gql(client, "{ households { totalCount edges { node { id } } } }")["households"]
    assert listed == {"totalCount": 1, "edges": [{"node": {"id": "H2"}}]}  # 销户: not listed today

    assert lists(client, "2019-06-30") == before["2019-06-30"][0]  # the past asked again
    assert lines(db, "2019-06-30") == before["2019-06-30"][1]
    assert lines(db, "2019-06-30", T1) == before["2019-06-30"][2]
    newcomer = added["id"]
    # 2019-12-31: person 1 dead, the newcomer (uninsured) in H2; H1 still registered with person 2.
    assert lists(client, "2019-12-31") == (["H1", "H2"], [newcomer])
    # 2020-06-30: H1 removed; H2 holds 3, 4, the newcomer and person 2 (moved).
    assert lists(client, "2020-06-30") == (["H2"], [newcomer])
    for township in (None, T1):  # county-wide (the Bounded seeks) and walking the township agree
        assert lines(db, "2019-12-31", township)["P3-insurance"] == (1, 4)
        assert lines(db, "2020-06-30", township)["P3-insurance"] == (1, 4)
        assert lines(db, "2020-06-30", township)["P4"][1] == 1
        assert lines(db, "2020-06-30", township)["W7"][1] == 1
    assert sizes(db) == {"H1": 0, "H2": 4}

    moved, _, _ = db.execute_query(
        "MATCH (p:Person {uid: '2'})-[was:BELONGED_TO]->(old), (p)-[now:BELONGS_TO]->(new) "
        "RETURN old.id AS old, was.until AS until, was.relation AS relation,"
        " new.id AS new, now.since AS since"
    )
    assert [r.data() for r in moved] == [
        {
            "old": "H1",
            "until": dt.date(2020, 1, 1),
            "relation": "之子",
            "new": "H2",
            "since": dt.date(2020, 1, 1),
        }
    ]
    trail = events(db)
    assert [e["operation"] for e in trail] == ["addPerson", "recordDeath", "movePerson", "removeHousehold"]
    assert "199001011233" not in json.dumps(trail, default=str)  # no identity number audited
    assert trail[0]["inputs"]["name"] == "新人"
    death = trail[1]["changes"]
    assert (death[0]["before"].get("leftOn"), death[0]["after"]["leftOn"]) == (None, "2019-09-01")
    assert (death[1]["key"], death[1]["before"]["size"], death[1]["after"]["size"]) == ("H1", 2, 1)


def test_refusals_name_the_argument_and_change_nothing(client: Any, db: Driver, settings: Any) -> None:
    g.villages(db)
    g.households(db, V1, ["H1"], size=1, identifiedOn=dt.date(2016, 1, 1))
    g.households(db, V3, ["C1"], size=1)
    gp.person(db, "H1", "1")
    person = {"name": "甲", "idNumber": "430624199001011233", "relation": "之妻"}
    bad_id = rejected(
        client, db, ADD, "BAD_USER_INPUT", h="H1", person={**person, "idNumber": "12"}, on="2019-07-01"
    )
    assert bad_id["argument"] == "person.idNumber"
    wrong_birth = rejected(
        client,
        db,
        ADD,
        "BAD_USER_INPUT",
        h="H1",
        person={**person, "birthDate": "1991-01-01"},
        on="2019-07-01",
    )
    assert wrong_birth["argument"] == "person.birthDate"
    gql(client, ADD, h="H1", person=person, on="2019-07-01")
    again = rejected(client, db, ADD, "PERSON_EXISTS", h="H1", person=person, on="2019-08-01")
    assert again["argument"] == "person.idNumber"
    dead_before = rejected(client, db, DEATH, "EFFECTIVE_BEFORE_FACTS", p="1", on="2019-06-01")
    assert (dead_before["argument"], dead_before["factsSince"]) == ("date", "2019-07-01")  # H1's size
    early = rejected(client, db, REMOVE, "BAD_USER_INPUT", h="H1", on="2015-01-01")
    assert early["argument"] == "date"
    gql(client, REMOVE, h="H1", on="2020-01-01")
    twice = rejected(client, db, REMOVE, "HOUSEHOLD_REMOVED", h="H1", on="2020-02-01")
    assert twice["argument"] == "id"
    into_removed = rejected(
        client,
        db,
        ADD,
        "HOUSEHOLD_REMOVED",
        h="H1",
        person={**person, "idNumber": "430624199001021247"},
        on="2020-02-01",
    )
    assert into_removed["argument"] == "householdId"

    client.headers["authorization"] = bearer(settings, Role.TOWNSHIP_OFFICER, "430624101")
    rejected(client, db, REMOVE, "NOT_FOUND", h="C1", on="2020-01-01")
    rejected(client, db, MOVE, "NOT_FOUND", p="1", to="C1", on="2020-01-01")
