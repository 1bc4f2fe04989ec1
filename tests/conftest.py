"""Tests run against a real Neo4j: the managed server of a throw-away FUPIN_HOME (or NEO4J_URI).

Community Edition has one user database, so tests are isolated by emptying it before each test
that asks for `db`; the suite runs serially.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from core.principal import Role
from core.settings import Settings, load_settings
from fupin import auth
from fupin.asgi import create_app
from graph import derived, server
from graph.connection import Target, sync_driver, target
from graph.load import load
from graph.load.result import LoadResult
from graph.migrate import migrate, reference
from seeds.generate import generate
from seeds.manifest import Manifest


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    base = load_settings()
    given = os.environ.get("FUPIN_TEST_HOME")
    # `make test` runs two pytest workers (pytest-xdist), each with a Neo4j of its own.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    home = Path(given) / worker if given else tmp_path_factory.mktemp("fupin-home")
    # Small memory: the test server may run beside a developer's server and a benchmark.
    neo4j = dataclasses.replace(base.neo4j, heap="1g", pagecache="512m", port=None)
    # No timed assertions: a slow request (the first plan of the dashboard's statements takes tens
    # of seconds on a busy machine) is not a failure here; tests of the limits set their own.
    security = dataclasses.replace(base.security, request_timeout=600.0, transaction_timeout=600.0)
    s = dataclasses.replace(base, home=home, neo4j=neo4j, security=security)
    yield s
    if not s.neo4j.uri and not os.environ.get("FUPIN_TEST_HOME"):
        server.stop(s)


@pytest.fixture(scope="session")
def neo4j_target(settings: Settings) -> Target:
    return target(settings, start=True)


@pytest.fixture(scope="session")
def driver(neo4j_target: Target, settings: Settings) -> Iterator[Driver]:
    with sync_driver(neo4j_target) as d:
        migrate(d, neo4j_target.database, settings.county_code, settings.county_name)
        yield d


def reset(driver: Driver, neo4j_target: Target, settings: Settings) -> None:
    """Empty the database but for the reference nodes (county, cards, policies)."""
    with driver.session(database=neo4j_target.database) as session:
        # Implicit transaction: CALL … IN TRANSACTIONS cannot run inside an explicit one.
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    reference(driver, neo4j_target.database, settings.county_code, settings.county_name)


def seed_county(
    driver: Driver,
    neo4j_target: Target,
    settings: Settings,
    out: Path,
    households: int,
    seed: int,
    as_of: dt.date,
    leave_out: frozenset[str] = frozenset(),
) -> tuple[Manifest, LoadResult]:
    """A generated county (seeds.generate) alone in the database, loaded as `fupin load` does; the
    rosters named in `leave_out` are not loaded."""
    reset(driver, neo4j_target, settings)
    manifest = generate(households, seed, out, "csv", as_of)
    rosters = sorted(path for path in out.glob("*.csv") if path.name not in leave_out)
    result = load(rosters, driver, neo4j_target.database, progress=False, today=as_of)
    assert result.exit_status == 0, [e.message for e in result.errors[:5]]
    return manifest, result


@pytest.fixture
def db(driver: Driver, neo4j_target: Target, settings: Settings) -> Iterator[Driver]:
    """An empty database holding only the reference nodes (county, cards, policies). Afterwards,
    whatever the test wrote (rosters, mutations, builders) must have left every person's derived
    labels true to its properties (graph/derived.py)."""
    reset(driver, neo4j_target, settings)
    yield driver
    assert derived.stale(driver, neo4j_target.database) == 0, "people with stale derived labels"


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, neo4j_target: Target, tmp_path: Path) -> None:
    """The environment `fupin` commands (fupin.cli.main) read, naming the test database."""
    monkeypatch.setenv("NEO4J_URI", neo4j_target.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_target.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_target.database)
    monkeypatch.setenv("FUPIN_HOME", str(tmp_path / "home"))


def bearer(settings: Settings, role: Role, scope: str | None = None, ttl_seconds: int = 3600) -> str:
    """An `Authorization` value for `role`, signed with the test home's key (fupin token's way)."""
    ttl = dt.timedelta(seconds=ttl_seconds)
    token = auth.mint(auth.keys(settings), role, scope, ttl, f"test:{role.value}")
    return f"Bearer {token}"


def roomy(settings: Settings) -> Settings:
    """`settings` with the document limits raised, for tests that walk deep on purpose (the reach's
    crawl): what they check is what comes back, not the limits (tests/test_limits.py)."""
    security = dataclasses.replace(settings.security, max_cost=10**9, max_fields=10_000)
    return dataclasses.replace(settings, security=security)


@pytest.fixture
def roomy_client(settings: Settings, neo4j_target: Target) -> Iterator[TestClient]:
    """`client` with the document limits raised (`roomy`)."""
    headers = {"authorization": bearer(settings, Role.COUNTY_ADMIN)}
    with TestClient(create_app(roomy(settings), neo4j_target), headers=headers) as c:
        yield c


@pytest.fixture
def client(settings: Settings, neo4j_target: Target) -> Iterator[TestClient]:
    """The API as the county office (COUNTY_ADMIN) calls it; tests of other roles pass their own header."""
    headers = {"authorization": bearer(settings, Role.COUNTY_ADMIN)}
    with TestClient(create_app(settings, neo4j_target), headers=headers) as c:
        yield c


def gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    """POST a query; fail the test on any GraphQL error."""
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def gql_errors(client: TestClient, query: str, **variables: Any) -> list[dict[str, Any]]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    assert body.get("errors"), body
    return body["errors"]
