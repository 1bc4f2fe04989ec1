"""In a township or village, the person lists of P2 (aid), P3 (insurance, exams, family doctor),
P6 (subsidies, premiums) and 错退 (S5) walk the members of the households whose members, as the
household keeps them (graph/derived.py `memberLabels`, `memberExamYears` and others), may hold
an offender, and of those whose members changed after the day (graph/coverage/policies.py
`members_may`); P7 counts a household from its kept workers unless a member had a training
(`memberBenefits`) or they changed after the day; the dashboard's walk of a township counts P3's
and P2's members of a household from what it keeps (`memberCount`, `memberBirths`) unless one of
them may offend. Built so that each list has an offender now in each township and one in T1 only
before its facts changed: the township finds what the county finds there, recorded or not."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests import coverage_graphs as g
from tests import coverage_graphs_benefits as gb
from tests import coverage_graphs_policies as gp
from tests.conftest import gql
from tests.test_coverage_benefits import T1, T2, V1, V3

BEFORE, CHANGED, AFTER = "2019-03-01", "2019-06-01", "2019-07-01"
# Nobody offends by these: insured, examined (the year's flag), with a family doctor, no disability,
# not at school.
SOUND = {
    "medicalInsurance": True, "seriousIllnessInsurance": True, "physicalExam": True, "familyDoctor": True,
}  # fmt: skip
# Each list: the facts that make an offender, and what they were before CHANGED for the one who
# offended until then only (its facts now are SOUND).
LISTS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "uninsuredPersons": ({"seriousIllnessInsurance": False}, {"medicalInsurance": False}),
    "missingFamilyDoctorContracts": ({"familyDoctor": False}, {"familyDoctor": False}),
    # Neither the flag nor a year (the label LacksExamRecord); an exam of another year.
    "missingPhysicalExams": ({"physicalExam": False}, {"physicalExamYear": 2018}),
    "disabledWithoutSubsidies": ({"disability": "肢体"}, {"disability": "视力"}),
    # A grade without a disability recorded: not in the list above.
    "severelyDisabledWithoutPaidPremiums": ({"disabilityGrade": "一级"}, {"disabilityGrade": "二级"}),
    "studentsWithoutAid": ({"schooling": "小学"}, {"schooling": "七年级"}),
}
# The offender in T2 where its case differs from T1's: a member examined in another year.
FAR = {"missingPhysicalExams": {"physicalExamYear": 2017}}
YEARLY = {
    "missingPhysicalExams", "disabledWithoutSubsidies", "severelyDisabledWithoutPaidPremiums",
    "studentsWithoutAid",
}  # fmt: skip


def _county(db: Any) -> None:
    g.villages(db)
    sound = {"income": 5000.0, "safeWater": True, "houseGrade": "A"}  # out of poverty, S5 met
    for n, (field, (now, before)) in enumerate(LISTS.items()):
        for village, household in ((V1, f"NOW{n}"), (V3, f"FAR{n}"), (V1, f"WAS{n}")):
            g.households(db, village, [household], **sound)
        gp.person(db, f"NOW{n}", f"1{n}", **(SOUND | now))
        gp.person(db, f"FAR{n}", f"2{n}", **(SOUND | FAR.get(field, now)))
        gp.person(db, f"WAS{n}", f"3{n}", **SOUND)
        gp.person(db, f"WAS{n}", f"4{n}", **SOUND)  # its housemate offends never
        gb.facts_until(db, f"3{n}", CHANGED, **before)


def _found(client: Any, field: str, day: str, township: str | None = None) -> list[str]:
    """The ids of `field`'s offenders on `day` (people's uids, or households' ids for 错退), of the
    year of `day` for the lists of a year."""
    node = "household" if field == "wronglyExited" else "person"
    year = f"(year: {day[:4]})" if field in YEARLY else ""
    query = (
        "query($scope: ScopeInput, $d: Date) { coverage(scope: $scope, asOf: $d) { "
        f"{field}{year} {{ edges {{ node {{ {node} {{ id }} }} }} }} }} }}"
    )
    scope = {"townshipCode": township} if township else None
    edges = gql(client, query, scope=scope, d=day)["coverage"][field]["edges"]
    return sorted(e["node"][node]["id"] for e in edges)


@g.DERIVED
def test_township_person_lists_find_what_the_county_finds_there(client, db, recorded):
    _county(db)
    g.record(db, recorded)
    for n, field in enumerate(LISTS):
        assert _found(client, field, BEFORE) == [f"1{n}", f"2{n}", f"3{n}"], field
        assert _found(client, field, BEFORE, T1) == [f"1{n}", f"3{n}"], field
        assert _found(client, field, AFTER) == [f"1{n}", f"2{n}"], field
        assert _found(client, field, AFTER, T1) == [f"1{n}"], field
        assert _found(client, field, AFTER, T2) == [f"2{n}"], field


@g.DERIVED
def test_township_wrongly_exited_judges_the_households_whose_members_changed(client, db, recorded):
    """错退: the uninsured members make their households fail BASIC_MEDICAL; the others meet S5."""
    _county(db)
    g.record(db, recorded)
    assert _found(client, "wronglyExited", BEFORE) == ["FAR0", "NOW0", "WAS0"]
    assert _found(client, "wronglyExited", BEFORE, T1) == ["NOW0", "WAS0"]
    assert _found(client, "wronglyExited", AFTER, T1) == ["NOW0"]
    assert _found(client, "wronglyExited", AFTER, T2) == ["FAR0"]


P7 = """query($scope: ScopeInput, $d: Date) { coverage(scope: $scope, asOf: $d) {
  employmentProgress(year: 2019) { edges { node { township { code } placed twoAfter trained } } } } }"""


def _progress(client: Any, day: str, township: str | None = None) -> dict[str, tuple[int, int, int]]:
    scope = {"townshipCode": township} if township else None
    edges = gql(client, P7, scope=scope, d=day)["coverage"]["employmentProgress"]["edges"]
    rows = [e["node"] for e in edges]
    return {r["township"]["code"]: (r["placed"], r["twoAfter"], r["trained"]) for r in rows}


@g.DERIVED
def test_township_employment_progress_counts_what_the_county_counts(client, db, recorded):
    """P7 in a township counts a household from its kept workers while they hold and none of its
    members had a training (KEPT: two of its three labourers placed), and reads the members of the
    others: TRAINED (a member trained) and CHANGED (its labourer placed only from CHANGED on)."""
    g.villages(db)
    for village, household in ((V1, "KEPT"), (V1, "TRAINED"), (V1, "CHANGED"), (V3, "FAR")):
        g.households(db, village, [household])
    placed = {"labour": "普通劳动力", "migrantMonths": 6}
    gp.person(db, "KEPT", "1", **placed)
    gp.person(db, "KEPT", "2", **placed)
    gp.person(db, "KEPT", "3", labour="技能劳动力", migrantMonths=2)  # too few months
    gp.person(db, "TRAINED", "4", **placed)
    gp.person(db, "TRAINED", "5", labour="丧失劳动力")
    gp.person(db, "CHANGED", "6", **placed)
    gp.person(db, "FAR", "7", **placed)
    gb.benefit(db, "5", "P7", "农村劳动力技能培训", "2019-02-01")
    gb.facts_until(db, "6", CHANGED, migrantMonths=0)
    g.record(db, recorded)
    assert _progress(client, BEFORE) == {T1: (3, 0, 1), T2: (1, 0, 0)} | _others(client, BEFORE)
    assert _progress(client, BEFORE, T1) == {T1: (3, 0, 1)}
    assert _progress(client, AFTER) == {T1: (4, 0, 1), T2: (1, 0, 0)} | _others(client, AFTER)
    assert _progress(client, AFTER, T1) == {T1: (4, 0, 1)}
    assert _progress(client, AFTER, T2) == {T2: (1, 0, 0)}


def _others(client: Any, day: str) -> dict[str, tuple[int, int, int]]:
    """The county's other townships (none of the households above): nothing counted."""
    return {code: (0, 0, 0) for code in _progress(client, day) if code not in (T1, T2)}


SUMMARY = """query($scope: ScopeInput, $d: Date) { coverage(scope: $scope, asOf: $d) {
  summary { lines { key count denominator } } } }"""
MEMBER_LINES = ("P3-insurance", "P3-exam", "P3-doctor", "P2", "P2-disabled")


def _member_lines(client: Any, day: str, township: str | None = None) -> dict[str, tuple[float, float]]:
    scope = {"townshipCode": township} if township else None
    lines = gql(client, SUMMARY, scope=scope, d=day)["coverage"]["summary"]["lines"]
    return {x["key"]: (x["count"], x["denominator"]) for x in lines if x["key"] in MEMBER_LINES}


@g.DERIVED
def test_township_summary_counts_the_members_a_household_keeps(client, db, recorded):
    """P3's and P2's lines in T1, whose households are built so that each is counted one way:
    - from what it keeps: K1 (an adult and school-age twins at school: two children born the same
      day), K2 (a member without a birth date, and one who died before both days);
    - from its members, each for one reason: U uninsured, D without a family doctor, E examined in
      2018, X without exam flag or year, B a disabled child out of school (excused by its health),
      O a child out of school, C a family doctor only from CHANGED on, N a member born between the
      two days.
    The same figures county-wide (from the people's labels) and in the township."""
    g.villages(db)
    adult = {**SOUND, "birthDate": date(1970, 1, 1)}
    members: dict[str, list[dict[str, Any]]] = {
        "K1": [adult, *[{**SOUND, "birthDate": date(2010, 3, 1), "schooling": "小学"}] * 2],
        "K2": [SOUND, {**adult, "leftOn": date(2019, 1, 1)}],
        "U": [{**adult, "seriousIllnessInsurance": False}],
        "D": [{**adult, "familyDoctor": False}],
        "E": [{**adult, "physicalExamYear": 2018}],
        "X": [{**adult, "physicalExam": False}],
        "B": [{**SOUND, "birthDate": date(2012, 1, 1), "disability": "肢体", "dropoutReason": "残疾"}],
        "O": [{**SOUND, "birthDate": date(2011, 1, 1)}],
        "C": [adult],
        "N": [adult, {**SOUND, "birthDate": date(2019, 5, 1)}],
    }
    for household, people in members.items():
        g.households(db, V1, [household])
        for n, facts in enumerate(people):
            gp.person(db, household, f"{household}{n}", **facts)
    gb.facts_until(db, "C0", CHANGED, familyDoctor=False)
    g.run(db, "MATCH (p:Person {uid: 'K21'}) SET p:Bounded")  # gone, as removePerson marks it
    g.record(db, recorded)
    # (offenders, members born and on the register); P2: (dropouts, school-age children) and
    # (disabled children out of school, disabled children).
    children = {"P2": (1.0, 4.0), "P2-disabled": (1.0, 1.0)}
    before = {"P3-insurance": (1.0, 12.0), "P3-exam": (2.0, 12.0), "P3-doctor": (2.0, 12.0)} | children
    after = {"P3-insurance": (1.0, 13.0), "P3-exam": (2.0, 13.0), "P3-doctor": (1.0, 13.0)} | children
    for day, expected in ((BEFORE, before), (AFTER, after)):
        assert _member_lines(client, day, T1) == expected, day
        assert _member_lines(client, day) == expected, day
