"""householdHistory on the constructed history, plus the household's records and two
audit events written as docs/model.md describes them: order, keyset pages, kinds, errors."""

from __future__ import annotations

import pytest

from graph import derived
from graph import history as q
from graph.listing import PageRequest, build
from graph.reach import COUNTY_REACH
from tests.chain_graphs import history
from tests.conftest import gql, gql_errors
from tests.plans import assert_seeks_without_scans

RECORDS = """
MATCH (h:Household {id: 'H1'}), (a:Cadre {uid: 'c-a'}), (b:Cadre {uid: 'c-b'}), (t:Township)
SET h.exitYear = 2018
CREATE (a)-[:MADE]->(:Visit {id: 'V1', date: date('2018-04-10'), mode: '入户走访'})-[:TO]->(h)
CREATE (b)-[:MADE]->(:Visit {id: 'V2', date: date('2019-07-15'), mode: '电话'})-[:TO]->(h)
CREATE (h)-[:RECEIVES]->(:Benefit {id: 'B3', project: '未注明日期'})
CREATE (h)-[:BORROWED]->(:Loan {id: 'L1', bank: '农商行', amountFen: 5000000, issuedOn: date('2018-06-01')})
CREATE (pt:Petition {caseNo: 'X-1', registeredOn: date('2019-10-10'), closedOn: date('2019-11-20'),
                     level: 'PROVINCE'})-[:ABOUT]->(h)
CREATE (pt)-[:IN_TOWNSHIP]->(t)
CREATE (:PovertyReport {id: 'R1', kind: 'RETURNED', foundOn: date('2019-12-20'),
                        verifiedOn: date('2019-12-28')})-[:ABOUT]->(h)
// Audit events as the mutations write them: 04:00 and 10:00 on 2019-06-01 in the county (UTC+8).
CREATE (:AuditEvent {id: 'e1', at: datetime('2019-05-31T20:00:00Z'), actor: 'officer-1',
                     role: 'TOWNSHIP_OFFICER', operation: 'endPairing', requestId: 'r1', inputs: '{}',
                     changes: '[]'})-[:CONCERNS]->(h)
CREATE (:AuditEvent {id: 'e2', at: datetime('2019-06-01T02:00:00Z'), actor: 'officer-1',
                     role: 'TOWNSHIP_OFFICER', operation: 'pairCadre', requestId: 'r2', inputs: '{}',
                     changes: '[]'})-[:CONCERNS]->(h)
"""

# Newest first; events of the same instant by key. Dated events count from 00:00 of their day in
# the county, i.e. 16:00 UTC the day before, so 2019-06-01's pairings come before both audit events.
NEWEST_FIRST = [
    ("CARD", "STARTED", "2020-01-01"),  # key CARD:RED:2020-01-01 < CARD:YELLOW:2019-01-01
    ("CARD", "ENDED", "2020-01-01"),
    ("POVERTY_REPORT", "VERIFIED", "2019-12-28"),
    ("POVERTY_REPORT", "FOUND", "2019-12-20"),
    ("PETITION", "CLOSED", "2019-11-20"),
    ("PETITION", "REGISTERED", "2019-10-10"),
    ("BENEFIT", "RECEIVED", "2019-08-01"),
    ("VISIT", "MADE", "2019-07-15"),
    ("AUDIT", "RECORDED", "2019-06-01"),  # e2, 10:00
    ("AUDIT", "RECORDED", "2019-06-01"),  # e1, 04:00
    ("PAIRING", "ENDED", "2019-06-01"),  # A's, key PAIRING:c-a… < PAIRING:c-b…
    ("PAIRING", "STARTED", "2019-06-01"),  # B's
    ("CARD", "ENDED", "2019-01-01"),  # RED's end, key CARD:RED… < CARD:YELLOW…
    ("CARD", "STARTED", "2019-01-01"),
    ("STATUS", "EXITED", "2018-12-31"),
    ("LOAN", "ISSUED", "2018-06-01"),
    ("BENEFIT", "RECEIVED", "2018-05-01"),
    ("VISIT", "MADE", "2018-04-10"),
    ("PAIRING", "STARTED", "2018-03-01"),
    ("CARD", "STARTED", "2016-01-01"),  # key CARD… < STATUS…
    ("STATUS", "REGISTERED", "2016-01-01"),
    ("BENEFIT", "RECEIVED", None),  # undated: the oldest
]

QUERY = """query($kinds: [HistoryKind!], $direction: Direction, $first: Int, $after: String) {
  householdHistory(householdId: "H1", kinds: $kinds, direction: $direction, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { kind action date at key yearOnly status card since until reason
      cadre { name } visit { id } benefit { id } policy { code } person { name } loan { id }
      petition { caseNo } report { id } audit { id operation actor } } } } }"""


@pytest.fixture
def county(db):
    history(db)
    db.execute_query(RECORDS)
    derived.repair(db, "neo4j")  # the visits written here, as migrate would
    return db


def _events(client, **variables):  # type: ignore[no-untyped-def]
    page = gql(client, QUERY, first=100, **variables)["householdHistory"]
    return page, [e["node"] for e in page["edges"]]


def test_every_event_newest_first(client, county):
    page, events = _events(client)
    assert page["totalCount"] == len(NEWEST_FIRST)
    assert [(e["kind"], e["action"], e["date"]) for e in events] == NEWEST_FIRST
    audits = [e for e in events if e["kind"] == "AUDIT"]
    assert [(e["audit"]["id"], e["audit"]["operation"], e["at"]) for e in audits] == [
        ("e2", "pairCadre", "2019-06-01T02:00:00+00:00"),
        ("e1", "endPairing", "2019-05-31T20:00:00+00:00"),
    ]
    by_key = {e["key"]: e for e in events}
    assert by_key["PAIRING:c-a:2018-03-01:ENDED"]["cadre"] == {"name": "甲"}
    ended = by_key["PAIRING:c-a:2018-03-01:ENDED"]
    assert (ended["since"], ended["until"]) == ("2018-03-01", "2019-06-01")
    assert by_key["CARD:YELLOW:2019-01-01:STARTED"]["card"] == "YELLOW"
    assert (
        by_key["STATUS:EXITED:2018"]["yearOnly"] is True and by_key["STATUS:EXITED:2018"]["status"] == "OUT"
    )
    assert by_key["VISIT:V2"]["cadre"] == {"name": "乙"} and by_key["VISIT:V2"]["visit"] == {"id": "V2"}
    assert by_key["BENEFIT:B2"]["person"] == {"name": "张小"} and by_key["BENEFIT:B2"]["policy"] == {
        "code": "P3"
    }
    assert by_key["BENEFIT:B1"]["person"] is None and by_key["BENEFIT:B1"]["policy"] == {"code": "P1"}
    assert by_key["LOAN:L1"]["loan"] == {"id": "L1"}
    assert by_key["PETITION:X-1:CLOSED"]["petition"] == {"caseNo": "X-1"}
    assert by_key["POVERTY_REPORT:R1:FOUND"]["report"] == {"id": "R1"}


def test_oldest_first(client, county):
    """The reverse order, except that events of the same instant keep their key order."""
    _, events = _events(client, direction="ASC")
    expected = list(reversed(NEWEST_FIRST))
    for first_of_tie in (1, 8, 10, 20):  # 2016-01-01, 2019-01-01, 2019-06-01's pairings, 2020-01-01
        expected[first_of_tie : first_of_tie + 2] = reversed(expected[first_of_tie : first_of_tie + 2])
    assert expected[1:3] == [("CARD", "STARTED", "2016-01-01"), ("STATUS", "REGISTERED", "2016-01-01")]
    assert [(e["kind"], e["action"], e["date"]) for e in events] == expected


@pytest.mark.parametrize("direction", ["DESC", "ASC"])
def test_keyset_pages_cover_the_timeline_once(client, county, direction):
    _, everything = _events(client, direction=direction)
    seen, after, pages = [], None, 0
    while True:
        page = gql(client, QUERY, first=4, after=after, direction=direction)["householdHistory"]
        pages += 1
        seen += [e["node"]["key"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [e["key"] for e in everything]
    assert pages == 6  # 22 events, 4 a page


def test_kinds_filter(client, county):
    page, events = _events(client, kinds=["PAIRING"])
    assert page["totalCount"] == 3
    assert [(e["key"], e["date"]) for e in events] == [
        ("PAIRING:c-a:2018-03-01:ENDED", "2019-06-01"),
        ("PAIRING:c-b:2019-06-01:STARTED", "2019-06-01"),
        ("PAIRING:c-a:2018-03-01:STARTED", "2018-03-01"),
    ]
    _, events = _events(client, kinds=["AUDIT", "LOAN"])
    assert [e["key"] for e in events] == ["AUDIT:e2", "AUDIT:e1", "LOAN:L1"]
    page, events = _events(client, kinds=[])
    assert (page["totalCount"], events) == (0, [])


def test_unknown_household_and_bad_cursor_are_refused(client, county):
    [error] = gql_errors(client, '{ householdHistory(householdId: "nope") { totalCount } }')
    assert error["extensions"]["code"] == "NOT_FOUND"
    [error] = gql_errors(client, QUERY, after="not-a-cursor")
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}


@pytest.mark.parametrize("with_total", [True, False])
def test_history_is_one_statement_from_the_household_seek_without_scans(db, neo4j_target, with_total):
    request = PageRequest(first=20, sort="TIME", descending=True, with_total=with_total)
    text = build(q.history(COUNTY_REACH), [], request)
    params = {"householdId": "H1", "kinds": list(q.KINDS), "timezone": q.TIMEZONE, "undated": q.UNDATED,
              "afterSort": None, "afterKey": None, "limit": 21}  # fmt: skip
    assert_seeks_without_scans(db, neo4j_target.database, text, params)
