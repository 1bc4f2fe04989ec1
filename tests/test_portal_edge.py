"""What a portal meets at the edge: automatic persisted queries shared by every server process on a
home, CORS for its development origins and Apollo's headers, GraphiQL's page and the dashboard from
the package's own files, and a request that reaches GraphQL without the edge refused, not a 500."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from core.principal import Role
from core.settings import load_settings
from fupin import persisted
from fupin.api import make_schema
from fupin.asgi import STATIC, GraphQLApp, create_app
from tests.conftest import bearer

QUERY = "{ policies { totalCount } }"
HASH = hashlib.sha256(QUERY.encode()).hexdigest()
APQ = {"persistedQuery": {"version": 1, "sha256Hash": HASH}}


@pytest.fixture
def home(settings, tmp_path) -> Iterator:
    """Settings with a home of this test's own (an empty query store)."""
    yield dataclasses.replace(settings, home=tmp_path)


def _client(settings, target) -> TestClient:
    return TestClient(
        create_app(settings, target), headers={"authorization": bearer(settings, Role.COUNTY_ADMIN)}
    )


def test_a_hash_unknown_then_registered_then_run_by_another_process(home, neo4j_target, db):
    with _client(home, neo4j_target) as first:
        missing = first.post("/graphql", json={"extensions": APQ}).json()
        assert missing["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        registered = first.post("/graphql", json={"query": QUERY, "extensions": APQ}).json()
        assert registered == {"data": {"policies": {"totalCount": 10}}}
    assert (home.home / "persisted-queries" / f"{HASH}.graphql").read_text() == QUERY
    # A second app on the same home (another `fupin serve` process) knows it, by POST and by GET.
    with _client(home, neo4j_target) as second:
        assert second.post("/graphql", json={"extensions": APQ}).json() == registered
        asked = second.get("/graphql", params={"extensions": json.dumps(APQ)})
        assert asked.json() == registered


def test_a_wrong_hash_or_version_is_a_400_and_nothing_is_stored(home, neo4j_target, db):
    with _client(home, neo4j_target) as client:
        wrong = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
        response = client.post("/graphql", json={"query": QUERY, "extensions": wrong})
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
        assert "不符" in response.json()["errors"][0]["message"]
        for bad in ({"version": 2, "sha256Hash": HASH}, {"version": 1, "sha256Hash": "../x"}):
            response = client.post("/graphql", json={"query": QUERY, "extensions": {"persistedQuery": bad}})
            assert response.status_code == 400, bad
    assert not list((home.home).glob("persisted-queries/*.graphql"))


def test_persisted_queries_off(home, neo4j_target, db):
    off = dataclasses.replace(home, persisted_queries=False)
    with _client(off, neo4j_target) as client:
        body = client.post("/graphql", json={"extensions": APQ}).json()
        assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"
        assert client.post("/graphql", json={"query": QUERY}).json()["data"] == {
            "policies": {"totalCount": 10}
        }


def test_the_store_keeps_no_more_than_its_limit(tmp_path: Path):
    store = persisted.Store(tmp_path, limit=2)
    texts = ["{ a }", "{ b }", "{ c }"]
    for text in texts:
        store.put(hashlib.sha256(text.encode()).hexdigest(), text)
    assert len(list(tmp_path.glob("*.graphql"))) == 2
    assert not list(tmp_path.glob("*.tmp"))


def test_cors_allows_the_development_origins_and_apollo_headers(settings, neo4j_target, monkeypatch):
    monkeypatch.delenv("FUPIN_CORS_ORIGINS", raising=False)
    monkeypatch.delenv("FUPIN_CORS_HEADERS", raising=False)
    monkeypatch.setenv("FUPIN_ENV", "development")
    development = load_settings()
    assert {"http://localhost:3000", "http://localhost:5173"} <= set(development.cors_origins)
    monkeypatch.setenv("FUPIN_ENV", "production")
    assert load_settings().cors_origins == ()
    assert "apollographql-client-name" not in load_settings().cors_headers
    monkeypatch.setenv("FUPIN_CORS_ORIGINS", "https://portal.example.cn")
    assert load_settings().cors_origins == ("https://portal.example.cn",)
    served = dataclasses.replace(
        settings, cors_origins=development.cors_origins, cors_headers=development.cors_headers
    )
    with TestClient(create_app(served, neo4j_target)) as client:
        for origin in ("http://localhost:5173", "http://localhost:3000"):
            preflight = client.options(
                "/graphql",
                headers={
                    "origin": origin,
                    "access-control-request-method": "POST",
                    "access-control-request-headers": "authorization,content-type,apollographql-client-name,"
                    "apollographql-client-version",
                },
            )
            assert preflight.status_code == 200, preflight.text
            assert preflight.headers["access-control-allow-origin"] == origin
        refused = client.options(
            "/graphql",
            headers={"origin": "http://evil.example", "access-control-request-method": "POST"},
        )
        assert refused.status_code == 400


def test_graphiql_and_the_dashboard_are_the_packages_files(settings, neo4j_target):
    with TestClient(create_app(settings, neo4j_target)) as client:
        page = client.get("/graphql", headers={"accept": "text/html"}).text
        assert "/static/vendor/graphiql.min.js" in page and "http" not in page.replace("http-equiv", "")
        for path in ["vendor/graphiql.min.js", "vendor/react.production.min.js", "graphiql/start.js",
                     "dashboard/app.js"]:  # fmt: skip
            response = client.get(f"/static/{path}")
            assert response.status_code == 200 and response.content == (STATIC / path).read_bytes()
        dashboard = client.get("/")
        assert dashboard.status_code == 200 and "扶贫工作看板" in dashboard.text
    off = dataclasses.replace(
        settings, dashboard=False, security=dataclasses.replace(settings.security, graphiql=False)
    )
    with TestClient(create_app(off, neo4j_target)) as client:
        assert client.get("/").status_code == 404
        assert client.get("/static/dashboard/app.js").status_code == 404


def test_graphql_without_the_edge_is_refused_not_a_500(settings, neo4j_target):
    """The browser's 500 (a request reaching GraphQL with no verified caller in its scope): the
    GraphQL app answers 401 itself rather than failing on the missing caller."""
    app = GraphQLApp(make_schema(settings), settings, {})
    client = TestClient(app, raise_server_exceptions=True)  # no lifespan: the app is bare
    for method in ("GET", "POST"):
        response = client.request(method, "/graphql", headers={"accept": "text/html"}, json={"query": QUERY})
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
