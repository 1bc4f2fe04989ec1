"""API conventions: UTF-8 JSON as it is, date values refused in Chinese with a code."""

from __future__ import annotations

import json

from fupin.refusals import utf8_json

COVERAGE = "query($d: Date) { coverage(asOf: $d) { scope { asOf } } }"


def test_responses_are_utf8_json_without_escapes(client, db):
    db.execute_query("CREATE (:Township {code: '430624101', name: '东塘镇'})")
    response = client.post("/graphql", json={"query": '{ township(code: "430624101") { name } }'})
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert "东塘镇".encode() in response.content and b"\\u" not in response.content
    assert json.loads(response.content.decode("utf-8")) == {"data": {"township": {"name": "东塘镇"}}}
    # An error too: its Chinese message is sent as it is.
    refused = client.post("/graphql", json={"query": "{ nope }"})
    assert "查询语句".encode() in refused.content and b"\\u" not in refused.content


def test_the_encoder_writes_what_the_standard_library_writes() -> None:
    answer = {"data": {"名": "东塘镇", "n": [1, 2.5, -0.1, None, True], "s": 'a"\\\n\u2028'}, "errors": []}
    compact = json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode()
    assert utf8_json(answer) == compact
    # An integer past 64 bits (a JSON scalar may hold one): written by the standard library.
    assert utf8_json({"big": 2**70}) == b'{"big":1180591620717411303424}'


def test_a_date_that_is_no_day_is_refused_in_chinese_with_a_code(client, db):
    for value, says in [
        ("2020-13-01", "没有这一天"),
        ("2020-02-30", "没有这一天"),
        ("20200101", "YYYY-MM-DD"),
    ]:
        [error] = client.post("/graphql", json={"query": COVERAGE, "variables": {"d": value}}).json()[
            "errors"
        ]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert error["message"].startswith("变量 $d 的值无效：日期无效") and says in error["message"], error
    literal = '{ coverage(asOf: "2019-6-30") { scope { asOf } } }'
    [error] = client.post("/graphql", json={"query": literal}).json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "2019-6-30" in error["message"], error
    assert "Expected" not in error["message"]
    ok = client.post("/graphql", json={"query": COVERAGE, "variables": {"d": "2019-06-30"}}).json()
    assert ok == {"data": {"coverage": {"scope": {"asOf": "2019-06-30"}}}}
