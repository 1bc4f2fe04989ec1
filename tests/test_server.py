"""`fupin neo4j start | stop | status` and the API's behaviour while Neo4j is down.

Uses its own FUPIN_HOME, so stopping this server never disturbs the suite's shared one.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from core.principal import Role
from fupin.asgi import create_app
from graph import server
from graph.connection import target
from tests.conftest import bearer

pytestmark = pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="managed server only")


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FUPIN_HOME": str(home), "FUPIN_NEO4J_HEAP": "512m", "FUPIN_NEO4J_PAGECACHE": "128m"}
    return subprocess.run(
        [sys.executable, "-m", "fupin.cli", *args], env=env, capture_output=True, text=True, check=False
    )


def servers_in(home: Path) -> int:
    out = subprocess.run(["pgrep", "-f", "--", f"--home-dir={home}/neo4j"], capture_output=True, text=True)
    return len(out.stdout.split())


def test_start_twice_status_stop(tmp_path):
    """Starting twice leaves one server, `status` names its URI, `stop` stops it. Its stored password
    starts with '-': neo4j-admin is given it after '--', not as an option, and the server answers
    with it (one server start serves both checks: each start of a JVM costs the suite seconds)."""
    home = tmp_path / "home"
    password = home / "neo4j" / "password"
    password.parent.mkdir(parents=True)
    password.write_text("-starts-with-a-dash")
    try:
        first = cli(home, "neo4j", "start")
        assert first.returncode == 0, first.stderr
        pid = (home / "neo4j" / "neo4j.pid").read_text()
        second = cli(home, "neo4j", "start")
        assert second.returncode == 0, second.stderr
        assert (home / "neo4j" / "neo4j.pid").read_text() == pid
        assert servers_in(home) == 1

        assert password.stat().st_mode & 0o777 == 0o600
        status = cli(home, "neo4j", "status")
        port = (home / "neo4j" / "port").read_text()
        assert status.returncode == 0 and status.stdout.strip() == f"bolt://127.0.0.1:{port}"
        assert server.bolt_answers(status.stdout.strip(), "-starts-with-a-dash")
    finally:
        stop = cli(home, "neo4j", "stop")
    assert stop.returncode == 0
    assert servers_in(home) == 0
    stopped = cli(home, "neo4j", "status")
    assert stopped.returncode != 0
    assert "not running" in stopped.stdout


def _healthy(client: TestClient, within: float = 60.0) -> bool:
    """/healthz answers 200 within `within` seconds: a server just started on a busy machine may
    take longer than the health check's own 5 s to answer its first query."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if client.get("/healthz").status_code == 200:
            return True
        time.sleep(0.5)
    return False


def test_api_reports_neo4j_down_and_recovers(tmp_path, settings):
    own = dataclasses.replace(
        settings,
        home=tmp_path / "home",
        neo4j=dataclasses.replace(settings.neo4j, heap="512m", pagecache="128m"),
    )
    t = target(own, start=True)
    try:
        headers = {"authorization": bearer(own, Role.COUNTY_ADMIN)}
        with TestClient(create_app(own, t), headers=headers) as client:
            assert _healthy(client)
            query = {"query": "{ households { totalCount } }"}
            assert "errors" not in client.post("/graphql", json=query).json()

            server.stop(own)
            health = client.get("/healthz")
            assert health.status_code == 503
            assert "does not answer" in health.json()["reason"]
            body = client.post("/graphql", json=query).json()
            assert body["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
            assert "Traceback" not in str(body)

            server.start(own)  # same home, same port: the app's pool reconnects by itself
            assert _healthy(client)
            assert "errors" not in client.post("/graphql", json=query).json()
    finally:
        server.stop(own)


def test_the_managed_server_asks_for_no_read_timeout(neo4j_target):
    """graph/server.py sets keep-alive NOOPs to STREAMING, so the server sends no
    `connection.recv_timeout_seconds` hint and the async driver reads its socket without a task
    and a timer per read (bench/README.md, "Fixed cost"). Reads the driver's pooled connections."""
    import asyncio

    from graph.connection import async_driver

    async def hints() -> list[dict[str, object]]:
        driver = async_driver(neo4j_target)
        try:
            await driver.execute_query("RETURN 1", database_=neo4j_target.database)
            pooled = [c for cs in driver._pool.connections.values() for c in cs]  # type: ignore[attr-defined]
            return [dict(c.connection_hints, readTimeout=c.socket.get_read_timeout()) for c in pooled]
        finally:
            await driver.close()

    found = asyncio.run(hints())
    assert found, "no pooled connection to inspect"
    for hint in found:
        assert "connection.recv_timeout_seconds" not in hint
        assert hint["readTimeout"] is None
