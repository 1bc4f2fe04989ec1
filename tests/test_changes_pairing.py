"""pairCadre and endPairing (W7, W8) through GraphQL against the real Neo4j."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json

import httpx
import pytest

from core.principal import Role
from core.settings import Serving
from fupin.asgi import create_app
from tests.changes import events, refusal
from tests.conftest import bearer, gql
from tests.coverage_graphs import cadre, households, pair, villages
from tests.load_kit import paired_cadres, paired_since

V1 = "430624101201"

PAIR = """mutation($h: ID!, $c: ID!, $since: Date!, $replace: Boolean! = false, $reason: String) {
  pairCadre(householdId: $h, cadreId: $c, since: $since, replace: $replace, reason: $reason) {
    pairing { household { id } cadre { id name } since until }
    ended { cadre { id } since until } } }"""

END = """mutation($h: ID!, $c: ID!, $until: Date!, $reason: String! = "外出务工，改由村里照应") {
  endPairing(householdId: $h, cadreId: $c, until: $until, reason: $reason) {
    household { id } cadre { id } since until } }"""


def active_pairings(db, cadre_uid: str) -> list[str]:
    records, _, _ = db.execute_query(
        "MATCH (:Cadre {uid: $c})-[r:PAIRED_WITH WHERE r.until IS NULL]->(h) RETURN h.id AS id ORDER BY id",
        c=cadre_uid,
    )
    return [r["id"] for r in records]


@pytest.fixture
def county(db):
    villages(db)
    households(db, V1, [f"H{i}" for i in range(1, 21)])
    for uid in ("c-a", "c-b"):
        cadre(db, uid)
    return db


def test_pair_creates_an_open_pairing_and_its_audit_event(client, county):
    data = gql(client, PAIR, h="H1", c="c-a", since="2020-01-01")["pairCadre"]
    assert data["pairing"] == {
        "household": {"id": "H1"},
        "cadre": {"id": "c-a", "name": "干部c-a"},
        "since": "2020-01-01",
        "until": None,
    }
    assert data["ended"] == []
    assert active_pairings(county, "c-a") == ["H1"]
    assert paired_since(county, "H1") == (dt.date(2020, 1, 1), True)  # W7: graph/derived.py
    assert paired_cadres(county, "H1") == (dt.date(2020, 1, 1), ["干部c-a"])  # W8: graph/derived.py
    records, _, _ = county.execute_query(
        "MATCH (e:AuditEvent)-[:CONCERNS]->(:Household {id: 'H1'}) "
        "MATCH (e)-[:CONCERNS]->(:Cadre {uid: 'c-a'}) RETURN e {.*} AS e"
    )
    [event] = [r["e"] for r in records]
    assert event["operation"] == "pairCadre"
    assert json.loads(event["inputs"]) == {
        "householdId": "H1",
        "cadreId": "c-a",
        "since": "2020-01-01",
        "replace": False,
    }
    assert json.loads(event["changes"]) == [
        {
            "entity": "PAIRED_WITH",
            "key": "c-a->H1",
            "before": None,
            "after": {"since": "2020-01-01", "until": None},
        }
    ]


def test_w8_refuses_a_sixth_household_and_writes_nothing(client, county):
    for i in range(1, 6):
        pair(county, "c-a", f"H{i}", "2019-01-01")
    error = refusal(client, county, PAIR, h="H6", c="c-a", since="2020-01-01")
    assert error["extensions"]["code"] == "RULE_VIOLATION"
    assert error["extensions"]["rule"] == "W8"
    assert error["extensions"]["facts"]["households"] == ["H1", "H2", "H3", "H4", "H5"]
    assert error["message"].startswith("W8：帮扶责任人 干部c-a 已有 5 户在帮：H1、H2、H3、H4、H5")
    assert len(events(county)) == 0


def test_w8_counts_pairings_that_start_after_since(client, county):
    # Four open pairings from 2020-06-01 and one that ended on 2020-03-01: a pairing from 2020-01-01
    # makes 6 on no day (5 from 2020-06-01 on); one more household would.
    for i in range(1, 5):
        pair(county, "c-a", f"H{i}", "2020-06-01")
    pair(county, "c-a", "H5", "2019-01-01", "2020-03-01")
    gql(client, PAIR, h="H6", c="c-a", since="2020-01-01")
    error = refusal(client, county, PAIR, h="H7", c="c-a", since="2020-01-01")
    assert error["extensions"]["rule"] == "W8"
    assert error["extensions"]["facts"]["day"] == "2020-06-01"
    assert error["extensions"]["facts"]["households"] == ["H1", "H2", "H3", "H4", "H6"]


def test_w8_does_not_count_ended_pairings(client, county):
    for i in range(1, 6):
        pair(county, "c-a", f"H{i}", "2019-01-01", "2020-01-01")
    gql(client, PAIR, h="H6", c="c-a", since="2020-01-01")
    assert active_pairings(county, "c-a") == ["H6"]


def test_threshold_is_the_setting(county, settings, neo4j_target):
    import dataclasses

    from starlette.testclient import TestClient

    thresholds = dataclasses.replace(settings.thresholds, max_households_per_cadre=2)
    admin = {"authorization": bearer(settings, Role.COUNTY_ADMIN)}
    with TestClient(
        create_app(dataclasses.replace(settings, thresholds=thresholds), neo4j_target), headers=admin
    ) as c:
        gql(c, PAIR, h="H1", c="c-a", since="2020-01-01")
        gql(c, PAIR, h="H2", c="c-a", since="2020-01-01")
        error = refusal(c, county, PAIR, h="H3", c="c-a", since="2020-01-01")
    assert error["extensions"]["rule"] == "W8"
    assert error["extensions"]["facts"]["limit"] == 2


def test_w7_refuses_a_household_already_paired_unless_replace(client, county):
    pair(county, "c-b", "H1", "2019-01-01")
    error = refusal(client, county, PAIR, h="H1", c="c-a", since="2020-01-01")
    assert (error["extensions"]["code"], error["extensions"]["rule"]) == ("RULE_VIOLATION", "W7")
    assert error["extensions"]["facts"]["cadres"] == ["c-b"]
    assert "干部c-b" in error["message"]

    error = refusal(client, county, PAIR, h="H1", c="c-a", since="2020-01-01", replace=True)
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "reason")
    data = gql(client, PAIR, h="H1", c="c-a", since="2020-01-01", replace=True, reason="岗位调整")[
        "pairCadre"
    ]
    assert data["ended"] == [{"cadre": {"id": "c-b"}, "since": "2019-01-01", "until": "2020-01-01"}]
    # History kept: the old pairing ends on `since`, the day the successor starts.
    records, _, _ = county.execute_query(
        "MATCH (c:Cadre)-[r:PAIRED_WITH]->(:Household {id: 'H1'}) "
        "RETURN c.uid AS c, toString(r.since) AS since, toString(r.until) AS until ORDER BY since"
    )
    assert [dict(r) for r in records] == [
        {"c": "c-b", "since": "2019-01-01", "until": "2020-01-01"},
        {"c": "c-a", "since": "2020-01-01", "until": None},
    ]
    who = """{ household(id: "H1") { a: pairings(asOf: "2019-12-31") { cadre { id } }
                                     b: pairings(asOf: "2020-01-01") { cadre { id } } } }"""
    household = gql(client, who)["household"]
    assert household == {"a": [{"cadre": {"id": "c-b"}}], "b": [{"cadre": {"id": "c-a"}}]}


def test_w7_refuses_pairing_the_same_cadre_twice(client, county):
    pair(county, "c-a", "H1", "2019-01-01")
    error = refusal(client, county, PAIR, h="H1", c="c-a", since="2020-01-01", replace=True, reason="r")
    assert error["extensions"]["rule"] == "W7"


@pytest.mark.parametrize(
    ("since", "argument"),
    [("2018-06-01", "since"), ("2019-03-01", "since")],
    ids=["before-an-existing-start", "inside-an-ended-pairing"],
)
def test_dates_that_would_rewrite_history_are_refused(client, county, since, argument):
    pair(county, "c-b", "H1", "2019-01-01", "2019-06-01")
    pair(county, "c-b", "H2", "2019-01-01")
    query_household = "H2" if since == "2018-06-01" else "H1"
    error = refusal(client, county, PAIR, h=query_household, c="c-a", since=since, replace=True, reason="r")
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "argument": argument,
        **{k: v for k, v in error["extensions"].items() if k not in {"code", "argument"}},
    }


def test_future_dates_and_unknown_ids_are_refused(client, county):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    error = refusal(client, county, PAIR, h="H1", c="c-a", since=tomorrow)
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "since")
    error = refusal(client, county, PAIR, h="H404", c="c-a", since="2020-01-01")
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("NOT_FOUND", "householdId")
    error = refusal(client, county, PAIR, h="H1", c="c-404", since="2020-01-01")
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("NOT_FOUND", "cadreId")
    assert len(events(county)) == 0


def test_end_pairing_sets_until_and_keeps_history(client, county):
    pair(county, "c-a", "H1", "2019-01-01")
    data = gql(client, END, h="H1", c="c-a", until="2020-02-01")["endPairing"]
    assert data == {
        "household": {"id": "H1"},
        "cadre": {"id": "c-a"},
        "since": "2019-01-01",
        "until": "2020-02-01",
    }
    records, _, _ = county.execute_query(
        "MATCH (:Cadre {uid: 'c-a'})-[r:PAIRED_WITH]->(:Household {id: 'H1'}) "
        "RETURN toString(r.until) AS until"
    )
    assert [r["until"] for r in records] == ["2020-02-01"]
    assert len(events(county)) == 1
    assert paired_since(county, "H1") == (None, False)  # W7: no open pairing left
    assert paired_cadres(county, "H1") == (dt.date(2020, 2, 1), [])  # W8: none since it ended


def test_end_pairing_refusals(client, county):
    pair(county, "c-a", "H1", "2019-01-01")
    pair(county, "c-a", "H2", "2019-01-01", "2019-06-01")
    error = refusal(client, county, END, h="H1", c="c-a", until="2018-12-31")
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "until")
    error = refusal(client, county, END, h="H2", c="c-a", until="2020-01-01")  # already ended
    assert error["extensions"]["code"] == "NOT_FOUND"
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    error = refusal(client, county, END, h="H1", c="c-a", until=tomorrow)
    assert error["extensions"]["argument"] == "until"


def simultaneous(settings, neo4j_target, variables: list[dict]) -> list[dict]:
    """Every pairCadre of `variables` in flight at once, each in its own session and transaction
    (the process's bound on requests, fupin/overload.py, raised to hold them all)."""
    serving = Serving(max_in_flight=len(variables), max_queued=len(variables))
    app = create_app(dataclasses.replace(settings, serving=serving), neo4j_target)

    async def go() -> list[dict]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            admin = {"authorization": bearer(settings, Role.COUNTY_ADMIN)}
            async with httpx.AsyncClient(transport=transport, base_url="http://test", headers=admin) as c:
                # Warm the driver's pool so that the pairings do not queue for new connections.
                warm = {"query": '{ cadre(id: "c-a") { pairings { since } } }'}
                await asyncio.gather(*(c.post("/graphql", json=warm) for _ in variables))
                responses = await asyncio.gather(
                    *(c.post("/graphql", json={"query": PAIR, "variables": v}) for v in variables)
                )
        return [r.json() for r in responses]

    return asyncio.run(go())


def test_twenty_simultaneous_pairings_of_one_cadre_succeed_exactly_five_times(county, settings, neo4j_target):
    """W8 under concurrency: the cadre's write lock makes the 20 transactions count one after another."""
    bodies = simultaneous(
        settings, neo4j_target, [{"h": f"H{i}", "c": "c-a", "since": "2020-01-01"} for i in range(1, 21)]
    )
    ok = [b for b in bodies if "errors" not in b]
    refusals = [b["errors"][0]["extensions"] for b in bodies if "errors" in b]
    assert len(ok) == 5
    assert len(refusals) == 15 and {(e["code"], e["rule"]) for e in refusals} == {("RULE_VIOLATION", "W8")}
    assert len(active_pairings(county, "c-a")) == 5
    assert len(events(county)) == 5


def test_simultaneous_pairings_of_one_household_succeed_once(county, settings, neo4j_target):
    """W7 under concurrency: the household's write lock lets one of ten cadres pair with it."""
    for i in range(10):
        cadre(county, f"c-{i}")
    bodies = simultaneous(
        settings, neo4j_target, [{"h": "H1", "c": f"c-{i}", "since": "2020-01-01"} for i in range(10)]
    )
    assert sum("errors" not in b for b in bodies) == 1
    assert {b["errors"][0]["extensions"]["rule"] for b in bodies if "errors" in b} == {"W7"}
    records, _, _ = county.execute_query(
        "MATCH (:Household {id: 'H1'})<-[r:PAIRED_WITH WHERE r.until IS NULL]-() RETURN count(r) AS n"
    )
    assert records[0]["n"] == 1


REPLACE = """mutation($since: Date!) {
  pairCadre(householdId: "H1", cadreId: "c-a", since: $since, replace: true, reason: "原帮扶人调离") {
    ended { cadre { id } until endReason }
    laterVisits { visit { id date } cadre { id } household { id } } } }"""


def test_reasons_are_kept_on_the_ended_pairing_and_in_the_audit_event(client, county):
    pair(county, "c-a", "H1", "2019-01-01")
    data = gql(client, END, h="H1", c="c-a", until="2020-02-01", reason="退休")["endPairing"]
    assert data["until"] == "2020-02-01"
    records, _, _ = county.execute_query(
        "MATCH (:Cadre {uid: 'c-a'})-[r:PAIRED_WITH]->(:Household {id: 'H1'}) RETURN r.endReason AS reason"
    )
    assert [r["reason"] for r in records] == ["退休"]
    [event] = events(county)
    assert event["inputs"]["reason"] == "退休"
    assert event["changes"][0]["after"]["endReason"] == "退休"
    history = """{ householdHistory(householdId: "H1", kinds: [PAIRING], direction: ASC) {
      edges { node { action reason } } } }"""
    moments = [e["node"] for e in gql(client, history)["householdHistory"]["edges"]]
    assert moments == [{"action": "STARTED", "reason": None}, {"action": "ENDED", "reason": "退休"}]
    error = refusal(client, county, END, h="H2", c="c-a", until="2020-02-01", reason="  ")
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "reason")


def test_a_back_dated_replacement_names_the_old_cadres_later_visits(client, county):
    pair(county, "c-b", "H1", "2019-01-01")
    county.execute_query(
        """MATCH (b:Cadre {uid: 'c-b'}), (h:Household {id: 'H1'})
        UNWIND [['v-before', '2019-12-31'], ['v-on', '2020-01-01'], ['v-after', '2020-03-05']] AS v
        CREATE (b)-[:MADE]->(:Visit {id: v[0], date: date(v[1])})-[:TO]->(h)"""
    )
    data = gql(client, REPLACE, since="2020-01-01")["pairCadre"]
    assert data["ended"] == [{"cadre": {"id": "c-b"}, "until": "2020-01-01", "endReason": "原帮扶人调离"}]
    # The end day is the successor's: the visit made on it is named too; the one before is not.
    assert data["laterVisits"] == [
        {"visit": {"id": "v-on", "date": "2020-01-01"}, "cadre": {"id": "c-b"}, "household": {"id": "H1"}},
        {"visit": {"id": "v-after", "date": "2020-03-05"}, "cadre": {"id": "c-b"}, "household": {"id": "H1"}},
    ]
    [event] = events(county)
    assert event["inputs"]["reason"] == "原帮扶人调离"
