"""The project register (O3, P1, P4) on graphs whose answers are known by construction: its four
coverage fields and their dashboard lines, the `projects` list inside the reach, the projects in a
household's responsibility chain by date, and the mutations that keep the register."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from core.principal import Role
from tests import coverage_graphs as g
from tests.conftest import bearer, gql, gql_errors

V1, V2, V3 = "430624101201", "430624101202", "430624102201"
T1, T2 = "430624101", "430624102"
AS_OF = "2020-06-30"


def project(
    db: Driver, id: str, village: str, kind: str, budget: int, start: str, finish: str, **props: Any
) -> None:
    """A project of `budget` yuan (stored in fen) sited in `village`."""
    g.run(
        db,
        """MATCH (v:Village {code: $village})
        CREATE (p:Project {id: $id, name: '项目' + $id, kind: $kind, fundingSource: '财政专项扶贫资金',
                           budgetFen: $budget * 100, startOn: date($start), finishOn: date($finish)})
               -[:SITED_IN]->(v)
        SET p += $props""",
        id=id, village=village, kind=kind, budget=budget, start=start, finish=finish, props=props,
    )  # fmt: skip


def benefits(db: Driver, project_id: str, household: str, since: str, until: str | None = None) -> None:
    g.run(
        db,
        """MATCH (p:Project {id: $project}), (h:Household {id: $household})
        CREATE (p)-[:BENEFITS {since: date($since), until: date($until)}]->(h)""",
        project=project_id, household=household, since=since, until=until,
    )  # fmt: skip


def disburse(
    db: Driver, id: str, project_id: str, day: str, fen: int, household: str | None = None, **props: Any
) -> None:
    """A disbursement of `fen` fen, to `household` when given."""
    g.run(
        db,
        """MATCH (p:Project {id: $project})
        CREATE (d:Disbursement {id: $id, date: date($day), amountFen: $fen})-[:OF_PROJECT]->(p)
        SET d += $props
        WITH d OPTIONAL MATCH (h:Household {id: $household})
        FOREACH (_ IN CASE WHEN h IS NULL THEN [] ELSE [1] END | CREATE (d)-[:PAID_TO]->(h))""",
        id=id, project=project_id, day=day, fen=fen, household=household, props=props,
    )  # fmt: skip


def register(db: Driver) -> None:
    """P1 (V1) within budget on AS_OF and above it by August; P2 (V1) overdue, unlinked and 0.01 above
    its budget; P3 (V2) a renovation paid to H2 by card, to H3 in cash and once with no channel, and
    to a builder; P4 (V3) starts after AS_OF; P5 (V3) finished late but before AS_OF, its only
    beneficiary's link ended."""
    g.villages(db)
    g.households(db, V1, ["H1"])
    g.households(db, V2, ["H2", "H3"])
    g.households(db, V3, ["H4", "H5"])
    project(db, "P1", V1, "产业", 10000, "2020-01-01", "2020-12-31")
    benefits(db, "P1", "H1", "2020-02-01")
    disburse(db, "D11", "P1", "2020-03-01", 600000, "H1", channel="TRANSFER")
    disburse(db, "D12", "P1", "2020-07-15", 500000, "H1", channel="TRANSFER")
    project(db, "P2", V1, "基础设施", 5000, "2019-06-01", "2020-05-31")
    disburse(db, "D21", "P2", "2019-08-01", 500001, payee="县路桥公司", channel="TRANSFER")
    project(db, "P3", V2, "危房改造", 60000, "2020-03-01", AS_OF)
    benefits(db, "P3", "H2", "2020-03-01")
    benefits(db, "P3", "H3", "2020-03-01", "2020-05-01")
    disburse(db, "D31", "P3", "2020-04-01", 2000000, "H2", channel="CARD")
    disburse(db, "D32", "P3", "2020-04-02", 1500000, "H3", channel="CASH")
    disburse(db, "D33", "P3", "2020-04-03", 300000, "H3")
    disburse(db, "D34", "P3", "2020-04-04", 1000000, payee="县建筑公司", channel="TRANSFER")
    project(db, "P4", V3, "危房改造", 30000, "2020-07-01", "2020-12-31")
    disburse(db, "D41", "P4", "2020-07-02", 100000, "H4", channel="TRANSFER")
    project(db, "P5", V3, "产业", 8000, "2019-01-01", "2019-12-31", finishedOn=g_date("2020-01-10"))
    benefits(db, "P5", "H5", "2019-01-01", "2019-12-31")


def g_date(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)


def items(
    client: Any, field: str, selection: str, as_of: str = AS_OF, scope: Any = None
) -> list[dict[str, Any]]:
    query = (
        f"query($asOf: Date, $scope: ScopeInput) {{ coverage(asOf: $asOf, scope: $scope) {{ {field} "
        f"{{ totalCount edges {{ node {{ {selection} }} }} }} }} }}"
    )
    data = gql(client, query, asOf=as_of, scope=scope)["coverage"][field]
    assert data["totalCount"] == len(data["edges"])
    return [edge["node"] for edge in data["edges"]]


# Coverage -----------------------------------------------------------------------------------------


def test_projects_without_beneficiaries_are_those_started_and_never_linked(client, db):
    register(db)
    found = items(
        client, "projectsWithoutBeneficiaries", "project { id kind villageCode } village { code } days"
    )
    assert found == [{"project": {"id": "P2", "kind": "基础设施", "villageCode": V1}, "village": {"code": V1},
                      "days": 395}]  # fmt: skip
    # Before P1's first beneficiary it had none either.
    early = items(client, "projectsWithoutBeneficiaries", "project { id }", "2020-01-15")
    assert [n["project"]["id"] for n in early] == ["P2", "P1"]


def test_projects_over_budget_count_the_disbursements_dated_by_the_date(client, db):
    register(db)
    found = items(client, "projectsOverBudget", "project { id } budget paid excess")
    assert found == [{"project": {"id": "P2"}, "budget": 5000.0, "paid": 5000.01, "excess": 0.01}]
    later = items(client, "projectsOverBudget", "project { id } excess", "2020-08-01")
    assert later == [{"project": {"id": "P1"}, "excess": 1000.0}, {"project": {"id": "P2"}, "excess": 0.01}]


def test_overdue_projects_are_unfinished_past_their_finish_date(client, db):
    register(db)
    assert items(client, "overdueProjects", "project { id } finishOn daysPast") == [
        {"project": {"id": "P2"}, "finishOn": "2020-05-31", "daysPast": 30}
    ]
    # P3 is due on AS_OF itself: overdue from the next day on. P5 was finished (late) before.
    later = items(client, "overdueProjects", "project { id } daysPast", "2020-07-15")
    assert later == [{"project": {"id": "P2"}, "daysPast": 45}, {"project": {"id": "P3"}, "daysPast": 15}]


def test_renovation_subsidies_off_the_card_are_household_payments_not_through_it(client, db):
    register(db)
    found = items(
        client,
        "renovationSubsidiesOffCard",
        "disbursement { id amount channel householdId projectId } household { id } village { code }",
    )
    assert found == [
        {"disbursement": {"id": "D32", "amount": 15000.0, "channel": "CASH", "householdId": "H3",
                          "projectId": "P3"}, "household": {"id": "H3"}, "village": {"code": V2}},
        {"disbursement": {"id": "D33", "amount": 3000.0, "channel": None, "householdId": "H3",
                          "projectId": "P3"}, "household": {"id": "H3"}, "village": {"code": V2}},
    ]  # fmt: skip
    # D41 (a renovation payment by transfer) is dated after AS_OF; on its day it offends too.
    later = items(client, "renovationSubsidiesOffCard", "disbursement { id }", "2020-07-02")
    assert [n["disbursement"]["id"] for n in later] == ["D32", "D33", "D41"]  # largest first


def test_a_township_scope_holds_the_projects_of_its_villages(client, db):
    register(db)
    t2 = {"townshipCode": T2}
    assert items(client, "overdueProjects", "project { id }", scope=t2) == []
    assert items(client, "renovationSubsidiesOffCard", "disbursement { id }", "2020-07-02", t2) == [
        {"disbursement": {"id": "D41"}}
    ]


def test_the_summary_lines_count_the_lists_against_their_denominators(client, db):
    register(db)
    query = """query($asOf: Date) { coverage(asOf: $asOf) { summary {
      lines { key rules count denominator }
      townships { township { code } lines { key count denominator } } } } }"""
    summary = gql(client, query, asOf=AS_OF)["coverage"]["summary"]
    mine = {"O3-beneficiaries", "O3-budget", "O3-overdue", "P4-card"}
    county = {
        n["key"]: (n["rules"], n["count"], n["denominator"]) for n in summary["lines"] if n["key"] in mine
    }
    assert county == {
        "O3-beneficiaries": (["O3"], 1, 4),  # P2 of P1, P2, P3, P5 (P4 not started)
        "O3-budget": (["O3"], 1, 3),  # P2 of the started projects paid anything: P1, P2, P3
        "O3-overdue": (["O3"], 1, 2),  # P2 of those due before AS_OF: P2, P5
        "P4-card": (["P4"], 2, 3),  # D32, D33 of the renovation payments to households D31–D33
    }
    townships = {
        t["township"]["code"]: {
            n["key"]: (n["count"], n["denominator"]) for n in t["lines"] if n["key"] in mine
        }
        for t in summary["townships"]
    }
    assert townships[T2] == {"O3-beneficiaries": (0, 1), "O3-budget": (0, 0), "O3-overdue": (0, 1),
                             "P4-card": (0, 0)}  # fmt: skip
    assert townships[T1]["P4-card"] == (2, 3)


def test_a_department_reads_the_card_rule_of_the_area_it_leads_only(client, db, settings):
    register(db)
    client.headers["authorization"] = bearer(settings, Role.DEPARTMENT, "县住建局")  # leads P4
    found = items(client, "renovationSubsidiesOffCard", "disbursement { id }")
    assert [n["disbursement"]["id"] for n in found] == ["D32", "D33"]
    audit = '{ coverage(asOf: "2020-06-30") { overdueProjects { totalCount } } }'
    assert code(gql_errors(client, audit)) == "FORBIDDEN"  # O3's lists are not a policy area's
    client.headers["authorization"] = bearer(settings, Role.DEPARTMENT, "县教育局")  # leads P2
    card = '{ coverage(asOf: "2020-06-30") { renovationSubsidiesOffCard { totalCount } } }'
    assert code(gql_errors(client, card)) == "FORBIDDEN"


# Lists, pages, chain -------------------------------------------------------------------------------


def test_the_projects_list_keeps_to_the_reach_and_filters(client, db, settings):
    register(db)
    query = """query($filter: ProjectFilter) { projects(filter: $filter, direction: ASC) {
      totalCount edges { node { project {
        id paid beneficiaries disbursements { id householdId payee } } } } } }"""
    every = gql(client, query)["projects"]
    assert every["totalCount"] == 5
    assert [e["node"]["project"]["id"] for e in every["edges"]] == ["P5", "P2", "P1", "P3", "P4"]
    renovations = gql(client, query, filter={"kind": "危房改造", "villageCode": V2})["projects"]["edges"]
    p3 = renovations[0]["node"]["project"]
    assert (len(renovations), p3["paid"], p3["beneficiaries"]) == (1, 48000.0, 1)
    assert [d["householdId"] or d["payee"] for d in p3["disbursements"]] == ["H2", "H3", "H3", "县建筑公司"]
    client.headers["authorization"] = bearer(settings, Role.VILLAGE_OFFICER, V3)
    seen = gql(client, query)["projects"]
    assert [e["node"]["project"]["id"] for e in seen["edges"]] == ["P5", "P4"]


def test_a_project_is_in_the_chain_of_the_households_it_benefits_on_the_date(client, db):
    register(db)
    g.run(db, "MATCH (p:Project {id: 'P3'}) MERGE (u:Unit {name: '县住建局'}) CREATE (p)-[:LED_BY]->(u)")
    query = """query($h: ID!, $asOf: Date) { responsibilityChain(householdId: $h, asOf: $asOf) {
      projects { project { id department } since until }
      graph { edges { type source target } } } }"""

    def chain(household: str, day: str) -> dict[str, Any]:
        return gql(client, query, h=household, asOf=day)["responsibilityChain"]

    h3 = chain("H3", "2020-04-30")
    assert h3["projects"] == [{"project": {"id": "P3", "department": "县住建局"}, "since": "2020-03-01",
                               "until": "2020-05-01"}]  # fmt: skip
    edges = {(e["type"], e["source"], e["target"]) for e in h3["graph"]["edges"]}
    assert {("BENEFITS", "Project:P3", "Household:H3"), ("LED_BY", "Project:P3", "Unit:县住建局")} <= edges
    assert chain("H3", "2020-05-01")["projects"] == []  # the end day belongs to no one
    assert chain("H3", "2020-02-29")["projects"] == []
    page = gql(client, '{ household(id: "H2") { projects(asOf: "2020-06-30") { project { id } since } } }')
    assert page["household"]["projects"] == [{"project": {"id": "P3"}, "since": "2020-03-01"}]


# Mutations -----------------------------------------------------------------------------------------

CREATE = """mutation($id: ID!, $village: String!, $project: ProjectInput!) {
  createProject(id: $id, villageCode: $village, project: $project) {
    id kind budget villageCode department } }"""
FORM = {"name": "村道硬化", "kind": "基础设施", "fundingSource": "财政专项扶贫资金", "budget": 1000,
        "startOn": "2020-01-01", "finishOn": "2020-03-31", "department": "县交通局"}  # fmt: skip
LINK = """mutation($p: ID!, $hs: [ID!]!, $since: Date!) {
  addProjectBeneficiaries(projectId: $p, householdIds: $hs, since: $since) { id beneficiaries } }"""
PAY = """mutation($id: ID!, $p: ID!, $date: Date!, $amount: Float!, $channel: PaymentChannel!, $h: ID,
                  $payee: String) {
  recordDisbursement(id: $id, projectId: $p, date: $date, amount: $amount, channel: $channel, householdId: $h,
                     payee: $payee) { id amount channel householdId payee projectId } }"""


def code(errors: list[dict[str, Any]]) -> str:
    return str(errors[0]["extensions"]["code"])


def test_a_project_is_registered_linked_paid_and_finished_by_mutations(client, db, settings):
    g.villages(db)
    g.households(db, V1, ["H1", "H2"])
    g.run(db, "CREATE (:Unit {name: '县交通局'})")
    client.headers["authorization"] = bearer(settings, Role.TOWNSHIP_OFFICER, T1)
    made = gql(client, CREATE, id="XM1", village=V1, project=FORM)["createProject"]
    assert made == {
        "id": "XM1",
        "kind": "基础设施",
        "budget": 1000.0,
        "villageCode": V1,
        "department": "县交通局",
    }
    assert code(gql_errors(client, CREATE, id="XM1", village=V1, project=FORM)) == "RULE_VIOLATION"
    assert code(gql_errors(client, CREATE, id="XM2", village=V3, project=FORM)) == "NOT_FOUND"  # T2's
    unfunded = gql_errors(client, CREATE, id="XM2", village=V1, project={**FORM, "fundingSource": " "})
    assert (code(unfunded), unfunded[0]["extensions"]["argument"]) == (
        "BAD_USER_INPUT",
        "project.fundingSource",
    )
    backwards = {**FORM, "finishOn": "2019-12-31"}
    assert code(gql_errors(client, CREATE, id="XM2", village=V1, project=backwards)) == "RULE_VIOLATION"
    assert code(gql_errors(client, CREATE, id="XM2", village=V1, project={**FORM, "kind": "修路"})) == (
        "BAD_USER_INPUT"
    )

    assert items(client, "projectsWithoutBeneficiaries", "project { id }", "2020-06-30") == [
        {"project": {"id": "XM1"}}
    ]
    linked = gql(client, LINK, p="XM1", hs=["H1", "H2"], since="2020-02-01")["addProjectBeneficiaries"]
    assert linked == {"id": "XM1", "beneficiaries": 2}
    assert code(gql_errors(client, LINK, p="XM1", hs=["H1"], since="2020-03-01")) == "RULE_VIOLATION"
    assert items(client, "projectsWithoutBeneficiaries", "project { id }", "2020-06-30") == []
    end = """mutation { endProjectBeneficiary(projectId: "XM1", householdId: "H2", until: "2020-04-01") {
      beneficiaries } }"""
    assert gql(client, end)["endProjectBeneficiary"] == {"beneficiaries": 1}

    paid = gql(client, PAY, id="BF1", p="XM1", date="2020-03-01", amount=1200.5, channel="CASH", h="H1")
    assert paid["recordDisbursement"] == {
        "id": "BF1", "amount": 1200.5, "channel": "CASH", "householdId": "H1", "payee": None,
        "projectId": "XM1",
    }  # fmt: skip
    assert code(
        gql_errors(client, PAY, id="BF1", p="XM1", date="2020-03-02", amount=1, channel="CASH", h="H1")
    ) == ("RULE_VIOLATION")
    both = gql_errors(
        client, PAY, id="BF2", p="XM1", date="2020-03-02", amount=1, channel="CASH", h="H1", payee="某公司"
    )
    assert code(both) == "BAD_USER_INPUT"
    over = items(client, "projectsOverBudget", "project { id } excess", "2020-06-30")
    assert over == [{"project": {"id": "XM1"}, "excess": 200.5}]
    update = """mutation { updateProject(id: "XM1", project: {budget: 1500}, effectiveOn: "2020-06-01") {
      budget } }"""
    assert gql(client, update)["updateProject"] == {"budget": 1500.0}
    assert items(client, "projectsOverBudget", "project { id }", "2020-06-30") == []
    # Before the budget was raised the project was over it: history is kept.
    assert items(client, "projectsOverBudget", "project { id }", "2020-05-31") == [{"project": {"id": "XM1"}}]

    assert [n["project"]["id"] for n in items(client, "overdueProjects", "project { id }", "2020-06-30")] == [
        "XM1"
    ]
    finish = """mutation { endProject(id: "XM1", finishedOn: "2020-05-01") { finishedOn } }"""
    assert gql(client, finish)["endProject"] == {"finishedOn": "2020-05-01"}
    assert code(gql_errors(client, finish)) == "RULE_VIOLATION"
    assert items(client, "overdueProjects", "project { id }", "2020-06-30") == []
    # Overdue still on a day before it was finished: history is kept.
    assert items(client, "overdueProjects", "project { id }", "2020-04-15") == [{"project": {"id": "XM1"}}]

    events, _, _ = db.execute_query(
        "MATCH (e:AuditEvent)-[:CONCERNS]->(:Project {id: 'XM1'}) RETURN e.operation AS op ORDER BY e.at"
    )
    assert [e["op"] for e in events] == [
        "createProject", "addProjectBeneficiaries", "endProjectBeneficiary", "recordDisbursement",
        "updateProject", "endProject",
    ]  # fmt: skip
    ended, _, _ = db.execute_query(
        "MATCH (:Project {id: 'XM1'})-[b:BENEFITS]->(h:Household) "
        "RETURN h.id AS h, b.until AS until ORDER BY h"
    )
    assert [(r["h"], r["until"] and r["until"].iso_format()) for r in ended] == [
        ("H1", None),
        ("H2", "2020-04-01"),
    ]


def test_a_village_officer_may_not_change_the_register(client, db, settings):
    g.villages(db)
    client.headers["authorization"] = bearer(settings, Role.VILLAGE_OFFICER, V1)
    assert code(gql_errors(client, CREATE, id="XM1", village=V1, project=FORM)) == "FORBIDDEN"


# Rosters -------------------------------------------------------------------------------------------


def test_the_register_loads_from_its_rosters_once_and_refuses_bad_rows(db, neo4j_target, tmp_path):
    from tests.load_kit import County, by_roster, household_id, run, write_csv

    county = County(households=3)
    base = county.write(tmp_path, ("units", "villages", "households"))
    h0, h1 = household_id(0), household_id(1)
    red_star = ("东塘镇", "红星村")
    projects = write_csv(tmp_path / "项目库.csv", (
        "项目编号", "项目名称", "项目类型", "乡(镇)", "行政村", "资金来源", "预算金额(元)", "开工日期",
        "计划完工日期", "实际完工日期", "主管部门",
    ), [
        ["XM1", "油茶", "产业发展", *red_star, "专项", 1000, "2019-01-01", "2019-12-31", "", "县财政局"],
        ["XM2", "村道", "基础设施", *red_star, "专项", 500, "2019-01-01", "2019-12-31", "", "县不存在局"],
        ["XM3", "危改", "危房改造", "东塘镇", "青山村", "专项", 500, "2019-05-01", "2019-04-30", "", ""],
    ])  # fmt: skip
    linked = ("项目编号", "户编号", "受益起始日期", "受益结束日期")
    beneficiaries = write_csv(tmp_path / "项目受益户.csv", linked, [
        ["XM1", h0, "2019-02-01", ""],
        ["XM1", h1, "2019-02-01", "2019-06-01"],
        ["XM2", h0, "2019-02-01", ""],
        ["XM9", h0, "2019-02-01", ""],
    ])  # fmt: skip
    payments = write_csv(tmp_path / "资金拨付.csv", (
        "拨付编号", "项目编号", "拨付日期", "金额(元)", "收款户编号", "收款单位", "发放方式",
    ), [
        ["BF1", "XM1", "2019-03-01", 600.5, h0, "", "一卡通"],
        ["BF2", "XM1", "2019-04-01", 500, "", "某合作社", "银行转账"],
        ["BF3", "XM1", "2019-04-02", 10, "", "", "现金"],
        ["BF4", "XM1", "2019-04-03", 10, h0, "", "支付宝"],
    ])  # fmt: skip
    files = [*base, projects, beneficiaries, payments]

    first = run(db, neo4j_target, files)

    done = by_roster(first)
    assert (done["projects"], done["project_beneficiaries"], done["disbursements"]) == (
        (1, 0, 0, 2), (2, 0, 0, 2), (2, 0, 0, 2)
    )  # fmt: skip
    reasons = {(r.file, r.row): r.reason for x in first.rosters for r in x.errors}
    assert "单位不存在" in reasons[("项目库.csv", 3)]
    assert "计划完工日期早于开工日期" in reasons[("项目库.csv", 4)]
    assert "此项目在本次导入中被拒绝" in reasons[("项目受益户.csv", 4)]
    assert "项目编号不存在" in reasons[("项目受益户.csv", 5)]
    assert "发放方式" in reasons[("资金拨付.csv", 5)] or "代码表" in reasons[("资金拨付.csv", 5)]
    assert ("资金拨付.csv", 4) in reasons  # neither a household nor an entity
    rows, _, _ = db.execute_query(
        """MATCH (p:Project {id: 'XM1'})-[:SITED_IN]->(v:Village), (p)-[:LED_BY]->(u:Unit)
        RETURN p.kind AS kind, p.budgetFen AS budget, v.code AS village, u.name AS unit,
               [(p)-[b:BENEFITS]->(h) | [h.id, b.until IS NULL]] AS links,
               [(p)<-[:OF_PROJECT]-(d) | [d.id, d.amountFen, d.channel, [(d)-[:PAID_TO]->(x) | x.id],
                                          d.payee]] AS paid"""
    )
    got = rows[0]
    assert (got["kind"], got["budget"], got["village"], got["unit"]) == (
        "产业",
        100000,
        "430624101201",
        "县财政局",
    )
    assert sorted(got["links"]) == [[h0, True], [h1, False]]
    assert sorted(got["paid"]) == [
        ["BF1", 60050, "CARD", [h0], None],
        ["BF2", 50000, "TRANSFER", [], "某合作社"],
    ]

    again = by_roster(run(db, neo4j_target, files))
    assert (again["projects"], again["project_beneficiaries"], again["disbursements"]) == (
        (0, 0, 1, 2), (0, 0, 2, 2), (0, 0, 2, 2)
    )  # fmt: skip
