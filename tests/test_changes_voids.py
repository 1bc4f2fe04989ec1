"""voidLoan, voidRepayment: a wrong record is kept, marked voided with its reason, audited, shown in
householdHistory, and counted by no rule (P10); a voided repayment's loan is replayed without it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.principal import Role
from graph.load.base import stable_id
from tests import coverage_graphs as g
from tests.changes import events, household, rejected, server_day
from tests.conftest import bearer, gql

T1, T2, V1, V3 = "430624101", "430624102", "430624101201", "430624102201"
ADMIN = "test:COUNTY_ADMIN"  # the subject of the test client's token

LOAN_FIELDS = """id amount balance overdue overdueAmount lastRepaidOn voidedOn voidReason voidedBy
  repayments { id amount date voidedOn voidReason voidedBy }"""
LOAN = f"""mutation($household: ID!, $amount: Float!, $issued: Date! = "2024-03-01") {{
  recordLoan(householdId: $household, bank: "湘阴农商行", amount: $amount, issuedOn: $issued,
             dueOn: "2027-03-01") {{ {LOAN_FIELDS} }}
}}"""
REPAY = f"""mutation($id: ID!, $amount: Float!, $date: Date!) {{
  recordRepayment(loanId: $id, amount: $amount, date: $date) {{ {LOAN_FIELDS} }}
}}"""
VOID_LOAN = f"""mutation($id: ID!, $reason: String! = "金额录入错误") {{
  voidLoan(loanId: $id, reason: $reason) {{ {LOAN_FIELDS} }}
}}"""
VOID_REPAYMENT = f"""mutation($id: ID!, $reason: String! = "重复录入") {{
  voidRepayment(repaymentId: $id, reason: $reason) {{ {LOAN_FIELDS} }}
}}"""
COUNTY = "{ coverage { loanOverdueCounty { balance overdue } } }"
HISTORY = """query($id: ID!) { householdHistory(householdId: $id, kinds: [LOAN]) { edges { node {
  action date reason loan { id voidedOn } repayment { id amount voidedOn } } } } }"""


def _county(db: Any) -> None:
    g.villages(db)
    household(db, "H1", "RED", "2020-01-01", village=V1, status="NOT_OUT")
    household(db, "H3", "RED", "2020-01-01", village=V3, status="NOT_OUT")


def _county_sums(client: Any) -> dict[str, float]:
    return dict(gql(client, COUNTY)["coverage"]["loanOverdueCounty"])


def test_a_voided_loan_is_kept_audited_shown_and_no_longer_counted(db, client):
    _county(db)
    wrong = gql(client, LOAN, household="H1", amount=50000.0)["recordLoan"]
    gql(client, LOAN, household="H3", amount=20000.0)
    assert _county_sums(client) == {"balance": 70000.0, "overdue": 0.0}

    sent = dt.date.today()
    voided = gql(client, VOID_LOAN, id=wrong["id"])["voidLoan"]
    today = server_day(sent, voided["voidedOn"])
    assert {k: voided[k] for k in ("id", "amount", "balance", "voidedOn", "voidReason", "voidedBy")} == {
        "id": wrong["id"], "amount": 50000.0, "balance": 50000.0, "voidedOn": today,
        "voidReason": "金额录入错误", "voidedBy": ADMIN,
    }  # fmt: skip
    assert _county_sums(client) == {"balance": 20000.0, "overdue": 0.0}  # P10 skips it
    event = events(db)[-1]
    assert (event["operation"], event["actor"], event["inputs"]) == (
        "voidLoan", ADMIN, {"loanId": wrong["id"], "reason": "金额录入错误"},
    )  # fmt: skip
    assert event["concerns"] == sorted(["H1", wrong["id"]])
    [change] = event["changes"]
    assert "voidedOn" not in change["before"] and change["after"]["voidedOn"] == today
    assert change["after"]["amountFen"] == change["before"]["amountFen"] == 5_000_000  # nothing else changed

    history = [e["node"] for e in gql(client, HISTORY, id="H1")["householdHistory"]["edges"]]
    assert [(e["action"], e["date"], e["reason"]) for e in history] == [
        ("VOIDED", today, "金额录入错误"),
        ("ISSUED", "2024-03-01", None),
    ]
    assert all(e["loan"] == {"id": wrong["id"], "voidedOn": today} for e in history)

    # The loan as it should have been: recorded anew, under the next id.
    right = gql(client, LOAN, household="H1", amount=5000.0)["recordLoan"]
    assert right["id"] == stable_id("H1", "湘阴农商行", dt.date(2024, 3, 1), 1) != wrong["id"]
    assert _county_sums(client) == {"balance": 25000.0, "overdue": 0.0}


def test_a_voided_loan_takes_no_repayment_nor_a_second_void(db, client):
    _county(db)
    loan_id = gql(client, LOAN, household="H1", amount=50000.0)["recordLoan"]["id"]
    sent = dt.date.today()
    today = server_day(sent, gql(client, VOID_LOAN, id=loan_id)["voidLoan"]["voidedOn"])
    error = rejected(client, db, REPAY, "VOIDED", id=loan_id, amount=100.0, date="2024-04-01")
    assert (error["argument"], error["voidedOn"], error["loanId"]) == ("loanId", today, loan_id)
    assert rejected(client, db, VOID_LOAN, "VOIDED", id=loan_id)["argument"] == "loanId"
    assert rejected(client, db, VOID_LOAN, "BAD_USER_INPUT", id=loan_id, reason=" ")["argument"] == "reason"
    assert rejected(client, db, VOID_LOAN, "NOT_FOUND", id="nope")["argument"] == "loanId"


def test_voiding_a_repayment_replays_the_later_ones_overdue_first(db, client):
    _county(db)
    loan_id = gql(client, LOAN, household="H1", amount=50000.0)["recordLoan"]["id"]
    db.execute_query("MATCH (l:Loan) SET l.overdue = true, l.overdueAmountFen = 300000")  # the bank's 3,000
    first = gql(client, REPAY, id=loan_id, amount=2000.0, date="2024-05-01")["recordRepayment"]
    assert (first["balance"], first["overdueAmount"], first["overdue"]) == (48000.0, 1000.0, True)
    second = gql(client, REPAY, id=loan_id, amount=2000.0, date="2024-06-01")["recordRepayment"]
    assert (second["balance"], second["overdueAmount"], second["overdue"]) == (46000.0, 0.0, False)
    a, b = (r["id"] for r in second["repayments"])
    assert _county_sums(client) == {"balance": 46000.0, "overdue": 0.0}

    # Without the first, the second pays 2,000 of the 3,000 overdue.
    sent = dt.date.today()
    loan = gql(client, VOID_REPAYMENT, id=a)["voidRepayment"]
    today = server_day(sent, loan["repayments"][0]["voidedOn"])
    assert (loan["balance"], loan["overdueAmount"], loan["overdue"], loan["lastRepaidOn"]) == (
        48000.0, 1000.0, True, "2024-06-01",
    )  # fmt: skip
    assert [(r["id"], r["voidedOn"], r["voidReason"], r["voidedBy"]) for r in loan["repayments"]] == [
        (a, today, "重复录入", ADMIN),
        (b, None, None, None),
    ]
    assert _county_sums(client) == {"balance": 48000.0, "overdue": 1000.0}
    event = events(db)[-1]
    assert (event["operation"], event["concerns"]) == ("voidRepayment", sorted(["H1", loan_id, a]))
    assert [c["entity"] for c in event["changes"]] == ["Repayment", "Loan"]

    # Without both, the loan stands as the bank reported it, never repaid.
    loan = gql(client, VOID_REPAYMENT, id=b)["voidRepayment"]
    assert (loan["balance"], loan["overdueAmount"], loan["overdue"], loan["lastRepaidOn"]) == (
        50000.0, 3000.0, True, None,
    )  # fmt: skip
    assert rejected(client, db, VOID_REPAYMENT, "VOIDED", id=a)["argument"] == "repaymentId"

    history = [e["node"] for e in gql(client, HISTORY, id="H1")["householdHistory"]["edges"]]
    moments = [(e["action"], e["date"], e["reason"], (e["repayment"] or {}).get("id")) for e in history]
    # Both voided today: the same instant, in the order of their keys (the random ids).
    assert sorted(moments[:2]) == sorted([("VOIDED", today, "重复录入", a), ("VOIDED", today, "重复录入", b)])
    assert moments[2:] == [
        ("REPAID", "2024-06-01", None, b),
        ("REPAID", "2024-05-01", None, a),
        ("ISSUED", "2024-03-01", None, None),
    ]
    assert all(e["repayment"]["voidedOn"] == today for e in history if e["repayment"])


def test_a_township_officer_voids_only_inside_its_township(db, client, settings):
    _county(db)
    loan_id = gql(client, LOAN, household="H3", amount=20000.0)["recordLoan"]["id"]  # in township T2
    repayment = gql(client, REPAY, id=loan_id, amount=100.0, date="2024-04-01")["recordRepayment"]
    client.headers["authorization"] = bearer(settings, Role.TOWNSHIP_OFFICER, T1)
    assert rejected(client, db, VOID_LOAN, "NOT_FOUND", id=loan_id)["argument"] == "loanId"
    repayment_id = repayment["repayments"][0]["id"]
    assert rejected(client, db, VOID_REPAYMENT, "NOT_FOUND", id=repayment_id)["argument"] == "repaymentId"
    client.headers["authorization"] = bearer(settings, Role.TOWNSHIP_OFFICER, T2)
    voided = gql(client, VOID_LOAN, id=loan_id)["voidLoan"]
    assert voided["voidedBy"] == "test:TOWNSHIP_OFFICER"
