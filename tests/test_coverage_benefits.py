"""P1 (industry support), P2 (student aid), P6 (两项补贴, premiums paid for the severely disabled,
两线融合) and P7 (employment) on graphs whose offenders are known by construction; the county scope
runs the rules' county bodies, the township and village scopes their bodies."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from core.principal import Role
from core.settings import Thresholds
from graph.coverage import summary
from graph.reach import COUNTY_REACH
from graph.scope import Scope
from tests import coverage_graphs as g
from tests import coverage_graphs_benefits as gb
from tests import coverage_graphs_policies as gp
from tests import coverage_graphs_work as gw
from tests.conftest import bearer, gql, gql_errors

V1, V2, V3 = "430624101201", "430624101202", "430624102201"
T1, T2 = "430624101", "430624102"

WORKER = {"labour": "普通劳动力"}


def listed(client: Any, field: str, entity: str, year: bool = True, **variables: Any) -> list[str]:
    """The ids of the `entity` (household or person) of field's items, in order."""
    argument = "(year: $year)" if year else ""
    query = (
        f"query($scope: ScopeInput, $asOf: Date, $year: Int) {{ coverage(scope: $scope, asOf: $asOf) "
        f"{{ {field}{argument} {{ totalCount edges {{ node {{ {entity} {{ id }} }} }} }} }} }}"
    )
    data = gql(client, query, **variables)["coverage"][field]
    assert data["totalCount"] == len(data["edges"])
    return [e["node"][entity]["id"] for e in data["edges"]]


def households(client: Any, field: str, **variables: Any) -> list[str]:
    return listed(client, field, "household", **variables)


def persons(client: Any, field: str, **variables: Any) -> list[str]:
    return listed(client, field, "person", **variables)


def summary_line(
    db: Any, key: str, asOf: str, scope: dict[str, str] | None = None
) -> dict[str, tuple[int, int]]:
    """Line `key`'s (count, denominator) for the scope ('') and each of its townships, from the
    dashboard's statement of that line alone (graph/coverage/summary.py: the statement it runs
    apart, the county's county-wide counts, a township's or village's local ones)."""
    line = next(x for x in summary.LINES if x.key == key)
    where = Scope(township=(scope or {}).get("townshipCode"), village=(scope or {}).get("villageCode"))
    records, _, _ = db.execute_query(
        summary.statement(where, (line,)),
        summary.parameters(where, COUNTY_REACH, date.fromisoformat(asOf), Thresholds()),
        database_="neo4j",
    )
    rows = {
        r["township"]["code"]: (int(r["figures"][0][0] or 0), int(r["figures"][0][1] or 0)) for r in records
    }
    total = (sum(c for c, _ in rows.values()), sum(d for _, d in rows.values()))
    return {"": total, **rows}


def as_department(client: Any, settings: Any, unit: str) -> None:
    client.headers["authorization"] = bearer(settings, Role.DEPARTMENT, unit)


# P1 ---------------------------------------------------------------------------------------------


def _p1_county(db: Any) -> None:
    g.villages(db)
    g.households(db, V1, ["R1"], card="RED")  # two workers, no support: offends
    g.households(db, V1, ["Y1"], card="YELLOW")  # 产业 in 2019 only
    g.households(db, V2, ["G1"], card="GREEN")  # GREEN: not judged
    g.households(db, V2, ["R2"], card="RED")  # nobody able to work
    g.households(db, V3, ["R3"], card="RED")  # agricultural insurance under 金融, a member's
    g.households(db, V3, ["R4"], card="RED")  # able to work until 2019-06-01
    gp.person(db, "R1", "1", **WORKER)
    gp.person(db, "R1", "2", labour="技能劳动力")
    gp.person(db, "Y1", "3", **WORKER)
    gp.person(db, "G1", "4", **WORKER)
    gp.person(db, "R2", "5", labour="丧失劳动力")
    gp.person(db, "R3", "6", **WORKER)
    gp.person(db, "R4", "7", labour="丧失劳动力")
    gb.facts_until(db, "7", "2019-06-01", **WORKER)
    gb.benefit(db, "Y1", "P1", "产业发展奖补", "2019-03-01")
    gb.benefit(db, "6", "P10", "农业保险保费补贴", "2019-04-01")
    gb.benefit(db, "R1", "P7", "外出务工交通补助", "2019-04-01")  # not industry support
    for household, card in (
        ("R1", "RED"),
        ("Y1", "YELLOW"),
        ("G1", "GREEN"),
        ("R2", "RED"),
        ("R3", "RED"),
        ("R4", "RED"),
    ):
        gw.card(db, household, card, "2016-01-01")  # held since: recorded, every card is dated


@g.DERIVED
def test_p1_households_able_to_work_without_support_in_the_year(client, db, recorded):
    """County-wide, with the derived facts recorded, the candidates come from the latest support's
    index (graph/derived.py industryLast); without, from every RED or YELLOW household."""
    _p1_county(db)
    g.record(db, recorded)
    field = "householdsWithoutIndustrySupport"
    # R1 has two workers: first. R4 was able to work on the earlier day only (its facts then).
    assert households(client, field, asOf="2019-05-01", year=2019) == ["R1", "R4"]
    assert households(client, field, asOf="2019-07-01", year=2019) == ["R1"]
    # Support dated after the date does not count: Y1's is on 2019-03-01.
    assert households(client, field, asOf="2019-02-01", year=2019) == ["R1", "R3", "R4", "Y1"]
    # The next year nobody has support yet; R3's member is still able to work.
    assert households(client, field, asOf="2020-03-01", year=2020) == ["R1", "R3", "Y1"]
    assert households(client, field, asOf="2020-03-01", year=2020, scope={"townshipCode": T2}) == ["R3"]
    assert households(client, field, asOf="2020-03-01", year=2020, scope={"villageCode": V1}) == ["R1", "Y1"]


def test_p1_summary_counts_the_households_due_and_those_lacking_support(client, db):
    _p1_county(db)
    # The summary judges the year of asOf: 2019 (Y1 and R3 supported; R4 no longer able to work).
    assert summary_line(db, "P1", asOf="2019-07-01") == {"": (1, 3), T1: (1, 2), T2: (0, 1)}
    assert summary_line(db, "P1", asOf="2019-07-01", scope={"townshipCode": T1}) == {
        "": (1, 2),
        T1: (1, 2),
    }
    assert summary_line(db, "P1", asOf="2019-07-01", scope={"villageCode": V2}) == {
        "": (0, 0),
        T1: (0, 0),
    }


def test_p1_is_read_by_the_department_that_leads_it(client, db, settings):
    _p1_county(db)
    query = '{ coverage(asOf: "2019-07-01") { householdsWithoutIndustrySupport(year: 2019) { totalCount } } }'
    as_department(client, settings, "县农业农村局")
    assert gql(client, query)["coverage"]["householdsWithoutIndustrySupport"]["totalCount"] == 1
    as_department(client, settings, "县教育局")
    assert gql_errors(client, query)[0]["extensions"]["code"] == "FORBIDDEN"


# P2 aid, P6 -------------------------------------------------------------------------------------


def _people_county(db: Any) -> None:
    g.villages(db)
    g.households(db, V1, ["A"])
    g.households(db, V3, ["B"])
    gp.person(db, "A", "1", schooling="小学", birthDate=date(2010, 1, 1))  # aid in 2019 only
    gp.person(db, "A", "2", schooling="本科", birthDate=date(2000, 1, 1))  # no aid
    gp.person(db, "A", "3", schooling="硕士研究生及以上")  # none due
    gp.person(db, "A", "4", health=["残疾"], disability="肢体残疾", disabilityGrade="一级")  # subsidy 2019
    gp.person(db, "B", "5", disability="视力残疾", disabilityGrade="三级")  # none
    gp.person(db, "B", "6", schooling="七年级", birthDate=date(2007, 1, 1))  # aid to the household only
    gp.person(db, "B", "7", health=["残疾"], disabilityGrade="二级")  # 低保金 only; premiums paid
    gp.person(db, "B", "8")  # a student until 2019-06-01, then not
    gb.facts_until(db, "8", "2019-06-01", schooling="中职")
    gb.benefit(db, "1", "P2", "义务教育家庭经济困难学生生活补助", "2019-09-20")
    gb.benefit(db, "B", "P2", "义务教育家庭经济困难学生生活补助", "2019-09-20")
    gb.benefit(db, "4", "P6", "困难残疾人生活补贴", "2019-04-01")
    gb.benefit(db, "7", "P6", "农村低保金", "2019-04-01")
    gb.benefit(db, "7", "P3", "重度残疾人城乡居民医保代缴", "2019-02-01")


def test_p2_students_without_the_years_aid(client, db):
    _people_county(db)
    # Youngest first; 1's aid comes after the earlier day; 8 was a student then only (its facts then).
    assert persons(client, "studentsWithoutAid", asOf="2019-05-01", year=2019) == ["1", "6", "2", "8"]
    assert persons(client, "studentsWithoutAid", asOf="2019-12-31", year=2019) == ["6", "2"]
    assert persons(client, "studentsWithoutAid", asOf="2020-03-01", year=2020) == ["1", "6", "2"]
    scope = {"townshipCode": T2}
    assert persons(client, "studentsWithoutAid", asOf="2020-03-01", year=2020, scope=scope) == ["6"]


@pytest.mark.parametrize(
    "field", ["studentsWithoutAid", "disabledWithoutSubsidies", "severelyDisabledWithoutPaidPremiums"]
)
def test_p2_p6_county_wide_read_the_people_whose_latest_benefit_is_not_derived(client, db, field):
    """P2 aid and P6 county-wide seek the people whose latest benefit of the kind (derived aidLast,
    subsidyLast, premiumLast) lies outside the year; people written by other means, without them
    (nor their labels), are read as well: the same people are found."""
    _people_county(db)
    days = [("2019-05-01", 2019), ("2019-12-31", 2019), ("2020-03-01", 2020)]
    derived = [persons(client, field, asOf=day, year=year) for day, year in days]
    assert all(derived[:2])  # each finds someone, in the year or part of it
    db.execute_query(
        "MATCH (p:Person) REMOVE p.aidLast, p.subsidyLast, p.premiumLast, "
        "p:AidDated:SubsidyDated:PremiumDated"
    )
    assert [persons(client, field, asOf=day, year=year) for day, year in days] == derived


def test_p6_disabled_people_without_the_subsidy(client, db):
    _people_county(db)
    field = "disabledWithoutSubsidies"
    # The severely disabled first (7: 二级), then by key.
    assert persons(client, field, asOf="2019-12-31", year=2019) == ["7", "5"]
    assert persons(client, field, asOf="2020-03-01", year=2020) == ["4", "7", "5"]
    assert persons(client, field, asOf="2019-12-31", year=2019, scope={"villageCode": V1}) == []


def test_p6_severely_disabled_without_premiums_paid(client, db):
    _people_county(db)
    field = "severelyDisabledWithoutPaidPremiums"
    # 4 (一级) has none paid; 7 (二级) had them paid on 2019-02-01; 5 is 三级.
    assert persons(client, field, asOf="2019-12-31", year=2019) == ["4"]
    assert persons(client, field, asOf="2019-01-15", year=2019) == ["4", "7"]
    assert persons(client, field, asOf="2019-12-31", year=2019, scope={"townshipCode": T2}) == []


def test_p2_aid_and_p6_summary_lines(client, db):
    _people_county(db)
    assert summary_line(db, "P2-aid", asOf="2019-12-31") == {"": (2, 3), T1: (1, 2), T2: (1, 1)}
    assert summary_line(db, "P6-subsidy", asOf="2019-12-31") == {"": (2, 3), T1: (0, 1), T2: (2, 2)}
    assert summary_line(db, "P6-premiums", asOf="2019-12-31") == {"": (1, 2), T1: (1, 1), T2: (0, 1)}
    scope = {"townshipCode": T2}
    assert summary_line(db, "P6-subsidy", asOf="2019-12-31", scope=scope) == {"": (2, 2), T2: (2, 2)}


def test_p6_is_read_by_the_disabled_persons_federation_and_civil_affairs(client, db, settings):
    _people_county(db)
    query = '{ coverage(asOf: "2019-12-31") { disabledWithoutSubsidies(year: 2019) { totalCount } } }'
    for unit in ("县残联", "县民政局"):
        as_department(client, settings, unit)
        assert gql(client, query)["coverage"]["disabledWithoutSubsidies"]["totalCount"] == 2
    as_department(client, settings, "县农业农村局")
    assert gql_errors(client, query)[0]["extensions"]["code"] == "FORBIDDEN"


# P6 两线融合 -------------------------------------------------------------------------------------

DIBAO = """query($scope: ScopeInput) { coverage(scope: $scope, asOf: "2019-12-31") {
  dibaoContradictions { totalCount edges { node { household { id } income standard reasons } } } } }"""


def _dibao_county(db: Any) -> None:
    g.villages(db)
    g.households(db, V1, ["OK"], attribute="DIBAO", income=3000.0)
    g.households(db, V1, ["RICH"], attribute="DIBAO", income=6000.0)  # above 4,560
    g.households(db, V3, ["NONE"], attribute="DIBAO", income=2000.0)  # nobody on 低保
    g.households(db, V3, ["BOTH"], attribute="DIBAO", income=9000.0)
    g.households(db, V3, ["PLAIN"], attribute="ORDINARY", income=9000.0)  # not a 低保 household
    for household, uid in (("OK", "1"), ("RICH", "2"), ("PLAIN", "5")):
        gp.person(db, household, uid, dibao=True)
    gp.person(db, "NONE", "3", dibao=False)
    gp.person(db, "BOTH", "4")
    # Its member on 低保 died before the day: nobody on the register is on 低保 then.
    g.households(db, V1, ["WIDOW"], attribute="DIBAO", income=3000.0)
    gp.person(db, "WIDOW", "6", dibao=True, leftOn=date(2019, 3, 1))
    gp.person(db, "WIDOW", "7")


@g.DERIVED
def test_p6_dibao_households_whose_income_or_members_contradict_it(client, db, recorded):
    """County-wide the offenders come from indexes when the members are derived (graph/derived.py),
    from every 低保 household when they are not: the same answer."""
    _dibao_county(db)
    g.record(db, recorded)
    rows = [e["node"] for e in gql(client, DIBAO)["coverage"]["dibaoContradictions"]["edges"]]
    assert [(r["household"]["id"], r["reasons"]) for r in rows] == [
        ("BOTH", ["INCOME_ABOVE_STANDARD", "NO_MEMBER_ON_DIBAO"]),
        ("NONE", ["NO_MEMBER_ON_DIBAO"]),
        ("RICH", ["INCOME_ABOVE_STANDARD"]),
        ("WIDOW", ["NO_MEMBER_ON_DIBAO"]),
    ]
    assert {r["standard"] for r in rows} == {4560}
    in_t1 = gql(client, DIBAO, scope={"townshipCode": T1})["coverage"]["dibaoContradictions"]
    assert [e["node"]["household"]["id"] for e in in_t1["edges"]] == ["RICH", "WIDOW"]
    assert summary_line(db, "P6-dibao", asOf="2019-12-31") == {"": (4, 5), T1: (2, 3), T2: (2, 2)}


# P7 ---------------------------------------------------------------------------------------------

P7 = """query($scope: ScopeInput) { coverage(scope: $scope, asOf: "2019-12-31") {
  employmentProgress(year: 2019) { edges { node {
    township { code } placed twoAfter trained placedTarget twoAfterTarget trainingTarget } } } } }"""


def test_p7_each_townships_progress_beside_the_targets(client, db):
    g.villages(db)
    g.households(db, V1, ["A"])
    g.households(db, V2, ["B"])
    gp.person(db, "A", "1", labour="普通劳动力", migrantMonths=6)  # placed
    gp.person(db, "A", "2", labour="技能劳动力", migrantMonths=2)  # too few months
    gp.person(db, "B", "3", labour="丧失劳动力", migrantMonths=8)  # not able to work
    gp.person(db, "B", "4", labour="技能劳动力", migrantMonths=3)  # placed; its months from 2019-06-01
    gb.facts_until(db, "4", "2019-06-01", migrantMonths=0)
    gb.benefit(db, "2", "P7", "两后生职业技能培训", "2019-05-01")  # both a 两后生 and a training
    gb.benefit(db, "3", "P7", "农村劳动力技能培训", "2019-05-01")
    gb.benefit(db, "1", "P7", "外出务工交通补助", "2019-05-01")  # neither
    gb.benefit(db, "4", "P7", "农村劳动力技能培训", "2018-05-01")  # another year
    targets = {"placedTarget": 700, "twoAfterTarget": 135, "trainingTarget": 200}
    rows = [e["node"] for e in gql(client, P7)["coverage"]["employmentProgress"]["edges"]]
    assert rows == [
        {"township": {"code": T2}, "placed": 0, "twoAfter": 0, "trained": 0, **targets},
        {"township": {"code": T1}, "placed": 2, "twoAfter": 1, "trained": 2, **targets},
    ]
    # A village's township, with the whole township's figures (the township body).
    rows = [
        e["node"]
        for e in gql(client, P7, scope={"villageCode": V2})["coverage"]["employmentProgress"]["edges"]
    ]
    assert [(r["township"]["code"], r["placed"], r["twoAfter"], r["trained"]) for r in rows] == [
        (T1, 2, 1, 2)
    ]
