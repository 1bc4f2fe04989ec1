"""A process holds a bounded number of GraphQL requests (fupin/overload.py): beyond them it answers
503 with Retry-After at once, and /healthz never waits behind them. `fupin serve` with
FUPIN_PROCESSES=2 forks two API processes on one port (fupin/serving.py), which the managed Neo4j
of the home serves (started once) and which stop with their parent."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from starlette.routing import Route
from starlette.testclient import TestClient

from core.principal import Role
from core.settings import Serving
from fupin.asgi import Edge, create_app
from fupin.overload import Gate
from fupin.refusals import Refusal
from tests.conftest import bearer

QUERY = {"query": "{ policies { totalCount } }"}


def test_the_gate_runs_some_queues_some_and_refuses_the_rest():
    async def scenario() -> tuple[list[str], Refusal]:
        gate = Gate(Serving(max_in_flight=1, max_queued=1, retry_after=2))
        order: list[str] = []
        release = asyncio.Event()

        async def request(name: str) -> None:
            async with gate.admit(name):
                order.append(name)
                await release.wait()

        first = asyncio.create_task(request("first"))
        second = asyncio.create_task(request("second"))
        await asyncio.sleep(0.01)
        assert (order, gate.held) == (["first"], 2)  # the second waits for the slot
        try:
            async with gate.admit("third"):
                raise AssertionError("a third request is admitted")
        except Refusal as refusal:
            refused = refusal
        release.set()
        await asyncio.gather(first, second)
        assert gate.held == 0
        return order, refused

    order, refused = asyncio.run(scenario())
    assert order == ["first", "second"]
    assert (refused.status_code, refused.code, refused.headers) == (503, "OVERLOADED", {"retry-after": "2"})


def test_a_full_process_answers_503_and_healthz_still_answers(settings, neo4j_target):
    headers = {"authorization": bearer(settings, Role.COUNTY_ADMIN)}
    app = create_app(settings, neo4j_target)
    edge = next(r.app for r in app.routes if isinstance(r, Route) and r.path == "/graphql")
    assert isinstance(edge, Edge)
    with TestClient(app, headers=headers) as client:
        assert "errors" not in client.post("/graphql", json=QUERY).json()
        edge.gate.held = edge.gate.capacity  # every place taken
        busy = client.post("/graphql", json=QUERY)
        assert busy.status_code == 503
        assert busy.headers["retry-after"] == str(settings.serving.retry_after)
        assert busy.json()["errors"][0]["extensions"]["code"] == "OVERLOADED"
        assert client.get("/healthz").status_code == 200
        edge.gate.held = 0
        assert "errors" not in client.post("/graphql", json=QUERY).json()


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    found: list[int] = []
    for task in tasks.iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def test_serve_forks_its_processes_on_one_port(settings, neo4j_target, tmp_path):
    from bench.common import free_port

    port = free_port()
    env = {
        **os.environ,
        "FUPIN_HOME": str(settings.home),
        "NEO4J_URI": neo4j_target.uri,
        "NEO4J_PASSWORD": neo4j_target.password,
        "NEO4J_DATABASE": neo4j_target.database,
        "FUPIN_PROCESSES": "2",
        "FUPIN_WARM_PLANS": "0",  # only the API processes are its children
    }
    log = (tmp_path / "serve.log").open("wb")
    command = [sys.executable, "-m", "fupin.cli", "serve", "--no-demo", "--host", "127.0.0.1"]
    parent = subprocess.Popen([*command, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    headers = {"authorization": bearer(settings, Role.COUNTY_ADMIN)}
    try:
        deadline = time.monotonic() + 120
        while True:
            assert parent.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
        children = _children(parent.pid)
        assert len(children) == 2
        with httpx.Client(base_url=base, headers=headers) as client:
            for _ in range(6):
                assert "errors" not in client.post("/graphql", json=QUERY).json()
        # One that dies is replaced; the managed Neo4j is not started again (NEO4J_URI: none here).
        os.kill(children[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while len(_children(parent.pid)) < 2 or children[0] in _children(parent.pid):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert "starting another" in (tmp_path / "serve.log").read_text()
    finally:
        parent.send_signal(signal.SIGTERM)
        parent.wait(timeout=120)
        log.close()
    assert parent.returncode == 0
    assert not Path(f"/proc/{children[1]}").exists()  # stopped with its parent
