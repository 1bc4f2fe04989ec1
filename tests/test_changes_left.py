"""What has left the register is not changed from the day it left: a household removed (销户) and a
dead person refuse every dated edit on or after that day with HOUSEHOLD_REMOVED / PERSON_DEAD,
writing nothing, and take one dated before it. Two additions of one identity number racing into
two households: the second answers PERSON_EXISTS, as when it comes later, never a raw constraint
error."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from neo4j import Driver

from graph.changes.members import _ADD
from tests import coverage_graphs as g
from tests import coverage_graphs_policies as gp
from tests.changes import events, rejected
from tests.conftest import gql, gql_errors
from tests.test_changes_facts import UPDATE_HOUSEHOLD, UPDATE_PERSON
from tests.test_changes_members import ADD, DEATH, MOVE, REMOVE

V1 = "430624101201"
VISIT = """mutation($h: ID!, $d: Date!) {
  recordVisit(cadreId: "c-1", householdId: $h, date: $d, findings: "缺劳力", actions: "联系务工") {
    visit { id } } }"""
NEWCOMER = {"name": "甲", "idNumber": "430624199001011233", "relation": "之妻"}


def test_a_removed_household_and_a_dead_person_refuse_changes_from_that_day(client: Any, db: Driver) -> None:
    g.villages(db)
    g.households(db, V1, ["H1", "H2", "H3"], size=2, identifiedOn=dt.date(2016, 1, 1))
    g.cadre(db, "c-1")
    g.pair(db, "c-1", "H1", "2016-01-01")
    gp.person(db, "H1", "1")
    gp.person(db, "H2", "2")
    gp.person(db, "H3", "3")
    gql(client, REMOVE, h="H1", on="2020-01-01")
    gql(client, DEATH, p="2", on="2020-01-01")

    on_the_day = "2020-01-01"
    refusals = [
        (UPDATE_HOUSEHOLD, "HOUSEHOLD_REMOVED", "id", {"id": "H1", "changes": {"income": 5000}}),
        (UPDATE_PERSON, "HOUSEHOLD_REMOVED", "id", {"id": "1", "changes": {"medicalInsurance": True}}),
        (ADD, "HOUSEHOLD_REMOVED", "householdId", {"h": "H1", "person": NEWCOMER}),
        (MOVE, "HOUSEHOLD_REMOVED", "toHouseholdId", {"p": "3", "to": "H1"}),
        (UPDATE_PERSON, "PERSON_DEAD", "id", {"id": "2", "changes": {"medicalInsurance": True}}),
        (MOVE, "PERSON_DEAD", "personId", {"p": "2", "to": "H3"}),
    ]
    for query, code, argument, variables in refusals:
        for day in (on_the_day, "2020-03-01"):
            error = rejected(client, db, query, code, on=day, **variables)
            assert (error["argument"], error["leftOn"]) == (argument, on_the_day), (query, error)
    visit = rejected(client, db, VISIT, "HOUSEHOLD_REMOVED", h="H1", d="2020-02-01")
    assert visit["argument"] == "householdId"
    again = rejected(client, db, DEATH, "PERSON_DEAD", p="2", on="2020-03-01")
    assert again["argument"] == "personId"
    message = gql_errors(client, UPDATE_HOUSEHOLD, id="H1", changes={"income": 5000}, on="2020-02-01")
    assert message[0]["message"] == "户 H1 已于 2020-01-01 销户，2020-02-01 的变更不能登记"

    # A day before the leaving is still history that may be recorded.
    gql(client, UPDATE_HOUSEHOLD, id="H1", changes={"income": 5000}, on="2019-06-01")
    gql(client, UPDATE_PERSON, id="2", changes={"medicalInsurance": True}, on="2019-06-01")
    gql(client, VISIT, h="H1", d="2019-12-31")
    operations = [e["operation"] for e in events(db)]
    assert operations[-3:] == ["updateHousehold", "updatePerson", "recordVisit"]


def _blocked(db: Driver) -> bool:
    """A transaction is waiting for a lock (the second addition, on the identity number's entry)."""
    records, _, _ = db.execute_query(
        "SHOW TRANSACTIONS YIELD status, currentQuery WHERE status STARTS WITH 'Blocked' RETURN count(*) AS n"
    )
    return bool(records[0]["n"])


def test_a_concurrent_addition_of_one_identity_number_is_person_exists(client: Any, db: Driver) -> None:
    g.villages(db)
    g.households(db, V1, ["H1", "H2"], size=1)
    answers: list[Any] = []
    with db.session() as session, session.begin_transaction() as first:
        # The first addition, into H1, written but not yet committed.
        first.run(_ADD, householdId="H1", relation="之妻", props=NEWCOMER, day=dt.date(2019, 7, 1)).consume()
        second = threading.Thread(
            target=lambda: answers.append(
                client.post(
                    "/graphql",
                    json={"query": ADD, "variables": {"h": "H2", "person": NEWCOMER, "on": "2019-07-01"}},
                )
            )
        )
        second.start()
        while not _blocked(db) and second.is_alive():  # it found no such person, and waits to add it
            threading.Event().wait(0.05)
        first.commit()
    second.join()
    response = answers[0]
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert [(e["extensions"]["code"], e["extensions"]["argument"]) for e in errors] == [
        ("PERSON_EXISTS", "person.idNumber")
    ]
    assert errors[0]["message"] == "person.idNumber：该证件号码已登记"
    records, _, _ = db.execute_query(
        "MATCH (p:Person {idNumber: $n})-[:BELONGS_TO]->(h) RETURN h.id AS h, h.size AS size",
        n=NEWCOMER["idNumber"],
    )
    assert [r.data() for r in records] == [{"h": "H1", "size": 1}]  # H2 unchanged: nothing half-written
    assert events(db) == []
