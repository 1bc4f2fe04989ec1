"""Summary benchmark: the dashboard's fields cold (the first request after a write) and warm (kept
answers, graph/coverage/cache.py), county-wide and in the largest township, and what the data
version's read costs.

    uv run python -m bench.summary [--households 15000] [--runs 10] [--reuse] [--keep]

On bench/coverage.py's county and database (bench/out/coverage/home; `--reuse` keeps the county an
earlier run of either loaded), `fupin serve` in its own process (kept answers on, their default
size) is asked `summary`, `villageSummaries` and `tallies` (asOf 2020-06-30, as the county office)
over a kept-alive connection:

- cold: right after a committed write that changes no figure (a property of the County node), so
  the version differs and every statement runs: what every request cost before answers were kept,
  plus the version's read;
- warm: the same request again, no write between: the version's read and the kept answer.

`FUPIN_REQUEST_TIMEOUT` passes to the server: raise it on a busy machine, where a first `summary`
(its statements planned) can pass 30 s.

The version's read (an empty auto-commit read whose bookmark names the last committed transaction)
is timed by itself through the async driver, beside `RETURN 1` through `execute_query`.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import date

from neo4j import Driver, RoutingControl

from bench.common import Http, auth_headers, county_arguments, finish, fupin_server, percentile, phase
from bench.common import table as layout
from bench.coverage import AS_OF, DATABASE, HERE, largest_township, prepared, size
from graph.connection import Target, async_driver
from graph.coverage import cache
from graph.scope import Scope

FIELDS = {
    "summary": "summary { lines { key count denominator rate }"
    " townships { township { code } lines { key count } } }",
    "villageSummaries": "villageSummaries { village { code } lines { key count denominator } }",
    "tallies": "tallies { code households cards { card count } }",
}
TOUCH = "MATCH (c:County) SET c.benchTouched = $n"  # a committed write no figure reads


def _query(field: str, scope: Scope, as_of: date) -> str:
    where = f', scope: {{townshipCode: "{scope.township}"}}' if scope.township else ""
    return f'{{ coverage(asOf: "{as_of.isoformat()}"{where}) {{ {FIELDS[field]} }} }}'


def _ms(values: list[float]) -> tuple[str, str]:
    return f"{percentile(values, 50):.1f}", f"{percentile(values, 95):.1f}"


def _timed(http: Http, query: str) -> float:
    return http.graphql({"query": query})[0]


def cold_and_warm(http: Http, driver: Driver, query: str, runs: int) -> tuple[list[float], list[float]]:
    """ms of `query` `runs` times cold (right after a committed write no figure reads) and warm (the
    same again)."""
    cold, warm = [], []
    for _ in range(runs):
        driver.execute_query(TOUCH, n=time.time_ns(), database_=DATABASE)
        cold.append(_timed(http, query))
        warm.append(_timed(http, query))
    return cold, warm


def _versions(neo4j: Target, runs: int) -> dict[str, list[float]]:
    """ms of the version's read and of `RETURN 1`, alternating, `runs` each after 5 untimed."""

    async def go() -> dict[str, list[float]]:
        driver = async_driver(neo4j)
        ways: dict[str, Callable[[], Awaitable[object]]] = {
            "version (bookmark of RETURN 1)": lambda: cache.version(driver, DATABASE),
            "RETURN 1 (execute_query)": lambda: driver.execute_query(
                "RETURN 1", database_=DATABASE, routing_=RoutingControl.READ
            ),
        }
        times: dict[str, list[float]] = {name: [] for name in ways}
        try:
            for k in range(runs + 5):
                for name, way in ways.items():
                    began = time.perf_counter()
                    await way()
                    if k >= 5:
                        times[name].append((time.perf_counter() - began) * 1000)
        finally:
            await driver.close()
        return times

    return asyncio.run(go())


def run(households: int, runs: int, reuse: bool, keep: bool) -> int:
    began = time.perf_counter()
    with prepared(HERE / "home", households, reuse, keep) as bench:
        settings, neo4j, driver, reused = bench.settings, bench.neo4j, bench.driver, bench.reused
        s = size(driver)
        code, name, count = largest_township(driver)
        scopes = [
            ("county", Scope()),
            (f"township {code} {name} ({count:,} households)", Scope(township=code)),
        ]
        rows: list[list[str]] = []
        load = [os.getloadavg()[0]]
        with fupin_server(settings, HERE / "summary-serve.log") as base:
            http = Http(base, auth_headers())
            with phase("warming up: every field and scope once"):
                for _, scope in scopes:
                    for field in FIELDS:
                        _timed(http, _query(field, scope, AS_OF))
            for where, scope in scopes:
                for field in FIELDS:
                    cold, warm = cold_and_warm(http, driver, _query(field, scope, AS_OF), runs)
                    rows.append([where, field, *_ms(cold), *_ms(warm)])
            http.close()
        versions = _versions(neo4j, max(runs * 5, 50))
        load.append(os.getloadavg()[0])
    lines = [
        "",
        f"bench/summary — {s.households:,} households, {s.villages} villages, {s.townships} townships"
        f" ({'reused' if reused else 'loaded'}); asOf {AS_OF}; {runs} runs each; load average"
        f" {load[0]:.1f} → {load[1]:.1f}",
        "cold: the first request after a committed write (every statement runs); warm: the same again",
        "",
        *layout(
            ["scope", "field", "cold p50", "cold p95", "warm p50", "warm p95"],
            rows,
            "llrrrr",
        ),
        "",
        "the data version's read by itself (ms):",
        *layout(
            ["read", "p50", "p95"],
            [[name, *_ms(values)] for name, values in versions.items()],
            "lrr",
        ),
    ]
    return finish(lines, began)


def main(argv: list[str] | None = None) -> int:
    parser = county_arguments(
        "bench.summary", __doc__, 15000, 10, "cold and warm requests of each field and scope"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return run(args.households, args.runs, args.reuse, args.keep)


if __name__ == "__main__":
    sys.exit(main())
