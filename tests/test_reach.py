"""One reach per caller (graph/reach.py) on every path: relation fields, investigators' fields, audit
payloads, and the refusals of changes, on the county of tests/test_access.py plus:

- 城西镇 (430624102) has a Party secretary, cadre S2 (c-s2), and a county leader, cadre C (c-c);
  东塘镇 (430624101) has a Party secretary, cadre S1 (c-s1), paired and stationed nowhere;
- cadre B (c-b, in 东塘镇's reach through H1) is also a member of 湖滨村's team in 城西镇;
- cadre C is paired with H5 and with four more households of 湖滨村 (H6–H9): five, W8's limit;
- an order (整改通知) R-C is issued to cadre C.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_access import T1, V1, ask, codes, county  # noqa: F401 — `county` is a fixture

T2 = "430624102"
V3 = "430624102201"
T2_TEAM = "430624102201:县审计局"

MORE = """
MATCH (t1:Township {code: '430624101'}), (t2:Township {code: '430624102'}),
      (v3:Village {code: '430624102201'}),
      (b:Cadre {uid: 'c-b'}), (c:Cadre {uid: 'c-c'}), (team:WorkTeam {id: '430624102201:县审计局'})
CREATE (s1:Cadre {uid: 'c-s1', idNumber: '430624197501011111', name: '东书记', phone: '13700000011'})
CREATE (s2:Cadre {uid: 'c-s2', idNumber: '430624197601012222', name: '西书记', phone: '13700000012'})
CREATE (s1)-[:SECRETARY_OF {since: date('2016-01-01')}]->(t1)
CREATE (s2)-[:SECRETARY_OF {since: date('2016-01-01')}]->(t2)
CREATE (c)-[:RESPONSIBLE_FOR {since: date('2016-01-01')}]->(t2)
CREATE (b)-[:MEMBER_OF {role: 'MEMBER', since: date('2019-01-01')}]->(team)
CREATE (:Rectification {id: 'R-C', issuedOn: date('2020-01-01'), deadline: date('2020-02-01'),
                        reason: '走访不实'})-[:ISSUED_TO]->(c)
WITH c, v3
UNWIND ['H6', 'H7', 'H8', 'H9'] AS id
CREATE (h:Household {id: id, headName: '户' + id, headIdNumber: '43062419800101' + id + '1', card: 'RED',
                     status: 'NOT_OUT'})-[:IN_VILLAGE]->(v3)
CREATE (c)-[:PAIRED_WITH {since: date('2019-01-01')}]->(h)
"""

# Every cadre and team a role reaches, by construction (see the module's docstring).
CADRES = {
    "admin": {"c-a", "c-b", "c-c", "c-s1", "c-s2"},
    "township": {"c-a", "c-b", "c-s1"},
    "village": {"c-a", "c-b", "c-s1"},
    "cadre": {"c-a"},
    "department": set(),
}
TEAMS = {
    "admin": {"430624101201:县财政局", T2_TEAM},
    "township": {"430624101201:县财政局"},
    "village": {"430624101201:县财政局"},
    "cadre": {"430624101201:县财政局"},
    "department": set(),
}

RELATIONS = """{
  households(first: 20) { edges { node { id pairings { cadre { id } } } } }
  villages(first: 20) { edges { node { code workTeams { id members { cadre { id } } } } } }
  townships(first: 20) {
    edges { node { code secretaries { cadre { id } } countyLeaders { cadre { id } } } }
  }
}"""


@pytest.fixture
def more(county):  # noqa: F811 — the fixture of tests/test_access.py
    county.execute_query(MORE)
    return county


def found(data: Any, typename_key: str) -> set[str]:
    """Every value under `typename_key` ("cadre" → the cadre objects' ids, "workTeams" → team ids)."""
    out: set[str] = set()
    if isinstance(data, list):
        for item in data:
            out |= found(item, typename_key)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key == typename_key and isinstance(value, dict) and "id" in value:
                out.add(value["id"])
            elif key == typename_key and isinstance(value, list):
                out |= {v["id"] for v in value if isinstance(v, dict) and "id" in v}
            out |= found(value, typename_key)
    return out


@pytest.mark.parametrize("role", list(CADRES))
def test_relation_fields_return_only_cadres_and_teams_inside_the_reach(client, settings, more, role):
    body = ask(client, settings, role, RELATIONS)
    assert "errors" not in body, body
    assert found(body["data"], "cadre") <= CADRES[role]
    assert found(body["data"], "workTeams") <= TEAMS[role]
    if role == "department":  # the support work is not a department's: no cadre, no team at all
        assert found(body["data"], "cadre") == set() and found(body["data"], "workTeams") == set()


@pytest.mark.parametrize("role", ["township", "village", "cadre"])
def test_a_townships_leaders_are_shown_only_inside_the_reach(client, settings, more, role):
    query = """query($t: String!) {
      township(code: $t) { secretaries { cadre { id } } countyLeaders { cadre { id } } }
    }"""
    own = ask(client, settings, role, query, t=T1)["data"]["township"]
    expected = [] if role == "cadre" else [{"cadre": {"id": "c-s1"}}]
    assert own == {"secretaries": expected, "countyLeaders": []}
    assert ask(client, settings, role, query, t=T2)["data"]["township"] is None
    admin = ask(client, settings, "admin", query, t=T2)["data"]["township"]
    assert admin == {"secretaries": [{"cadre": {"id": "c-s2"}}], "countyLeaders": [{"cadre": {"id": "c-c"}}]}


def test_an_accountability_lists_only_the_teams_inside_the_reach(client, settings, more):
    query = '{ cadreAccountability(cadreId: "c-b", from: "2019-01-01") { teams { team { id } } } }'
    teams = {
        t["team"]["id"] for t in ask(client, settings, "admin", query)["data"]["cadreAccountability"]["teams"]
    }
    assert teams == {T2_TEAM}
    township = ask(client, settings, "township", query)["data"]["cadreAccountability"]
    assert township["teams"] == []
    assert ask(client, settings, "township", '{ cadre(id: "c-b") { teams { team { id } } } }')["data"][
        "cadre"
    ] == {"teams": []}


def test_audit_events_shown_in_a_history_name_nothing_outside_the_reach(client, settings, more):
    # The county office reads every household's head identity number: one readPersonalData event
    # concerning H1 … H9, in both townships.
    ask(client, settings, "admin", "{ households(first: 100) { edges { node { id headIdNumber } } } }")
    query = '{ householdHistory(householdId: "H1", kinds: [AUDIT]) { edges { node { audit { inputs } } } } }'

    def inputs(role: str) -> str:
        [edge] = ask(client, settings, role, query)["data"]["householdHistory"]["edges"]
        return str(edge["node"]["audit"]["inputs"])

    assert "H1.headIdNumber" in inputs("admin") and "H6.headIdNumber" in inputs("admin")
    shown = inputs("township")
    assert "H1.headIdNumber" in shown
    assert not any(f"H{n}" in shown for n in range(5, 10)), shown


MUTATION_VISIT = """mutation($c: ID!, $h: ID!) {
  recordVisit(cadreId: $c, householdId: $h, date: "2020-05-01", findings: "f", actions: "a") { visit { id } }
}"""


def answer_without(body: dict[str, Any], key: str) -> Any:
    """The errors of `body` with `key` (the id asked for) blanked: what tells one refusal from another."""
    return str(body["errors"]).replace(key, "<key>")


def test_a_cadre_recording_a_visit_outside_its_households_is_told_not_found_as_for_no_household(
    client, settings, more
):
    other = ask(client, settings, "cadre", MUTATION_VISIT, c="c-a", h="H1")  # H1 is c-b's now
    none = ask(client, settings, "cadre", MUTATION_VISIT, c="c-a", h="H404")
    assert codes(other) == codes(none) == ["NOT_FOUND"]
    assert answer_without(other, "H1") == answer_without(none, "H404")
    assert "乙干部" not in str(other) and "c-b" not in str(other)


def test_a_w8_refusal_names_no_household_outside_the_reach(client, settings, more):
    query = (
        'mutation { pairCadre(householdId: "H4", cadreId: "c-c", since: "2020-01-01") { pairing { since } } }'
    )
    township = ask(client, settings, "township", query)
    assert codes(township) == ["RULE_VIOLATION"]
    [error] = township["errors"]
    assert error["extensions"]["rule"] == "W8" and error["extensions"]["facts"]["households"] == []
    assert not any(f"H{n}" in error["message"] for n in range(5, 10)), error["message"]
    [county_error] = ask(client, settings, "admin", query)["errors"]
    assert county_error["extensions"]["facts"]["households"] == ["H5", "H6", "H7", "H8", "H9"]


def test_closing_another_townships_order_is_not_found_as_for_no_order(client, settings, more):
    query = 'mutation($id: ID!) { closeRectification(rectificationId: $id, date: "2020-01-15") { id } }'
    other = ask(client, settings, "township", query, id="R-C")
    none = ask(client, settings, "township", query, id="R-NONE")
    assert codes(other) == codes(none) == ["NOT_FOUND"]
    assert answer_without(other, "R-C") == answer_without(none, "R-NONE")
    assert "c-c" not in str(other)


def test_a_new_report_with_a_number_registered_elsewhere_does_not_say_whose(client, settings, more):
    query = """mutation($id: ID!) {
      reportPoverty(kind: NEW, source: RETURN_VISIT, cause: "因病", date: "2020-01-01",
      newHousehold: {id: $id, villageCode: "430624101201", headName: "新户"}) { id } }"""
    [elsewhere] = ask(client, settings, "township", query, id="H5")["errors"]
    assert elsewhere["extensions"]["code"] == "ID_TAKEN"
    assert "建档立卡" not in elsewhere["message"] and "钱七" not in elsewhere["message"]
    [own] = ask(client, settings, "township", query, id="H2")["errors"]
    assert own["extensions"]["code"] == "RULE_VIOLATION" and "已是建档立卡户" in own["message"]


def test_a_w11_refusal_names_no_team_outside_the_reach(client, settings, more):
    # Cadre C is stationed in 湖滨村's team in 城西镇: 东塘镇's officer may not learn which team.
    query = """mutation {
      stationMember(teamId: "430624101201:县财政局", cadreId: "c-c", since: "2020-01-01") { team { id } }
    }"""
    [township] = ask(client, settings, "township", query)["errors"]
    assert township["extensions"]["rule"] == "W11" and township["extensions"]["facts"]["team"] is None
    assert T2_TEAM not in township["message"] and "另一工作队" in township["message"]
    [whole] = ask(client, settings, "admin", query)["errors"]
    assert whole["extensions"]["facts"]["team"] == T2_TEAM


OUTSIDE, NOBODY, NAME = "c-c", "c-nobody", "丙干部"  # cadre C lies in 城西镇 only
T1_TEAM = "430624101201:县财政局"


def as_for_nothing(client, settings, role: str, query: str, **variables: Any) -> None:
    """Asked of cadre C (outside the reach) and of an id naming nothing, the answers are one."""
    other = ask(client, settings, role, query, c=OUTSIDE, **variables)
    none = ask(client, settings, role, query, c=NOBODY, **variables)
    assert codes(other) == codes(none) == ["NOT_FOUND"], (other, none)
    assert answer_without(other, OUTSIDE) == answer_without(none, NOBODY), (other, none)


@pytest.mark.parametrize(
    ("role", "query"),
    [
        (
            "township",
            'mutation($c: ID!) { endPairing(householdId: "H4", cadreId: $c, until: "2020-01-01", reason: "r")'
            " { since } }",
        ),
        (
            "township",
            'mutation($c: ID!) { endStationing(teamId: "' + T1_TEAM + '", cadreId: $c, until: "2020-01-01") '
            "{ since } }",
        ),
        ("township", MUTATION_VISIT),
        ("village", MUTATION_VISIT),
    ],
    ids=["endPairing", "endStationing", "recordVisit-township", "recordVisit-village"],
)
def test_a_change_only_a_cadre_in_the_reach_can_concern_answers_for_one_outside_as_for_none(
    client, settings, more, role, query
):
    variables = {"h": "H2"} if "recordVisit" in query else {}
    as_for_nothing(client, settings, role, query, **variables)


@pytest.mark.parametrize("day", ["2020-01-01", "2017-01-01"], ids=["stationed-elsewhere", "not-stationed"])
def test_attendance_of_a_cadre_outside_the_reach_is_answered_as_for_none(client, settings, more, day):
    query = (
        "mutation($c: ID!, $d: Date!) { recordAttendance(entries: [{cadreId: $c, date: $d}]) { created } }"
    )
    other = ask(client, settings, "township", query, c=OUTSIDE, d=day)
    none = ask(client, settings, "township", query, c=NOBODY, d=day)
    assert codes(other) == codes(none) == ["NOT_FOUND"]
    assert answer_without(other, OUTSIDE) == answer_without(none, NOBODY)


@pytest.mark.parametrize(
    "query",
    [
        'mutation { pairCadre(householdId: "H4", cadreId: "c-c", since: "2020-01-01") '
        "{ pairing { since } } }",
        'mutation { stationMember(teamId: "'
        + T1_TEAM
        + '", cadreId: "c-c", since: "2020-01-01") { since } }',
        'mutation { setTeamLeader(teamId: "' + T1_TEAM + '", cadreId: "c-c", since: "2020-01-01") '
        "{ leader { since } } }",
    ],
    ids=["W8", "W11-station", "W11-leader"],
)
def test_a_refusal_about_a_cadre_outside_the_reach_names_it_by_the_id_sent_only(
    client, settings, more, query
):
    [error] = ask(client, settings, "township", query)["errors"]
    assert error["extensions"]["code"] == "RULE_VIOLATION", error
    assert "c-c" in error["message"] and NAME not in error["message"], error
    assert "2018-01-01" not in error["message"] and "5 户在帮" not in error["message"], error


def test_a_new_report_with_a_number_pending_elsewhere_does_not_name_the_report(client, settings, more):
    query = """mutation($id: ID!, $v: String!) {
      reportPoverty(kind: NEW, source: RETURN_VISIT, cause: "因病", date: "2020-01-01",
      newHousehold: {id: $id, villageCode: $v, headName: "新户"}) { id } }"""
    report_id = ask(client, settings, "admin", query, id="N1", v=V3)["data"]["reportPoverty"]["id"]
    [error] = ask(client, settings, "township", query, id="N1", v=V1)["errors"]
    assert error["extensions"]["code"] == "ID_TAKEN" and report_id not in str(error), error


def test_a_petition_outside_the_reach_is_not_found_whether_its_number_is_filed_or_not(client, settings, more):
    query = """mutation($no: String!) {
      recordPetition(caseNo: $no, registeredOn: "2020-01-01", level: COUNTY, townshipCode: "430624102",
        claim: "c") { caseNo } }"""
    assert "errors" not in ask(client, settings, "admin", query, no="XF-T2")
    filed = ask(client, settings, "township", query, no="XF-T2")
    fresh = ask(client, settings, "township", query, no="XF-NEW")
    assert codes(filed) == codes(fresh) == ["NOT_FOUND"]
    assert answer_without(filed, "XF-T2") == answer_without(fresh, "XF-NEW")
