"""Abuse benchmark: requests meant to freeze or exhaust the server, each timed beside /healthz.

    uv run python -m bench.abuse [--rounds 3] [--keep]

Its own managed Neo4j (FUPIN_HOME = bench/out/abuse/home, heap 1 GiB, page cache 512 MiB) holding
the demo county (fupin/demo.py, 2,000 households, loaded once), and `fupin serve --no-demo` in its
own process with production settings (docs/security-limits.md: the default limits). For each
case a client thread sends the request over a connection of its own while the main thread asks
`GET /healthz` every 10 ms over another, until the answer is in. Printed per case: the answer
(HTTP status and `extensions.code`), how long it took (median of the rounds), and the /healthz
answers meanwhile (how many, p50, the slowest of all rounds). Each round sends a text not sent
before (a comment tells them apart), so nothing is answered from the server's document cache.
Finally the server's log is searched for tracebacks: bad input should leave none.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import secrets
import select
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bench.common import (
    OUT,
    bench_settings,
    finish,
    percentile,
    phase,
    release,
    say,
    served,
    server_env,
    shown,
    table,
)
from core.principal import Role
from fupin import auth
from fupin.demo import ensure_demo
from graph.connection import sync_driver, target
from graph.migrate import migrate

HERE = OUT / "abuse"
HEAP, PAGECACHE = "1g", "512m"
DATABASE = "neo4j"
POLL_S = 0.010
SECRET = secrets.token_hex(32)  # the bench server's key, made per run


def chain(fragments: int, spreads: int) -> str:
    """The nested-fragments document: fragment Fi selects `townships { totalCount }` and spreads F(i+1)
    `spreads` times."""
    parts = []
    for i in range(fragments):
        inner = f"...F{i + 1} " * spreads if i < fragments - 1 else "townships { totalCount }"
        parts.append(f"fragment F{i} on Query {{ townships {{ totalCount }} ... on Query {{ {inner} }} }}")
    return "{ ...F0 } " + " ".join(parts)


# One field repeated: graphql-core's check that the copies merge is quadratic in them.
REPEATED = "{ " + "townships { totalCount } " * 1240 + "}"  # 4,962 tokens: refused for its fields
ALLOWED = "{ " + "townships { totalCount } " * 150 + "}"  # 300 fields, the most allowed: validated
HEAVY = (
    "{ "
    + " ".join(
        f"h{i}: households(first: 100) {{ edges {{ node {{ id card members {{ name }} }} }} }}"
        for i in range(10)
    )
    + " }"
)


def token(role: Role, scope: str | None) -> str:
    keys = auth.Keys("HS256", SECRET, SECRET)
    return "Bearer " + auth.mint(keys, role, scope, dt.timedelta(hours=6), f"bench:{role.value}")


@dataclass(frozen=True)
class Answer:
    status: int
    code: str  # extensions.code of the first error, "data" when there is none
    ms: float


class Case:
    """One abusive request, sent `round` times."""

    def __init__(self, name: str, send: Callable[[str, int], Answer]) -> None:
        self.name, self.send = name, send


def _code(body: bytes) -> str:
    try:
        parsed = json.loads(body)
    except ValueError:
        return body[:40].decode(errors="replace")
    errors = parsed.get("errors") if isinstance(parsed, dict) else None
    return str(errors[0].get("extensions", {}).get("code")) if errors else "data"


def post(base: str, body: bytes, headers: dict[str, str]) -> Answer:
    url = urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=120)
    began = time.perf_counter()
    try:
        connection.request(
            "POST", "/graphql", body=body, headers={"content-type": "application/json", **headers}
        )
        response = connection.getresponse()
        content = response.read()
        return Answer(response.status, _code(content), (time.perf_counter() - began) * 1000)
    finally:
        connection.close()


def query(
    text: str, role: Role = Role.COUNTY_ADMIN, scope: str | None = None
) -> Callable[[str, int], Answer]:
    def send(base: str, round_: int) -> Answer:
        document = f"# round {round_}\n{text}"
        return post(base, json.dumps({"query": document}).encode(), {"authorization": token(role, scope)})

    return send


def raw(body: Callable[[int], bytes]) -> Callable[[str, int], Answer]:
    def send(base: str, round_: int) -> Answer:
        return post(base, body(round_), {"authorization": token(Role.COUNTY_ADMIN, None)})

    return send


def deep_variables(round_: int) -> bytes:
    document = json.dumps(f"# round {round_}\n{{ policies {{ totalCount }} }}")
    nested = "[" * 50_000 + "]" * 50_000
    return f'{{"query": {document}, "variables": {{"a": {nested}}}}}'.encode()


def over_body_limit(round_: int) -> bytes:
    return json.dumps({"query": "{ policies { totalCount } }", "pad": "x" * 1_048_576}).encode()


def header_of(size: int) -> Callable[[str, int], Answer]:
    """An Authorization header of `size` bytes, sent 64 KiB at a time while the server has not
    answered: the answer's time, and (in the code column) how much was sent before it came."""

    def send(base: str, round_: int) -> Answer:
        url = urlsplit(base)
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 80), timeout=120) as s:
            began = time.perf_counter()
            s.sendall(b"POST /graphql HTTP/1.1\r\nhost: bench\r\nauthorization: Bearer ")
            sent, piece, answer = 0, b"a" * 65_536, b""
            while sent < size:
                readable, _, _ = select.select([s], [], [], 0)
                if readable:
                    break
                try:
                    s.sendall(piece)
                except (BrokenPipeError, ConnectionResetError):
                    break
                sent += len(piece)
            try:
                while b"\r\n\r\n" not in answer and (chunk := s.recv(65_536)):
                    answer += chunk
            except ConnectionResetError:
                pass
            ms = (time.perf_counter() - began) * 1000
        status = int(answer.split(b" ")[1]) if answer.startswith(b"HTTP/1.1 ") else 0
        return Answer(status, f"after {sent // 1024:,} KiB", ms)

    return send


CASES = [
    Case("8 fragments x 8 spreads, COUNTY_ADMIN", query(chain(8, 8))),
    Case("8 fragments x 8 spreads, CADRE", query(chain(8, 8), Role.CADRE, "c-0001")),
    Case("60 fragments x 8 spreads (8^59 selections)", query(chain(60, 8))),
    Case("one field repeated 1,240 times", query(REPEATED)),
    Case("one field repeated 150 times (300 fields: validated)", query(ALLOWED)),
    Case("10 x households(first: 100) with members (cost 25,010)", query(HEAVY)),
    Case("variables nested 50,000 deep", raw(deep_variables)),
    Case("body of 1 MiB + the query", raw(over_body_limit)),
    Case("Authorization header of 64 MiB", header_of(64 * 1024 * 1024)),
    Case(
        "token of 16 KiB (over 8 KiB)",
        lambda base, r: post(
            base, b'{"query": "{ policies { totalCount } }"}', {"authorization": "Bearer " + "a" * 16_384}
        ),
    ),
]


class Health:
    """GET /healthz over one kept-alive connection, every POLL_S, while `busy` is set."""

    def __init__(self, base: str) -> None:
        url = urlsplit(base)
        self.connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=30)

    def once(self) -> float:
        began = time.perf_counter()
        self.connection.request("GET", "/healthz")
        response = self.connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"/healthz answered {response.status}")
        return (time.perf_counter() - began) * 1000

    def during(self, work: Callable[[], Answer]) -> tuple[Answer, list[float]]:
        result: list[Answer] = []
        failure: list[BaseException] = []

        def run() -> None:
            try:
                result.append(work())
            except BaseException as error:  # reported by the main thread
                failure.append(error)

        worker = threading.Thread(target=run)
        worker.start()
        times: list[float] = []
        while worker.is_alive():
            times.append(self.once())
            time.sleep(POLL_S)
        worker.join()
        if failure:
            raise failure[0]
        return result[0], times


@dataclass
class Row:
    case: str
    answers: list[Answer]
    health: list[list[float]]

    def cells(self) -> list[str]:
        every = [t for times in self.health for t in times]
        first = self.answers[0]
        return [
            self.case,
            f"{first.status} {first.code}",
            f"{statistics.median(a.ms for a in self.answers):,.1f}",
            f"{len(every)}",
            f"{percentile(every, 50):.1f}" if every else "-",
            f"{max(every):.1f}" if every else "-",
        ]


def report(rows: list[Row], idle: list[float], rounds: int, tracebacks: int) -> list[str]:
    headers = ["request", "answer", "answer ms", "/healthz n", "p50 ms", "max ms"]
    return [
        "",
        f"Abuse benchmark: `fupin serve` (production settings, default limits) on the demo county; "
        f"{rounds} rounds of each request; /healthz every {POLL_S * 1000:.0f} ms meanwhile.",
        "",
        *table(headers, [r.cells() for r in rows], "llrrrr"),
        "",
        f"/healthz with nothing else running: p50 {percentile(idle, 50):.1f} ms, max {max(idle):.1f} ms "
        f"over {len(idle)} requests.",
        f"Tracebacks in the server's log: {tracebacks}.",
        f"Load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; well above "
        "2, other work competed and the figures are noisy.",
    ]


def run(rounds: int, keep: bool) -> int:
    settings = bench_settings(HERE / "home", HEAP, PAGECACHE, DATABASE)
    began = time.perf_counter()
    try:
        with phase(
            f"starting the bench Neo4j (heap {HEAP}, page cache {PAGECACHE}) in {shown(settings.home)}"
        ):
            neo4j = target(settings, start=True)
        with sync_driver(neo4j) as driver, phase("migrating and loading the demo county (once)"):
            migrate(driver, DATABASE, settings.county_code, settings.county_name)
            ensure_demo(settings, driver, DATABASE)
        env = {**server_env(settings), "FUPIN_JWT_SECRET": SECRET}
        log = HERE / "serve.log"
        command = [sys.executable, "-m", "fupin.cli", "serve", "--no-demo", "--host", "127.0.0.1"]
        with served(command, env, log, "fupin serve") as base:
            say(f"… fupin serve at {base} (log {shown(log)})")
            health = Health(base)
            idle = [health.once() for _ in range(50)]
            rows = []
            for case in CASES:
                with phase(case.name):
                    row = Row(case.name, [], [])
                    for round_ in range(rounds):
                        answer, times = health.during(lambda: case.send(base, round_))  # noqa: B023
                        row.answers.append(answer)
                        row.health.append(times)
                    rows.append(row)
        tracebacks = log.read_text(errors="replace").count("Traceback")
        lines = report(rows, idle, rounds, tracebacks)
    finally:
        release(settings, keep)
    return finish(lines, began)


def main(argv: list[str] | None = None) -> int:
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(prog="python -m bench.abuse", description=doc.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="leave the bench Neo4j running at the end")
    args = parser.parse_args(argv)
    return run(max(1, args.rounds), args.keep)


if __name__ == "__main__":
    sys.exit(main())
