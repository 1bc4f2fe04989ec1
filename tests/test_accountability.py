"""cadreAccountability on the constructed history (tests/chain_graphs.py): cadre A over
2018-12-01 … 2019-06-30, with visits, check-ins, orders and petitions whose counts are known."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import accountability as q
from graph import derived
from graph.reach import COUNTY_REACH
from tests.chain_graphs import TEAM, history
from tests.conftest import gql, gql_errors
from tests.plans import assert_seeks_without_scans

# A joins the team as a MEMBER 2019-02-01 → 2019-05-01: stationed on the last day of Feb, Mar, Apr.
# In-village days: Dec 5 (not stationed), Feb 20 (one twice, one out of the village), Mar 19, Apr 0.
RECORDS = """
MATCH (a:Cadre {uid: 'c-a'}), (b:Cadre {uid: 'c-b'}), (h1:Household {id: 'H1'}), (h2:Household {id: 'H2'}),
      (team:WorkTeam {id: $team})
CREATE (a)-[:MEMBER_OF {role: 'MEMBER', since: date('2019-02-01'), until: date('2019-05-01')}]->(team)
FOREACH (v IN [['V1', '2018-12-10'], ['V2', '2019-04-01'], ['V3', '2019-01-15'], ['V4', '2019-02-20'],
               ['V5', '2019-02-25'], ['V6', '2019-03-05'], ['V7', '2018-11-30']] |
  CREATE (:Visit {id: v[0], date: date(v[1])}))
WITH *
CALL (a, b, h1, h2) {
  UNWIND [['V1', h1, a], ['V2', h1, a], ['V3', h2, a], ['V4', h2, a], ['V5', h2, a], ['V6', h2, b],
          ['V7', h2, a]] AS v
  WITH v[0] AS id, v[1] AS home, v[2] AS who
  MATCH (x:Visit {id: id})
  CREATE (who)-[:MADE]->(x)-[:TO]->(home)
}
FOREACH (d IN [x IN range(1, 5) | date({year: 2018, month: 12, day: x})]
            + [x IN range(1, 20) | date({year: 2019, month: 2, day: x})]
            + [x IN range(1, 19) | date({year: 2019, month: 3, day: x})] |
  CREATE (a)-[:CHECKED_IN]->(:Attendance {id: 'a' + toString(d), date: d, inVillage: true}))
CREATE (a)-[:CHECKED_IN]->(:Attendance {id: 'again', date: date('2019-02-01'), inVillage: true})
CREATE (a)-[:CHECKED_IN]->(:Attendance {id: 'away', date: date('2019-02-21'), inVillage: false})
FOREACH (o IN [['O1', '2018-10-01', '2018-11-30'], ['O2', '2018-11-15', '2018-12-01'],
               ['O3', '2019-06-30', null], ['O4', '2019-07-01', null], ['O5', '2018-11-20', '2018-12-02']] |
  CREATE (:Rectification {id: o[0], issuedOn: date(o[1]), closedOn: date(o[2]), deadline: date('2020-01-01')})
         -[:ISSUED_TO]->(a))
WITH *
CALL (h1, h2) {
  UNWIND [['X1', h1, '2019-05-20'], ['X2', h1, '2019-06-10'], ['X3', h2, '2018-11-01'],
          ['X4', h2, '2019-03-03']] AS p
  WITH p[0] AS caseNo, p[1] AS home, p[2] AS day
  CREATE (:Petition {caseNo: caseNo, registeredOn: date(day)})-[:ABOUT]->(home)
}
"""

QUERY = """query($from: Date!, $to: Date) { cadreAccountability(cadreId: "c-a", from: $from, to: $to) {
  cadre { name } from to units { unit { name } since until } teams { team { id } role since until }
  households { household { id } since until visits { id } visitsDue periodsMet
               periods { cadence start due card visits } petitions { caseNo } }
  visitsMade visitsDue periodsMet
  attendance { month days required stationed short }
  rectifications { id } petitions { caseNo } } }"""


@pytest.fixture
def county(db):
    history(db)
    db.execute_query(RECORDS, team=TEAM)
    derived.repair(db, "neo4j")  # the visits written here, as migrate would
    return db


def _periods(h):  # type: ignore[no-untyped-def]
    return [(p["cadence"], p["start"], p["card"], p["visits"]) for p in h["periods"]]


def test_account_of_a_period_is_exactly_the_constructed_one(client, county):
    a = gql(client, QUERY, **{"from": "2018-12-01", "to": "2019-06-30"})["cadreAccountability"]
    assert (a["cadre"], a["from"], a["to"]) == ({"name": "甲"}, "2018-12-01", "2019-06-30")
    assert a["units"] == [{"unit": {"name": "县审计局"}, "since": "2015-01-01", "until": None}]
    assert a["teams"] == [
        {"team": {"id": TEAM}, "role": "MEMBER", "since": "2019-02-01", "until": "2019-05-01"}
    ]
    h1, h2 = a["households"]
    assert (h1["household"], h1["since"], h1["until"]) == ({"id": "H1"}, "2018-03-01", "2019-06-01")
    # H1: RED in December (a month due), YELLOW from January (Q1 due; Q2 ends after A's pairing).
    assert _periods(h1) == [("MONTH", "2018-12-01", "RED", 1), ("QUARTER", "2019-01-01", "YELLOW", 0)]
    assert [v["id"] for v in h1["visits"]] == ["V1", "V2"]
    assert (h1["visitsDue"], h1["periodsMet"]) == (2, 1)
    # H2: RED throughout, every month due; B's visit in March does not count for A.
    assert _periods(h2) == [
        ("MONTH", "2018-12-01", "RED", 0),
        ("MONTH", "2019-01-01", "RED", 1),
        ("MONTH", "2019-02-01", "RED", 2),
        ("MONTH", "2019-03-01", "RED", 0),
        ("MONTH", "2019-04-01", "RED", 0),
        ("MONTH", "2019-05-01", "RED", 0),
        ("MONTH", "2019-06-01", "RED", 0),
    ]
    assert [v["id"] for v in h2["visits"]] == ["V3", "V4", "V5"]
    assert (a["visitsMade"], a["visitsDue"], a["periodsMet"]) == (5, 9, 3)
    assert [(m["month"], m["days"], m["required"], m["stationed"], m["short"]) for m in a["attendance"]] == [
        ("2018-12", 5, 20, False, False),
        ("2019-01", 0, 20, False, False),
        ("2019-02", 20, 20, True, False),
        ("2019-03", 19, 20, True, True),
        ("2019-04", 0, 20, True, True),
        ("2019-05", 0, 20, False, False),
        ("2019-06", 0, 20, False, False),
    ]
    # O2 closed on the first day (not open then), O5 the day after; O3 issued on the last day.
    assert [o["id"] for o in a["rectifications"]] == ["O5", "O3"]
    # X2 came after A's pairing ended, X3 before the period.
    assert [p["caseNo"] for p in h1["petitions"]] == ["X1"]
    assert [p["caseNo"] for p in a["petitions"]] == ["X1", "X4"]


def test_the_pairings_end_day_is_the_successors(client, county):
    def households(start: str) -> list[str]:
        a = gql(client, QUERY, **{"from": start, "to": "2019-06-30"})["cadreAccountability"]
        return [h["household"]["id"] for h in a["households"]]

    assert households("2019-05-31") == ["H1", "H2"]
    assert households("2019-06-01") == ["H2"]


def test_bad_periods_and_unknown_cadres_are_refused(client, county):
    [error] = gql_errors(client, QUERY, **{"from": "2019-07-01", "to": "2019-06-30"})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "from"}
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    [error] = gql_errors(client, QUERY, **{"from": "2019-07-01", "to": tomorrow})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "to"}
    [error] = gql_errors(client, '{ cadreAccountability(cadreId: "nope", from: "2019-01-01") { to } }')
    assert error["extensions"]["code"] == "NOT_FOUND"


def test_periods_are_the_whole_months_and_quarters_inside():
    periods = q.visit_periods(dt.date(2019, 2, 15), dt.date(2019, 7, 31))
    assert [(p["cadence"], p["start"].isoformat(), p["due"].isoformat()) for p in periods] == [
        ("MONTH", "2019-03-01", "2019-03-31"),
        ("MONTH", "2019-04-01", "2019-04-30"),
        ("MONTH", "2019-05-01", "2019-05-31"),
        ("MONTH", "2019-06-01", "2019-06-30"),
        ("QUARTER", "2019-04-01", "2019-06-30"),
        ("MONTH", "2019-07-01", "2019-07-31"),
    ]
    assert [m["month"] for m in q.attendance_months(dt.date(2019, 12, 1), dt.date(2020, 2, 28))] == [
        "2019-12",
        "2020-01",
    ]


def test_account_is_one_statement_from_the_cadre_seek_without_scans(db, neo4j_target):
    params = q.parameters("c-a", dt.date(2018, 12, 1), dt.date(2019, 6, 30), 20)
    assert_seeks_without_scans(db, neo4j_target.database, q.statement(COUNTY_REACH), params)


FACTS = """query { cadreAccountability(cadreId: "c-a", from: "2018-12-01", to: "2019-06-30") {
  households { household { id income } periods { cadence due } } } }"""
UPDATE = """mutation($id: ID!, $income: Float!, $on: Date!) {
  updateHousehold(id: $id, changes: {income: $income}, effectiveOn: $on, reason: "入户核实") { id } }"""
REMOVE = """mutation { removeHousehold(id: "H2", reason: MOVED_AWAY, date: "2019-03-15") { id } }"""


def test_households_show_their_facts_of_the_last_day_paired_and_periods_while_registered(client, county):
    """A paired with H1 until 2019-06-01 (its last day 2019-05-31) and with H2 throughout: H1 shows
    the income of 2019-05-31, not a later one; H2 that of 2019-06-30; H2 removed (销户) on 2019-03-15
    owes no visit for a period due on or after that day."""

    def account():  # type: ignore[no-untyped-def]
        found = gql(client, FACTS)["cadreAccountability"]["households"]
        return {h["household"]["id"]: h for h in found}

    before = account()
    gql(client, UPDATE, id="H1", income=3000.0, on="2019-05-01")
    gql(client, UPDATE, id="H1", income=9000.0, on="2019-06-01")  # after A's pairing ended
    gql(client, UPDATE, id="H2", income=5000.0, on="2019-06-30")
    gql(client, UPDATE, id="H2", income=7000.0, on="2019-07-01")  # after the period
    gql(client, REMOVE)
    after = account()
    assert (after["H1"]["household"]["income"], after["H2"]["household"]["income"]) == (3000.0, 5000.0)
    assert after["H1"]["periods"] == before["H1"]["periods"]
    kept = [p for p in before["H2"]["periods"] if p["due"] < "2019-03-15"]
    assert kept != before["H2"]["periods"] and after["H2"]["periods"] == kept
