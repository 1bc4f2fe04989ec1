"""auditTrail: the events concerning an entity, newest first, keyset-paged, filtered by day."""

from __future__ import annotations

import json

import pytest

from graph.changes import trail
from graph.listing import PageRequest, build
from graph.reach import COUNTY_REACH
from tests.conftest import gql, gql_errors
from tests.coverage_graphs import cadre, households, villages

V1 = "430624101201"

TRAIL = """query($id: ID!, $from: Date, $to: Date, $first: Int, $after: String) {
  auditTrail(entityId: $id, from: $from, to: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id at actor role operation inputs changes { entity key before after } } } } }"""

PAIR = """mutation($h: ID!, $c: ID!, $since: Date!, $replace: Boolean! = false, $reason: String) {
  pairCadre(householdId: $h, cadreId: $c, since: $since, replace: $replace, reason: $reason) {
    pairing { since } } }"""


@pytest.fixture
def county(db):
    villages(db)
    households(db, V1, ["H1", "H2"])
    cadre(db, "c-a")
    cadre(db, "c-b")
    return db


def test_mutations_are_read_back_newest_first(client, county):
    gql(client, PAIR, h="H1", c="c-a", since="2020-01-01")
    gql(client, PAIR, h="H2", c="c-a", since="2020-01-01")
    gql(client, PAIR, h="H1", c="c-b", since="2020-03-01", replace=True, reason="工作调动")

    household = gql(client, TRAIL, id="H1")["auditTrail"]
    assert household["totalCount"] == 2
    newest, oldest = (e["node"] for e in household["edges"])
    assert (newest["operation"], newest["actor"], newest["role"]) == (
        "pairCadre",
        "test:COUNTY_ADMIN",
        "COUNTY_ADMIN",
    )
    assert json.loads(newest["inputs"]) == {
        "householdId": "H1",
        "cadreId": "c-b",
        "since": "2020-03-01",
        "replace": True,
        "reason": "工作调动",
    }
    ended, created = newest["changes"]
    assert (ended["key"], json.loads(ended["before"]), json.loads(ended["after"])) == (
        "c-a->H1",
        {"since": "2020-01-01", "until": None},
        {"since": "2020-01-01", "until": "2020-03-01", "endReason": "工作调动"},
    )
    assert (created["key"], created["before"]) == ("c-b->H1", None)
    assert json.loads(oldest["inputs"])["cadreId"] == "c-a"
    assert newest["at"] >= oldest["at"]

    # The cadre c-a is concerned by all three (the third ended its pairing); the village by none.
    cadre_trail = gql(client, TRAIL, id="c-a")["auditTrail"]
    assert cadre_trail["totalCount"] == 3
    assert gql(client, TRAIL, id=V1)["auditTrail"]["totalCount"] == 0


def _events(db, count: int) -> None:
    """`count` events concerning H1, one a day at noon UTC from 2020-01-01, ids e01…"""
    db.execute_query(
        """MATCH (h:Household {id: 'H1'})
        UNWIND range(1, $count) AS i
        CREATE (e:AuditEvent {id: 'e' + right('0' + toString(i), 2), actor: 'x', role: 'COUNTY_ADMIN',
                              operation: 'op' + toString(i), inputs: '{}', changes: '[]',
                              at: datetime({year: 2020, month: 1, day: i, hour: 12, timezone: 'UTC'})})
        CREATE (e)-[:CONCERNS]->(h)""",
        count=count,
    )


def test_keyset_pages_cover_every_event_once_newest_first(client, county):
    _events(county, 7)
    # Two events in the same instant are ordered by id.
    county.execute_query("MATCH (e:AuditEvent {id: 'e07'}) SET e.at = datetime('2020-01-06T12:00:00Z')")
    seen, after = [], None
    while True:
        page = gql(client, TRAIL, id="H1", first=3, after=after)["auditTrail"]
        assert page["totalCount"] == 7
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["e06", "e07", "e05", "e04", "e03", "e02", "e01"]


def test_from_and_to_are_whole_utc_days(client, county):
    _events(county, 7)
    page = gql(client, TRAIL, id="H1", **{"from": "2020-01-03", "to": "2020-01-05"})["auditTrail"]
    assert [e["node"]["id"] for e in page["edges"]] == ["e05", "e04", "e03"]
    assert gql(client, TRAIL, id="H1", to="2020-01-02")["auditTrail"]["totalCount"] == 2
    assert gql(client, TRAIL, id="H1", **{"from": "2020-01-07"})["auditTrail"]["totalCount"] == 1


def test_bad_arguments(client, county):
    [error] = gql_errors(client, TRAIL, id="H1", **{"from": "2020-01-05", "to": "2020-01-04"})
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "to")
    [error] = gql_errors(client, TRAIL, id="nothing-has-this-id")
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("NOT_FOUND", "entityId")
    [error] = gql_errors(client, TRAIL, id="H1", after="bm90LWEtY3Vyc29y")
    assert error["extensions"]["argument"] == "after"


def test_the_entity_is_found_by_index_seeks_not_a_label_scan(county):
    statement = build(trail.trail(COUNTY_REACH), [], PageRequest(first=10, sort="AT", descending=True))
    plan = county.execute_query(
        "EXPLAIN " + statement,
        {
            "entityId": "H1",
            "afterSort": None,
            "afterKey": None,
            "limit": 11,
            **COUNTY_REACH.params(),
        },
    ).summary.plan

    def operators(p) -> list[str]:
        return [p["operatorType"], *(o for child in p.get("children", []) for o in operators(child))]

    found = operators(plan)
    assert not [o for o in found if o.startswith(("NodeByLabelScan", "AllNodesScan"))], found
    assert sum(o.startswith("NodeUniqueIndexSeek") for o in found) >= len(trail.API_KEYS)


TRAIL_OF = """query($id: ID!, $operations: [String!], $excludeReads: Boolean! = false) {
  auditTrail(entityId: $id, operations: $operations, excludeReads: $excludeReads) {
    totalCount edges { node { operation } } } }"""


def test_the_trail_keeps_only_the_operations_asked_and_can_leave_out_reads(client, county):
    county.execute_query("MATCH (h:Household {id: 'H1'}) SET h.headIdNumber = '430624197001011234'")
    gql(client, PAIR, h="H1", c="c-a", since="2020-01-01")
    gql(client, '{ household(id: "H1") { id headIdNumber } }')  # a read of personal data: audited
    gql(client, PAIR, h="H1", c="c-b", since="2020-03-01", replace=True, reason="工作调动")

    def operations(**variables) -> list[str]:
        found = gql(client, TRAIL_OF, id="H1", **variables)["auditTrail"]
        assert found["totalCount"] == len(found["edges"])
        return [e["node"]["operation"] for e in found["edges"]]

    assert operations() == ["pairCadre", "readPersonalData", "pairCadre"]
    assert operations(excludeReads=True) == ["pairCadre", "pairCadre"]
    assert operations(operations=["readPersonalData"]) == ["readPersonalData"]
    assert operations(operations=["readPersonalData"], excludeReads=True) == []
    assert operations(operations=["pairCadre", "endPairing"]) == ["pairCadre", "pairCadre"]
    [error] = gql_errors(client, TRAIL_OF, id="H1", operations=[])
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "operations")
