"""The record lists (visits, petitions, 返贫/新增 reports, benefits, loans, rectification orders) on the
county of tests/test_access.py (cadre A paired with H2, H3 today and with H1 until 2019-06-01; B with
H1 since; C with H5 in 城西镇) plus, by construction:

- visits: V-1 A→H2 2020-01-10; V-2 A→H3 2020-03-05, escalated and unresolved; V-3 B→H1 2020-02-01;
  V-4 C→H5 2020-02-15;
- petitions: PT-1 in 红星村 about H2, 2020-01-05, open; PT-2 in 东塘镇 (no village), 2020-02-01, closed;
  PT-3 in 湖滨村 about H5, 2020-01-20, open;
- reports: R-1 about H5, 2020-01-01, unverified; R-2 about H2, 2020-02-01, verified; R-3 NEW, to be
  registered in 青山村 (东塘镇), 2020-03-01, unverified;
- benefits: B-1 to H2 2020-01-01; B-2 to 李四 (p-3, of H2) 2020-02-01; B-3 to H5 2020-01-15; B-4 to
  张三 (p-1, of H1) 2020-03-01;
- loans: L-1 H2 2019-05-01 with a balance; L-2 H3 2019-06-01 repaid; L-3 H5 2019-07-01 with a balance;
- orders: RC-1 to A 2020-01-01 open; RC-2 to C 2020-02-01 closed; RC-3 to B 2020-03-01 open.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.derived import repair
from tests.test_access import ask, codes, county  # noqa: F401 — `county` is a fixture

RECORDS = """
MATCH (a:Cadre {uid: 'c-a'}), (b:Cadre {uid: 'c-b'}), (c:Cadre {uid: 'c-c'}),
      (h1:Household {id: 'H1'}), (h2:Household {id: 'H2'}), (h3:Household {id: 'H3'}),
      (h5:Household {id: 'H5'}), (p1:Person {uid: 'p-1'}), (p3:Person {uid: 'p-3'}),
      (t1:Township {code: '430624101'}), (t2:Township {code: '430624102'}),
      (v1:Village {code: '430624101201'}), (v3:Village {code: '430624102201'}), (policy:Policy {code: 'P1'})
CREATE (a)-[:MADE]->(:Visit {id: 'V-1', date: date('2020-01-10'), mode: 'HOME'})-[:TO]->(h2)
CREATE (a)-[:MADE]->(:Visit {id: 'V-2', date: date('2020-03-05'), escalate: true, findings: '房屋漏雨'})
       -[:TO]->(h3)
CREATE (b)-[:MADE]->(:Visit {id: 'V-3', date: date('2020-02-01')})-[:TO]->(h1)
CREATE (c)-[:MADE]->(:Visit {id: 'V-4', date: date('2020-02-15')})-[:TO]->(h5)
CREATE (pt1:Petition {caseNo: 'PT-1', registeredOn: date('2020-01-05')})-[:IN_TOWNSHIP]->(t1)
CREATE (pt1)-[:IN_VILLAGE]->(v1), (pt1)-[:ABOUT]->(h2)
CREATE (:Petition {caseNo: 'PT-2', registeredOn: date('2020-02-01'), closedOn: date('2020-03-01')})
       -[:IN_TOWNSHIP]->(t1)
CREATE (pt3:Petition {caseNo: 'PT-3', registeredOn: date('2020-01-20')})-[:IN_TOWNSHIP]->(t2)
CREATE (pt3)-[:IN_VILLAGE]->(v3), (pt3)-[:ABOUT]->(h5)
CREATE (:PovertyReport {id: 'R-1', kind: 'RETURNED', foundOn: date('2020-01-01')})-[:ABOUT]->(h5)
CREATE (:PovertyReport {id: 'R-2', kind: 'RETURNED', foundOn: date('2020-02-01'),
                        verifiedOn: date('2020-02-10')})-[:ABOUT]->(h2)
CREATE (:PovertyReport {id: 'R-3', kind: 'NEW', foundOn: date('2020-03-01'), newHouseholdId: 'H9',
                        newVillageCode: '430624101202'})
CREATE (h2)-[:RECEIVES]->(:Benefit {id: 'B-1', project: '产业奖补', amountFen: 100000,
                                    date: date('2020-01-01')})-[:UNDER]->(policy)
CREATE (p3)-[:RECEIVES]->(:Benefit {id: 'B-2', project: '医疗救助', date: date('2020-02-01')})
CREATE (h5)-[:RECEIVES]->(:Benefit {id: 'B-3', project: '产业奖补', date: date('2020-01-15')})
CREATE (p1)-[:RECEIVES]->(:Benefit {id: 'B-4', project: '教育资助', date: date('2020-03-01')})
CREATE (h2)-[:BORROWED]->(:Loan {id: 'L-1', issuedOn: date('2019-05-01'), amountFen: 500000,
                                 balanceFen: 500000})
CREATE (h3)-[:BORROWED]->(:Loan {id: 'L-2', issuedOn: date('2019-06-01'), amountFen: 300000, balanceFen: 0})
CREATE (h5)-[:BORROWED]->(:Loan {id: 'L-3', issuedOn: date('2019-07-01'), amountFen: 200000,
                                 balanceFen: 100000})
CREATE (:Rectification {id: 'RC-1', issuedOn: date('2020-01-01'), deadline: date('2020-02-01')})
       -[:ISSUED_TO]->(a)
CREATE (:Rectification {id: 'RC-2', issuedOn: date('2020-02-01'), deadline: date('2020-03-01'),
                        closedOn: date('2020-03-01')})-[:ISSUED_TO]->(c)
CREATE (:Rectification {id: 'RC-3', issuedOn: date('2020-03-01'), deadline: date('2020-04-01')})
       -[:ISSUED_TO]->(b)
"""

# Each list's field, the path from a row to its record's key, and the records each role sees, newest
# first (the default order).
LISTS: dict[str, tuple[str, str]] = {
    "visits": ("visit", "id"),
    "petitions": ("petition", "caseNo"),
    "povertyReports": ("report", "id"),
    "benefits": ("benefit", "id"),
    "loans": ("loan", "id"),
    "rectifications": ("rectification", "id"),
}
SEEN: dict[str, dict[str, list[str] | None]] = {
    "admin": {
        "visits": ["V-2", "V-4", "V-3", "V-1"],
        "petitions": ["PT-2", "PT-3", "PT-1"],
        "povertyReports": ["R-3", "R-2", "R-1"],
        "benefits": ["B-4", "B-2", "B-3", "B-1"],
        "loans": ["L-3", "L-2", "L-1"],
        "rectifications": ["RC-3", "RC-2", "RC-1"],
    },
    # 东塘镇: not 城西镇's H5, its petition, report, benefit, loan, nor the order of C (outside).
    "township": {
        "visits": ["V-2", "V-3", "V-1"],
        "petitions": ["PT-2", "PT-1"],
        "povertyReports": ["R-3", "R-2"],
        "benefits": ["B-4", "B-2", "B-1"],
        "loans": ["L-2", "L-1"],
        "rectifications": ["RC-3", "RC-1"],
    },
    # 红星村 (H1–H3): not 青山村's NEW report; the petition of its township naming no village, as
    # recordPetition's and closePetition's reach have it.
    "village": {
        "visits": ["V-2", "V-3", "V-1"],
        "petitions": ["PT-2", "PT-1"],
        "povertyReports": ["R-2"],
        "benefits": ["B-4", "B-2", "B-1"],
        "loans": ["L-2", "L-1"],
        "rectifications": ["RC-3", "RC-1"],
    },
    # Cadre A: its households today (H2, H3; H1 ended in 2019) and its own order.
    "cadre": {
        "visits": ["V-2", "V-1"],
        "petitions": ["PT-1"],
        "povertyReports": ["R-2"],
        "benefits": ["B-2", "B-1"],
        "loans": ["L-2", "L-1"],
        "rectifications": ["RC-1"],
    },
    "department": {
        "visits": None,
        "petitions": ["PT-2", "PT-3", "PT-1"],
        "povertyReports": ["R-3", "R-2", "R-1"],
        "benefits": ["B-4", "B-2", "B-3", "B-1"],
        "loans": ["L-3", "L-2", "L-1"],
        "rectifications": None,
    },
}


@pytest.fixture
def records(county):  # noqa: F811 — the fixture of tests/test_access.py
    county.execute_query(RECORDS)
    repair(county, "neo4j")  # visits derive their households' labels (graph/derived.py)
    return county


def _query(field: str, filter_type: str = "") -> str:
    record, key = LISTS[field]
    filter_arg = f"($f: {filter_type})" if filter_type else ""
    filter_use = "filter: $f, " if filter_type else ""
    return (
        f"query{filter_arg} {{ {field}({filter_use}first: 10) {{ totalCount "
        f"edges {{ node {{ {record} {{ {key} }} }} }} }} }}"
    )


def _keys(body: dict[str, Any], field: str) -> list[str]:
    record, key = LISTS[field]
    assert "errors" not in body, body["errors"]
    connection = body["data"][field]
    keys = [edge["node"][record][key] for edge in connection["edges"]]
    assert connection["totalCount"] == len(keys)
    return keys


@pytest.mark.parametrize("role", list(SEEN))
def test_each_role_sees_the_records_of_its_reach(client, settings, records, role):
    for field, expected in SEEN[role].items():
        body = ask(client, settings, role, _query(field))
        if expected is None:
            assert codes(body) == ["FORBIDDEN"], (field, body)
        else:
            assert _keys(body, field) == expected, field


FILTERED = [
    ("visits", "RecordFilter", {"villageCode": "430624101201"}, ["V-2", "V-3", "V-1"]),
    ("visits", "RecordFilter", {"townshipCode": "430624102"}, ["V-4"]),
    ("visits", "RecordFilter", {"householdId": "H1"}, ["V-3"]),
    ("visits", "RecordFilter", {"cadreId": "c-a"}, ["V-2", "V-1"]),
    ("visits", "RecordFilter", {"open": True}, ["V-2"]),
    ("visits", "RecordFilter", {"open": False}, ["V-4", "V-3", "V-1"]),
    ("visits", "RecordFilter", {"from": "2020-02-01", "to": "2020-02-29"}, ["V-4", "V-3"]),
    ("petitions", "RecordFilter", {"open": True}, ["PT-3", "PT-1"]),
    ("petitions", "RecordFilter", {"townshipCode": "430624101"}, ["PT-2", "PT-1"]),
    ("petitions", "RecordFilter", {"villageCode": "430624101201"}, ["PT-1"]),
    # A was paired with H2 on PT-1's day; nobody is paired with a petition that names no household.
    ("petitions", "RecordFilter", {"cadreId": "c-a"}, ["PT-1"]),
    ("povertyReports", "RecordFilter", {"townshipCode": "430624101"}, ["R-3", "R-2"]),
    ("povertyReports", "RecordFilter", {"villageCode": "430624101202"}, ["R-3"]),
    ("povertyReports", "RecordFilter", {"householdId": "H9"}, ["R-3"]),
    ("povertyReports", "RecordFilter", {"open": True}, ["R-3", "R-1"]),
    ("benefits", "BenefitFilter", {"householdId": "H2"}, ["B-2", "B-1"]),
    # B is paired with H1 since 2019-06-01: 张三's benefit of 2020.
    ("benefits", "BenefitFilter", {"cadreId": "c-b"}, ["B-4"]),
    ("benefits", "BenefitFilter", {"townshipCode": "430624102"}, ["B-3"]),
    ("loans", "RecordFilter", {"open": True}, ["L-3", "L-1"]),
    ("loans", "RecordFilter", {"villageCode": "430624101201", "open": False}, ["L-2"]),
    # A was paired with H2 and H3 when their loans were issued.
    ("loans", "RecordFilter", {"cadreId": "c-a"}, ["L-2", "L-1"]),
    ("rectifications", "RectificationFilter", {"open": True}, ["RC-3", "RC-1"]),
    ("rectifications", "RectificationFilter", {"cadreId": "c-c"}, ["RC-2"]),
    ("rectifications", "RectificationFilter", {"from": "2020-02-01"}, ["RC-3", "RC-2"]),
]


@pytest.mark.parametrize(("field", "filter_type", "given", "expected"), FILTERED)
def test_filters(client, settings, records, field, filter_type, given, expected):
    body = ask(client, settings, "admin", _query(field, filter_type), f=given)
    assert _keys(body, field) == expected


def test_a_township_officer_filtering_another_township_gets_nothing(client, settings, records):
    body = ask(
        client, settings, "township", _query("visits", "RecordFilter"), f={"townshipCode": "430624102"}
    )
    assert _keys(body, "visits") == []


def test_rows_carry_household_cadre_and_member(client, settings, records):
    visits = ask(
        client, settings, "admin",
        """{ visits(first: 1, direction: ASC) { edges { node {
             visit { id date mode } household { id headName } cadre { id name } } } } }""",
    )["data"]["visits"]["edges"]  # fmt: skip
    assert visits[0]["node"] == {
        "visit": {"id": "V-1", "date": "2020-01-10", "mode": "HOME"},
        "household": {"id": "H2", "headName": "李四"},
        "cadre": {"id": "c-a", "name": "甲干部"},
    }
    benefits = ask(
        client, settings, "admin",
        """{ benefits(first: 4, direction: ASC) { edges { node {
             benefit { id amount } household { id } person { id } policy } } } }""",
    )["data"]["benefits"]["edges"]  # fmt: skip
    assert [e["node"] for e in benefits[:2]] == [
        {
            "benefit": {"id": "B-1", "amount": 1000.0},
            "household": {"id": "H2"},
            "person": None,
            "policy": "P1",
        },
        {"benefit": {"id": "B-3", "amount": None}, "household": {"id": "H5"}, "person": None, "policy": None},
    ]
    assert benefits[2]["node"]["person"] == {"id": "p-3"}


def test_pages_forward_and_backward(client, settings, records):
    forward = """query($after: String) { visits(first: 2, after: $after) { totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { visit { id } } } } }"""
    first = ask(client, settings, "admin", forward)["data"]["visits"]
    assert [e["node"]["visit"]["id"] for e in first["edges"]] == ["V-2", "V-4"]
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    second = ask(client, settings, "admin", forward, after=first["pageInfo"]["endCursor"])["data"]["visits"]
    assert [e["node"]["visit"]["id"] for e in second["edges"]] == ["V-3", "V-1"]
    assert not second["pageInfo"]["hasNextPage"] and second["pageInfo"]["hasPreviousPage"]
    assert second["totalCount"] == 4

    backward = """query($before: String) { visits(last: 2, before: $before) {
        pageInfo { hasNextPage hasPreviousPage startCursor } edges { node { visit { id } } } } }"""
    last = ask(client, settings, "admin", backward)["data"]["visits"]
    assert [e["node"]["visit"]["id"] for e in last["edges"]] == ["V-3", "V-1"]
    assert last["pageInfo"]["hasPreviousPage"] and not last["pageInfo"]["hasNextPage"]
    before = ask(client, settings, "admin", backward, before=last["pageInfo"]["startCursor"])["data"][
        "visits"
    ]
    assert [e["node"]["visit"]["id"] for e in before["edges"]] == ["V-2", "V-4"]
    assert not before["pageInfo"]["hasPreviousPage"] and before["pageInfo"]["hasNextPage"]


def test_a_cursor_of_another_filter_or_list_is_refused(client, settings, records):
    page = ask(client, settings, "admin", "{ visits(first: 1) { pageInfo { endCursor } } }")
    cursor = page["data"]["visits"]["pageInfo"]["endCursor"]
    other_filter = ask(
        client, settings, "admin",
        "query($c: String) { visits(first: 1, after: $c, filter: {open: false}) { edges { cursor } } }",
        c=cursor,
    )  # fmt: skip
    assert codes(other_filter) == ["BAD_USER_INPUT"]
    assert other_filter["errors"][0]["extensions"]["argument"] == "after"
    other_direction = ask(
        client, settings, "admin",
        "query($c: String) { visits(first: 1, after: $c, direction: ASC) { edges { cursor } } }", c=cursor,
    )  # fmt: skip
    assert codes(other_direction) == ["BAD_USER_INPUT"]


def test_bad_arguments_are_clear_errors(client, settings, records):
    reversed_range = ask(
        client,
        settings,
        "admin",
        _query("visits", "RecordFilter"),
        f={"from": "2020-03-01", "to": "2020-01-01"},
    )
    assert codes(reversed_range) == ["BAD_USER_INPUT"]
    both = ask(client, settings, "admin", "{ visits(first: 1, last: 1) { edges { cursor } } }")
    assert codes(both) == ["BAD_USER_INPUT"]
