"""P2, P3, P4, P5, P9 and P10 on graphs whose offenders are known by construction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.principal import Role
from tests import coverage_graphs as g
from tests import coverage_graphs_policies as gp
from tests.conftest import bearer, gql, gql_errors

V1, V2, V3 = "430624101201", "430624101202", "430624102201"
T1, T2, T3 = "430624101", "430624102", "430624103"
_d = dt.date.fromisoformat


def nodes(client, field: str, selection: str, args: str = "", **variables: Any) -> list[dict[str, Any]]:
    """One coverage field's items; checks that totalCount agrees with the single page."""
    params = "$scope: ScopeInput, $asOf: Date" + (", $year: Int" if "$year" in args else "")
    query = (
        f"query({params}) {{ coverage(scope: $scope, asOf: $asOf) {{ {field}{args} "
        f"{{ totalCount edges {{ node {{ {selection} }} }} }} }} }}"
    )
    data = gql(client, query, **variables)["coverage"][field]
    assert data["totalCount"] == len(data["edges"])
    return [e["node"] for e in data["edges"]]


def ids(client, field: str, args: str = "", **variables: Any) -> list[str]:
    return [n["person"]["id"] for n in nodes(client, field, "person { id }", args, **variables)]


# P3 ---------------------------------------------------------------------------------------------


def test_p3_uninsured_lists_what_is_missing_most_missing_first(client, db, settings):
    # Asked by the township's officer, who sees identity numbers masked.
    client.headers["authorization"] = bearer(settings, Role.TOWNSHIP_OFFICER, T1)
    g.villages(db)
    g.households(db, V1, ["H1"])
    gp.person(db, "H1", "1", medicalInsurance=True, seriousIllnessInsurance=True)
    gp.person(db, "H1", "2", medicalInsurance=False, seriousIllnessInsurance=True)
    gp.person(db, "H1", "3")  # nothing recorded: both missing
    gp.person(db, "H1", "4", medicalInsurance=True, seriousIllnessInsurance=False)
    found = nodes(
        client, "uninsuredPersons", "person { id idNumber } household { id } village { code } missing"
    )
    assert found == [
        {"person": {"id": "3", "idNumber": "430624********0003"}, "household": {"id": "H1"},
         "village": {"code": V1}, "missing": ["BASIC_MEDICAL", "SERIOUS_ILLNESS"]},
        {"person": {"id": "2", "idNumber": "430624********0002"}, "household": {"id": "H1"},
         "village": {"code": V1}, "missing": ["BASIC_MEDICAL"]},
        {"person": {"id": "4", "idNumber": "430624********0004"}, "household": {"id": "H1"},
         "village": {"code": V1}, "missing": ["SERIOUS_ILLNESS"]},
    ]  # fmt: skip


def test_p3_past_date_ignores_later_households_and_births(client, db):
    g.villages(db)
    g.households(db, V1, ["H1"], identifiedOn=_d("2019-03-01"))
    g.households(db, V1, ["H2"])
    gp.person(db, "H1", "1")
    gp.person(db, "H2", "2")
    gp.person(db, "H2", "3", birthDate=_d("2019-05-01"))
    assert ids(client, "uninsuredPersons", asOf="2019-02-28") == ["2"]
    assert ids(client, "uninsuredPersons", asOf="2019-03-01") == ["1", "2"]
    assert ids(client, "uninsuredPersons", asOf="2019-05-01") == ["1", "2", "3"]


def test_p3_scope_sees_only_itself(client, db):
    g.villages(db)
    g.households(db, V1, ["A"])
    g.households(db, V2, ["B"])
    g.households(db, V3, ["C"])
    for household, uid in (("A", "1"), ("B", "2"), ("C", "3")):
        gp.person(db, household, uid, familyDoctor=False, physicalExam=False)
    for field in ("uninsuredPersons", "missingPhysicalExams", "missingFamilyDoctorContracts"):
        assert ids(client, field) == ["1", "2", "3"]
        assert ids(client, field, scope={"townshipCode": T1}) == ["1", "2"]
        assert ids(client, field, scope={"villageCode": V3}) == ["3"]


def test_p3_physical_exam_of_the_year(client, db):
    g.villages(db)
    g.households(db, V1, ["H1"])
    gp.person(db, "H1", "1", physicalExam=True)
    gp.person(db, "H1", "2", physicalExam=False)
    gp.person(db, "H1", "3")  # not recorded: missing
    gp.person(db, "H1", "4", physicalExam=False, health=["患有大病"])  # ill: first
    gp.person(db, "H1", "5", physicalExam=True, physicalExamYear=2018)  # the year recorded decides
    assert ids(client, "missingPhysicalExams", asOf="2019-06-30") == ["4", "2", "3", "5"]
    found = nodes(client, "missingPhysicalExams", "person { id } year examYear", "(year: $year)",
                  asOf="2019-06-30", year=2018)  # fmt: skip
    assert found == [
        {"person": {"id": "4"}, "year": 2018, "examYear": None},
        {"person": {"id": "2"}, "year": 2018, "examYear": None},
        {"person": {"id": "3"}, "year": 2018, "examYear": None},
    ]
    errors = gql_errors(
        client, '{ coverage(asOf: "2019-06-30") { missingPhysicalExams(year: 2020) { totalCount } } }'
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_p3_family_doctor_ill_first(client, db):
    g.villages(db)
    g.households(db, V1, ["H1"])
    gp.person(db, "H1", "1", familyDoctor=True)
    gp.person(db, "H1", "2", familyDoctor=False)
    gp.person(db, "H1", "3", health=["长期慢性病"])
    gp.person(db, "H1", "4", familyDoctor=True, health=["患有大病"])
    found = nodes(client, "missingFamilyDoctorContracts", "person { id } household { id }")
    assert found == [{"person": {"id": "3"}, "household": {"id": "H1"}},
                     {"person": {"id": "2"}, "household": {"id": "H1"}}]  # fmt: skip


# P2 ---------------------------------------------------------------------------------------------


def test_p2_school_age_bounds_health_excuse_and_youngest_first(client, db):
    g.villages(db)
    g.households(db, V1, ["H1"])
    gp.person(db, "H1", "1", birthDate=_d("2013-09-01"))  # 6 on 2019-09-01: listed
    gp.person(db, "H1", "2", birthDate=_d("2013-09-02"))  # 5: too young
    gp.person(db, "H1", "3", birthDate=_d("2003-09-02"), dropoutReason="厌学")  # 15: listed
    gp.person(db, "H1", "4", birthDate=_d("2003-09-01"))  # 16: past compulsory age
    gp.person(db, "H1", "5", birthDate=_d("2009-01-01"), schooling="小学")  # at school
    gp.person(db, "H1", "6", birthDate=_d("2009-01-01"), schooling="", dropoutReason="外出务工")
    gp.person(db, "H1", "7", birthDate=_d("2009-01-01"), dropoutReason="身体残疾")  # health forbids
    gp.person(db, "H1", "8", birthDate=_d("2009-01-01"), dropoutReason="患重大疾病")  # health forbids
    found = nodes(client, "schoolDropouts", "person { id } household { id } age reason", asOf="2019-09-01")
    assert found == [
        {"person": {"id": "1"}, "household": {"id": "H1"}, "age": 6, "reason": None},
        {"person": {"id": "6"}, "household": {"id": "H1"}, "age": 10, "reason": "外出务工"},
        {"person": {"id": "3"}, "household": {"id": "H1"}, "age": 15, "reason": "厌学"},
    ]
    # A day earlier the first is still 5 and the 16-year-old still 15.
    assert ids(client, "schoolDropouts", asOf="2019-08-31") == ["6", "3", "4"]


def test_p2_scope_sees_only_itself(client, db):
    g.villages(db)
    for village, household, uid in ((V1, "A", "1"), (V2, "B", "2"), (V3, "C", "3")):
        g.households(db, village, [household])
        gp.person(db, household, uid, birthDate=_d("2010-01-01"))
    assert ids(client, "schoolDropouts", asOf="2019-09-01") == ["1", "2", "3"]
    assert ids(client, "schoolDropouts", asOf="2019-09-01", scope={"townshipCode": T1}) == ["1", "2"]
    assert ids(client, "schoolDropouts", asOf="2019-09-01", scope={"villageCode": V2}) == ["2"]


# P4, P5 -----------------------------------------------------------------------------------------


def test_p4_grades_c_and_d_assessed_by_the_date(client, db):
    g.villages(db)
    g.households(db, V1, ["A"], houseGrade="A")
    g.households(db, V1, ["B"], houseGrade="B")
    g.households(db, V1, ["C"], houseGrade="C")
    g.households(db, V2, ["D"], houseGrade="D", renovation="在建", houseAssessedOn=_d("2019-03-31"))
    g.households(db, V3, ["D2"], houseGrade="D")
    selection = "household { id } village { code } grade assessedOn renovation"
    found = nodes(client, "dangerousHousing", selection, asOf="2019-03-31")
    assert found == [
        {"household": {"id": "D"}, "village": {"code": V2}, "grade": "D", "assessedOn": "2019-03-31",
         "renovation": "在建"},
        {"household": {"id": "D2"}, "village": {"code": V3}, "grade": "D", "assessedOn": None,
         "renovation": None},
        {"household": {"id": "C"}, "village": {"code": V1}, "grade": "C", "assessedOn": None,
         "renovation": None},
    ]  # fmt: skip
    # Before the assessment the grade was not known yet.
    hid = "household { id }"
    assert [n["household"]["id"] for n in nodes(client, "dangerousHousing", hid, asOf="2019-03-30")] == [
        "D2",
        "C",
    ]
    scoped = nodes(client, "dangerousHousing", hid, asOf="2019-04-01", scope={"townshipCode": T1})
    assert [n["household"]["id"] for n in scoped] == ["D", "C"]
    scoped = nodes(client, "dangerousHousing", hid, asOf="2019-04-01", scope={"villageCode": V1})
    assert [n["household"]["id"] for n in scoped] == ["C"]


def test_p5_unsafe_water_larger_households_first(client, db):
    g.villages(db)
    g.households(db, V1, ["S"], safeWater=True, size=9)
    g.households(db, V1, ["U"], size=9)  # unknown: not listed
    g.households(db, V1, ["F3"], safeWater=False, size=3)
    g.households(db, V2, ["F5"], safeWater=False, size=5)
    g.households(db, V3, ["F1"], safeWater=False, size=1)
    selection = "household { id } village { code } township { code }"
    assert nodes(client, "unsafeWater", selection) == [
        {"household": {"id": "F5"}, "village": {"code": V2}, "township": {"code": T1}},
        {"household": {"id": "F3"}, "village": {"code": V1}, "township": {"code": T1}},
        {"household": {"id": "F1"}, "village": {"code": V3}, "township": {"code": T2}},
    ]
    hid = "household { id }"
    assert [n["household"]["id"] for n in nodes(client, "unsafeWater", hid, scope={"townshipCode": T2})] == [
        "F1"
    ]
    assert [n["household"]["id"] for n in nodes(client, "unsafeWater", hid, scope={"villageCode": V1})] == [
        "F3"
    ]


# P10 --------------------------------------------------------------------------------------------

P10 = """query($scope: ScopeInput, $asOf: Date) { coverage(scope: $scope, asOf: $asOf) {
  loanOverdueRates { totalCount edges { node { township { code } balance overdue rate overLine } } }
  loanOverdueCounty { township { code } balance overdue rate overLine } } }"""


def loans_graph(db) -> None:
    """T1: 30,000 with 300 overdue (exactly 1%); T2: 10,000 with 101 overdue (1.01%); T3 none."""
    g.villages(db)
    gp.township3(db)
    g.households(db, V1, ["A1", "A2"])
    g.households(db, V2, ["B1"])
    g.households(db, V3, ["C1"])
    gp.loan(db, "A1", "2018-01-01", 10000)
    gp.loan(db, "B1", "2018-06-30", 20000, 300, overdue=True)
    gp.loan(db, "C1", "2018-03-31", 10000, 101, overdue=True)
    # Issued after 2019-06-30: counts only from then on.
    gp.loan(db, "A2", "2019-07-01", 10000, 10000, overdue=True)


def test_p10_at_the_line_passes_past_it_fails(client, db):
    loans_graph(db)
    data = gql(client, P10, asOf="2019-06-30")["coverage"]
    assert [e["node"] for e in data["loanOverdueRates"]["edges"]] == [
        {"township": {"code": T2}, "balance": 10000.0, "overdue": 101.0, "rate": 0.0101, "overLine": True},
        {"township": {"code": T1}, "balance": 30000.0, "overdue": 300.0, "rate": 0.01, "overLine": False},
        {"township": {"code": T3}, "balance": 0.0, "overdue": 0.0, "rate": 0.0, "overLine": False},
    ]
    assert data["loanOverdueCounty"] == {
        "township": None, "balance": 40000.0, "overdue": 401.0, "rate": 401 / 40000, "overLine": True,
    }  # fmt: skip


def test_p10_later_loans_count_from_their_issue_day(client, db):
    loans_graph(db)
    data = gql(client, P10, asOf="2019-07-01")["coverage"]
    first = data["loanOverdueRates"]["edges"][0]["node"]
    assert first == {"township": {"code": T1}, "balance": 40000.0, "overdue": 10300.0,
                     "rate": 10300 / 40000, "overLine": True}  # fmt: skip
    assert data["loanOverdueCounty"]["balance"] == 50000.0


def test_p10_scope_sees_only_its_townships_whole(client, db):
    loans_graph(db)
    data = gql(client, P10, asOf="2019-06-30", scope={"townshipCode": T1})["coverage"]
    assert [e["node"]["township"]["code"] for e in data["loanOverdueRates"]["edges"]] == [T1]
    assert data["loanOverdueCounty"] is None
    # A village sees its township, with the whole township's figures.
    data = gql(client, P10, asOf="2019-06-30", scope={"villageCode": V1})["coverage"]
    assert [e["node"] for e in data["loanOverdueRates"]["edges"]] == [
        {"township": {"code": T1}, "balance": 30000.0, "overdue": 300.0, "rate": 0.01, "overLine": False}
    ]


# P9 ---------------------------------------------------------------------------------------------


def petitions_graph(db) -> None:
    g.villages(db)
    gp.township3(db)
    gp.petition(db, "XF1", T1, "2019-01-01")
    gp.petition(db, "XF2", T1, "2019-12-31")  # the last day of the year counts for it
    gp.petition(db, "XF3", T1, "2019-05-01", level="CITY")  # not from the province
    gp.petition(db, "XF4", T1, "2018-12-31")  # the year before
    gp.petition(db, "XF5", T2, "2019-03-01")
    gp.petition(db, "XF6", T2, "2019-04-01")
    # T3 has none: not listed.


def ranking(client, **variables: Any) -> list[dict[str, Any]]:
    return nodes(
        client, "petitionRanking", "township { code } cases rank flagged", "(year: $year)", **variables
    )


def test_p9_ties_are_all_flagged_and_the_last_day_counts(client, db):
    petitions_graph(db)
    assert ranking(client, asOf="2019-12-31") == [
        {"township": {"code": T1}, "cases": 2, "rank": 1, "flagged": True},
        {"township": {"code": T2}, "cases": 2, "rank": 1, "flagged": True},
    ]


def test_p9_past_date_and_earlier_year(client, db):
    petitions_graph(db)
    assert ranking(client, asOf="2019-12-30") == [
        {"township": {"code": T2}, "cases": 2, "rank": 1, "flagged": True},
        {"township": {"code": T1}, "cases": 1, "rank": 2, "flagged": False},
    ]
    assert ranking(client, asOf="2019-12-30", year=2018) == [
        {"township": {"code": T1}, "cases": 1, "rank": 1, "flagged": True},
    ]
    assert ranking(client, asOf="2019-02-28") == [
        {"township": {"code": T1}, "cases": 1, "rank": 1, "flagged": True},
    ]


def test_p9_ranking_is_county_wide_whatever_the_scope(client, db):
    petitions_graph(db)
    assert ranking(client, asOf="2019-12-30", scope={"townshipCode": T1}) == [
        {"township": {"code": T1}, "cases": 1, "rank": 2, "flagged": False},
    ]
    assert ranking(client, asOf="2019-12-30", scope={"villageCode": V3}) == [
        {"township": {"code": T2}, "cases": 2, "rank": 1, "flagged": True},
    ]
    assert ranking(client, asOf="2019-12-30", scope={"townshipCode": T3}) == []


def test_p10_pages_by_rate_then_township_code(client, db):
    loans_graph(db)
    query = """query($after: String) { coverage(asOf: "2019-06-30") {
      loanOverdueRates(first: 1, after: $after) { edges { node { township { code } } }
        pageInfo { hasNextPage endCursor } } } }"""
    seen, after = [], None
    for _ in range(3):
        page = gql(client, query, after=after)["coverage"]["loanOverdueRates"]
        seen += [e["node"]["township"]["code"] for e in page["edges"]]
        after = page["pageInfo"]["endCursor"]
    assert seen == [T2, T1, T3] and not page["pageInfo"]["hasNextPage"]
