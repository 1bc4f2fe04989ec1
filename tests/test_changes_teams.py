"""Work-team mutations and unit mergers (W1–W4, W6, W11) through GraphQL against the real Neo4j."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.changes import events, refusal
from tests.conftest import gql
from tests.coverage_graphs import cadre
from tests.coverage_graphs_teams import V1, V2, V3, households, member, people, team, villages

CREATE = """mutation($v: String!, $u: String!, $level: TeamLevel!, $since: Date!) {
  createWorkTeam(villageCode: $v, unitName: $u, level: $level, since: $since) {
    id level village { code } unit { name } } }"""

STATION = """mutation($t: ID!, $c: ID!, $role: TeamRole! = MEMBER, $since: Date!) {
  stationMember(teamId: $t, cadreId: $c, role: $role, since: $since) {
    team { id } cadre { id } role since until } }"""

END = """mutation($t: ID!, $c: ID!, $until: Date!) {
  endStationing(teamId: $t, cadreId: $c, until: $until) { cadre { id } role since until } }"""

LEADER = """mutation($t: ID!, $c: ID!, $since: Date!) {
  setTeamLeader(teamId: $t, cadreId: $c, since: $since) {
    leader { cadre { id } role since until } others { cadre { id } role since until } } }"""

MERGE = """mutation($from: String!, $into: String!, $date: Date!) {
  recordUnitMerger(from: $from, into: $into, date: $date) {
    unit { name } into { name } since teams { id } cadres { id } } }"""

COUNTY_TEAM = f"{V1}:县财政局"
TOWNSHIP_TEAM = f"{V3}:一镇政府"


def memberships(db, team_id: str) -> list[dict]:
    records, _, _ = db.execute_query(
        "MATCH (c:Cadre)-[m:MEMBER_OF]->(:WorkTeam {id: $t}) RETURN c.uid AS cadre, m.role AS role, "
        "toString(m.since) AS since, toString(m.until) AS until ORDER BY since, cadre, role",
        t=team_id,
    )
    return [dict(r) for r in records]


@pytest.fixture
def county(db):
    villages(db)
    team(db, V1, "县财政局", "COUNTY", since="2019-01-01")
    team(db, V3, "一镇政府", "TOWNSHIP", since="2019-01-01")
    for uid in ("c-a", "c-b", "c-c"):
        cadre(db, uid)
    db.execute_query("CREATE (:Unit {name: '县审计局'})")
    return db


def test_create_work_team(client, county):
    data = gql(client, CREATE, v=V2, u="县审计局", level="COUNTY", since="2020-01-01")["createWorkTeam"]
    assert data == {
        "id": f"{V2}:县审计局",
        "level": "COUNTY",
        "village": {"code": V2},
        "unit": {"name": "县审计局"},
    }
    assert len(events(county)) == 1


def test_create_work_team_refusals(client, county):
    error = refusal(client, county, CREATE, v=V1, u="县审计局", level="TOWNSHIP", since="2020-01-01")
    assert (error["extensions"]["rule"], error["extensions"]["facts"]["village"]) == ("W1", V1)
    # W2: 100 registered poor people in a non-poverty village need a county team; 99 do not.
    households(county, V2, ["H1"])
    people(county, "H1", 99)
    gql(client, CREATE, v=V2, u="一镇政府", level="TOWNSHIP", since="2020-01-01")
    people(county, "H1", 1)
    error = refusal(client, county, CREATE, v=V2, u="县审计局", level="TOWNSHIP", since="2020-01-01")
    assert (error["extensions"]["rule"], error["extensions"]["facts"]["poorPeople"]) == ("W2", 100)
    error = refusal(client, county, CREATE, v=V1, u="县财政局", level="COUNTY", since="2020-01-01")
    assert error["extensions"]["code"] == "ALREADY_EXISTS"
    error = refusal(
        client, county, CREATE, v="430624999999", u="县财政局", level="COUNTY", since="2020-01-01"
    )
    assert error["extensions"]["code"] == "NOT_FOUND"
    county.execute_query(
        "MATCH (a:Unit {name: '县财政局'}) "
        "CREATE (a)-[:MERGED_INTO {since: date('2019-06-01')}]->(:Unit {name: '县财经局'})"
    )
    error = refusal(client, county, CREATE, v=V2, u="县财政局", level="COUNTY", since="2020-01-01")
    assert (error["extensions"]["rule"], error["extensions"]["facts"]["successor"]) == ("W6", "县财经局")


def test_station_and_end_keep_history(client, county):
    data = gql(client, STATION, t=COUNTY_TEAM, c="c-a", since="2020-01-01")["stationMember"]
    assert data == {
        "team": {"id": COUNTY_TEAM},
        "cadre": {"id": "c-a"},
        "role": "MEMBER",
        "since": "2020-01-01",
        "until": None,
    }
    data = gql(client, END, t=COUNTY_TEAM, c="c-a", until="2020-06-01")["endStationing"]
    assert data == {"cadre": {"id": "c-a"}, "role": "MEMBER", "since": "2020-01-01", "until": "2020-06-01"}
    gql(client, STATION, t=COUNTY_TEAM, c="c-a", since="2020-07-01")
    assert memberships(county, COUNTY_TEAM) == [
        {"cadre": "c-a", "role": "MEMBER", "since": "2020-01-01", "until": "2020-06-01"},
        {"cadre": "c-a", "role": "MEMBER", "since": "2020-07-01", "until": None},
    ]
    assert len(events(county)) == 3


def test_station_refusals(client, county):
    member(county, "c-b", TOWNSHIP_TEAM, since="2019-06-01")
    error = refusal(client, county, STATION, t=COUNTY_TEAM, c="c-b", since="2020-01-01")
    assert (error["extensions"]["rule"], error["extensions"]["facts"]["team"]) == ("W11", TOWNSHIP_TEAM)
    error = refusal(client, county, STATION, t=COUNTY_TEAM, c="c-a", role="LEADER", since="2020-01-01")
    assert error["extensions"]["rule"] == "W4"
    gql(client, STATION, t=COUNTY_TEAM, c="c-a", role="FIRST_SECRETARY_LEADER", since="2020-01-01")
    error = refusal(
        client, county, STATION, t=COUNTY_TEAM, c="c-c", role="FIRST_SECRETARY_LEADER", since="2020-02-01"
    )
    assert (error["extensions"]["rule"], error["extensions"]["facts"]["leader"]) == ("W4", "c-a")
    error = refusal(client, county, STATION, t=COUNTY_TEAM, c="c-a", since="2020-02-01")
    assert error["extensions"]["code"] == "ALREADY_EXISTS"
    error = refusal(client, county, STATION, t=COUNTY_TEAM, c="c-c", since="2018-12-31")
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "since")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    error = refusal(client, county, STATION, t=COUNTY_TEAM, c="c-c", since=tomorrow)
    assert error["extensions"]["argument"] == "since"
    error = refusal(client, county, STATION, t="no-team", c="c-c", since="2020-01-01")
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("NOT_FOUND", "teamId")


def test_end_stationing_refusals(client, county):
    member(county, "c-a", COUNTY_TEAM, since="2020-01-01")
    error = refusal(client, county, END, t=COUNTY_TEAM, c="c-a", until="2019-12-31")
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "until")
    error = refusal(client, county, END, t=COUNTY_TEAM, c="c-b", until="2020-02-01")
    assert error["extensions"]["code"] == "NOT_FOUND"


def test_set_team_leader_on_a_county_team_makes_the_first_secretary(client, county):
    member(county, "c-a", COUNTY_TEAM, role="FIRST_SECRETARY_LEADER", since="2019-01-01")
    member(county, "c-b", COUNTY_TEAM, since="2019-01-01")
    data = gql(client, LEADER, t=COUNTY_TEAM, c="c-b", since="2020-01-01")["setTeamLeader"]
    assert data["leader"] == {
        "cadre": {"id": "c-b"},
        "role": "FIRST_SECRETARY_LEADER",
        "since": "2020-01-01",
        "until": None,
    }
    assert memberships(county, COUNTY_TEAM) == [
        {"cadre": "c-a", "role": "FIRST_SECRETARY_LEADER", "since": "2019-01-01", "until": "2020-01-01"},
        {"cadre": "c-b", "role": "MEMBER", "since": "2019-01-01", "until": "2020-01-01"},
        {"cadre": "c-a", "role": "MEMBER", "since": "2020-01-01", "until": None},
        {"cadre": "c-b", "role": "FIRST_SECRETARY_LEADER", "since": "2020-01-01", "until": None},
    ]
    assert len(data["others"]) == 3
    # W4 coverage: the team has its first secretary before and after the change.
    query = """query($d: Date) { coverage(asOf: $d) { teamsWithoutFirstSecretary { totalCount } } }"""
    for day in ("2019-12-31", "2020-01-01"):
        assert gql(client, query, d=day)["coverage"]["teamsWithoutFirstSecretary"]["totalCount"] == 0


def test_set_team_leader_on_a_township_team_and_refusals(client, county):
    data = gql(client, LEADER, t=TOWNSHIP_TEAM, c="c-a", since="2020-01-01")["setTeamLeader"]
    assert (data["leader"]["role"], data["others"]) == ("LEADER", [])
    error = refusal(client, county, LEADER, t=TOWNSHIP_TEAM, c="c-a", since="2020-02-01")
    assert error["extensions"]["code"] == "ALREADY_EXISTS"
    error = refusal(client, county, LEADER, t=TOWNSHIP_TEAM, c="c-b", since="2019-12-01")
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "since")
    error = refusal(client, county, LEADER, t=COUNTY_TEAM, c="c-a", since="2020-02-01")
    assert error["extensions"]["rule"] == "W11"


def test_unit_merger_moves_teams_and_cadres_to_the_successor_from_its_date(client, county):
    county.execute_query("CREATE (:Unit {name: '县财经局'})")
    data = gql(client, MERGE, **{"from": "县财政局", "into": "县财经局", "date": "2020-01-01"})[
        "recordUnitMerger"
    ]
    assert data == {
        "unit": {"name": "县财政局"},
        "into": {"name": "县财经局"},
        "since": "2020-01-01",
        "teams": [{"id": COUNTY_TEAM}],
        "cadres": [{"id": "c-a"}, {"id": "c-b"}, {"id": "c-c"}],
    }
    dated = 'before: unit(asOf: "2019-12-31") { name } after: unit(asOf: "2020-01-01") { name }'
    query = (
        f'{{ workTeam(id: "{COUNTY_TEAM}") {{ {dated} }} cadre(id: "c-a") {{ {dated} }} '
        'unit(name: "县财政局") { mergedInto { name } } }'
    )
    answer = gql(client, query)
    assert answer["workTeam"] == {"before": {"name": "县财政局"}, "after": {"name": "县财经局"}}
    assert answer["cadre"] == {"before": {"name": "县财政局"}, "after": {"name": "县财经局"}}
    assert answer["unit"] == {"mergedInto": {"name": "县财经局"}}
    # Nothing deleted: the old dispatch and the old WORKS_FOR are still there, the latter ended.
    records, _, _ = county.execute_query(
        "MATCH (:Cadre {uid: 'c-a'})-[r:WORKS_FOR]->(u) "
        "RETURN u.name AS u, toString(r.until) AS until ORDER BY u"
    )
    assert [dict(r) for r in records] == [
        {"u": "县财政局", "until": "2020-01-01"},
        {"u": "县财经局", "until": None},
    ]


def test_unit_merger_refusals(client, county):
    county.execute_query("CREATE (:Unit {name: '县财经局'})")
    error = refusal(client, county, MERGE, **{"from": "县财政局", "into": "县财政局", "date": "2020-01-01"})
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", "into")
    error = refusal(client, county, MERGE, **{"from": "县财政局", "into": "无此单位", "date": "2020-01-01"})
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("NOT_FOUND", "into")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    error = refusal(client, county, MERGE, **{"from": "县财政局", "into": "县财经局", "date": tomorrow})
    assert error["extensions"]["argument"] == "date"
    gql(client, MERGE, **{"from": "县财政局", "into": "县财经局", "date": "2020-01-01"})
    error = refusal(client, county, MERGE, **{"from": "县财政局", "into": "县审计局", "date": "2020-02-01"})
    assert (error["extensions"]["rule"], error["extensions"]["facts"]["successor"]) == ("W6", "县财经局")
    error = refusal(client, county, MERGE, **{"from": "县审计局", "into": "县财政局", "date": "2020-02-01"})
    assert error["extensions"]["rule"] == "W6" and "请并入 县财经局" in error["message"]
