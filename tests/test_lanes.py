"""Where GraphQL runs (fupin/lanes.py): a query text known to be quick runs on the server's loop with
the server's driver, one not seen yet or last slow on the worker's; the answers are the same."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

import resolvers.common
from core.principal import Role
from core.settings import Settings
from fupin.asgi import create_app
from fupin.lanes import Lanes
from fupin.worker import Worker
from graph import derived
from graph.connection import Target
from tests.conftest import bearer, gql

HOUSEHOLD = "query($id: ID!) { household(id: $id) { id headName members { name } } }"


def test_unknown_and_slow_texts_go_to_the_worker() -> None:
    assert not Lanes(quick=0).quick("{ a }")
    lanes = Lanes(quick=0.010, texts=2)
    assert not lanes.quick("{ a }") and not lanes.quick(None)
    lanes.ran("{ a }", 0.004)
    assert lanes.quick("{ a }")
    lanes.ran("{ a }", 0.200)  # the same text, slow with other variables
    assert not lanes.quick("{ a }")
    lanes.ran("{ b }", 0.001)
    lanes.ran("{ c }", 0.001)  # three texts, room for two: the least recently run is forgotten
    assert not lanes.quick("{ a }") and lanes.quick("{ b }") and lanes.quick("{ c }")


def _client(settings: Settings, target: Target, quick_ms: float) -> TestClient:
    serving = dataclasses.replace(settings.serving, quick_ms=quick_ms)
    app = create_app(dataclasses.replace(settings, serving=serving), target)
    return TestClient(app, headers={"authorization": bearer(settings, Role.COUNTY_ADMIN)})


@pytest.fixture
def unhurried(settings: Settings, neo4j_target: Target) -> Iterator[TestClient]:
    """The API with every text seen once counted quick, however long its first run took."""
    with _client(settings, neo4j_target, quick_ms=600_000) as client:
        yield client


@pytest.fixture
def handovers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts what is handed to the worker's loop."""
    counted: list[int] = []
    original = Worker.run

    async def run(self: Worker, work: Any) -> Any:
        counted.append(1)
        return await original(self, work)

    monkeypatch.setattr(Worker, "run", run)
    return counted


def test_a_quick_text_runs_on_the_servers_loop(db, unhurried: TestClient, handovers: list[int]) -> None:  # type: ignore[no-untyped-def]
    db.execute_query(
        "CREATE (h:Household {id: 'H1', headName: '张三'})<-[:BELONGS_TO]-(:Person {uid: 'p1', name: '张三'})"
    )
    derived.repair(db, "neo4j")
    answers = [gql(unhurried, HOUSEHOLD, id="H1") for _ in range(3)]
    # The first run on the worker's loop; its time known, the next two on the server's, with the
    # server's driver (a driver of the other loop would fail them).
    assert len(handovers) == 1
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["household"] == {"id": "H1", "headName": "张三", "members": [{"name": "张三"}]}
    # A text not seen yet goes to the worker again.
    gql(unhurried, "query($id: ID!) { household(id: $id) { id } }", id="H1")
    assert len(handovers) == 2


def test_no_text_is_quick_at_zero(db, settings: Settings, neo4j_target: Target, handovers: list[int]) -> None:  # type: ignore[no-untyped-def]
    with _client(settings, neo4j_target, quick_ms=0) as client:
        started = len(handovers)  # the worker's driver is made on its loop too
        for _ in range(3):
            gql(client, HOUSEHOLD, id="H1")
        assert len(handovers) - started == 3


@pytest.fixture
def bounded(settings: Settings, neo4j_target: Target) -> Iterator[TestClient]:
    """The API with a bound of 50 ms: a text is quick when its last run took at most that much of
    its loop's CPU. Not the default 10 ms: on a loaded CI machine a plain lookup's run once took
    more than 10 ms of it, and the tests below ask which side of the bound a run falls."""
    with _client(settings, neo4j_target, quick_ms=50) as client:
        yield client


def _delayed(monkeypatch: pytest.MonkeyPatch, delay: Callable[[], Awaitable[None] | None]) -> None:
    """Every household lookup's read preceded by `delay()` (awaited when it returns an awaitable)."""
    original = resolvers.common.by_keys

    async def by_keys(*args: Any, **kwargs: Any) -> Any:
        waited = delay()
        if waited is not None:
            await waited
        return await original(*args, **kwargs)

    monkeypatch.setattr(resolvers.common, "by_keys", by_keys)


def _busy(seconds: float) -> None:
    """Holds the thread's CPU for `seconds` of its CPU time."""
    until = time.thread_time() + seconds
    while time.thread_time() < until:
        pass


def test_a_run_that_waits_long_on_the_database_is_still_quick(  # type: ignore[no-untyped-def]
    db, bounded: TestClient, handovers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    db.execute_query("CREATE (h:Household {id: 'H1', headName: '张三'})")
    _delayed(monkeypatch, lambda: asyncio.sleep(0.1))  # 100 ms waiting, as on a slow statement
    started = len(handovers)
    for _ in range(3):
        began = time.perf_counter()
        assert gql(bounded, HOUSEHOLD, id="H1")["household"]["id"] == "H1"
        assert time.perf_counter() - began > 0.1
    # Waiting holds no loop: only the first run, of a text not seen yet, was handed over.
    assert len(handovers) - started == 1


def test_a_run_that_holds_its_loop_sends_its_text_to_the_worker(  # type: ignore[no-untyped-def]
    db, bounded: TestClient, handovers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    db.execute_query("CREATE (h:Household {id: 'H1', headName: '张三'})")
    started = len(handovers)
    gql(bounded, HOUSEHOLD, id="H1")
    gql(bounded, HOUSEHOLD, id="H1")
    assert len(handovers) - started == 1  # quick once known
    _delayed(monkeypatch, lambda: _busy(0.1))  # 100 ms of CPU on the loop's thread
    gql(bounded, HOUSEHOLD, id="H1")  # on the server's loop, and slow
    gql(bounded, HOUSEHOLD, id="H1")  # so on the worker's
    assert len(handovers) - started == 2
