"""recordVisit and resolveVisitProblem (W9, W10) through GraphQL against the real Neo4j."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graph.derived import STREAKS
from tests.changes import events, refusal
from tests.conftest import gql
from tests.coverage_graphs import cadre, households, pair, villages

V1 = "430624101201"

VISIT = """mutation($c: ID!, $h: ID!, $d: Date!, $f: String! = "缺劳力", $a: String! = "联系务工",
                   $e: Boolean! = false) {
  recordVisit(cadreId: $c, householdId: $h, date: $d, findings: $f, actions: $a, escalate: $e, mode: HOME) {
    visit { id date mode findings actions escalate resolution resolvedOn }
    cadre { id } household { id } } }"""

RESOLVE = """mutation($v: ID!, $r: String! = "已落实低保", $on: Date!) {
  resolveVisitProblem(visitId: $v, resolution: $r, resolvedOn: $on) {
    visit { id resolution resolvedOn } } }"""

OPEN_PROBLEMS = """query($asOf: Date) { coverage(asOf: $asOf) { openVisitProblems { totalCount } } }"""


@pytest.fixture
def county(db):
    villages(db)
    households(db, V1, ["H1", "H2"])
    cadre(db, "c-a")
    cadre(db, "c-b")
    pair(db, "c-a", "H1", "2020-01-01", "2020-06-01")
    pair(db, "c-b", "H1", "2020-06-01")
    return db


def test_a_paired_cadre_records_a_visit(client, county):
    data = gql(client, VISIT, c="c-a", h="H1", d="2020-05-31")["recordVisit"]
    visit = data["visit"]
    assert (visit["date"], visit["mode"], visit["findings"], visit["actions"]) == (
        "2020-05-31",
        "HOME",
        "缺劳力",
        "联系务工",
    )
    assert (visit["escalate"], visit["resolution"], visit["resolvedOn"]) == (False, None, None)
    assert (data["cadre"], data["household"]) == ({"id": "c-a"}, {"id": "H1"})
    records, _, _ = county.execute_query(
        "MATCH (:Cadre {uid: 'c-a'})-[:MADE]->(x:Visit {id: $id})-[:TO]->(:Household {id: 'H1'}) "
        "MATCH (e:AuditEvent {operation: 'recordVisit'})-[:CONCERNS]->(x) RETURN e.inputs AS inputs",
        id=visit["id"],
    )
    [record] = records
    assert json.loads(record["inputs"])["householdId"] == "H1"
    assert "c-a" not in visit["id"]  # a hash, not the cadre's identity number
    # W9 (graph/derived.py): the household records the months of its visits.
    gql(client, VISIT, c="c-b", h="H1", d="2020-07-01")
    gql(client, VISIT, c="c-b", h="H1", d="2020-07-20")
    records, _, _ = county.execute_query(
        "MATCH (h:Household {id: 'H1'}) RETURN h.visitMonths AS months, h {.*} AS h, h:Visited AS visited"
    )
    assert records[0]["months"] == ["2020-05", "2020-07"]
    # Its streaks: June was missed, so the months' starts in July; the quarters' runs from Q2 on.
    streaks = [records[0]["h"][p].to_native() for p in STREAKS]
    assert streaks == [dt.date(2020, 7, 1), dt.date(2020, 7, 1), dt.date(2020, 4, 1), dt.date(2020, 7, 1)]
    assert records[0]["visited"] is True


def test_w9_refuses_a_visit_by_a_cadre_not_paired_that_day(client, county):
    # c-a's pairing ended on 2020-06-01: the end day belongs to c-b.
    error = refusal(client, county, VISIT, c="c-a", h="H1", d="2020-06-01")
    assert (error["extensions"]["code"], error["extensions"]["rule"]) == ("RULE_VIOLATION", "W9")
    assert error["extensions"]["facts"]["pairedCadres"] == ["c-b"]
    assert "干部c-b" in error["message"]
    error = refusal(client, county, VISIT, c="c-a", h="H2", d="2020-03-01")
    assert error["extensions"]["rule"] == "W9"
    assert len(events(county)) == 0


def test_refusals_of_dates_text_and_duplicates(client, county):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    error = refusal(client, county, VISIT, c="c-b", h="H1", d=tomorrow)
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "date")
    error = refusal(client, county, VISIT, c="c-b", h="H1", d="2020-07-01", a="  ")
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "actions")
    gql(client, VISIT, c="c-b", h="H1", d="2020-07-01")
    error = refusal(client, county, VISIT, c="c-b", h="H1", d="2020-07-01")
    assert error["extensions"]["code"] == "ALREADY_EXISTS"
    assert len(events(county)) == 1


def test_an_escalated_problem_is_open_until_resolved(client, county):
    visit = gql(client, VISIT, c="c-b", h="H1", d="2020-07-01", e=True)["recordVisit"]["visit"]
    assert gql(client, OPEN_PROBLEMS, asOf="2020-08-01")["coverage"]["openVisitProblems"]["totalCount"] == 1
    data = gql(client, RESOLVE, v=visit["id"], on="2020-07-15")["resolveVisitProblem"]["visit"]
    assert data == {"id": visit["id"], "resolution": "已落实低保", "resolvedOn": "2020-07-15"}
    assert gql(client, OPEN_PROBLEMS, asOf="2020-08-01")["coverage"]["openVisitProblems"]["totalCount"] == 0
    # Before the resolution day the problem was still open: nothing of the past is rewritten.
    assert gql(client, OPEN_PROBLEMS, asOf="2020-07-10")["coverage"]["openVisitProblems"]["totalCount"] == 1
    [change] = json.loads(
        county.execute_query(
            "MATCH (e:AuditEvent {operation: 'resolveVisitProblem'}) RETURN e.changes AS c"
        ).records[0]["c"]
    )
    assert "resolvedOn" not in change["before"]
    assert change["after"]["resolvedOn"] == "2020-07-15"


def test_resolve_refusals(client, county):
    plain = gql(client, VISIT, c="c-b", h="H1", d="2020-07-01")["recordVisit"]["visit"]
    error = refusal(client, county, RESOLVE, v=plain["id"], on="2020-07-02")
    assert (error["extensions"]["rule"], error["extensions"]["facts"]["visit"]) == ("W10", plain["id"])

    escalated = gql(client, VISIT, c="c-b", h="H1", d="2020-07-02", e=True)["recordVisit"]["visit"]
    error = refusal(client, county, RESOLVE, v=escalated["id"], on="2020-07-01")
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "resolvedOn")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    error = refusal(client, county, RESOLVE, v=escalated["id"], on=tomorrow)
    assert error["extensions"]["argument"] == "resolvedOn"
    gql(client, RESOLVE, v=escalated["id"], on="2020-07-03")
    error = refusal(client, county, RESOLVE, v=escalated["id"], on="2020-07-04")
    assert error["extensions"]["rule"] == "W10"
    assert "2020-07-03" in error["message"]
    error = refusal(client, county, RESOLVE, v="no-such-visit", on="2020-07-04")
    assert error["extensions"]["code"] == "NOT_FOUND"


ROUTINE = """mutation($h: ID!, $d: Date!, $e: Boolean! = false, $mode: VisitMode) {
  recordVisit(cadreId: "c-b", householdId: $h, date: $d, routine: true, escalate: $e, mode: $mode) {
    visit { id mode modeText routine findings actions escalate } } }"""


def test_a_routine_visit_needs_no_findings_and_escalates_nothing(client, county):
    visit = gql(client, ROUTINE, h="H1", d="2020-07-01", mode="PHONE")["recordVisit"]["visit"]
    assert {k: v for k, v in visit.items() if k != "id"} == {
        "mode": "PHONE",
        "modeText": None,
        "routine": True,
        "findings": None,
        "actions": None,
        "escalate": False,
    }
    [event] = events(county)
    assert event["inputs"]["routine"] is True and "findings" not in event["inputs"]
    error = refusal(client, county, ROUTINE, h="H1", d="2020-07-02", e=True)
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "escalate")
    # Without the flag, a visit must say what was found.
    plain = """mutation { recordVisit(cadreId: "c-b", householdId: "H1", date: "2020-07-03", actions: "a") {
      visit { id } } }"""
    error = refusal(client, county, plain)
    assert error["extensions"]["argument"] == "findings" and "routine" in error["message"]


def test_a_mode_outside_the_list_is_refused(client, county):
    text = """mutation { recordVisit(cadreId: "c-b", householdId: "H1", date: "2020-07-01", routine: true,
      mode: 飞鸽传书) { visit { id } } }"""
    error = refusal(client, county, text)
    assert error["extensions"]["code"] in {"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"}
    error = refusal(client, county, ROUTINE, h="H1", d="2020-07-01", mode="PIGEON")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_modes_stored_as_text_are_read_into_the_code_list_and_kept(client, county):
    from graph.migrate import visit_modes

    county.execute_query(
        """MATCH (c:Cadre {uid: 'c-b'}), (h:Household {id: 'H1'})
        CREATE (c)-[:MADE]->(:Visit {id: 'v1', date: date('2020-07-01'), mode: '电话'})-[:TO]->(h)
        CREATE (c)-[:MADE]->(:Visit {id: 'v2', date: date('2020-07-02'), mode: '飞鸽传书'})-[:TO]->(h)
        CREATE (c)-[:MADE]->(:Visit {id: 'v3', date: date('2020-07-03'), mode: 'HOME'})-[:TO]->(h)"""
    )
    history = """{ householdHistory(householdId: "H1", kinds: [VISIT], direction: ASC) {
      edges { node { visit { id mode modeText } } } } }"""

    def read() -> list[dict]:
        return [e["node"]["visit"] for e in gql(client, history)["householdHistory"]["edges"]]

    before = read()  # readable before the migration too: a text that is no code is shown as text
    assert before[1] == {"id": "v2", "mode": None, "modeText": "飞鸽传书"}
    visit_modes(county, "neo4j")
    visit_modes(county, "neo4j")  # idempotent
    assert read() == [
        {"id": "v1", "mode": "PHONE", "modeText": "电话"},
        {"id": "v2", "mode": None, "modeText": "飞鸽传书"},
        {"id": "v3", "mode": "HOME", "modeText": None},
    ]
