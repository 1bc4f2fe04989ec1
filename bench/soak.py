"""Soak: N clients send a weighted mix of reads and writes (bench/mix.py) to `fupin serve`.

One run serves the same county from two servers side by side, taking turns: one API process
(FUPIN_PROCESSES=1) and several (`--processes`, default the core count). It prints a knee table
(1, 4, 16, 64 clients, `--step-seconds` each, on each server) and then, for each, the soak
itself (`--clients` for `--seconds`, at most `--max-requests`): throughput per minute,
p50/p95/p99 per kind, errors by code, deadlocks and driver retries counted in the server's log,
and the API's and Neo4j's memory. After both it checks the county's integrity: W8 never broken,
no overlapping pairings, no duplicate visits, one audit event per successful write, no stale
derived fact (graph/derived.py).

A client answered 503 (OVERLOADED) waits the Retry-After it was given and goes on; latencies are
of answered requests, from sending to the parsed answer.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import os
import random
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver

from bench.common import (
    OUT,
    Http,
    auth_headers,
    bench_settings,
    percentile,
    phase,
    release,
    say,
    served,
    server_env,
    shown,
    table,
)
from bench.coverage import prepare, size
from bench.mix import READS, WRITES, Operation, Pool
from core.settings import Settings, Thresholds
from graph import derived, server
from graph.connection import sync_driver, target

HERE = OUT / "soak"
DATABASE = "neo4j"
KNEE = (1, 4, 16, 64)


# What a request of the mix may be answered besides success (bench/mix.py draws refused ones too).
_EXPECTED = {"OVERLOADED", "RULE_VIOLATION", "ALREADY_EXISTS", "NOT_FOUND", "BAD_USER_INPUT"}


@dataclass
class Tally:
    """What the clients of one phase saw: (seconds since the start, kind, ms, code or "ok")."""

    began: float = field(default_factory=time.monotonic)
    answers: list[tuple[float, str, float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, code: str) -> None:
        with self.lock:
            self.answers.append((time.monotonic() - self.began, kind, ms, code))

    def answered(self) -> list[tuple[float, str, float, str]]:
        return [a for a in self.answers if a[3] != "OVERLOADED"]

    def rate(self, seconds: float) -> float:
        return len(self.answered()) / seconds if seconds else 0.0

    def p(self, q: float, kind: str | None = None) -> float:
        return percentile([a[2] for a in self.answered() if kind in (None, a[1])], q)

    def codes(self) -> Counter[str]:
        return Counter(a[3] for a in self.answers if a[3] != "ok")

    def failures(self) -> int:
        """Answers that are neither a success, a refusal by a rule or of input, nor a 503."""
        return sum(n for code, n in self.codes().items() if code not in _EXPECTED)

    def writes_ok(self) -> int:
        return sum(1 for a in self.answers if a[3] == "ok" and a[1] in WRITES)


def _code(status: int, body: Any) -> str:
    if isinstance(body, dict) and body.get("errors"):
        return str(body["errors"][0].get("extensions", {}).get("code", f"HTTP {status}"))
    return "ok" if status == 200 else f"HTTP {status}"


def drive(
    base: str, pool: Pool, weights: dict[str, int], clients: int, seconds: float, max_requests: int
) -> tuple[Tally, float]:
    """`clients` threads, each on its own connection, until `seconds` pass or `max_requests` are
    sent (0: no bound); the tally and the seconds it took."""
    tally, headers = Tally(), auth_headers()
    deadline = time.monotonic() + seconds
    sent = iter(range(max_requests)) if max_requests else None
    sent_lock = threading.Lock()

    def another() -> bool:
        if time.monotonic() >= deadline:
            return False
        if sent is None:
            return True
        with sent_lock:
            return next(sent, None) is not None

    def client(seed: int) -> None:
        rng, http = random.Random(seed), Http(base, headers)
        try:
            while another():
                op: Operation = pool.draw(rng, weights)
                ms, status, body = http.post("/graphql", {"query": op.query, "variables": op.variables})
                code = "OVERLOADED" if status == 503 else _code(status, body)
                tally.add(op.kind, ms, code)
                if code == "ok" and op.writes:
                    pool.learn(op)
                if status == 503:
                    time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
        finally:
            http.close()

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally, time.monotonic() - began


def rss_mb(pids: Sequence[int]) -> float:
    """The resident memory of `pids`, in MB (0 for one that has gone)."""
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) if found else 0
    return total / 1024


def serving_pids(port: int) -> list[int]:
    """`fupin serve --port port` and the API processes it forked."""
    parents = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"fupin.cli" in argv and b"serve" in argv and str(port).encode() in argv:
            parents.append(int(entry.name))
    children = []
    for pid in parents:
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                children += [int(c) for c in (task / "children").read_text().split()]
    return sorted(set(parents + children))  # a forked process has its parent's command line


def neo4j_pid(settings: Settings) -> list[int]:
    path = server.paths(settings).pid
    return [int(path.read_text().strip())] if path.exists() else []


def log_counts(log: Path) -> tuple[int, int]:
    """(deadlocks, driver retries) in a server log."""
    text = log.read_text(errors="replace") if log.exists() else ""
    return text.count("DeadlockDetected"), text.count("will be retried")


# Integrity of what the run wrote: every figure is 0 when it holds.
_W8 = """
MATCH (c:Cadre)-[new:PAIRED_WITH]->() WHERE new.since >= $day
WITH DISTINCT c
MATCH (c)-[p:PAIRED_WITH]->() WHERE p.until IS NULL OR p.until > $day
WITH c, collect(p) AS ps
UNWIND [x IN ps WHERE x.since >= $day | x.since] + [$day] AS d
WITH c, d, size([x IN ps WHERE x.since <= d AND (x.until IS NULL OR d < x.until)]) AS active
WHERE active > $limit
RETURN count(DISTINCT c) AS n"""
_OVERLAPS = """
MATCH (h:Household)<-[a:PAIRED_WITH]-(), (h)<-[b:PAIRED_WITH]-()
WHERE elementId(a) < elementId(b) AND (a.since >= $day OR b.since >= $day)
  AND a.since < coalesce(b.until, date('9999-12-31')) AND b.since < coalesce(a.until, date('9999-12-31'))
RETURN count(*) AS n"""
_DUPLICATE_VISITS = """
MATCH (c:Cadre)-[:MADE]->(x:Visit)-[:TO]->(h:Household)
WITH c, h, x.date AS day, count(*) AS visits WHERE visits > 1
RETURN count(*) AS n"""
_EVENTS = """
MATCH (e:AuditEvent) WHERE e.at >= $since AND e.operation <> 'readPersonalData'
RETURN count(e) AS n"""


def integrity(driver: Driver, day: dt.date, since: Any, writes_ok: int) -> list[tuple[str, str, bool]]:
    def one(statement: str, **params: Any) -> int:
        records, _, _ = driver.execute_query(statement, params, database_=DATABASE)
        return int(records[0]["n"])

    w8 = one(_W8, day=day, limit=Thresholds.max_households_per_cadre)
    overlaps = one(_OVERLAPS, day=day)
    duplicates = one(_DUPLICATE_VISITS)
    events = one(_EVENTS, since=since)
    stale = derived.stale(driver, DATABASE)
    return [
        ("W8 never broken (cadres over the limit from the run's day on)", str(w8), w8 == 0),
        ("no overlapping pairings (pairs, one of them from the run)", str(overlaps), overlaps == 0),
        ("no duplicate visits (same cadre, household and day)", str(duplicates), duplicates == 0),
        (
            "one audit event per successful write",
            f"{events} events / {writes_ok} writes",
            events == writes_ok,
        ),
        ("no stale derived fact (graph/derived.py)", str(stale), stale == 0),
    ]


def _fmt(value: float) -> str:
    return "-" if value != value else f"{value:.0f}"  # NaN: nothing answered


def soak_lines(tally: Tally, seconds: float, interval: float) -> list[str]:
    rows = []
    for start in range(0, int(seconds + interval - 1e-9), int(interval)):
        inside = [a for a in tally.answers if start <= a[0] < start + interval]
        span = min(interval, seconds - start)
        if span < interval / 4:  # the last few moments (the clients finishing): no figure of their own
            continue
        ok = [a for a in inside if a[3] != "OVERLOADED"]
        writes = sum(1 for a in ok if a[1] in WRITES)
        refused = sum(1 for a in inside if a[3] == "OVERLOADED")
        rows.append(
            [f"{start // 60:.0f}:{start % 60:02.0f}", f"{len(ok) / span:.1f}", str(writes), str(refused)]
        )
    kinds = sorted({a[1] for a in tally.answers})
    per_kind = [
        [kind, str(sum(1 for a in tally.answered() if a[1] == kind)),
         *(_fmt(tally.p(q, kind)) for q in (50, 95, 99))]
        for kind in kinds
    ]  # fmt: skip
    per_kind.append(["all", str(len(tally.answered())), *(_fmt(tally.p(q)) for q in (50, 95, 99))])
    codes = ", ".join(f"{code} {n}" for code, n in tally.codes().most_common()) or "none"
    return [
        *table(["from", "req/s", "writes ok", "503s"], rows, "lrrr"),
        "",
        *table(["kind", "answered", "p50 ms", "p95 ms", "p99 ms"], per_kind, "lrrrr"),
        "",
        f"errors by code: {codes}",
    ]


def run(args: argparse.Namespace) -> int:
    settings = bench_settings(HERE / "home", args.heap, args.heap)
    began = time.perf_counter()
    today = dt.date.today()
    weights = {
        **{k: v * (100 - args.writes) for k, v in READS.items()},
        **{k: v * args.writes for k, v in WRITES.items()},
    }
    lines: list[str] = []
    try:
        with phase(f"starting the bench Neo4j (heap and page cache {args.heap}) in {shown(settings.home)}"):
            neo4j = target(settings, start=True)
        with sync_driver(neo4j) as driver:
            prepare(driver, settings, args.households, args.reuse)
            s = size(driver)
            records, _, _ = driver.execute_query("RETURN datetime() AS now", database_=DATABASE)
            since = records[0]["now"]
            pool = Pool.look_up(driver, DATABASE, today)
            knee: dict[str, list[tuple[float, float, int, int]]] = {}
            report: dict[str, list[str]] = {}
            writes_ok = 0
            modes = {"single": 1, "multi": args.processes}
            command = [sys.executable, "-m", "fupin.cli", "serve", "--no-demo", "--host", "127.0.0.1"]
            with contextlib.ExitStack() as servers:
                # Both servers run side by side and take turns, so that both meet the same machine.
                bases = {
                    mode: servers.enter_context(
                        served(command, {**server_env(settings), "FUPIN_PROCESSES": str(n)},
                               HERE / f"serve-{mode}.log", "fupin serve")
                    )
                    for mode, n in modes.items()
                }  # fmt: skip
                ports = {mode: int(base.rsplit(":", 1)[1]) for mode, base in bases.items()}
                for mode, base in bases.items():
                    say(f"… {mode}: fupin serve with {modes[mode]} process(es) at {base}")
                    # Every kind once, one after another, until none fails (at most 3 rounds): Neo4j
                    # plans each statement on its first run, which takes the county summary past
                    # the 30 s request limit on a busy machine, and the next one near it.
                    with phase(f"{mode}: each kind until it answers, then {args.warmup:g} s untimed"):
                        for _ in range(3):
                            failed = 0
                            for kind in weights:
                                primed, _ = drive(base, pool, {kind: 1}, 1, math.inf, 1)
                                writes_ok, failed = writes_ok + primed.writes_ok(), failed + primed.failures()
                            if not failed:
                                break
                        warm, _ = drive(base, pool, weights, 4, args.warmup, 0)
                    writes_ok += warm.writes_ok()
                for clients in args.knee:
                    for mode, base in bases.items():
                        with phase(f"{mode}: {clients} clients for {args.step_seconds:g} s"):
                            tally, took = drive(base, pool, weights, clients, args.step_seconds, 0)
                        knee.setdefault(mode, []).append(
                            (tally.rate(took), tally.p(95), tally.codes()["OVERLOADED"], tally.failures())
                        )
                        writes_ok += tally.writes_ok()
                for mode, base in bases.items():
                    with phase(f"{mode}: soak, {args.clients} clients for {args.seconds:g} s"):
                        tally, took = drive(
                            base, pool, weights, args.clients, args.seconds, args.max_requests
                        )
                    writes_ok += tally.writes_ok()
                    pids = serving_pids(ports[mode])
                    api, graph_mb = rss_mb(pids), rss_mb(neo4j_pid(settings))
                    deadlocks, retries = log_counts(HERE / f"serve-{mode}.log")
                    report[mode] = [
                        f"### {mode}: {modes[mode]} API process(es), {args.clients} clients, {took:.0f} s, "
                        f"{len(tally.answers):,} requests",
                        "",
                        *soak_lines(tally, took, args.interval),
                        f"deadlocks {deadlocks}, driver retries {retries} (server log, whole run); "
                        f"API memory {api:.0f} MB ({len(pids)} processes), Neo4j memory {graph_mb:.0f} MB "
                        "(resident, at the end)",
                        "",
                    ]
            checks = integrity(driver, today, since, writes_ok)
        rows = []
        for i, clients in enumerate(args.knee):
            cells = [str(clients)]
            for mode in ("single", "multi"):
                rate, p95, refused, failed = knee[mode][i]
                cells += [f"{rate:.1f}", _fmt(p95), str(refused), str(failed)]
            rows.append(cells)
        verdicts = []
        if 16 in args.knee and 64 in args.knee:
            at16, at64 = args.knee.index(16), args.knee.index(64)
            for mode in ("single", "multi"):
                (r16, p16, *_), (r64, p64, *_) = knee[mode][at16], knee[mode][at64]
                ok = p64 <= 2 * p16 and r64 >= r16 * 0.95
                verdicts.append(
                    f"- {mode}: p95 at 64 clients {p64:.0f} ms vs 2 × {p16:.0f} ms at 16; "
                    f"throughput {r64:.1f} vs {r16:.1f} req/s: {'PASS' if ok else 'MISS'}"
                )
        load = os.getloadavg()
        lines = [
            "",
            f"Soak: county of {s.households:,} households, {s.cadres:,} cadres; mix "
            f"{100 - args.writes} % reads / {args.writes} % writes; {os.cpu_count()} CPUs, load average "
            f"{load[0]:.1f} at the end "
            "(the machine is shared: figures are noisy)",
            "",
            f"Knee ({args.step_seconds:g} s a step; req/s answered, p95 ms of answered, 503s, "
            "failed: any other error, such as TIMEOUT):",
            "",
            *table(
                [
                    "clients",
                    "1 proc req/s",
                    "p95",
                    "503s",
                    "failed",
                    f"{args.processes} procs req/s",
                    "p95",
                    "503s",
                    "failed",
                ],
                rows,
                "rrrrrrrrr",
            ),
            *verdicts,
            "",
            *report["single"],
            *report["multi"],
            "Integrity after the run:",
            "",
            *table(["check", "found", ""], [[c, f, "PASS" if ok else "FAIL"] for c, f, ok in checks], "lrl"),
        ]
    finally:
        release(settings, args.keep)
    for line in lines:
        print(line)
    print(f"\n(benchmark run took {time.perf_counter() - began:.0f} s)")
    return 0 if lines and all(ok for _, _, ok in checks) else 1


def main(argv: list[str] | None = None) -> int:
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=doc.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=15000)
    parser.add_argument("--clients", type=int, default=16, help="clients of the soak")
    parser.add_argument("--seconds", type=float, default=600, help="length of the soak, per mode")
    parser.add_argument(
        "--max-requests", type=int, default=0, help="requests of the soak at most (0: no bound)"
    )
    parser.add_argument("--writes", type=int, default=30, help="percent of the mix that writes")
    parser.add_argument("--knee", default=",".join(map(str, KNEE)), help="client counts of the knee table")
    parser.add_argument("--step-seconds", type=float, default=30, help="length of each knee step")
    parser.add_argument("--warmup", type=float, default=15, help="seconds of untimed requests first")
    parser.add_argument("--interval", type=float, default=60, help="seconds per throughput row")
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1, help="API processes of the multi run"
    )
    parser.add_argument("--heap", default="2g", help="the bench Neo4j's heap and page cache")
    parser.add_argument(
        "--short", action="store_true", help="a short run: 3,000 households, 60 s soak, 15 s steps"
    )
    parser.add_argument("--reuse", action="store_true", help="reuse the database an earlier run loaded")
    parser.add_argument("--keep", action="store_true", help="leave the bench Neo4j running at the end")
    args = parser.parse_args(argv)
    args.knee = [int(n) for n in args.knee.split(",")]
    if args.short:
        args.households, args.seconds, args.step_seconds, args.interval = 3000, 60, 15, 20
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
