"""`compareDepartmentFile`: a department's list uploaded as a GraphQL multipart request (operations,
map and the file as form fields) and compared as `fupin compare` compares it.

The register and the 医保 list of tests/test_compare_suspects.py: by construction the list raises
two MEDICAL_INSURANCE suspects (张一 not insured, 李三 insured) and sets one row of another county
aside."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import httpx
from neo4j import Driver
from starlette.testclient import TestClient

from core.principal import Role
from core.settings import Settings
from fupin.asgi import create_app
from graph.connection import Target
from tests.changes import events
from tests.conftest import bearer
from tests.test_compare_suspects import DAY, listed  # noqa: F401 — a fixture

UPLOAD = """mutation($department: String!, $file: Upload!) {
  compareDepartmentFile(department: $department, file: $file) {
    id department roster file asOf rows rejected otherCounty suspects created again
    kinds { kind rule count } errors { row column reason }
  }
}"""


def upload(client: TestClient, department: str, name: str, content: bytes) -> httpx.Response:
    """The GraphQL multipart request spec: `operations` (the variables' file null), `map` (which
    form field fills which variable) and the file."""
    operations = {"query": UPLOAD, "variables": {"department": department, "file": None}}
    return client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, content, "application/octet-stream")},
    )


def answer(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error(response: httpx.Response) -> dict[str, Any]:
    errors = answer(response).get("errors")
    assert errors, response.text
    found: dict[str, Any] = errors[0]
    return found


def test_a_department_uploads_its_own_list_and_a_rerun_creates_nothing(
    listed: Path,  # noqa: F811 — the fixture imported above
    db: Driver,
    client: TestClient,
    settings: Settings,
) -> None:
    content = listed.read_bytes()
    client.headers["authorization"] = bearer(settings, Role.DEPARTMENT, "县医疗保障局")
    done = answer(upload(client, "医保", "医保.csv", content))["data"]["compareDepartmentFile"]
    assert {k: v for k, v in done.items() if k != "id"} == {
        "department": "医保",
        "roster": "医保参保名单",
        "file": "医保.csv",
        "asOf": DAY.isoformat(),
        "rows": 3,
        "rejected": 0,
        "otherCounty": 1,
        "suspects": 2,
        "created": 2,
        "again": 0,
        "kinds": [{"kind": "MEDICAL_INSURANCE", "rule": "P3", "count": 2}],
        "errors": [],
    }
    again = answer(upload(client, "医保", "医保.csv", content))["data"]["compareDepartmentFile"]
    assert (again["id"], again["created"], again["again"]) == (done["id"], 0, 2)
    records, _, _ = db.execute_query("MATCH (s:Suspect) RETURN count(s) AS n")
    assert records[0]["n"] == 2
    audited = [e for e in events(db) if e["operation"] == "compare"]
    assert [(e["actor"], e["role"], e["inputs"]["created"]) for e in audited] == [
        ("test:DEPARTMENT", "DEPARTMENT", 2),
        ("test:DEPARTMENT", "DEPARTMENT", 0),
    ]


def test_another_department_an_officer_and_bad_files_are_refused_with_codes(
    listed: Path,  # noqa: F811
    db: Driver,
    client: TestClient,
    settings: Settings,
) -> None:
    content = listed.read_bytes()
    client.headers["authorization"] = bearer(settings, Role.DEPARTMENT, "县民政局")
    refused = error(upload(client, "医保", "医保.csv", content))
    assert refused["extensions"]["code"] == "FORBIDDEN" and "其他部门" in refused["message"]
    client.headers["authorization"] = bearer(settings, Role.TOWNSHIP_OFFICER, "430624101")
    assert error(upload(client, "医保", "医保.csv", content))["extensions"]["code"] == "FORBIDDEN"

    client.headers["authorization"] = bearer(settings, Role.COUNTY_ADMIN)
    unknown = error(upload(client, "税务", "医保.csv", content))
    assert (unknown["extensions"]["code"], unknown["extensions"]["argument"]) == (
        "BAD_USER_INPUT",
        "department",
    )
    kind = error(upload(client, "医保", "医保.txt", content))
    assert kind["extensions"]["code"] == "BAD_FILE" and "不是 .xlsx 或 .csv 文件" in kind["message"]
    undated = error(upload(client, "医保", "无日期.csv", "证件号码,参保类型\n1,基本医保\n".encode()))
    assert undated["extensions"]["code"] == "BAD_FILE" and "名单未注明数据日期" in undated["message"]
    strange = error(upload(client, "医保", "别的.csv", "数据日期：2026-11-30\n甲,乙\n1,2\n".encode()))
    assert strange["extensions"]["code"] == "BAD_FILE" and strange["extensions"]["problem"]
    broken = error(upload(client, "医保", "坏.xlsx", b"PK\x03\x04 not a workbook"))
    assert broken["extensions"]["code"] == "BAD_FILE"
    records, _, _ = db.execute_query("MATCH (n) WHERE n:Suspect OR n:ComparisonRun RETURN count(n) AS n")
    assert records[0]["n"] == 0


def test_an_upload_over_its_limit_is_refused_before_it_is_read(
    listed: Path,  # noqa: F811
    settings: Settings,
    neo4j_target: Target,
) -> None:
    small = dataclasses.replace(
        settings, security=dataclasses.replace(settings.security, max_upload_bytes=400)
    )
    headers = {"authorization": bearer(settings, Role.COUNTY_ADMIN)}
    with TestClient(create_app(small, neo4j_target), headers=headers) as client:
        response = upload(client, "医保", "医保.csv", listed.read_bytes() * 3)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert "上传文件超过 400 字节的上限" in response.json()["errors"][0]["message"]
