"""O1 chains on the constructed history (tests/chain_graphs.py), on every boundary day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.principal import Role
from graph import chain
from graph.reach import COUNTY_REACH, Reach, ReachKind
from tests.chain_graphs import TEAM, VILLAGE, history
from tests.conftest import bearer, gql, gql_errors
from tests.plans import assert_seeks_without_scans

ANSWER = "unit { name } mergers { merged { name } into { name } since }"
CADRE_UNIT = f"unit {{ name }} since until onDate {{ {ANSWER} }} today {{ {ANSWER} }}"
VILLAGE_PART = f"""village {{ code }} township {{ code }}
  teams {{ team {{ id }} since until leaders {{ cadre {{ name }} role since until }}
          dispatcher {{ unit {{ name }} since level onDate {{ {ANSWER} }} today {{ {ANSWER} }} }} }}
  secretaries {{ cadre {{ name }} since until }} countyLeaders {{ cadre {{ name }} since until }}"""
CHAIN = f"""query($d: Date) {{ responsibilityChain(householdId: "H1", asOf: $d) {{
  asOf household {{ id }} card
  pairings {{ cadre {{ name }} since until unit {{ {CADRE_UNIT} }} }}
  {VILLAGE_PART}
  policies {{ policy {{ code }} benefits firstBenefit lastBenefit leadDepartments {{ name }} }} }} }}"""


@pytest.fixture
def county(db):
    history(db)
    return db


def _names(answer: dict[str, Any] | None) -> str | None:
    """An answering unit as `unit (merged ← …)`: its name and the merger days that lead to it."""
    if answer is None:
        return None
    steps = ", ".join(f"{m['merged']['name']}→{m['into']['name']} {m['since']}" for m in answer["mergers"])
    return f"{answer['unit']['name']} ({steps})" if steps else answer["unit"]["name"]


def _compact(c: dict[str, Any]) -> dict[str, Any]:
    """Everything the chain says, in a form whose expected value is written out below."""
    [team] = c["teams"]
    return {
        "card": c["card"],
        "pairings": [
            (p["cadre"]["name"], p["since"], p["until"], p["unit"]["unit"]["name"],
             _names(p["unit"]["onDate"]), _names(p["unit"]["today"]))
            for p in c["pairings"]
        ],
        "leaders": [(x["cadre"]["name"], x["role"], x["since"], x["until"]) for x in team["leaders"]],
        "dispatcher": (team["dispatcher"]["unit"]["name"], _names(team["dispatcher"]["onDate"])),
        "secretaries": [(x["cadre"]["name"], x["since"], x["until"]) for x in c["secretaries"]],
        "leader": [(x["cadre"]["name"], x["since"], x["until"]) for x in c["countyLeaders"]],
        "policies": [
            (p["policy"]["code"], p["benefits"], [d["name"] for d in p["leadDepartments"]])
            for p in c["policies"]
        ],
    }  # fmt: skip


# Who answers today for 县审计局 and 县财政局: 县委办, through both mergers / the second one.
TODAY_AUDIT = "县委办 (县审计局→县财政局 2019-03-01, 县财政局→县委办 2020-06-01)"
TODAY_FINANCE = "县委办 (县财政局→县委办 2020-06-01)"
A = ("甲", "2018-03-01", "2019-06-01", "县审计局")
B = ("乙", "2019-06-01", None, "县财政局")
L1 = ("队长一", "FIRST_SECRETARY_LEADER", "2018-01-01", "2019-09-01")
L2 = ("队长二", "FIRST_SECRETARY_LEADER", "2019-09-01", None)
S1, S2 = ("书记一", "2017-01-01", "2019-12-01"), ("书记二", "2019-12-01", None)
K = [("县领导", "2017-01-01", None)]
P1 = ("P1", 1, ["县农业农村局"])
P3 = ("P3", 1, ["县卫生健康局"])
MERGED = "县财政局 (县审计局→县财政局 2019-03-01)"


def _day(card, pairings, leaders, dispatcher, secretary, policies):  # type: ignore[no-untyped-def]
    return {
        "card": card, "pairings": pairings, "leaders": leaders, "dispatcher": ("县审计局", dispatcher),
        "secretaries": [secretary], "leader": K, "policies": policies,
    }  # fmt: skip


EXPECTED = {
    # Before A's pairing: nobody paired; no benefit yet.
    "2018-02-28": _day("RED", [], [L1], "县审计局", S1, []),
    # The pairing's first day is A's.
    "2018-03-01": _day("RED", [(*A, "县审计局", TODAY_AUDIT)], [L1], "县审计局", S1, []),
    # The day before the merger: 县审计局 still answers for itself; the card turned YELLOW on 01-01.
    "2019-02-28": _day("YELLOW", [(*A, "县审计局", TODAY_AUDIT)], [L1], "县审计局", S1, [P1]),
    # The merger day belongs to the successor: 县财政局 answers for A's unit and the dispatching unit.
    "2019-03-01": _day("YELLOW", [(*A, MERGED, TODAY_AUDIT)], [L1], MERGED, S1, [P1]),
    "2019-05-31": _day("YELLOW", [(*A, MERGED, TODAY_AUDIT)], [L1], MERGED, S1, [P1]),
    # The pairing's end day belongs to the successor: B only.
    "2019-06-01": _day("YELLOW", [(*B, "县财政局", TODAY_FINANCE)], [L1], MERGED, S1, [P1]),
    # The member's benefit under P3 (2019-08-01) counts; L1 leads on his last day but one.
    "2019-08-31": _day("YELLOW", [(*B, "县财政局", TODAY_FINANCE)], [L1], MERGED, S1, [P1, P3]),
    # The leader's replacement day is L2's.
    "2019-09-01": _day("YELLOW", [(*B, "县财政局", TODAY_FINANCE)], [L2], MERGED, S1, [P1, P3]),
    "2019-12-01": _day("YELLOW", [(*B, "县财政局", TODAY_FINANCE)], [L2], MERGED, S2, [P1, P3]),
    # RED again from 2020-01-01.
    "2020-01-01": _day("RED", [(*B, "县财政局", TODAY_FINANCE)], [L2], MERGED, S2, [P1, P3]),
    # The second merger's day: 县委办 answers for B's unit and, through both, for the dispatcher.
    "2020-06-01": _day("RED", [(*B, TODAY_FINANCE, TODAY_FINANCE)], [L2], TODAY_AUDIT, S2, [P1, P3]),
}


@pytest.mark.parametrize("day", EXPECTED)
def test_chain_on_each_date_is_exactly_the_constructed_one(client, county, day):
    c = gql(client, CHAIN, d=day)["responsibilityChain"]
    assert (c["asOf"], c["household"], c["village"], c["township"]) == (
        day, {"id": "H1"}, {"code": VILLAGE}, {"code": "430624101"},
    )  # fmt: skip
    assert [(t["team"]["id"], t["since"], t["until"]) for t in c["teams"]] == [(TEAM, "2018-01-01", None)]
    assert c["teams"][0]["dispatcher"]["since"] == "2018-01-01"
    assert _compact(c) == EXPECTED[day]


def test_a_pairings_unit_dates_and_policy_dates_are_returned(client, county):
    c = gql(client, CHAIN, d="2019-08-31")["responsibilityChain"]
    assert c["pairings"][0]["unit"]["since"] == "2015-01-01" and c["pairings"][0]["unit"]["until"] is None
    assert [(p["firstBenefit"], p["lastBenefit"]) for p in c["policies"]] == [
        ("2018-05-01", "2018-05-01"),
        ("2019-08-01", "2019-08-01"),
    ]


GRAPH = """query($d: Date) { responsibilityChain(householdId: "H1", asOf: $d) {
  graph { nodes { id label key name } edges { id type source target since until role } } } }"""


def test_graph_is_the_chain_as_nodes_and_edges(client, county):
    g = gql(client, GRAPH, d="2019-06-01")["responsibilityChain"]["graph"]
    nodes = {(n["id"], n["label"], n["key"], n["name"]) for n in g["nodes"]}
    assert nodes == {
        ("Household:H1", "Household", "H1", "张三"),
        ("Cadre:c-b", "Cadre", "c-b", "乙"),
        ("Unit:县财政局", "Unit", "县财政局", "县财政局"),
        ("Unit:县委办", "Unit", "县委办", "县委办"),
        ("Unit:县审计局", "Unit", "县审计局", "县审计局"),
        (f"Village:{VILLAGE}", "Village", VILLAGE, "红星村"),
        ("Township:430624101", "Township", "430624101", "东塘镇"),
        (f"WorkTeam:{TEAM}", "WorkTeam", TEAM, TEAM),
        ("Cadre:c-l1", "Cadre", "c-l1", "队长一"),
        ("Cadre:c-s1", "Cadre", "c-s1", "书记一"),
        ("Cadre:c-k", "Cadre", "c-k", "县领导"),
        ("Policy:P1", "Policy", "P1", "P1 产业"),
        ("Unit:县农业农村局", "Unit", "县农业农村局", "县农业农村局"),
    }
    edges = {(e["type"], e["source"], e["target"], e["since"], e["until"], e["role"]) for e in g["edges"]}
    v, t, team = f"Village:{VILLAGE}", "Township:430624101", f"WorkTeam:{TEAM}"
    assert edges == {
        ("PAIRED_WITH", "Cadre:c-b", "Household:H1", "2019-06-01", None, None),
        ("WORKS_FOR", "Cadre:c-b", "Unit:县财政局", "2015-01-01", None, None),
        ("MERGED_INTO", "Unit:县财政局", "Unit:县委办", "2020-06-01", None, None),
        ("MERGED_INTO", "Unit:县审计局", "Unit:县财政局", "2019-03-01", None, None),
        ("IN_VILLAGE", "Household:H1", v, None, None, None),
        ("IN_TOWNSHIP", v, t, None, None, None),
        ("STATIONED_IN", team, v, "2018-01-01", None, None),
        ("MEMBER_OF", "Cadre:c-l1", team, "2018-01-01", "2019-09-01", "FIRST_SECRETARY_LEADER"),
        ("DISPATCHED", "Unit:县审计局", team, "2018-01-01", None, None),
        ("SECRETARY_OF", "Cadre:c-s1", t, "2017-01-01", "2019-12-01", None),
        ("RESPONSIBLE_FOR", "Cadre:c-k", t, "2017-01-01", None, None),
        ("BENEFITED_UNDER", "Household:H1", "Policy:P1", "2018-05-01", None, None),
        ("LEADS", "Unit:县农业农村局", "Policy:P1", None, None, None),
    }
    # Every edge joins drawn nodes; ids are unique.
    ids = {n["id"] for n in g["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    assert len({e["id"] for e in g["edges"]}) == len(g["edges"])


VILLAGE_CHAIN = f"""query($v: String!, $d: Date) {{ villageChain(villageCode: $v, asOf: $d) {{
  asOf {VILLAGE_PART} graph {{ nodes {{ id }} edges {{ type }} }} }} }}"""


def test_village_chain_is_the_households_village_part(client, county):
    for day in ("2019-03-01", "2019-09-01"):
        village = gql(client, VILLAGE_CHAIN, v=VILLAGE, d=day)["villageChain"]
        household = gql(client, CHAIN, d=day)["responsibilityChain"]
        for part in ("village", "township", "teams", "secretaries", "countyLeaders"):
            assert village[part] == household[part], part
    village = gql(client, VILLAGE_CHAIN, v=VILLAGE, d="2019-09-01")["villageChain"]
    assert "Household:H1" not in {n["id"] for n in village["graph"]["nodes"]}
    assert sorted(e["type"] for e in village["graph"]["edges"]) == sorted(
        ["IN_TOWNSHIP", "STATIONED_IN", "MEMBER_OF", "DISPATCHED", "MERGED_INTO", "MERGED_INTO",
         "SECRETARY_OF", "RESPONSIBLE_FOR"]
    )  # fmt: skip


def test_unknown_keys_and_future_dates_are_refused(client, county):
    [error] = gql_errors(client, '{ responsibilityChain(householdId: "nope") { asOf } }')
    assert error["extensions"]["code"] == "NOT_FOUND" and "nope" in error["message"]
    [error] = gql_errors(client, '{ villageChain(villageCode: "nope") { asOf } }')
    assert error["extensions"]["code"] == "NOT_FOUND"
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    [error] = gql_errors(client, CHAIN, d=tomorrow)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "asOf"}


def test_personal_data_is_masked_in_the_chain(client, county, settings):
    # The township's officer sees numbers masked (COUNTY_ADMIN and INVESTIGATOR see them).
    client.headers["authorization"] = bearer(settings, Role.TOWNSHIP_OFFICER, "430624101")
    query = '{ responsibilityChain(householdId: "H1", asOf: "2018-06-01") { pairings { cadre { %s } } } }'
    [p] = gql(client, query % "idNumber phone")["responsibilityChain"]["pairings"]
    assert p["cadre"] == {"idNumber": "430624********5678", "phone": "137****0001"}


@pytest.mark.parametrize("statement", [chain.household_statement, chain.village_statement])
@pytest.mark.parametrize(
    "reach", [COUNTY_REACH, Reach(ReachKind.TOWNSHIP, "430624101")], ids=["county", "township"]
)
def test_chain_is_one_statement_from_a_key_seek_without_scans(db, neo4j_target, statement, reach):
    params = {
        **chain.parameters(dt.date(2019, 6, 1)),
        "householdId": "H1",
        "villageCode": VILLAGE,
        **reach.params(),
    }
    assert_seeks_without_scans(db, neo4j_target.database, statement(reach), params)


TEXT = """query($d: Date) { responsibilityChain(householdId: "H1", asOf: $d) {
  graph { nodes { id caption } edges { id type caption } dot mermaid } } }"""


def test_graph_as_dot_and_mermaid_in_chinese_with_ids_free_of_none(client, county):
    g = gql(client, TEXT, d="2019-06-01")["responsibilityChain"]["graph"]
    ids = [e["id"] for e in g["edges"]]
    assert not [i for i in ids if "None" in i], ids
    assert "PAIRED_WITH:Cadre:c-b->Household:H1@2019-06-01" in ids
    captions = {e["id"]: e["caption"] for e in g["edges"]}
    assert captions["PAIRED_WITH:Cadre:c-b->Household:H1@2019-06-01"] == "结对帮扶\n2019-06-01 至 今"
    assert {n["id"]: n["caption"] for n in g["nodes"]}["Policy:P1"] == "政策：P1 产业"
    assert f"IN_TOWNSHIP:Village:{VILLAGE}->Township:430624101" in ids
    dot = g["dot"]
    assert dot.startswith("digraph chain {") and dot.rstrip().endswith("}")
    assert '"Household:H1" [label="贫困户：张三"];' in dot
    assert '"Cadre:c-b" -> "Household:H1" [label="结对帮扶\\n2019-06-01 至 今"];' in dot
    assert '"Cadre:c-l1" -> ' in dot and "第一书记兼队长\\n2018-01-01 至 2019-09-01" in dot
    assert dot.count(" -> ") == len(g["edges"])
    mermaid = g["mermaid"].splitlines()
    assert mermaid[0] == "flowchart LR"
    names = {n["id"]: f"n{i}" for i, n in enumerate(g["nodes"])}
    assert f'  {names["Household:H1"]}["贫困户：张三"]' in mermaid
    assert f'  {names["Cadre:c-b"]} -->|"结对帮扶<br/>2019-06-01 至 今"| {names["Household:H1"]}' in mermaid
    assert sum(" -->|" in line for line in mermaid) == len(g["edges"])
