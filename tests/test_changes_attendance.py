"""recordAttendance (W11): many cadres and days in one transaction, idempotent per cadre and day."""

from __future__ import annotations

import datetime as dt

import pytest

from core.principal import Role
from tests.changes import events, refusal
from tests.conftest import bearer, gql
from tests.coverage_graphs_teams import V1, V3, member, team, villages

RECORD = """mutation($entries: [CheckInInput!]!) { recordAttendance(entries: $entries) {
  created updated unchanged attendance { id cadreId date inVillage place } } }"""

SHORTFALLS = """query { coverage(asOf: "2020-04-15") {
  attendanceShortfalls(month: "2020-03") { edges { node { cadre { id } days } } } } }"""


def days(first: str, count: int) -> list[str]:
    start = dt.date.fromisoformat(first)
    return [(start + dt.timedelta(days=i)).isoformat() for i in range(count)]


@pytest.fixture
def county(db):
    villages(db)
    team_id = team(db, V1, "县财政局", "COUNTY", since="2020-01-01")
    member(db, "c-a", team_id, since="2020-01-01")
    member(db, "c-b", team_id, since="2020-01-01", until="2020-04-01")
    db.execute_query("CREATE (:Cadre {uid: 'c-x', idNumber: 'c-x', name: '未驻村'})")
    return db


def test_a_batch_of_days_and_cadres_is_recorded_once(client, county):
    entries = [{"cadreId": "c-a", "date": d, "place": "村部"} for d in days("2020-03-01", 20)]
    entries += [{"cadreId": "c-b", "date": d} for d in days("2020-03-01", 15)]
    data = gql(client, RECORD, entries=entries)["recordAttendance"]
    assert (data["created"], data["updated"], data["unchanged"]) == (35, 0, 0)
    assert len(events(county)) == 1
    # W11 now sees c-a's 20 days (met) and c-b's 15 (short).
    nodes = [e["node"] for e in gql(client, SHORTFALLS)["coverage"]["attendanceShortfalls"]["edges"]]
    assert nodes == [{"cadre": {"id": "c-b"}, "days": 15}]

    # The same batch again changes nothing; one changed day is an update, not a second check-in.
    again = gql(client, RECORD, entries=entries)["recordAttendance"]
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 35)
    moved = gql(client, RECORD, entries=[{"cadreId": "c-a", "date": "2020-03-01", "inVillage": False}])
    assert (moved["recordAttendance"]["updated"], moved["recordAttendance"]["attendance"][0]["place"]) == (
        1,
        "村部",
    )
    records, _, _ = county.execute_query(
        "MATCH (:Cadre {uid: 'c-a'})-[:CHECKED_IN]->(a) RETURN count(a) AS n"
    )
    assert records[0]["n"] == 20
    # W11 (graph/derived.py): each cadre records its in-village days of March 2020 (c-a one fewer).
    records, _, _ = county.execute_query(
        "MATCH (c:Cadre) WHERE c.uid IN ['c-a', 'c-b'] RETURN c.uid AS c, c.villageDays AS d ORDER BY c"
    )
    assert [(r["c"], r["d"]) for r in records] == [("c-a", [202003 * 100 + 19]), ("c-b", [202003 * 100 + 15])]


def test_the_id_is_the_loaders(client, county):
    from graph.load.base import stable_id

    data = gql(client, RECORD, entries=[{"cadreId": "c-a", "date": "2020-03-02"}])["recordAttendance"]
    # The fixture's cadres carry their uid as identity number.
    assert data["attendance"][0]["id"] == stable_id("c-a", dt.date(2020, 3, 2))


def test_one_bad_entry_refuses_the_whole_batch(client, county):
    good = [{"cadreId": "c-a", "date": d} for d in days("2020-03-01", 5)]
    # c-b left the team on 2020-04-01 (the end day belongs to no one), c-x was never stationed.
    error = refusal(client, county, RECORD, entries=[*good, {"cadreId": "c-b", "date": "2020-04-01"}])
    assert (error["extensions"]["code"], error["extensions"]["rule"]) == ("RULE_VIOLATION", "W11")
    assert error["extensions"]["facts"]["unstationed"] == [{"cadre": "c-b", "date": "2020-04-01"}]
    error = refusal(client, county, RECORD, entries=[*good, {"cadreId": "c-x", "date": "2020-03-01"}])
    assert error["extensions"]["rule"] == "W11" and "未驻村 2020-03-01" in error["message"]  # c-x's name
    error = refusal(client, county, RECORD, entries=[*good, {"cadreId": "c-404", "date": "2020-03-01"}])
    assert (error["extensions"]["code"], error["extensions"]["ids"]) == ("NOT_FOUND", ["c-404"])
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    error = refusal(client, county, RECORD, entries=[*good, {"cadreId": "c-a", "date": tomorrow}])
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == (
        "BAD_USER_INPUT",
        "entries[5].date",
    )
    twice = [*good, {"cadreId": "c-a", "date": "2020-03-01", "inVillage": False}]
    error = refusal(client, county, RECORD, entries=twice)
    assert (error["extensions"]["argument"], error["extensions"]["index"]) == ("entries", 5)
    error = refusal(client, county, RECORD, entries=[])
    assert error["extensions"]["argument"] == "entries"
    assert len(events(county)) == 0


def test_the_same_entry_twice_in_a_batch_is_one_check_in(client, county):
    entry = {"cadreId": "c-a", "date": "2020-03-01"}
    data = gql(client, RECORD, entries=[entry, entry])["recordAttendance"]
    assert (data["created"], len(data["attendance"])) == (1, 1)


@pytest.mark.parametrize(("role", "area"), [(Role.TOWNSHIP_OFFICER, "430624101"), (Role.VILLAGE_OFFICER, V1)])
def test_a_cadre_stationed_outside_the_officers_area_is_not_found(client, settings, county, role, area):
    """A cadre outside the officer's reach (stationed only in another township's team) is not found,
    with the answer of an id that names nothing, as every mutation answers for what lies outside
    the caller's reach; so is a cadre stationed nowhere and paired nowhere in the area."""
    member(county, "c-c", team(county, V3, "县审计局", "TOWNSHIP", since="2020-01-01"), since="2020-01-01")
    client.headers["authorization"] = bearer(settings, role, area)
    own = {"cadreId": "c-a", "date": "2020-03-02"}
    error = refusal(client, county, RECORD, entries=[own, {"cadreId": "c-c", "date": "2020-03-02"}])
    assert error["extensions"] == {"code": "NOT_FOUND", "argument": "entries", "ids": ["c-c"]}, error
    nothing = refusal(client, county, RECORD, entries=[own, {"cadreId": "c-none", "date": "2020-03-02"}])
    assert nothing["message"].replace("c-none", "c-c") == error["message"]
    # A cadre of the area not stationed that day is still refused under W11; its own cadre's
    # check-in is recorded.
    error = refusal(client, county, RECORD, entries=[{"cadreId": "c-b", "date": "2020-04-01"}])
    assert (error["extensions"]["code"], error["extensions"]["rule"]) == ("RULE_VIOLATION", "W11")
    # A cadre of the county outside the area, stationed nowhere: not found either, never named.
    county.execute_query("CREATE (:Cadre {uid: 'c-y', idNumber: 'c-y', name: '外乡干部'})")
    error = refusal(client, county, RECORD, entries=[{"cadreId": "c-y", "date": "2020-03-02"}])
    assert error["extensions"]["code"] == "NOT_FOUND" and "外乡干部" not in error["message"]
    assert len(events(county)) == 0
    assert gql(client, RECORD, entries=[own])["recordAttendance"]["created"] == 1
