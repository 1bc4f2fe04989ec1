"""Concurrent writes never deadlock: a mix of recordAttendance, recordVisit, pairCadre, endPairing,
reclassifyCard, endStationing/stationMember and resolveVisitProblem from several threads, on a
small generated county, ends with no DeadlockDetected and no transaction the driver had to retry
(graph/changes/locks.py takes every write's locks in one global order)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.testclient import TestClient

from bench.mix import WRITES, Pool
from core.principal import Role
from fupin.asgi import create_app
from graph import derived
from graph.changes import locks
from graph.connection import async_driver
from tests.conftest import bearer
from tests.coverage_graphs_teams import V1, V2, members, team, villages

THREADS = 8
PER_THREAD = 30
TODAY = dt.date.today()

# 24 households in two villages, each RED since 2019 and paired with one of 8 cadres (3 each) since
# 2019; the 8 cadres, and 4 more unpaired, are members of a team stationed in V1 since 2018. A
# dozen escalated visits are open. Small on purpose: the writes meet on the same nodes often.
_COUNTY = """
MATCH (v1:Village {code: $v1}), (v2:Village {code: $v2}), (red:Card {color: 'RED'})
UNWIND range(0, 23) AS i
WITH red, i, 'H' + i AS id, 'c-' + (i % 8) AS uid, CASE WHEN i % 2 = 0 THEN v1 ELSE v2 END AS v
CREATE (h:Household {id: id, headName: '户主' + i, card: 'RED', status: 'NOT_OUT', income: 2000.0,
                     size: 2})-[:IN_VILLAGE]->(v)
CREATE (h)-[:HAS_CARD {since: date('2019-01-01'), reason: '识别'}]->(red)
WITH h, i, uid
MATCH (c:Cadre {uid: uid})
CREATE (c)-[:PAIRED_WITH {since: date('2019-01-01')}]->(h)
FOREACH (_ IN CASE WHEN i < 12 THEN [1] ELSE [] END |
  CREATE (c)-[:MADE]->(:Visit {id: 'x-' + i, date: date('2020-01-0' + (1 + i % 9)), findings: '困难',
                               actions: '上报', escalate: true})-[:TO]->(h))
"""

# What a write of the mix may answer besides success: a refusal by its rule, or a visit of that
# day recorded already. Anything else (a deadlock surfacing, an INTERNAL error) fails the test.
REFUSALS = {"RULE_VIOLATION", "ALREADY_EXISTS", "BAD_USER_INPUT", "NOT_FOUND"}


class Caught(logging.Handler):
    """Every warning of the neo4j driver (a retried transaction is logged there)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def county(db, neo4j_target):
    villages(db)
    members(db, team(db, V1, "县财政局", "COUNTY"), [f"c-{i}" for i in range(12)])
    db.execute_query(_COUNTY, v1=V1, v2=V2)
    derived.repair(db, neo4j_target.database)
    return db


def test_a_concurrent_mix_of_writes_never_deadlocks(county, settings, neo4j_target):
    pool = Pool.look_up(county, neo4j_target.database, TODAY)
    assert pool.households and pool.members, "the generated county has pairings and stationed teams"
    caught = Caught()
    neo4j_log = logging.getLogger("neo4j")
    neo4j_log.addHandler(caught)
    answers: Counter[str] = Counter()
    headers = {"authorization": bearer(settings, Role.COUNTY_ADMIN)}

    def client_run(client: TestClient, seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(PER_THREAD):
            op = pool.draw(rng, WRITES)
            body = client.post("/graphql", json={"query": op.query, "variables": op.variables}).json()
            codes = [e.get("extensions", {}).get("code", "?") for e in body.get("errors") or []]
            answers.update([f"{op.kind}:{code}" for code in codes] or [f"{op.kind}:ok"])
            if not codes:
                pool.learn(op)

    try:
        app = create_app(settings, neo4j_target)
        with TestClient(app, headers=headers) as client, ThreadPoolExecutor(THREADS) as threads:
            for done in [threads.submit(client_run, client, seed) for seed in range(THREADS)]:
                done.result()
    finally:
        neo4j_log.removeHandler(caught)
    retried = [m for m in caught.messages if "retried" in m or "Deadlock" in m]
    assert retried == [], retried[:3]
    unexpected = {k: n for k, n in answers.items() if k.split(":")[1] not in REFUSALS | {"ok"}}
    assert unexpected == {}, answers
    # The mix did write: every kind succeeded at least once but the card (S2 mostly refuses it).
    succeeded = {k.split(":")[0] for k in answers if k.endswith(":ok")}
    assert {"attendance", "visit", "pair", "endPairing", "stationing"} <= succeeded, answers


def test_a_lock_out_of_the_global_order_is_refused(neo4j_target):
    """A change that would lock a household after a cadre, or a cadre after a later one, is a
    programming error: `take` raises before it locks anything."""

    async def work(tx) -> None:
        await locks.take(tx, Household=["H1"], Cadre=["c-1"])
        await locks.take(tx, Cadre=["c-1", "c-2"])  # the one held again, then a later one
        await locks.take(tx, Household=["H1"])  # held already: re-entrant
        with pytest.raises(AssertionError, match="out of the global order"):
            await locks.take(tx, Household=["H2"])
        with pytest.raises(AssertionError, match="out of the global order"):
            await locks.take(tx, Cadre=["c-0"])
        with pytest.raises(AssertionError, match="no lock order"):
            await locks.take(tx, AuditEvent=["e"])

    async def scenario() -> None:
        driver = async_driver(neo4j_target)
        try:
            async with driver.session(database=neo4j_target.database) as session:
                await session.execute_write(work)
        finally:
            await driver.close()

    asyncio.run(scenario())


def test_every_mutation_takes_its_locks_first():
    """Each transaction function (`work`) of graph/changes awaits `locks.take` or `locks.take_found`
    before anything else, so that a new mutation cannot skip the global order (docs/concurrency.md)."""
    import ast
    from pathlib import Path

    late = []
    for path in sorted((Path(__file__).parents[1] / "graph" / "changes").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.AsyncFunctionDef) and node.name == "work":
                awaited = [n for n in ast.walk(node) if isinstance(n, ast.Await)]
                first = min(awaited, key=lambda n: (n.lineno, n.col_offset))
                called = ast.unparse(first.value.func) if isinstance(first.value, ast.Call) else ""
                if called not in ("locks.take", "locks.take_found"):
                    late.append(
                        f"{path.name}:{node.lineno} awaits {called or ast.unparse(first.value)} first"
                    )
    assert late == [], late
