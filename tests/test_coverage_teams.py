"""W1–W4, W6, W11 and O2 on graphs whose offenders are known by construction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests import coverage_graphs_teams as g
from tests.conftest import gql, gql_errors
from tests.coverage_graphs_teams import V1, V2, V3

REQUIRED = """{ village { code } rule requiredLevel teams { team { id } level members } poorPeople }"""
UNDERSTAFFED = """{ team { id } village { code } unit { name } rules members required
  unreplaced { cadre { id } role since until } }"""
NO_SECRETARY = """{ team { id } village { code } unit { name } leader { id } since days }"""
ATTENDANCE = """{ cadre { id } unit { name } role team { id } village { code } month days required }"""
NO_OFFICER = """{ village { code } township { code } households poorPeople }"""


def nodes(client: Any, field: str, selection: str, args: str = "", **variables: Any) -> list[dict[str, Any]]:
    """Every item of a coverage field, most severe first; totalCount must agree."""
    month = ", $month: String" if "$month" in args else ""
    query = f"""query($scope: ScopeInput, $asOf: Date{month}) {{ coverage(scope: $scope, asOf: $asOf) {{
      {field}{args} {{ totalCount edges {{ node {selection} }} }} }} }}"""
    data = gql(client, query, **variables)["coverage"][field]
    assert data["totalCount"] == len(data["edges"])
    return [edge["node"] for edge in data["edges"]]


def required(client: Any, **variables: Any) -> list[tuple[str, str]]:
    found = nodes(client, "villagesWithoutRequiredTeam", REQUIRED, **variables)
    return [(n["village"]["code"], n["rule"]) for n in found]


def understaffed(client: Any, **variables: Any) -> list[dict[str, Any]]:
    return nodes(client, "understaffedTeams", UNDERSTAFFED, **variables)


def shortfalls(client: Any, **variables: Any) -> list[tuple[str, int]]:
    found = nodes(client, "attendanceShortfalls", ATTENDANCE, "(month: $month)", **variables)
    return [(n["cadre"]["id"], n["days"]) for n in found]


# W1–W3 ---------------------------------------------------------------------------------------------


def test_w1_w3_rule_of_each_village_and_the_100_people_threshold(client, db):
    g.villages(db)
    g.households(db, V1, ["A1"])
    g.people(db, "A1", 5)
    g.households(db, V2, ["B1", "B2"])
    g.people(db, "B1", 60)
    g.people(db, "B2", 40)  # 100 people: W2 needs a county team
    g.households(db, V3, ["C1"])
    g.people(db, "C1", 99)  # 99: W3, a township team is enough
    for village in (V1, V2, V3):
        g.members(db, g.team(db, village, "镇政府", "TOWNSHIP"), [f"{village}-1", f"{village}-2"])
    found = nodes(client, "villagesWithoutRequiredTeam", REQUIRED, asOf="2019-06-01")
    assert found == [
        {
            "village": {"code": V2},
            "rule": "W2",
            "requiredLevel": "COUNTY",
            "teams": [{"team": {"id": f"{V2}:镇政府"}, "level": "TOWNSHIP", "members": 2}],
            "poorPeople": 100,
        },
        {
            "village": {"code": V1},
            "rule": "W1",
            "requiredLevel": "COUNTY",
            "teams": [{"team": {"id": f"{V1}:镇政府"}, "level": "TOWNSHIP", "members": 2}],
            "poorPeople": 5,
        },
    ]
    g.people(db, "C1", 1)  # 100 now: V3 falls under W2
    assert required(client, asOf="2019-06-01") == [(V2, "W2"), (V3, "W2"), (V1, "W1")]
    # A county team, even an undersized one (understaffedTeams reports that), satisfies W1.
    g.member(db, "k1", g.team(db, V1, "县财政局", "COUNTY"))
    assert required(client, asOf="2019-06-01") == [(V2, "W2"), (V3, "W2")]


def test_w1_w3_ended_stationing_past_date_and_registration(client, db):
    g.villages(db)
    g.member(db, "k1", g.team(db, V1, "县财政局", "COUNTY", since="2018-01-01"))
    g.member(db, "t1", g.team(db, V3, "镇政府", "TOWNSHIP", since="2018-01-01", until="2019-06-01"))
    g.member(db, "t2", g.team(db, V2, "镇政府", "TOWNSHIP", since="2018-01-01"))
    g.households(db, V2, ["B1"], identifiedOn=dt.date(2019, 3, 1))
    g.people(db, "B1", 100)
    # Before any stationing every village lacks its team; B1 was not registered yet (W3, not W2).
    assert required(client, asOf="2017-12-31") == [(V1, "W1"), (V2, "W3"), (V3, "W3")]
    assert required(client, asOf="2019-02-28") == []
    assert required(client, asOf="2019-03-01") == [(V2, "W2")]
    # The day a stationing ends belongs to the successor: there is none.
    assert required(client, asOf="2019-05-31") == [(V2, "W2")]
    assert required(client, asOf="2019-06-01") == [(V2, "W2"), (V3, "W3")]


# W1, W6 -------------------------------------------------------------------------------------------


def test_w1_poverty_village_county_team_of_3_passes_2_fails_and_ended_member_does_not_count(client, db):
    g.villages(db)
    g.members(db, g.team(db, V1, "县财政局", "COUNTY"), ["x1", "x2", "x3"])
    county = g.team(db, V1, "县审计局", "COUNTY")
    g.members(db, county, ["y1", "y2"])
    g.member(db, "y3", county, until="2019-06-01")
    g.member(db, "z1", g.team(db, V3, "镇政府", "TOWNSHIP"))  # township teams have no minimum
    # W2: a county team in a non-poverty village (V2) has no minimum size; only W6 applies to it.
    g.members(db, g.team(db, V2, "县水利局", "COUNTY"), ["w1", "w2"])
    assert understaffed(client, asOf="2019-05-31") == []
    assert understaffed(client, asOf="2019-06-01") == [
        {
            "team": {"id": county},
            "village": {"code": V1},
            "unit": {"name": "县审计局"},
            "rules": ["W1", "W6"],
            "members": 2,
            "required": 3,
            "unreplaced": [
                {"cadre": {"id": "y3"}, "role": "MEMBER", "since": "2018-01-01", "until": "2019-06-01"}
            ],
        }
    ]


def test_w6_replacement_on_or_after_the_last_day_and_role_change(client, db):
    g.villages(db)
    a = g.team(db, V1, "镇政府", "TOWNSHIP")
    g.member(db, "a1", a)
    g.member(db, "a2", a, until="2019-03-01")
    g.member(db, "a3", a, since="2019-03-01")  # joined on a2's last day: replaced
    b = g.team(db, V2, "镇政府", "TOWNSHIP")
    g.member(db, "b1", b)
    g.member(db, "b2", b, until="2019-03-01")
    g.member(db, "b4", b, until="2019-03-01")
    g.member(db, "b3", b, since="2019-02-28")  # joined before they left: no replacement
    c = g.team(db, V3, "镇政府", "TOWNSHIP")
    g.member(db, "c1", c, until="2019-03-01")
    g.member(db, "c1", c, role="LEADER", since="2019-03-01")  # a new role, not a departure
    g.member(db, "c2", c, until="2019-04-01")
    g.member(db, "c3", c, since="2019-07-01")
    assert understaffed(client, asOf="2019-02-28") == []
    found = understaffed(client, asOf="2019-06-30")
    assert [(n["team"]["id"], n["rules"], n["required"], n["members"]) for n in found] == [
        (b, ["W6"], None, 2),
        (c, ["W6"], None, 1),
    ]
    assert [u["cadre"]["id"] for u in found[0]["unreplaced"]] == ["b2", "b4"]
    assert found[1]["unreplaced"] == [
        {"cadre": {"id": "c2"}, "role": "MEMBER", "since": "2018-01-01", "until": "2019-04-01"}
    ]
    # c3 joins on the date: c2 is replaced.
    assert [n["team"]["id"] for n in understaffed(client, asOf="2019-07-01")] == [b]


def test_w6_two_leavers_and_one_newcomer_leave_one_gap(client, db):
    """W6: a join refills one departure, not every earlier one (the latest departure first)."""
    g.villages(db)
    a = g.team(db, V1, "镇政府", "TOWNSHIP")
    g.member(db, "a1", a)
    g.member(db, "a2", a, until="2019-03-01")
    g.member(db, "a3", a, until="2019-04-01")
    g.member(db, "a4", a, since="2019-04-01")
    found = understaffed(client, asOf="2019-06-30")
    assert [(n["team"]["id"], n["rules"]) for n in found] == [(a, ["W6"])]
    assert [u["cadre"]["id"] for u in found[0]["unreplaced"]] == ["a2"]
    g.member(db, "a5", a, since="2019-05-01")
    assert understaffed(client, asOf="2019-06-30") == []


# W4 -----------------------------------------------------------------------------------------------


def test_w4_county_teams_without_first_secretary(client, db):
    g.villages(db)
    ok = g.team(db, V1, "县财政局", "COUNTY")
    g.member(db, "f1", ok, role="FIRST_SECRETARY_LEADER")
    g.member(db, "l0", g.team(db, V1, "镇政府", "TOWNSHIP"), role="LEADER")  # W4 is for county teams
    left = g.team(db, V2, "县审计局", "COUNTY")
    g.member(db, "f2", left, role="FIRST_SECRETARY_LEADER", until="2019-06-01")
    g.member(db, "l2", left, role="LEADER")
    never = g.team(db, V3, "县水利局", "COUNTY", since="2018-03-01")
    g.member(db, "m3", never, since="2018-03-01")
    query = dict(field="teamsWithoutFirstSecretary", selection=NO_SECRETARY)
    assert [n["team"]["id"] for n in nodes(client, **query, asOf="2019-05-31")] == [never]
    assert nodes(client, **query, asOf="2019-06-11") == [
        {
            "team": {"id": never},
            "village": {"code": V3},
            "unit": {"name": "县水利局"},
            "leader": None,
            "since": "2018-03-01",
            "days": 467,
        },
        {
            "team": {"id": left},
            "village": {"code": V2},
            "unit": {"name": "县审计局"},
            "leader": {"id": "l2"},
            "since": "2019-06-01",
            "days": 10,
        },
    ]
    assert nodes(client, **query, asOf="2018-02-28") == []  # before `never` was stationed


# W11 ----------------------------------------------------------------------------------------------


# The W11 tests run with the cadres' villageDays recorded (graph/derived.py: a whole month is read
# from them) and without (their check-ins are read); a month not yet over is always counted from the
# check-ins.


@g.DERIVED
def test_w11_20_days_pass_19_fail_last_day_counts_default_month(client, db, recorded):
    g.villages(db)
    t = g.team(db, V1, "县财政局", "COUNTY")
    g.cadre(db, "a")
    g.member(db, "a", t, role="FIRST_SECRETARY_LEADER")
    g.member(db, "b", t)
    g.checkins(db, "a", "2019-05-12", "2019-05-31")  # 20 days, the last on the month's last day
    g.checkins(db, "b", "2019-05-13", "2019-05-31")  # 19 days
    g.checkins(db, "b", "2019-05-13", "2019-05-31", tag="again")  # same days twice: still 19
    g.checkins(db, "b", "2019-05-01", "2019-05-12", in_village=False)  # not in the village
    g.checkins(db, "b", "2019-04-30", "2019-04-30")  # other months
    g.checkins(db, "b", "2019-06-01", "2019-06-01")
    g.record(db, recorded)
    # Default: the month before asOf's month.
    found = nodes(client, "attendanceShortfalls", ATTENDANCE, "(month: $month)", asOf="2019-06-15")
    assert found == [
        {
            "cadre": {"id": "b"},
            "unit": None,
            "role": "MEMBER",
            "team": {"id": t},
            "village": {"code": V1},
            "month": "2019-05",
            "days": 19,
            "required": 20,
        }
    ]
    assert shortfalls(client, asOf="2019-06-15", month="2019-05-03") == [("b", 19)]
    assert shortfalls(client, asOf="2019-07-01", month="2019-05") == [("b", 19)]
    # Most missing days first; the current month counts up to asOf, later records are ignored.
    assert shortfalls(client, asOf="2019-06-15", month="2019-06") == [("a", 0), ("b", 1)]
    assert shortfalls(client, asOf="2019-05-25", month="2019-05") == [("b", 13), ("a", 14)]
    assert shortfalls(client, asOf="2019-05-31", month="2019-05") == [("b", 19)]
    g.checkins(db, "b", "2019-05-01", "2019-05-01", tag="in")
    g.record(db, recorded)
    assert shortfalls(client, asOf="2019-06-15") == []


@g.DERIVED
def test_w11_stationed_on_the_months_last_day(client, db, recorded):
    g.villages(db)
    t = g.team(db, V1, "县财政局", "COUNTY")
    g.cadre(db, "c2", unit="县审计局")
    g.member(db, "c1", t, until="2019-05-31")  # gone on the last day
    g.member(db, "c2", t, until="2019-06-01")  # still there on the last day
    g.member(db, "c3", t, since="2019-06-01")  # not yet
    g.member(db, "c4", t, since="2019-05-20")  # joined in the month: counted all the same
    g.member(db, "c5", g.team(db, V2, "县审计局", "COUNTY", until="2019-05-31"))  # team left
    g.checkins(db, "c4", "2019-05-20", "2019-05-31")
    g.record(db, recorded)
    found = nodes(client, "attendanceShortfalls", ATTENDANCE, "(month: $month)", asOf="2019-06-15")
    assert [(n["cadre"]["id"], n["unit"], n["days"]) for n in found] == [
        ("c2", {"name": "县审计局"}, 0),
        ("c4", None, 12),
    ]


def test_w11_month_argument_is_checked(client, db):
    query = '{ coverage(asOf: "2019-06-15") { attendanceShortfalls(month: "%s") { totalCount } } }'
    for bad in ("2019-13", "May", "2019-5", "2019-02-30", "2019-07", "2019-07-01"):
        errors = gql_errors(client, query % bad)
        assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "month"}, bad


# O2 -----------------------------------------------------------------------------------------------


def test_o2_villages_with_households_and_no_officer(client, db):
    g.villages(db)  # no officer anywhere; V1 has no household
    g.households(db, V2, ["B1"], identifiedOn=dt.date(2019, 3, 1))
    g.people(db, "B1", 3)
    g.officer(db, V2, "  ")
    g.households(db, V3, ["C1", "C2"])
    g.people(db, "C1", 2)
    g.people(db, "C2", 3)
    query = dict(field="villagesWithoutInformationOfficer", selection=NO_OFFICER)
    assert nodes(client, **query, asOf="2019-02-28") == [
        {"village": {"code": V3}, "township": {"code": "430624102"}, "households": 2, "poorPeople": 5}
    ]
    assert nodes(client, **query, asOf="2019-03-01") == [
        {"village": {"code": V3}, "township": {"code": "430624102"}, "households": 2, "poorPeople": 5},
        {"village": {"code": V2}, "township": {"code": "430624101"}, "households": 1, "poorPeople": 3},
    ]
    g.officer(db, V3, "王芳")
    assert [n["village"]["code"] for n in nodes(client, **query, asOf="2019-03-01")] == [V2]


# Scope --------------------------------------------------------------------------------------------


def test_every_field_sees_only_its_scope(client, db):
    g.villages(db)
    for village in (V1, V2, V3):
        g.households(db, village, [f"H{village}"])
        team = g.team(db, village, "县财政局", "COUNTY")  # W4: no first secretary
        g.member(db, f"L{village}", team, role="LEADER")  # W11: never checked in
        g.member(db, f"M{village}", team, until="2019-01-01")  # W1 (1 < 3), W6
    fields = {
        "villagesWithoutRequiredTeam": ("{ village { code } }", "2017-06-01"),  # before any team
        "understaffedTeams": ("{ village { code } }", "2019-06-15"),
        "teamsWithoutFirstSecretary": ("{ village { code } }", "2019-06-15"),
        "attendanceShortfalls": ("{ village { code } }", "2019-06-15"),
        "villagesWithoutInformationOfficer": ("{ village { code } }", "2019-06-15"),
    }
    scopes = [
        (None, [V1, V2, V3]),
        ({"townshipCode": "430624101"}, [V1, V2]),
        ({"villageCode": V3}, [V3]),
    ]
    for field, (selection, as_of) in fields.items():
        for scope, expected in scopes:
            found = nodes(client, field, selection, scope=scope, asOf=as_of)
            assert sorted(n["village"]["code"] for n in found) == expected, (field, scope)
