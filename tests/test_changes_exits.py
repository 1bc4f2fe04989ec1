"""exitHousehold (S5): every unmet criterion listed, once a year, the S2 card after the exit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.settings import Thresholds
from graph.coverage.params import poverty_line
from graph.derived import person_facts
from tests import coverage_graphs as g
from tests.changes import events, household, refusal, refused, rejected, server_day
from tests.conftest import gql

EXIT = """mutation($id: ID!, $year: Int!) {
  exitHousehold(householdId: $id, year: $year) { id status exitYear card cardHistory { color since until } }
}"""

TODAY = dt.date.today()
YEAR = TODAY.year
POVERTY_LINE = poverty_line(TODAY)  # S5 一超过: the poverty line of the exit year
LOW_INCOME_LINE = Thresholds().low_income_factor * POVERTY_LINE  # S2: YELLOW below, GREEN at or above

INSURED = {"medicalInsurance": True, "seriousIllnessInsurance": True}


def _born(age: int) -> dt.date:
    """A birth date `age` full years before today (and a day more, so a birthday today is no edge)."""
    return TODAY.replace(year=TODAY.year - age) - dt.timedelta(days=1)


def _members(db: Any, household_id: str, people: list[dict[str, Any]]) -> None:
    db.execute_query(
        """MATCH (h:Household {id: $id})
        UNWIND range(0, size($people) - 1) AS i
        CREATE (p:Person {uid: $id + '-p' + i, idNumber: $id + '-id' + i})-[:BELONGS_TO]->(h)
        SET p += $people[i]
        """
        + person_facts(),
        id=household_id,
        people=people,
    )


def _eligible(db: Any, household_id: str = "H1", income: float = POVERTY_LINE + 1, **props: Any) -> None:
    """A household meeting every criterion: income above the line, insured, its children at school
    (or excused by health), a safe B house and safe water."""
    facts = {"attribute": "ORDINARY", "houseGrade": "B", "safeWater": True, **props}
    household(db, household_id, "RED", "2020-01-01", status="NOT_OUT", income=income, **facts)
    _members(
        db,
        household_id,
        [
            {"name": "户主", "birthDate": _born(45), **INSURED},
            {"name": "在校生", "birthDate": _born(10), "schooling": "小学", **INSURED},
            {"name": "病休生", "birthDate": _born(12), "dropoutReason": "身体残疾", **INSURED},
        ],
    )


def test_an_eligible_household_exits_with_a_yellow_card_below_the_low_income_line(db, client):
    g.villages(db)
    _eligible(db, income=POVERTY_LINE + 1)
    sent = dt.date.today()
    data = gql(client, EXIT, id="H1", year=YEAR)["exitHousehold"]
    assert (data["status"], data["exitYear"], data["card"]) == ("OUT", YEAR, "YELLOW")
    today = server_day(sent, data["cardHistory"][-1]["since"])
    assert data["cardHistory"] == [
        {"color": "RED", "since": "2020-01-01", "until": today},
        {"color": "YELLOW", "since": today, "until": None},
    ]
    [event] = events(db)
    assert (event["operation"], event["concerns"], event["inputs"]) == (
        "exitHousehold", ["H1"], {"householdId": "H1", "year": YEAR},
    )  # fmt: skip
    household_change = event["changes"][0]
    assert (household_change["before"]["status"], household_change["after"]["status"]) == ("NOT_OUT", "OUT")
    assert household_change["after"]["exitYear"] == YEAR
    assert [c["entity"] for c in event["changes"]] == ["Household", "HAS_CARD", "HAS_CARD"]


def test_at_the_low_income_line_the_card_is_green(db, client):
    g.villages(db)
    _eligible(db, income=LOW_INCOME_LINE)
    assert gql(client, EXIT, id="H1", year=YEAR)["exitHousehold"]["card"] == "GREEN"


def test_every_unmet_criterion_is_listed(db, client):
    g.villages(db)
    household(
        db, "H2", "RED", "2020-01-01", status="NOT_OUT", income=float(POVERTY_LINE), attribute="DIBAO",
        houseGrade="C",
    )  # fmt: skip
    _members(
        db,
        "H2",
        [
            {"name": "户主", "birthDate": _born(50), "dibao": False, **INSURED},
            {"name": "辍学生", "birthDate": _born(13), "dropoutReason": "外出务工", **INSURED},
            {"name": "未参保", "birthDate": _born(30), "medicalInsurance": True},
        ],
    )
    facts = refused(client, db, EXIT, "S5", id="H2", year=YEAR)
    unmet = {u["criterion"]: u for u in facts["unmet"]}
    assert list(unmet) == [
        "INCOME", "FOOD_AND_CLOTHING", "COMPULSORY_EDUCATION", "BASIC_MEDICAL", "SAFE_HOUSING", "SAFE_WATER",
    ]  # fmt: skip
    assert (unmet["INCOME"]["income"], unmet["INCOME"]["povertyLine"]) == (POVERTY_LINE, POVERTY_LINE)
    assert unmet["FOOD_AND_CLOTHING"]["attribute"] == "DIBAO"
    assert unmet["COMPULSORY_EDUCATION"]["persons"] == [{"uid": "H2-p1", "name": "辍学生"}]
    assert unmet["BASIC_MEDICAL"]["persons"] == [
        {"uid": "H2-p2", "name": "未参保", "missing": ["SERIOUS_ILLNESS"]}
    ]
    assert unmet["SAFE_HOUSING"]["houseGrade"] == "C"
    assert unmet["SAFE_WATER"]["safeWater"] is None
    assert [u["rules"] for u in facts["unmet"]] == [["S5", r] for r in ("S2", "P6", "P2", "P3", "P4", "P5")]
    for text in ("一超过", "两不愁", "义务教育", "基本医疗", "住房安全", "饮水安全", "辍学生", "未参保"):
        assert text in facts["message"]


def test_a_dangerous_house_without_a_grade_and_unsafe_water_are_unmet(db, client):
    g.villages(db)
    _eligible(db, "H3", dangerousHouse=True)
    db.execute_query("MATCH (h:Household {id: 'H3'}) SET h.houseGrade = null, h.safeWater = false")
    facts = refused(client, db, EXIT, "S5", id="H3", year=YEAR)
    assert [u["criterion"] for u in facts["unmet"]] == ["SAFE_HOUSING", "SAFE_WATER"]
    assert facts["unmet"][1]["safeWater"] is False


def test_a_tekun_household_needs_a_tekun_member(db, client):
    g.villages(db)
    _eligible(db, "H4", attribute="TEKUN")
    facts = refused(client, db, EXIT, "S5", id="H4", year=YEAR)
    assert [u["criterion"] for u in facts["unmet"]] == ["FOOD_AND_CLOTHING"]
    db.execute_query("MATCH (p:Person {uid: 'H4-p0'}) SET p.tekun = true")
    assert gql(client, EXIT, id="H4", year=YEAR)["exitHousehold"]["status"] == "OUT"


def test_a_household_out_already_is_refused(db, client):
    g.villages(db)
    household(db, "H5", "GREEN", "2020-01-01", status="OUT", exitYear=2020, income=LOW_INCOME_LINE)
    facts = refused(client, db, EXIT, "S5", id="H5", year=YEAR)
    assert (facts["status"], facts["exitYear"]) == ("OUT", 2020)


def test_once_a_year(db, client):
    g.villages(db)
    _eligible(db, "H6", exitYear=YEAR - 1)
    db.execute_query("MATCH (h:Household {id: 'H6'}) SET h.status = 'RETURNED'")
    facts = refused(client, db, EXIT, "S5", id="H6", year=YEAR - 1)
    assert (facts["exitYear"], facts["year"]) == (YEAR - 1, YEAR - 1)
    assert gql(client, EXIT, id="H6", year=YEAR)["exitHousehold"]["exitYear"] == YEAR


def test_a_future_year_and_an_unknown_household_are_refused(db, client):
    g.villages(db)
    _eligible(db)
    assert rejected(client, db, EXIT, "BAD_USER_INPUT", id="H1", year=YEAR + 1)["argument"] == "year"
    assert rejected(client, db, EXIT, "NOT_FOUND", id="H404", year=YEAR)["argument"] == "householdId"


def test_a_year_out_of_range_is_bad_input_not_a_server_error(db, client):
    """exitHousehold(year: -1) once answered 500; a year is 1980–2100 (core/values.py), as the
    loader reads 脱贫年度."""
    _eligible(db)
    for year in (-1, 0, 1979, 10_000):
        error = refusal(client, db, EXIT, id="H1", year=year)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "year"}, year
        assert error["message"] == "year：年度应为 4 位年份（1980–2100），如 2019"
