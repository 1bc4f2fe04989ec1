"""The dashboard summary on a graph whose figures are known by construction."""

from __future__ import annotations

from datetime import date

import pytest

from tests import coverage_graphs as g
from tests import coverage_graphs_policies as pg
from tests.conftest import gql

QUERY = """query($scope: ScopeInput) { coverage(scope: $scope, asOf: "2019-06-30") { summary {
  lines { key rules count denominator amount balance rate threshold comparison passes }
  townships { township { code } lines { key count denominator amount balance rate passes } } } } }"""


def loans(db, household: str, balance: float, overdue: float) -> None:
    """A loan owing `balance` yuan, `overdue` of them overdue (stored in fen)."""
    g.run(
        db,
        """MATCH (h:Household {id: $h})
        CREATE (h)-[:BORROWED]->(:Loan {id: $h, issuedOn: date('2019-01-01'),
                                        balanceFen: toInteger($balance * 100),
                                        overdue: $overdue > 0,
                                        overdueAmountFen: toInteger($overdue * 100)})""",
        h=household,
        balance=balance,
        overdue=overdue,
    )


@pytest.fixture
def county(db):
    g.villages(db)
    g.households(db, "430624101201", ["A1", "A2", "A3", "A4", "A5", "A6", "A7"])
    g.households(db, "430624102201", ["C1"])
    g.cadre(db, "busy")
    for h in ["A1", "A2", "A3", "A4", "A5", "A6"]:
        g.pair(db, "busy", h, "2018-01-01")
    # A7 and C1 are unpaired (W7); "busy" carries 6 (W8).
    loans(db, "A1", 1000.0, 20.0)  # township 一镇: 2 % overdue
    loans(db, "C1", 1000.0, 10.0)  # township 二镇: exactly 1 %, passes
    g.run(db, "MATCH (v:Village {code: '430624101201'}) SET v.infoOfficerName = '王芳'")
    return db


def by_rule(lines):
    return {line["key"]: line for line in lines}


def test_summary_for_the_county_and_per_township(client, county):
    summary = gql(client, QUERY)["coverage"]["summary"]
    lines = by_rule(summary["lines"])
    assert lines["W7"] == {
        "key": "W7",
        "rules": ["W7"],
        "count": 2,
        "denominator": 8,
        "amount": None,
        "balance": None,
        "rate": 0.75,
        "threshold": 1.0,
        "comparison": "AT_LEAST",
        "passes": False,
    }
    assert (lines["W8"]["count"], lines["W8"]["denominator"], lines["W8"]["passes"]) == (1.0, 1.0, False)
    # P10 is money, kept apart from the counts.
    assert (lines["P10"]["amount"], lines["P10"]["balance"]) == (30.0, 2000.0)
    assert (lines["P10"]["count"], lines["P10"]["denominator"]) == (None, None)
    assert lines["W1-W3"]["rules"] == ["W1", "W2", "W3"] and lines["S1,S2"]["rules"] == ["S1", "S2"]
    assert lines["P3-exam"]["rules"] == ["P3"]
    assert lines["P10"]["rate"] == pytest.approx(0.015) and lines["P10"]["passes"] is False
    # O2: 丙村 has registered households and no information officer; 乙村 has no households.
    assert (lines["O2"]["count"], lines["O2"]["denominator"]) == (1.0, 2.0)
    townships = {t["township"]["code"]: by_rule(t["lines"]) for t in summary["townships"]}
    assert list(townships) == ["430624101", "430624102"]
    assert (townships["430624101"]["W7"]["count"], townships["430624101"]["W7"]["denominator"]) == (1.0, 7.0)
    assert townships["430624101"]["P10"]["passes"] is False
    assert townships["430624102"]["P10"]["rate"] == pytest.approx(0.01)
    assert townships["430624102"]["P10"]["passes"] is True


def test_summary_of_a_township_sees_only_itself(client, county):
    summary = gql(client, QUERY, scope={"townshipCode": "430624102"})["coverage"]["summary"]
    assert [t["township"]["code"] for t in summary["townships"]] == ["430624102"]
    lines = by_rule(summary["lines"])
    assert (lines["W7"]["count"], lines["W7"]["denominator"]) == (1.0, 1.0)
    assert lines["W8"]["count"] == 0.0 and lines["W8"]["passes"] is True
    assert lines["P10"]["passes"] is True


@g.DERIVED
def test_w8_denominator_counts_the_cadres_paired_on_the_day(db, client, recorded):
    """W8's denominator, each cadre once per township it has a household in, on 2019-06-30: read from
    the pairings, or from the households' recorded cadres (cadresSince, pairedCadres: graph/derived.py)
    where no pairing of theirs started or ended after that day."""
    g.villages(db)
    g.households(db, "430624101201", ["A1", "A2", "A4", "A5", "A6"])
    g.households(db, "430624102201", ["C1", "C2"])
    for uid in ["a", "b", "c", "d", "e"]:
        g.cadre(db, uid)
    g.pair(db, "a", "A1", "2018-01-01")
    g.pair(db, "a", "A6", "2018-01-01")  # a second household of a: a counts once in 一镇
    g.pair(db, "b", "A2", "2018-01-01", "2019-03-01")  # ended before the day
    g.pair(db, "c", "C1", "2019-09-01")  # starts after it
    g.pair(db, "d", "A4", "2018-01-01", "2019-12-01")  # ended after it: still paired that day
    g.pair(db, "e", "A5", "2018-01-01")
    g.pair(db, "e", "C2", "2018-01-01")  # e has households in both townships: counts in each
    g.record(db, recorded)

    summary = gql(client, QUERY)["coverage"]["summary"]
    townships = {t["township"]["code"]: by_rule(t["lines"]) for t in summary["townships"]}
    assert townships["430624101"]["W8"]["denominator"] == 3.0  # a, d, e
    assert townships["430624102"]["W8"]["denominator"] == 1.0  # e
    assert by_rule(summary["lines"])["W8"]["denominator"] == 4.0
    township = gql(client, QUERY, scope={"townshipCode": "430624101"})["coverage"]["summary"]
    assert by_rule(township["lines"])["W8"]["denominator"] == 3.0


def test_p2_lines_county_wide_agree_with_the_township(db, client):
    """P2 on 2019-06-30: county-wide the dropouts and disabled children are read as the people's
    derived labels (OutOfSchool, Disabled: graph/derived.py), in the township from their properties;
    both count the same children."""
    g.villages(db)
    g.households(db, "430624101201", ["A1", "A2"])
    pg.person(db, "A1", "1", birthDate=date(2009, 5, 1))  # 10, no schooling: a dropout
    pg.person(db, "A1", "2", birthDate=date(2009, 5, 1), schooling="小学", disability="肢体残疾")
    pg.person(db, "A2", "3", birthDate=date(2007, 1, 1), health=["残疾"], dropoutReason="残疾")  # excused
    pg.person(db, "A2", "4", birthDate=date(1980, 1, 1))  # no schooling, not of school age
    expected = {"P2": (1.0, 3.0), "P2-disabled": (1.0, 2.0)}  # (count, denominator)

    for scope in (None, {"townshipCode": "430624101"}):
        lines = by_rule(gql(client, QUERY, scope=scope)["coverage"]["summary"]["lines"])
        assert {k: (lines[k]["count"], lines[k]["denominator"]) for k in expected} == expected


def test_p3_lines_count_each_lack_apart_county_wide_and_in_the_township(db, client):
    """P3 on 2019-06-30, a different count for each lack by construction: county-wide from the
    people's derived labels (graph/derived.py), in the township from the walk over its households'
    members (graph/coverage/walks.py). Every member born by the day is the denominator."""
    g.villages(db)
    g.households(db, "430624101201", ["A1", "A2"])
    covered = {"medicalInsurance": True, "seriousIllnessInsurance": True, "familyDoctor": True}
    examined = {"physicalExam": True, "physicalExamYear": 2019}
    pg.person(db, "A1", "1", birthDate=date(1960, 1, 1), **covered, **examined)  # lacks nothing
    pg.person(db, "A1", "2", birthDate=date(1970, 1, 1), **{**covered, "medicalInsurance": False}, **examined)
    pg.person(db, "A1", "3", birthDate=date(1975, 1, 1), **examined)  # insurance and a doctor
    pg.person(db, "A2", "4", birthDate=date(1980, 1, 1), **{**covered, "seriousIllnessInsurance": False},
              **examined)  # fmt: skip
    pg.person(db, "A2", "5", birthDate=date(1990, 1, 1), **{**covered, "familyDoctor": False})  # exam, doctor
    pg.person(db, "A2", "6", birthDate=date(2020, 1, 1))  # born after the day: not counted
    # Insurance lacked by 2, 3 and 4; the exam by 5; a family doctor by 3 and 5.
    expected = {"P3-insurance": (3.0, 5.0), "P3-exam": (1.0, 5.0), "P3-doctor": (2.0, 5.0)}

    for scope in (None, {"townshipCode": "430624101"}):
        lines = by_rule(gql(client, QUERY, scope=scope)["coverage"]["summary"]["lines"])
        assert {k: (lines[k]["count"], lines[k]["denominator"]) for k in expected} == expected, scope
