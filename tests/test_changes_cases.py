"""Rectification orders (W12), petitions (P9) and loans (P10): recorded, closed, refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.load.base import stable_id
from tests import coverage_graphs as g
from tests.changes import events, household, refusal, refused, rejected
from tests.conftest import gql

ISSUE = """mutation($cadre: ID!, $deadline: Date!, $date: Date!) {
  issueRectification(cadreId: $cadre, reason: "走访不及时", deadline: $deadline, date: $date) {
    id issuedOn deadline reason closedOn cadre { id name }
  }
}"""

CLOSE_ORDER = """mutation($id: ID!, $date: Date!) {
  closeRectification(rectificationId: $id, date: $date) { id closedOn }
}"""

PETITION = """mutation($caseNo: String!, $level: PetitionLevel!, $township: String!, $village: String,
                   $household: ID, $leader: String, $date: Date! = "2025-04-01") {
  recordPetition(caseNo: $caseNo, registeredOn: $date, level: $level, townshipCode: $township,
                 villageCode: $village, householdId: $household, claim: "危房改造补助", leaderName: $leader) {
    caseNo registeredOn level claim leaderName closedOn reply
  }
}"""

CLOSE_PETITION = """mutation($caseNo: String!, $date: Date!) {
  closePetition(caseNo: $caseNo, date: $date, reply: "已落实补助") { caseNo closedOn reply }
}"""

LOAN = """mutation($household: ID!, $amount: Float! = 50000, $issued: Date! = "2024-03-01",
               $due: Date! = "2027-03-01") {
  recordLoan(householdId: $household, bank: "湘阴农商行", amount: $amount, issuedOn: $issued, dueOn: $due) {
    id householdId bank amount issuedOn dueOn balance overdue overdueAmount
  }
}"""

REPAY = """mutation($id: ID!, $amount: Float!, $date: Date! = "2025-03-01") {
  recordRepayment(loanId: $id, amount: $amount, date: $date) {
    id balance overdue overdueAmount lastRepaidOn
  }
}"""

T1, V1, V2 = "430624101", "430624101201", "430624101202"


def _cadre(db: Any) -> None:
    db.execute_query("CREATE (:Cadre {uid: 'c-a', idNumber: '430624198001015678', name: '甲干部'})")


def _order(client: Any, date: str = "2025-03-01") -> str:
    return str(gql(client, ISSUE, cadre="c-a", deadline="2025-03-31", date=date)["issueRectification"]["id"])


# W12


def test_an_order_is_issued_and_closed(db, client):
    _cadre(db)
    order = gql(client, ISSUE, cadre="c-a", deadline="2025-03-31", date="2025-03-01")["issueRectification"]
    assert (order["issuedOn"], order["deadline"], order["closedOn"]) == ("2025-03-01", "2025-03-31", None)
    assert order["cadre"] == {"id": "c-a", "name": "甲干部"}
    [event] = events(db)
    assert (event["operation"], event["concerns"]) == ("issueRectification", sorted(["c-a", order["id"]]))
    assert "430624198001015678" not in str(event)
    closed = gql(client, CLOSE_ORDER, id=order["id"], date="2025-04-02")["closeRectification"]
    assert closed["closedOn"] == "2025-04-02"
    change = events(db)[1]["changes"][0]
    assert "closedOn" not in change["before"]
    assert change["after"]["closedOn"] == "2025-04-02"


def test_a_deadline_before_the_issue_date_is_refused(db, client):
    _cadre(db)
    facts = refused(client, db, ISSUE, "W12", cadre="c-a", deadline="2025-02-28", date="2025-03-01")
    assert (facts["deadline"], facts["date"]) == ("2025-02-28", "2025-03-01")
    assert rejected(client, db, ISSUE, "NOT_FOUND", cadre="c-x", deadline="2025-03-31", date="2025-03-01")


def test_closing_twice_or_before_the_issue_is_refused(db, client):
    _cadre(db)
    order_id = _order(client, date="2025-03-01")
    facts = refused(client, db, CLOSE_ORDER, "W12", id=order_id, date="2025-02-28")
    assert (facts["issuedOn"], facts["date"]) == ("2025-03-01", "2025-02-28")
    gql(client, CLOSE_ORDER, id=order_id, date="2025-03-20")
    facts = refused(client, db, CLOSE_ORDER, "W12", id=order_id, date="2025-03-21")
    assert facts["closedOn"] == "2025-03-20"


# P9


def _township_leaders(db: Any) -> None:
    g.villages(db)
    household(db, "H1", "RED", "2020-01-01", village=V1, status="NOT_OUT")
    db.execute_query(
        """MATCH (t:Township {code: $t})
        CREATE (:Cadre {uid: 'c-lead', idNumber: 'L1', name: '县领导'})
               -[:RESPONSIBLE_FOR {since: date('2020-01-01')}]->(t)
        CREATE (:Cadre {uid: 'c-sec', idNumber: 'S1', name: '书记'})
               -[:SECRETARY_OF {since: date('2020-01-01')}]->(t)
        CREATE (:Cadre {uid: 'c-old', idNumber: 'O1', name: '前任'})
               -[:RESPONSIBLE_FOR {since: date('2018-01-01'), until: date('2020-01-01')}]->(t)""",
        t=T1,
    )


def test_a_petition_is_filed_in_its_township_village_and_household(db, client):
    _township_leaders(db)
    case = gql(client, PETITION, caseNo="XF-1", level="PROVINCE", township=T1, household="H1")[
        "recordPetition"
    ]
    assert (case["level"], case["leaderName"], case["closedOn"]) == ("PROVINCE", "县领导", None)
    records, _, _ = db.execute_query(
        "MATCH (p:Petition {caseNo: 'XF-1'}) RETURN [(p)-[:IN_TOWNSHIP]->(t) | t.code] AS t,"
        " [(p)-[:IN_VILLAGE]->(v) | v.code] AS v, [(p)-[:ABOUT]->(h) | h.id] AS h"
    )
    assert (records[0]["t"], records[0]["v"], records[0]["h"]) == ([T1], [V1], ["H1"])
    [event] = events(db)
    assert (event["operation"], event["concerns"]) == ("recordPetition", sorted(["H1", "XF-1", T1, V1]))
    assert event["inputs"]["townshipCode"] == T1 and event["inputs"]["householdId"] == "H1"
    ranking = gql(client, "{ coverage { petitionRanking(year: 2025) { edges { node { cases } } } } }")
    assert ranking["coverage"]["petitionRanking"]["edges"] == [{"node": {"cases": 1}}]
    closed = gql(client, CLOSE_PETITION, caseNo="XF-1", date="2025-05-01")["closePetition"]
    assert (closed["closedOn"], closed["reply"]) == ("2025-05-01", "已落实补助")
    assert events(db)[1]["operation"] == "closePetition"


def test_a_province_case_led_by_someone_else_is_refused(db, client):
    _township_leaders(db)
    facts = refused(client, db, PETITION, "P9", caseNo="XF-2", level="PROVINCE", township=T1, leader="前任")
    assert (facts["leaderName"], sorted(facts["leaders"])) == ("前任", ["书记", "县领导"])
    secretary = gql(client, PETITION, caseNo="XF-2", level="PROVINCE", township=T1, leader="书记")
    assert secretary["recordPetition"]["leaderName"] == "书记"
    county = gql(client, PETITION, caseNo="XF-3", level="COUNTY", township=T1, leader="任何人")
    assert county["recordPetition"]["leaderName"] == "任何人"


def test_a_case_number_filed_already_is_refused(db, client):
    _township_leaders(db)
    gql(client, PETITION, caseNo="XF-1", level="CITY", township=T1)
    assert refused(client, db, PETITION, "P9", caseNo="XF-1", level="CITY", township=T1)["caseNo"] == "XF-1"


def test_a_petition_outside_its_township_is_refused(db, client):
    _township_leaders(db)
    village = rejected(
        client, db, PETITION, "NOT_FOUND", caseNo="XF-9", level="CITY", township=T1, village="430624102201"
    )
    assert village["argument"] == "villageCode"
    mismatch = rejected(
        client,
        db,
        PETITION,
        "BAD_USER_INPUT",
        caseNo="XF-9",
        level="CITY",
        township=T1,
        village=V2,
        household="H1",
    )
    assert mismatch["argument"] == "householdId"
    assert rejected(client, db, PETITION, "NOT_FOUND", caseNo="XF-9", level="CITY", township="430624199")


def test_closing_a_petition_twice_or_before_registration_is_refused(db, client):
    _township_leaders(db)
    gql(client, PETITION, caseNo="XF-1", level="CITY", township=T1, date="2025-04-01")
    facts = refused(client, db, CLOSE_PETITION, "P9", caseNo="XF-1", date="2025-03-31")
    assert (facts["registeredOn"], facts["date"]) == ("2025-04-01", "2025-03-31")
    gql(client, CLOSE_PETITION, caseNo="XF-1", date="2025-04-10")
    assert (
        refused(client, db, CLOSE_PETITION, "P9", caseNo="XF-1", date="2025-04-11")["closedOn"]
        == "2025-04-10"
    )


# P10


def test_a_loan_is_recorded_and_repaid(db, client):
    g.villages(db)
    household(db, "H1", "RED", "2020-01-01", status="NOT_OUT")
    loan = gql(client, LOAN, household="H1")["recordLoan"]
    assert loan["id"] == stable_id("H1", "湘阴农商行", dt.date(2024, 3, 1))
    assert (loan["balance"], loan["overdue"], loan["overdueAmount"]) == (50000.0, False, 0.0)
    [event] = events(db)
    assert (event["operation"], event["concerns"]) == ("recordLoan", sorted(["H1", loan["id"]]))
    db.execute_query("MATCH (l:Loan) SET l.overdue = true, l.overdueAmountFen = 300000")  # the bank's report
    paid = gql(client, REPAY, id=loan["id"], amount=2000.0)["recordRepayment"]
    assert (paid["balance"], paid["overdue"], paid["overdueAmount"]) == (48000.0, True, 1000.0)
    paid = gql(client, REPAY, id=loan["id"], amount=48000.0)["recordRepayment"]
    assert (paid["balance"], paid["overdue"], paid["overdueAmount"], paid["lastRepaidOn"]) == (
        0.0, False, 0.0, "2025-03-01",
    )  # fmt: skip
    change = events(db)[2]["changes"][0]  # amounts kept in fen
    assert (change["entity"], change["before"]["balanceFen"], change["after"]["balanceFen"]) == (
        "Loan", 4_800_000, 0,
    )  # fmt: skip


def test_repaying_more_than_the_balance_or_before_the_issue_is_refused(db, client):
    g.villages(db)
    household(db, "H1", "RED", "2020-01-01", status="NOT_OUT")
    loan_id = gql(client, LOAN, household="H1", amount=10000.0)["recordLoan"]["id"]
    facts = refused(client, db, REPAY, "P10", id=loan_id, amount=10000.01)
    assert (facts["balance"], facts["amount"]) == (10000.0, 10000.01)
    facts = refused(client, db, REPAY, "P10", id=loan_id, amount=100.0, date="2024-02-29")
    assert (facts["issuedOn"], facts["date"]) == ("2024-03-01", "2024-02-29")
    assert rejected(client, db, REPAY, "BAD_USER_INPUT", id=loan_id, amount=0.0)["argument"] == "amount"
    assert rejected(client, db, REPAY, "NOT_FOUND", id="nope", amount=1.0)["argument"] == "loanId"


P10_COUNTY = "{ coverage { loanOverdueCounty { balance overdue rate } } }"


def test_an_amount_out_of_bounds_is_refused_and_p10_keeps_its_answer(db, client):
    """Twice 1.7976931348623157e308 once summed to inf and P10 answered null. Amounts are
    bounded (10,000,000 yuan) and kept in fen, so the largest loans sum exactly."""
    g.villages(db)
    household(db, "H1", "RED", "2020-01-01", status="NOT_OUT")
    reasons = {
        1.7976931348623157e308: "金额不能超过 10,000,000 元",
        10_000_000.01: "金额不能超过 10,000,000 元",
        -1.0: "金额不能为负数",
        12.345: "金额最多精确到分（两位小数）",
    }
    for amount, reason in reasons.items():
        error = refusal(client, db, LOAN, household="H1", amount=amount)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "amount"}
        assert error["message"] == f"amount：{reason}"
    for day in ("2024-03-01", "2024-03-02"):
        gql(client, LOAN, household="H1", amount=10_000_000.0, issued=day)
    repaid = gql(client, REPAY, id=stable_id("H1", "湘阴农商行", dt.date(2024, 3, 1)), amount=0.01)
    assert repaid["recordRepayment"]["balance"] == 9_999_999.99
    county = gql(client, P10_COUNTY)["coverage"]["loanOverdueCounty"]
    assert county == {"balance": 19_999_999.99, "overdue": 0.0, "rate": 0.0}


def test_a_loan_due_before_it_is_issued_or_recorded_twice_is_refused(db, client):
    g.villages(db)
    household(db, "H1", "RED", "2020-01-01", status="NOT_OUT")
    facts = refused(client, db, LOAN, "P10", household="H1", issued="2024-03-01", due="2024-02-01")
    assert (facts["issuedOn"], facts["dueOn"]) == ("2024-03-01", "2024-02-01")
    gql(client, LOAN, household="H1")
    assert refused(client, db, LOAN, "P10", household="H1")["bank"] == "湘阴农商行"
