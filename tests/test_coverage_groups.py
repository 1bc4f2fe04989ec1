"""Per-village summaries and tallies by village or township, on a graph built so the figures are
known: 甲村 (一镇) A1–A6 paired with one cadre, A7 unpaired; 乙村 (一镇) B1 RED unpaired, B2 with no
status; 丙村 (二镇) C1 YELLOW unpaired."""

from __future__ import annotations

import pytest

from core.principal import Role
from tests import coverage_graphs as g
from tests.conftest import bearer, gql

SUMMARIES = """query($scope: ScopeInput) { coverage(scope: $scope, asOf: "2019-06-30") {
  villageSummaries { village { code name } lines { key count denominator passes } }
  summary { townships { township { code } lines { key count denominator } } } } }"""

TALLIES = """query($by: Grouping!, $scope: ScopeInput) { coverage(scope: $scope, asOf: "2019-06-30") {
  tallies(by: $by) { code name townshipCode households cards { card count } statuses { status count } } } }"""


@pytest.fixture
def county(db):
    g.villages(db)
    g.households(db, "430624101201", ["A1", "A2", "A3", "A4", "A5", "A6", "A7"])
    g.households(db, "430624101202", ["B1"], card="RED")
    g.households(db, "430624101202", ["B2"])
    g.run(db, "MATCH (h:Household {id: 'B2'}) REMOVE h.status")
    g.households(db, "430624102201", ["C1"], card="YELLOW", status="NOT_OUT")
    g.cadre(db, "busy")
    for h in ["A1", "A2", "A3", "A4", "A5", "A6"]:
        g.pair(db, "busy", h, "2018-01-01")
    return db


def _w7(lines):
    [line] = [line for line in lines if line["key"] == "W7"]
    return line["count"], line["denominator"]


def test_each_village_has_its_own_lines_and_they_add_up_to_its_township(client, county):
    coverage = gql(client, SUMMARIES)["coverage"]
    villages = {v["village"]["code"]: v for v in coverage["villageSummaries"]}
    assert list(villages) == ["430624101201", "430624101202", "430624102201"]
    assert villages["430624101201"]["village"]["name"] == "甲村"
    assert _w7(villages["430624101201"]["lines"]) == (1.0, 7.0)
    assert _w7(villages["430624101202"]["lines"]) == (2.0, 2.0)
    assert _w7(villages["430624102201"]["lines"]) == (1.0, 1.0)
    townships = {t["township"]["code"]: t for t in coverage["summary"]["townships"]}
    assert _w7(townships["430624101"]["lines"]) == (3.0, 9.0)
    rules = [line["key"] for line in coverage["summary"]["townships"][0]["lines"]]
    assert all([line["key"] for line in v["lines"]] == rules for v in villages.values())
    # Each village's lines are the summary of the village alone.
    for code, village in villages.items():
        alone = gql(client, SUMMARIES, scope={"villageCode": code})["coverage"]["summary"]["townships"]
        assert [(x["key"], x["count"], x["denominator"]) for x in village["lines"]] == [
            (x["key"], x["count"], x["denominator"]) for x in alone[0]["lines"]
        ], code


def test_a_township_officer_gets_the_villages_of_its_township_only(client, settings, county):
    officer = {"authorization": bearer(settings, Role.TOWNSHIP_OFFICER, "430624102")}

    def ask(query: str, **variables: object) -> dict:
        body = client.post("/graphql", json={"query": query, "variables": variables}, headers=officer).json()
        assert "errors" not in body, body
        return body["data"]["coverage"]

    assert [v["village"]["code"] for v in ask(SUMMARIES)["villageSummaries"]] == ["430624102201"]
    assert [t["code"] for t in ask(TALLIES, by="VILLAGE")["tallies"]] == ["430624102201"]


def _cards(tally):
    return {c["card"]: c["count"] for c in tally["cards"]}


def _statuses(tally):
    return {s["status"]: s["count"] for s in tally["statuses"]}


def test_tallies_by_village_and_by_township(client, county):
    villages = {t["code"]: t for t in gql(client, TALLIES, by="VILLAGE")["coverage"]["tallies"]}
    assert list(villages) == ["430624101201", "430624101202", "430624102201"]
    b = villages["430624101202"]
    assert (b["name"], b["townshipCode"], b["households"]) == ("乙村", "430624101", 2)
    assert _cards(b) == {"RED": 1, "YELLOW": 0, "GREEN": 1, None: 0}
    assert _statuses(b) == {"NOT_OUT": 0, "OUT": 1, "RETURNED": 0, None: 1}
    townships = {t["code"]: t for t in gql(client, TALLIES, by="TOWNSHIP")["coverage"]["tallies"]}
    assert list(townships) == ["430624101", "430624102"]
    one = townships["430624101"]
    assert (one["name"], one["townshipCode"], one["households"]) == ("一镇", None, 9)
    assert _cards(one) == {"RED": 1, "YELLOW": 0, "GREEN": 8, None: 0}
    assert _statuses(townships["430624102"]) == {"NOT_OUT": 1, "OUT": 0, "RETURNED": 0, None: 0}
    scoped = gql(client, TALLIES, by="VILLAGE", scope={"villageCode": "430624101201"})["coverage"]
    assert [(t["code"], t["households"]) for t in scoped["tallies"]] == [("430624101201", 7)]


def test_tallies_count_the_status_recorded_for_the_day(client, county):
    """C1 went out of poverty on 2019-01-01 (a dated fact, graph/facts.py): NOT_OUT before it,
    OUT from it, also for a day asked after the change was recorded."""
    g.run(
        county,
        """MATCH (h:Household {id: 'C1'})
        CREATE (h)-[:HAD]->(was:HouseholdFacts)
        SET was = h {.*}, was.since = null, was.until = date('2019-01-01'), h.status = 'OUT',
            h.factsSince = date('2019-01-01')
        REMOVE was.id, was.factsSince""",
    )
    before = TALLIES.replace('asOf: "2019-06-30"', 'asOf: "2018-12-31"')
    [then] = gql(client, before, by="TOWNSHIP", scope={"townshipCode": "430624102"})["coverage"]["tallies"]
    assert _statuses(then) == {"NOT_OUT": 1, "OUT": 0, "RETURNED": 0, None: 0}
    [now] = gql(client, TALLIES, by="TOWNSHIP", scope={"townshipCode": "430624102"})["coverage"]["tallies"]
    assert _statuses(now) == {"NOT_OUT": 0, "OUT": 1, "RETURNED": 0, None: 0}
