"""`asOf` on every field that shows current state, on the boundary days of tests/chain_graphs.py."""

from __future__ import annotations

import pytest

from tests.chain_graphs import TEAM, TOWNSHIP, VILLAGE, history
from tests.conftest import gql


@pytest.fixture
def county(db):
    history(db)
    db.execute_query(
        "MATCH (v:Village {code: $v}) CREATE (:Household {id: 'H9', card: 'GREEN'})-[:IN_VILLAGE]->(v)",
        v=VILLAGE,
    )
    return db


def test_household_card_on_a_date(client, county):
    query = """query($d: Date) { h1: household(id: "H1") { card cardOn(asOf: $d) }
                                 h9: household(id: "H9") { cardOn(asOf: $d) } }"""
    expected = {"2015-12-31": None, "2016-01-01": "RED", "2018-12-31": "RED", "2019-01-01": "YELLOW",
                "2019-12-31": "YELLOW", "2020-01-01": "RED"}  # fmt: skip
    for day, card in expected.items():
        data = gql(client, query, d=day)
        assert (data["h1"]["card"], data["h1"]["cardOn"]) == ("RED", card), day
        assert data["h9"]["cardOn"] == "GREEN"  # no card history: its current card
    assert gql(client, '{ household(id: "H1") { cardOn } }')["household"]["cardOn"] == "RED"


def test_household_and_cadre_pairings_on_a_date(client, county):
    query = """query($d: Date) { household(id: "H1") { pairings(asOf: $d) { cadre { name } } }
        cadre(id: "c-a") { pairings(asOf: $d) { household { id } } unit(asOf: $d) { name } } }"""
    before = gql(client, query, d="2019-05-31")
    assert before["household"]["pairings"] == [{"cadre": {"name": "甲"}}]
    assert [p["household"]["id"] for p in before["cadre"]["pairings"]] == ["H1", "H2"]
    on = gql(client, query, d="2019-06-01")
    assert on["household"]["pairings"] == [{"cadre": {"name": "乙"}}]
    assert [p["household"]["id"] for p in on["cadre"]["pairings"]] == ["H2"]
    assert on["cadre"]["unit"] == {"name": "县审计局"}


def test_village_teams_and_team_members_on_a_date(client, county):
    query = f"""query($d: Date) {{ village(code: "{VILLAGE}") {{ workTeams(asOf: $d) {{ id }} }}
        workTeam(id: "{TEAM}") {{ members(asOf: $d) {{ cadre {{ name }} role }} }} }}"""
    assert gql(client, query, d="2017-12-31")["village"]["workTeams"] == []
    assert gql(client, query, d="2018-01-01")["village"]["workTeams"] == [{"id": TEAM}]
    names = {d: [m["cadre"]["name"] for m in gql(client, query, d=d)["workTeam"]["members"]]
             for d in ("2019-08-31", "2019-09-01")}  # fmt: skip
    assert names == {"2019-08-31": ["队长一", "队员"], "2019-09-01": ["队长二", "队员"]}


def test_township_leaders_on_a_date(client, county):
    query = """query($d: Date) { township(code: "%s") {
        secretaries(asOf: $d) { cadre { name } since until } countyLeaders(asOf: $d) { cadre { name } } } }"""
    query %= TOWNSHIP
    t = gql(client, query, d="2016-12-31")["township"]
    assert (t["secretaries"], t["countyLeaders"]) == ([], [])
    t = gql(client, query, d="2019-11-30")["township"]
    assert t["secretaries"] == [{"cadre": {"name": "书记一"}, "since": "2017-01-01", "until": "2019-12-01"}]
    assert t["countyLeaders"] == [{"cadre": {"name": "县领导"}}]
    t = gql(client, query, d="2019-12-01")["township"]
    assert t["secretaries"] == [{"cadre": {"name": "书记二"}, "since": "2019-12-01", "until": None}]


def test_unit_answering_on_a_date_follows_every_merger(client, county):
    query = """query($d: Date) { unit(name: "县审计局") {
        mergedInto(asOf: $d) { name } answeringUnit(asOf: $d) { name } } }"""
    expected = {"2019-02-28": (None, "县审计局"), "2019-03-01": ("县财政局", "县财政局"),
                "2020-05-31": ("县财政局", "县财政局"), "2020-06-01": ("县财政局", "县委办")}  # fmt: skip
    for day, (merged, answering) in expected.items():
        u = gql(client, query, d=day)["unit"]
        assert ((u["mergedInto"] or {}).get("name"), u["answeringUnit"]["name"]) == (merged, answering), day
