"""What reaches /graphql fails closed. Malformed requests get a 400 (or the
GraphQL error shape) with a JSON error and `extensions.code`, never a 500 or a traceback in the
log; GraphiQL's page needs no token but every query does; bodies, request heads and tokens are
bounded; a request and each of its Neo4j transactions have a time limit; production turns
introspection and GraphiQL off by default."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import logging
import socket
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from graphql import GraphQLError
from neo4j.exceptions import ClientError
from starlette.testclient import TestClient

from core.principal import Role
from core.settings import Security, load_settings
from fupin import auth
from fupin.api import HandleErrors
from fupin.asgi import create_app
from graph.connection import async_driver
from tests.browser import live_server
from tests.conftest import bearer

QUERY = "{ policies { totalCount } }"
BY_ID = "query($id: ID!) { household(id: $id) { id } }"


@pytest.fixture
def anonymous(settings, neo4j_target) -> Iterator[TestClient]:
    with TestClient(create_app(settings, neo4j_target)) as c:
        yield c


def _untroubled(caplog: pytest.LogCaptureFixture) -> None:
    """Bad input is the caller's mistake: nothing logged as an error, no traceback."""
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], caplog.text


def _refused(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert "data" not in body or body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == code
    return str(error["message"])


def _post(client: TestClient, content: bytes | str, **headers: str) -> Any:
    return client.post("/graphql", content=content, headers={"content-type": "application/json", **headers})


@pytest.mark.parametrize(
    "content",
    [
        b"123",
        b"true",
        b'"x"',
        b"null",
        b"[]",
        b"{",
        b"\xff\xfe",
        b'{"query": "' + QUERY.encode() + b'", "x": NaN}',
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_400(client, content, caplog):
    message = _refused(_post(client, content), 400, "BAD_REQUEST")
    assert "JSON" in message or "UTF-8" in message
    _untroubled(caplog)


def test_variables_nested_50000_deep_are_a_400(client, caplog):
    nested = "[" * 50_000 + "]" * 50_000
    content = f'{{"query": "{QUERY}", "variables": {{"a": {nested}}}}}'
    assert "嵌套过深" in _refused(_post(client, content), 400, "BAD_REQUEST")
    _untroubled(caplog)


def test_a_lone_surrogate_is_refused_and_a_pair_is_a_character(client, db, caplog):
    lone = json.dumps({"query": BY_ID, "variables": {"id": "\ud800"}})  # ensure_ascii: "\\ud800"
    assert "\\ud800" in _refused(_post(client, lone), 400, "BAD_REQUEST")
    pair = json.dumps({"query": BY_ID, "variables": {"id": "H\U0001f600"}})  # "\\ud83d\\ude00"
    assert _post(client, pair).json() == {"data": {"household": None}}
    _untroubled(caplog)


def test_graphql_core_errors_carry_a_code_and_chinese(client, caplog):
    cases = {
        "{ policies { ": ("GRAPHQL_PARSE_FAILED", "查询语句无法解析"),
        "{ nope }": ("GRAPHQL_VALIDATION_FAILED", "查询语句或其变量无效"),
        "{ ...Nope }": ("GRAPHQL_VALIDATION_FAILED", "未定义的片段 Nope"),
    }
    for query, (code, chinese) in cases.items():
        body = client.post("/graphql", json={"query": query}).json()
        [error] = body["errors"]
        assert error["extensions"]["code"] == code and chinese in error["message"], (query, error)
    wrong_type = client.post("/graphql", json={"query": BY_ID, "variables": {"id": {"a": 5}}}).json()
    assert wrong_type["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    _untroubled(caplog)


def test_requests_strawberry_cannot_read_get_a_json_400(client, caplog):
    no_query = client.post("/graphql", json={"variables": {}})
    assert "No GraphQL query" in _refused(no_query, 400, "BAD_REQUEST")
    _refused(client.get("/graphql", params={"query": "mutation { x }"}), 400, "BAD_REQUEST")
    _refused(client.post("/graphql", content=b"query=1"), 400, "BAD_REQUEST")
    _refused(client.post("/graphql", json={"query": QUERY, "operationName": 5}), 400, "BAD_REQUEST")
    _refused(client.put("/graphql", json={"query": QUERY}), 405, "METHOD_NOT_ALLOWED")
    _untroubled(caplog)


def test_graphiql_is_served_without_a_token_but_no_query_is(anonymous, settings, db, caplog):
    page = anonymous.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    for accept in ["text/html", "*/*", "application/json"]:
        asked = anonymous.get("/graphql", params={"query": QUERY}, headers={"accept": accept})
        _refused(asked, 401, "UNAUTHENTICATED")
        posted = anonymous.post("/graphql", json={"query": QUERY}, headers={"accept": accept})
        _refused(posted, 401, "UNAUTHENTICATED")
    # With a token the same GET runs the query: the 401 above was the token's, not the method's.
    token = {"accept": "text/html", "authorization": bearer(settings, Role.COUNTY_ADMIN)}
    answered = anonymous.get("/graphql", params={"query": QUERY}, headers=token)
    assert answered.json() == {"data": {"policies": {"totalCount": 10}}}
    _untroubled(caplog)


def test_production_defaults(monkeypatch):
    for name in ["FUPIN_INTROSPECTION", "FUPIN_GRAPHIQL"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FUPIN_ENV", "production")
    assert (load_settings().security.introspection, load_settings().security.graphiql) == (False, False)
    assert (Security().introspection, Security().graphiql) == (False, False)
    monkeypatch.setenv("FUPIN_GRAPHIQL", "on")
    monkeypatch.setenv("FUPIN_INTROSPECTION", "on")
    assert (load_settings().security.introspection, load_settings().security.graphiql) == (True, True)
    monkeypatch.setenv("FUPIN_ENV", "development")
    monkeypatch.delenv("FUPIN_INTROSPECTION")
    monkeypatch.delenv("FUPIN_GRAPHIQL")
    assert (load_settings().security.introspection, load_settings().security.graphiql) == (True, True)


def test_production_has_no_introspection_and_no_page(settings, neo4j_target, caplog):
    security = dataclasses.replace(Security(), jwt_secret="a-production-secret-of-at-least-32-chars")
    production = dataclasses.replace(settings, environment="production", security=security)
    token = "Bearer " + auth.mint(auth.keys(production), Role.COUNTY_ADMIN, None, dt.timedelta(minutes=5))
    with TestClient(create_app(production, neo4j_target)) as c:
        _refused(c.get("/graphql", headers={"accept": "text/html"}), 401, "UNAUTHENTICATED")
        body = c.post(
            "/graphql", json={"query": "{ __schema { types { name } } }"}, headers={"authorization": token}
        )
        assert body.json()["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"
    enabled = dataclasses.replace(production, security=dataclasses.replace(security, graphiql=True))
    with TestClient(create_app(enabled, neo4j_target)) as c:
        assert c.get("/graphql", headers={"accept": "text/html"}).status_code == 200
    _untroubled(caplog)


def test_a_body_over_the_limit_is_a_413(client, settings):
    limit = settings.security.max_body_bytes
    padded = json.dumps({"query": QUERY, "pad": "x" * limit}).encode()
    _refused(_post(client, padded), 413, "PAYLOAD_TOO_LARGE")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for start in range(0, len(padded), 65_536):
            yield padded[start : start + 65_536]

    _refused(
        client.post("/graphql", content=chunks(), headers={"content-type": "application/json"}),
        413,
        "PAYLOAD_TOO_LARGE",
    )


def _padded_token(keys: auth.Keys, pad: int) -> str:
    now = dt.datetime.now(dt.UTC)
    claims = {"sub": "x", "role": "COUNTY_ADMIN", "aud": "fupin", "iss": "fupin",
              "exp": now + dt.timedelta(hours=1), "pad": "x" * pad}  # fmt: skip
    return "Bearer " + jwt.encode(claims, keys.sign, algorithm=keys.algorithm)


def test_a_token_over_the_limit_is_refused_and_not_kept(anonymous, settings, db):
    keys = auth.keys(settings)
    big = _padded_token(keys, 2_000_000)  # correctly signed: only its size is wrong
    verify = auth.Verifier(keys)
    with pytest.raises(auth.Refused):
        verify(big)
    assert not verify._accepted
    assert verify(_padded_token(keys, 10)).role is Role.COUNTY_ADMIN
    _refused(
        anonymous.post("/graphql", json={"query": QUERY}, headers={"authorization": big}),
        401,
        "UNAUTHENTICATED",
    )


def test_a_request_past_its_time_limit_answers_timeout(settings, neo4j_target, db, caplog):
    quick = dataclasses.replace(
        settings, security=dataclasses.replace(settings.security, request_timeout=1e-6)
    )
    headers = {"authorization": bearer(settings, Role.COUNTY_ADMIN)}
    with TestClient(create_app(quick, neo4j_target), headers=headers) as c:
        response = c.post("/graphql", json={"query": QUERY})  # waits on Neo4j: past 1 µs
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert response.json()["data"] is None and error["extensions"]["code"] == "TIMEOUT"
    assert "超过" in error["message"]
    assert any("stopped after" in r.getMessage() for r in caplog.records)
    _untroubled(caplog)


# Counts to a billion in Cypher: half a minute or more unless something ends it.
SLOW = "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 8 RETURN count(*) AS n"


def test_the_api_driver_ends_a_transaction_past_its_timeout(neo4j_target):
    async def attempts() -> list[BaseException]:
        driver = async_driver(neo4j_target, transaction_timeout=0.5)
        errors: list[BaseException] = []
        try:
            for run in ("execute_query", "execute_write"):
                try:
                    if run == "execute_query":
                        await driver.execute_query(SLOW, database_=neo4j_target.database)
                    else:
                        async with driver.session(database=neo4j_target.database) as session:
                            await session.execute_write(_count)
                except ClientError as error:
                    errors.append(error)
        finally:
            await driver.close()
        return errors

    errors = asyncio.run(attempts())
    assert len(errors) == 2
    for error in errors:
        assert isinstance(error, ClientError) and "TransactionTimedOut" in (error.code or "")
    # The API answers such an error as TIMEOUT, not as an internal error.
    shown = HandleErrors(development=False, transaction_timeout=0.5).anonymise_error(
        GraphQLError("x", original_error=errors[0])
    )
    assert shown.extensions == {"code": "TIMEOUT", "seconds": 0.5}


async def _count(tx: Any) -> int:
    result = await tx.run(SLOW)
    record = await result.single()
    return int(record["n"])


# The request head: uvicorn with the protocol `fupin serve` uses, in a thread of the test.


@pytest.fixture
def served(settings, neo4j_target) -> Iterator[int]:
    with live_server(create_app(settings, neo4j_target), settings.security.max_header_bytes) as port:
        yield port


def _answer(connection: socket.socket) -> bytes:
    received = b""
    while chunk := connection.recv(65_536):
        received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            ),
            None,
        )
        if length is not None and len(body) >= length:
            break
    return received


def test_a_request_head_over_the_limit_is_refused_before_it_ends(served, settings):
    """The header never ends: the 431 comes once the limit is passed, not after a 64 MB read."""
    limit = settings.security.max_header_bytes
    with socket.create_connection(("127.0.0.1", served), timeout=30) as connection:
        connection.sendall(b"POST /graphql HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ")
        connection.sendall(b"a" * (limit + 1024))  # and no end of line, no end of head
        answer = _answer(connection)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 431")
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "HEADERS_TOO_LARGE"


def test_a_body_in_the_same_read_as_its_head_is_not_taken_for_head(served, settings, db):
    body = json.dumps({"query": QUERY, "pad": "x" * 200_000}).encode()
    head = (
        f"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        f"authorization: {bearer(settings, Role.COUNTY_ADMIN)}\r\ncontent-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", served), timeout=30) as connection:
        connection.sendall(head.encode() + body)  # one write: head and body arrive together
        answer = _answer(connection)
    status, _, rest = answer.partition(b"\r\n")
    assert status == b"HTTP/1.1 200 OK"
    assert json.loads(rest.partition(b"\r\n\r\n")[2]) == {"data": {"policies": {"totalCount": 10}}}
