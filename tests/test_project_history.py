"""A project's history (O3, docs/projects.md): `updateProject` and a reloaded 项目库 change a
project's values and department as of a day, keeping what they replace; beneficiaries end, never
vanish. Asked as of an earlier day, the projects list, the coverage fields and the responsibility
chain read what held then. Graphs and rosters built so that both days' answers are known."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph.connection import Target
from tests import coverage_graphs as g
from tests.conftest import gql, gql_errors
from tests.test_projects import CREATE, LINK, PAY, V1, code, items

D1, D2, LATER = "2020-05-01", "2020-06-01", "2020-07-01"
FORM = {"name": "村道硬化", "kind": "基础设施", "fundingSource": "财政专项扶贫资金", "budget": 1000,
        "startOn": "2020-01-01", "finishOn": "2020-12-31", "department": "县交通局"}  # fmt: skip
UPDATE = """mutation($project: ProjectInput!, $on: Date) {
  updateProject(id: "XM1", project: $project, effectiveOn: $on) { name budget department beneficiaries } }"""
LISTED = """query($filter: ProjectFilter) { projects(filter: $filter) { edges { node { project {
  id name budget department beneficiaries paid } } } } }"""
END = """mutation($h: ID!, $until: Date!) {
  endProjectBeneficiary(projectId: "XM1", householdId: $h, until: $until) { beneficiaries } }"""
CHAIN = """query($h: ID!, $asOf: Date) { responsibilityChain(householdId: $h, asOf: $asOf) {
  projects { project { id budget department } since until } } }"""


def listed(client: Any, **filters: Any) -> list[dict[str, Any]]:
    edges = gql(client, LISTED, filter=filters)["projects"]["edges"]
    return [e["node"]["project"] for e in edges]


def registered(client: Any, db: Driver) -> None:
    """XM1 in V1, 1000 yuan, led by 县交通局, benefiting H1 from 2020-02-01, paid 1200 on 2020-03-01;
    on D2 its name, budget (1500) and department (县农业农村局) change, H1's link ends and H2's starts."""
    g.villages(db)
    g.households(db, V1, ["H1", "H2"])
    g.run(db, "MERGE (:Unit {name: '县交通局'}) MERGE (:Unit {name: '县农业农村局'})")
    gql(client, CREATE, id="XM1", village=V1, project=FORM)
    gql(client, LINK, p="XM1", hs=["H1"], since="2020-02-01")
    gql(
        client, PAY, id="BF1", p="XM1", date="2020-03-01", amount=1200, channel="TRANSFER", payee="县路桥公司"
    )
    changed = {"name": "村道硬化二期", "budget": 1500, "department": "县农业农村局"}
    assert gql(client, UPDATE, project=changed, on=D2)["updateProject"] == {
        "name": "村道硬化二期", "budget": 1500.0, "department": "县农业农村局", "beneficiaries": 1,
    }  # fmt: skip
    gql(client, END, h="H1", until=D2)
    gql(client, LINK, p="XM1", hs=["H2"], since=D2)


def test_a_project_asked_as_of_a_day_before_its_update_reads_the_old_values(client, db):
    registered(client, db)
    before = {"id": "XM1", "name": "村道硬化", "budget": 1000.0, "department": "县交通局", "beneficiaries": 1,
              "paid": 1200.0}  # fmt: skip
    assert listed(client, asOf=D1) == [before]
    now = {**before, "name": "村道硬化二期", "budget": 1500.0, "department": "县农业农村局"}
    assert listed(client) == [now] == listed(client, asOf=D2)
    # The filters read the day's department and kind.
    assert listed(client, asOf=D1, department="县交通局") == [before]
    assert listed(client, asOf=D1, department="县农业农村局") == []
    assert listed(client, department="县交通局") == []
    # Paid 1200 against 1000 before D2, within 1500 after: O3 judges each day by its budget.
    over = items(client, "projectsOverBudget", "project { id budget department } excess", D1)
    assert over == [{"project": {"id": "XM1", "budget": 1000.0, "department": "县交通局"}, "excess": 200.0}]
    assert items(client, "projectsOverBudget", "project { id }", LATER) == []


def test_the_chain_on_an_earlier_day_shows_the_old_department_and_beneficiary(client, db):
    registered(client, db)

    def projects(household: str, day: str) -> list[dict[str, Any]]:
        return gql(client, CHAIN, h=household, asOf=day)["responsibilityChain"]["projects"]

    old = {"id": "XM1", "budget": 1000.0, "department": "县交通局"}
    assert projects("H1", D1) == [{"project": old, "since": "2020-02-01", "until": D2}]
    assert projects("H2", D1) == []
    new = {"id": "XM1", "budget": 1500.0, "department": "县农业农村局"}
    assert projects("H2", LATER) == [{"project": new, "since": D2, "until": None}]
    assert projects("H1", LATER) == []


def test_the_update_ends_the_department_and_keeps_the_values_it_replaces(client, db):
    registered(client, db)
    rows, _, _ = db.execute_query(
        """MATCH (p:Project {id: 'XM1'})
        RETURN p.factsSince AS since,
               [(p)-[l:LED_BY]->(u) | [u.name, l.since, l.until]] AS led,
               [(p)-[:HAD]->(f:ProjectFacts) | [f.name, f.budgetFen, f.since, f.until]] AS had,
               [(p)-[b:BENEFITS]->(h) | [h.id, b.since, b.until]] AS benefits"""
    )
    got = rows[0]

    def days(values: list[Any]) -> list[Any]:
        return [v.iso_format() if hasattr(v, "iso_format") else v for v in values]

    assert got["since"].iso_format() == D2
    assert sorted(days(x) for x in got["led"]) == [["县交通局", None, D2], ["县农业农村局", D2, None]]
    assert [days(x) for x in got["had"]] == [["村道硬化", 100000, None, D2]]
    assert sorted(days(x) for x in got["benefits"]) == [["H1", "2020-02-01", D2], ["H2", D2, None]]
    trail = """{ auditTrail(entityId: "XM1") { edges { node { operation inputs
      changes { entity before after } } } } }"""
    events = [e["node"] for e in gql(client, trail)["auditTrail"]["edges"]]
    update = next(e for e in events if e["operation"] == "updateProject")
    assert json.loads(update["inputs"])["effectiveOn"] == D2
    (change,) = update["changes"]
    before, after = json.loads(change["before"]), json.loads(change["after"])
    assert (before["budgetFen"], before["department"], before["name"]) == (100000, "县交通局", "村道硬化")
    assert (after["budgetFen"], after["department"], after["name"]) == (
        150000,
        "县农业农村局",
        "村道硬化二期",
    )


def test_history_is_added_to_never_rewritten(client, db):
    registered(client, db)
    earlier = gql_errors(client, UPDATE, project={"budget": 900}, on=D1)
    assert (code(earlier), earlier[0]["extensions"]["argument"]) == ("EFFECTIVE_BEFORE_FACTS", "effectiveOn")
    # Without effectiveOn the change holds from today: the D2 values still answer for LATER.
    assert gql(client, UPDATE, project={"budget": 2000})["updateProject"]["budget"] == 2000.0
    assert [p["budget"] for p in listed(client, asOf=LATER)] == [1500.0]
    # The same department again changes nothing.
    gql(client, UPDATE, project={"department": "县农业农村局"})
    links, _, _ = db.execute_query("MATCH (:Project {id: 'XM1'})-[l:LED_BY]->() RETURN count(l) AS n")
    assert links[0]["n"] == 2


# The 项目库 and 项目受益户 rosters reloaded ----------------------------------------------------------


def _rosters(tmp_path: Path, version: int, budget: int, department: str, households: list[str]) -> list[Path]:
    from tests.load_kit import write_csv

    folder = tmp_path / f"v{version}"
    folder.mkdir()
    projects = write_csv(folder / "项目库.csv", (
        "项目编号", "项目名称", "项目类型", "乡(镇)", "行政村", "资金来源", "预算金额(元)", "开工日期",
        "计划完工日期", "实际完工日期", "主管部门",
    ), [["XM1", "油茶", "产业发展", "东塘镇", "红星村", "专项", budget, "2019-01-01", "2021-12-31", "",
         department]])  # fmt: skip
    linked = write_csv(
        folder / "项目受益户.csv",
        ("项目编号", "户编号", "受益起始日期", "受益结束日期"),
        [["XM1", h, "2019-02-01", ""] for h in households],
    )
    return [projects, linked]


def test_a_reloaded_register_ends_what_it_no_longer_lists_and_a_rerun_changes_nothing(
    client: Any, db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    from tests.load_kit import County, by_roster, counts, household_id, run

    h0, h1 = household_id(0), household_id(1)
    base = County(households=3).write(tmp_path, ("units", "villages", "households"))
    first, second = date_of("2020-01-01"), date_of("2020-07-01")
    run(db, neo4j_target, [*base, *_rosters(tmp_path, 1, 1000, "县财政局", [h0, h1])], snapshot=first)
    version2 = [*base, *_rosters(tmp_path, 2, 2000, "县审计局", [h0])]
    loaded = run(db, neo4j_target, version2, snapshot=second)
    assert {n for n in loaded.notes if "项目受益关系" in n} == {
        "快照 2020-07-01：已结束 1 条不在花名册中的项目受益关系（结束日期 2020-07-01）："
    }
    graph = counts(db)
    rows, _, _ = db.execute_query(
        """MATCH (p:Project {id: 'XM1'})
        RETURN [(p)-[l:LED_BY]->(u) | [u.name, l.since, l.until]] AS led,
               [(p)-[:HAD]->(f:ProjectFacts) | [f.budgetFen, f.since, f.until]] AS had,
               [(p)-[b:BENEFITS]->(h) | [h.id, b.until]] AS benefits"""
    )
    got = {k: sorted([str(x) for x in row] for row in v) for k, v in rows[0].items()}
    assert got == {
        "led": [["县审计局", "2020-07-01", "None"], ["县财政局", "None", "2020-07-01"]],
        "had": [["100000", "None", "2020-07-01"]],
        "benefits": [[h0, "None"], [h1, "2020-07-01"]],
    }
    # Asked as of a day between the loads, the list reads the first version.
    stood = listed(client, asOf="2020-03-01")
    assert [(p["budget"], p["department"], p["beneficiaries"]) for p in stood] == [(1000.0, "县财政局", 2)]
    now = listed(client)
    assert [(p["budget"], p["department"], p["beneficiaries"]) for p in now] == [(2000.0, "县审计局", 1)]

    again = run(db, neo4j_target, version2, snapshot=second)
    done = by_roster(again)
    assert (done["projects"], done["project_beneficiaries"]) == ((0, 0, 1, 0), (0, 0, 1, 0))
    assert counts(db) == graph
    assert any("已结束 0 条不在花名册中的项目受益关系" in n for n in again.notes)


def date_of(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)
