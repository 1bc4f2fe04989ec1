"""reportPoverty, verifyPovertyReport, recordDepartmentMeasure (S3, S4)."""

from __future__ import annotations

from typing import Any

from tests import coverage_graphs as g
from tests.changes import events, household, refused, rejected
from tests.conftest import gql

REPORT_FIELDS = """id kind source sourceDepartment cause foundOn verifiedOn
  household { id status card cardHistory { color since until } }
  feedback { department since measure closedOn measureNote }"""

REPORT = f"""mutation($kind: ReportKind!, $id: ID, $new: NewHouseholdInput, $date: Date!,
                     $source: LeadSource! = RETURN_VISIT, $department: String, $cause: String! = "因病") {{
  reportPoverty(kind: $kind, householdId: $id, newHousehold: $new, source: $source,
                sourceDepartment: $department, cause: $cause, date: $date) {{ {REPORT_FIELDS} }}
}}"""

VERIFY = f"""mutation($id: ID!, $date: Date!, $departments: [String!]!) {{
  verifyPovertyReport(reportId: $id, date: $date, departments: $departments) {{ {REPORT_FIELDS} }}
}}"""

MEASURE = f"""mutation($id: ID!, $department: String!, $date: Date!, $measure: String! = "医疗救助") {{
  recordDepartmentMeasure(reportId: $id, department: $department, measure: $measure, date: $date) {{
    {REPORT_FIELDS}
  }}
}}"""

GAPS = "{ coverage { feedbackGaps { totalCount edges { node { departments { name } } } } } }"


def _county(db: Any) -> None:
    g.villages(db)
    household(db, "H1", "GREEN", "2020-01-01", status="OUT", income=9000.0, exitYear=2019)
    household(db, "H2", "RED", "2018-01-01", status="NOT_OUT", income=2000.0)
    db.execute_query("UNWIND ['县卫健局', '县教育局', '县民政局'] AS name MERGE (:Unit {name: name})")


def _reported(client: Any, household_id: str = "H1", date: str = "2025-02-01") -> str:
    report = gql(client, REPORT, kind="RETURNED", id=household_id, date=date)["reportPoverty"]
    return str(report["id"])


def _verified(client: Any, date: str = "2025-03-01") -> str:
    report_id = _reported(client)
    gql(client, VERIFY, id=report_id, date=date, departments=["县卫健局", "县教育局"])
    return report_id


def test_a_returned_household_is_reported_verified_red_and_fed_back(db, client):
    _county(db)
    report = gql(client, REPORT, kind="RETURNED", id="H1", date="2025-02-01")["reportPoverty"]
    assert (report["kind"], report["source"], report["cause"], report["foundOn"], report["verifiedOn"]) == (
        "RETURNED", "回访", "因病", "2025-02-01", None,
    )  # fmt: skip
    assert report["household"]["status"] == "OUT" and report["feedback"] == []
    [event] = events(db)
    assert event["operation"] == "reportPoverty" and event["concerns"] == sorted(["H1", report["id"]])
    assert event["changes"][0]["before"] is None and event["changes"][0]["after"]["kind"] == "RETURNED"

    verified = gql(client, VERIFY, id=report["id"], date="2025-03-01", departments=["县卫健局", "县教育局"])
    verified = verified["verifyPovertyReport"]
    assert verified["verifiedOn"] == "2025-03-01"
    assert (verified["household"]["status"], verified["household"]["card"]) == ("RETURNED", "RED")
    assert verified["household"]["cardHistory"] == [
        {"color": "GREEN", "since": "2020-01-01", "until": "2025-03-01"},
        {"color": "RED", "since": "2025-03-01", "until": None},
    ]
    assert sorted(f["department"] for f in verified["feedback"]) == ["县卫健局", "县教育局"]
    assert all(f["since"] == "2025-03-01" and f["measure"] is False for f in verified["feedback"])
    event = events(db)[1]
    assert event["operation"] == "verifyPovertyReport"
    assert event["concerns"] == sorted(["H1", report["id"], "县卫健局", "县教育局"])
    entities = [c["entity"] for c in event["changes"]]
    assert entities == ["PovertyReport", "Household", "HAS_CARD", "HAS_CARD", "FEEDBACK_TO", "FEEDBACK_TO"]
    assert (
        event["changes"][1]["before"]["status"] == "OUT"
        and event["changes"][1]["after"]["status"] == "RETURNED"
    )
    gaps = gql(client, GAPS)["coverage"]["feedbackGaps"]
    assert gaps["totalCount"] == 1

    closed = gql(client, MEASURE, id=report["id"], department="县卫健局", date="2025-03-10")
    feedback = {f["department"]: f for f in closed["recordDepartmentMeasure"]["feedback"]}
    assert feedback["县卫健局"] == {
        "department": "县卫健局", "since": "2025-03-01", "measure": True, "closedOn": "2025-03-10",
        "measureNote": "医疗救助",
    }  # fmt: skip
    assert feedback["县教育局"]["measure"] is False
    event = events(db)[2]
    assert event["operation"] == "recordDepartmentMeasure"
    assert event["concerns"] == sorted([report["id"], "县卫健局"])
    [change] = event["changes"]
    assert (change["before"]["measure"], change["after"]["measure"]) == (False, True)
    gaps = gql(client, GAPS)["coverage"]["feedbackGaps"]
    assert gaps["edges"][0]["node"]["departments"] == [{"name": "县教育局"}]


def test_a_new_household_is_registered_when_verified(db, client):
    _county(db)
    new = {"id": "H9", "villageCode": "430624101202", "headName": "孙九", "size": 3, "income": 2100.0}
    report = gql(client, REPORT, kind="NEW", new=new, date="2025-02-01", cause="因灾")["reportPoverty"]
    assert report["household"] is None
    assert db.execute_query("MATCH (h:Household {id: 'H9'}) RETURN h")[0] == []
    [event] = events(db)
    assert event["concerns"] == sorted([report["id"], "430624101202"])
    assert event["inputs"]["newHousehold"] == {"hamlet": None, **new}

    verified = gql(client, VERIFY, id=report["id"], date="2025-03-01", departments=["县民政局"])
    household_after = verified["verifyPovertyReport"]["household"]
    assert (household_after["id"], household_after["status"], household_after["card"]) == (
        "H9",
        "NOT_OUT",
        "RED",
    )
    assert household_after["cardHistory"] == [{"color": "RED", "since": "2025-03-01", "until": None}]
    records, _, _ = db.execute_query(
        "MATCH (h:Household {id: 'H9'})-[:IN_VILLAGE]->(v) RETURN h {.*} AS h, v.code AS village"
    )
    h = records[0]["h"]
    assert (records[0]["village"], h["headName"], h["size"], h["mainCause"]) == (
        "430624101202",
        "孙九",
        3,
        "因灾",
    )
    assert h["identifiedOn"].iso_format() == "2025-03-01"
    household_change = events(db)[1]["changes"][1]
    assert household_change["entity"] == "Household" and household_change["before"] is None


def test_a_returned_report_of_a_household_not_out_is_refused(db, client):
    _county(db)
    facts = refused(client, db, REPORT, "S3", kind="RETURNED", id="H2", date="2025-02-01")
    assert (facts["householdId"], facts["status"]) == ("H2", "NOT_OUT")


def test_a_new_report_of_a_registered_household_is_refused(db, client):
    _county(db)
    new = {"id": "H1", "villageCode": "430624101201", "headName": "张三"}
    facts = refused(client, db, REPORT, "S3", kind="NEW", new=new, date="2025-02-01")
    assert facts["householdId"] == "H1"


def test_a_second_pending_report_is_refused(db, client):
    _county(db)
    first = _reported(client)
    facts = refused(client, db, REPORT, "S3", kind="RETURNED", id="H1", date="2025-02-05")
    assert facts["pendingReports"] == [first]


def test_verifying_twice_or_before_the_found_date_is_refused(db, client):
    _county(db)
    report_id = _reported(client, date="2025-02-01")
    facts = refused(client, db, VERIFY, "S3", id=report_id, date="2025-01-31", departments=["县卫健局"])
    assert (facts["foundOn"], facts["date"]) == ("2025-02-01", "2025-01-31")
    gql(client, VERIFY, id=report_id, date="2025-02-01", departments=["县卫健局"])
    facts = refused(client, db, VERIFY, "S3", id=report_id, date="2025-03-01", departments=["县卫健局"])
    assert facts["verifiedOn"] == "2025-02-01"


def test_verifying_without_a_department_or_with_an_unknown_one_is_refused(db, client):
    _county(db)
    report_id = _reported(client)
    facts = refused(client, db, VERIFY, "S4", id=report_id, date="2025-03-01", departments=[])
    assert facts["departments"] == []
    unknown = rejected(
        client, db, VERIFY, "NOT_FOUND", id=report_id, date="2025-03-01", departments=["县卫健局", "无此局"]
    )
    assert unknown["departments"] == ["无此局"]


def test_a_measure_before_verification_is_refused(db, client):
    _county(db)
    report_id = _reported(client)
    facts = refused(client, db, MEASURE, "S4", id=report_id, department="县卫健局", date="2025-03-10")
    assert facts["verifiedOn"] is None


def test_a_measure_of_a_department_not_fed_back_is_refused(db, client):
    _county(db)
    report_id = _verified(client)
    facts = refused(client, db, MEASURE, "S4", id=report_id, department="县民政局", date="2025-03-10")
    assert (facts["department"], facts["departments"]) == ("县民政局", ["县卫健局", "县教育局"])


def test_a_second_measure_or_one_before_the_feedback_is_refused(db, client):
    _county(db)
    report_id = _verified(client, date="2025-03-01")
    facts = refused(client, db, MEASURE, "S4", id=report_id, department="县卫健局", date="2025-02-28")
    assert (facts["since"], facts["date"]) == ("2025-03-01", "2025-02-28")
    gql(client, MEASURE, id=report_id, department="县卫健局", date="2025-03-01")
    facts = refused(client, db, MEASURE, "S4", id=report_id, department="县卫健局", date="2025-03-10")
    assert facts["closedOn"] == "2025-03-01"


def test_bad_report_input_is_refused(db, client):
    _county(db)
    assert (
        rejected(client, db, REPORT, "BAD_USER_INPUT", kind="RETURNED", date="2025-02-01")["argument"]
        == "householdId"
    )
    no_department = rejected(
        client,
        db,
        REPORT,
        "BAD_USER_INPUT",
        kind="RETURNED",
        id="H1",
        date="2025-02-01",
        source="DEPARTMENT_DATA",
    )
    assert no_department["argument"] == "sourceDepartment"
    cause = rejected(
        client, db, REPORT, "BAD_USER_INPUT", kind="RETURNED", id="H1", date="2025-02-01", cause="因懒"
    )
    assert cause["argument"] == "cause"
    assert rejected(client, db, VERIFY, "NOT_FOUND", id="R404", date="2025-03-01", departments=["县卫健局"])
