"""Helpers of the benchmarks: their own managed Neo4j and county, an HTTP server, figures, tables.

Everything a benchmark writes goes under bench/out/ (gitignored).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import http.client
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager as ContextManager
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from neo4j import Driver

from core.principal import Role
from core.settings import Settings, load_settings
from fupin import auth
from graph import server
from graph.load.report import width
from seeds.generate import generate

OUT = Path(__file__).resolve().parent / "out"
ROOT = OUT.parent.parent


def say(text: str) -> None:
    print(text, flush=True)


@contextmanager
def phase(text: str) -> Iterator[None]:
    """Prints `… text (N s)` around a step."""
    began = time.perf_counter()
    print(f"… {text}", end="", flush=True)
    yield
    print(f" ({time.perf_counter() - began:.1f} s)", flush=True)


def shown(path: Path) -> str:
    """`path` relative to the repository when it is inside it."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def bench_settings(home: Path, heap: str = "2g", pagecache: str = "2g", database: str = "neo4j") -> Settings:
    """The environment's settings with a managed Neo4j of the benchmark's own in `home`."""
    base = load_settings()
    neo4j = dataclasses.replace(
        base.neo4j, uri=None, port=None, database=database, heap=heap, pagecache=pagecache
    )
    return dataclasses.replace(base, home=home, neo4j=neo4j)


# Relationships first, in batches: DETACH DELETE removes a node's relationships in its one
# transaction, and a reference node (a card colour, a policy) of a province-sized county has
# hundreds of thousands, past Neo4j's transaction memory pool.
EMPTY = (
    "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
    "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS",
)


def empty_database(driver: Driver, database: str) -> None:
    """Every node and relationship deleted (auto-commit: CALL … IN TRANSACTIONS needs it)."""
    with driver.session(database=database) as session:
        for statement in EMPTY:
            session.run(statement).consume()


# A server starts by migrating (its derived facts checked) and planning the dashboard: at 10⁶
# households that took more than two minutes. A server that fails exits, and is seen at once.
STARTUP_S = 900


def county(out: Path, households: int, seed: int, as_of: date) -> Path:
    """seeds.generate's county in `out`, reused while its manifest says it is the same one."""
    manifest = out / "manifest.json"
    if manifest.exists():
        saved = json.loads(manifest.read_text(encoding="utf-8"))
        files = [out / name for name in saved.get("counts", {})]
        if (
            saved.get("households") == households
            and saved.get("seed") == seed
            and saved.get("as_of") == as_of.isoformat()
            and files
            and all(f.exists() for f in files)
        ):
            say(f"… county of {households:,} households (seed {seed}, {as_of}) reused from {shown(out)}")
            return out
    with phase(f"generating {households:,} households (seed {seed}, as of {as_of}) into {shown(out)}"):
        generate(households, seed, out, "csv", as_of)
    return out


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(settings: Settings, environment: str = "production") -> dict[str, str]:
    """The environment of a bench server process: the managed Neo4j of `settings.home`."""
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "FUPIN_NEO4J_PORT")}
    env.update(
        FUPIN_HOME=str(settings.home),
        FUPIN_NEO4J_HEAP=settings.neo4j.heap,
        FUPIN_NEO4J_PAGECACHE=settings.neo4j.pagecache,
        NEO4J_DATABASE=settings.neo4j.database,
        FUPIN_ENV=environment,
        FUPIN_JWT_SECRET=_SECRET,
        # Each benchmark warms what it times; a warm-up beside its timed runs would slow them.
        FUPIN_WARM_PLANS="0",
    )
    return env


@contextmanager
def served(command: Sequence[str], env: dict[str, str], log: Path, what: str) -> Iterator[str]:
    """`command` (given `--port N` at its end, a free port of 127.0.0.1) in a process of its own;
    yields the base URL once its /healthz answers. The process is ended (SIGTERM, then SIGKILL)
    on the way out."""
    port = free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{what} exited with status {process.returncode}; see {shown(log)}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not answer on {base} within {STARTUP_S} s; see {shown(log)}")
            time.sleep(0.3)
        yield base
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def fupin_server(settings: Settings, log: Path, environment: str = "production") -> ContextManager[str]:
    """`fupin serve --no-demo` against the managed Neo4j of `settings.home` (already running)."""
    command = [sys.executable, "-m", "fupin.cli", "serve", "--no-demo", "--host", "127.0.0.1"]
    return served(command, server_env(settings, environment), log, "fupin serve")


class Http:
    """POSTs of JSON over one kept-alive HTTP/1.1 connection (the standard library's http.client),
    each timed from the request to the parsed JSON. A client this thin adds little of its own to
    the figures (httpx adds about 2 ms a request here; bench/coverage prints both)."""

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        url = urlsplit(base)
        self.connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port)
        self.headers = {"content-type": "application/json", **headers}

    def post(self, path: str, body: Any, headers: dict[str, str] | None = None) -> tuple[float, int, Any]:
        """(ms, HTTP status, the parsed JSON); `headers` override the connection's own."""
        data, sent = json.dumps(body).encode(), {**self.headers, **(headers or {})}
        for attempt in (1, 2):
            began = time.perf_counter()
            try:
                self.connection.request("POST", path, body=data, headers=sent)
                response = self.connection.getresponse()
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                # The server closed the kept-alive connection while it idled (uvicorn: after 5 s):
                # one new connection, and the request timed anew.
                self.connection.close()
                if attempt == 2:
                    raise
                continue
            parsed = json.loads(response.read())
            return (time.perf_counter() - began) * 1000, response.status, parsed
        raise AssertionError("unreachable")

    def graphql(self, body: dict[str, Any], what: str = "") -> tuple[float, dict[str, Any]]:
        """(ms, the answer) of a POST to /graphql; an error (`what` failed, and why) unless it was
        answered 200 without errors."""
        ms, status, answer = self.post("/graphql", body)
        if status != 200 or "errors" in answer:
            raise RuntimeError(f"{what or str(body)[:80]}: HTTP {status}: {str(answer)[:1000]}")
        return ms, answer

    def close(self) -> None:
        self.connection.close()


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), linear between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def pad(text: str, size: int, right: bool = True) -> str:
    fill = " " * max(0, size - width(text))
    return fill + text if right else text + fill


# The bench server's token key, made per run: requests carry a COUNTY_ADMIN token, so the
# figures include verifying it, as every real request does.
_SECRET = secrets.token_hex(32)


def auth_headers() -> dict[str, str]:
    """An `Authorization` header for the bench server (`fupin_server`)."""
    keys = auth.Keys("HS256", _SECRET, _SECRET)
    token = auth.mint(keys, Role.COUNTY_ADMIN, None, dt.timedelta(hours=6), "bench")
    return {"authorization": f"Bearer {token}"}


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> list[str]:
    """Columns sized to their widest cell (CJK counted double), aligned by `align` ("l"/"r" each)."""
    sizes = [max(width(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = [
        "  ".join(pad(c, s, a == "r") for c, s, a in zip(cells, sizes, align, strict=True)).rstrip()
        for cells in [headers, *rows]
    ]
    lines.insert(1, "  ".join("-" * s for s in sizes))
    return lines


def release(settings: Settings, keep: bool) -> None:
    """Stop the bench Neo4j at the end of a run, unless `--keep` asked to leave it running."""
    if keep:
        say(f"… bench Neo4j left running (--keep): FUPIN_HOME={settings.home} fupin neo4j stop")
    else:
        with phase("stopping the bench Neo4j"):
            server.stop(settings)


def finish(lines: Sequence[str], began: float) -> int:
    """Print the report and the run's total time; the benchmark's exit status."""
    for line in lines:
        print(line)
    print(f"\n(benchmark run took {time.perf_counter() - began:.0f} s)")
    return 0


def county_arguments(
    prog: str, doc: str | None, households: int, runs: int, runs_help: str
) -> argparse.ArgumentParser:
    """The options of the benchmarks that time requests on a generated county: --households,
    --runs, --reuse (the database an earlier run loaded) and --keep (its Neo4j left running)."""
    parser = argparse.ArgumentParser(prog=f"python -m {prog}", description=(doc or "").split("\n\n")[0])
    parser.add_argument("--households", type=int, default=households)
    parser.add_argument("--runs", type=int, default=runs, help=runs_help)
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the database an earlier run loaded (same county)"
    )
    parser.add_argument("--keep", action="store_true", help="leave the bench Neo4j running at the end")
    return parser
