"""A load killed midway (SIGKILL after the first batches) and run again ends in the same graph
as one uninterrupted load: batches are atomic and every write MERGEs by key."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from neo4j import Driver

from core.settings import Settings
from graph.connection import Target
from graph.migrate import reference
from tests.load_kit import DAY, County, dump, run

ROOT = Path(__file__).resolve().parent.parent
BATCH = "10"


def cli(target: Target, tmp_path: Path, files: list[Path]) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
        "NEO4J_DATABASE": target.database,
        "FUPIN_HOME": str(tmp_path / "home"),
    }
    command = [sys.executable, "-m", "fupin.cli", "load", *map(str, files), "--batch-size", BATCH]
    command += ["--snapshot", DAY.isoformat(), "--report", str(tmp_path / "report")]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def households(db: Driver) -> int:
    records, _, _ = db.execute_query("MATCH (h:Household) RETURN count(h) AS n")
    return int(records[0]["n"])


def empty(db: Driver, target: Target, settings: Settings) -> None:
    db.execute_query("MATCH (n) DETACH DELETE n", database_=target.database)
    reference(db, target.database, settings.county_code, settings.county_name)


def test_a_killed_load_rerun_gives_the_same_graph(
    db: Driver, neo4j_target: Target, settings: Settings, tmp_path: Path
) -> None:
    files = County(households=40, cadres=10, visits_per_household=3, attendance=400).write(
        tmp_path / "rosters"
    )

    process = cli(neo4j_target, tmp_path, files)
    deadline = time.monotonic() + 30
    while households(db) < 20 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the load ended before it could be killed"
    process.kill()
    process.wait()
    partial = dump(db)
    rerun = cli(neo4j_target, tmp_path, files)
    out, err = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, err.decode()
    assert "0 条不在花名册中" in out.decode()
    resumed = dump(db)

    empty(db, neo4j_target, settings)
    result = run(db, neo4j_target, files, snapshot=DAY)

    assert result.exit_status == 0
    assert partial != resumed
    assert dump(db) == resumed
