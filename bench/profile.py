"""PROFILE of chosen coverage fields on the coverage benchmark's county: dbHits, the heaviest
operators and a few Cypher timings, without the whole benchmark.

    uv run python -m bench.profile [FIELD ...] [--year 2019] [--runs 3] [--keep]

The county and its managed Neo4j are bench/coverage.py's (bench/out/coverage/): loaded there when
absent, else reused and migrated (so that indexes and one-off conversions added to graph/migrate.py
are applied). FIELD is a coverage field's name (`householdsWithoutIndustrySupport`), a rule id
(`P1`) or a summary line counted apart (`summary.P1`); none: every field. `--year` asks a YEAR
field for that year instead of the year of asOf. dbHits are the fair figure on a shared machine;
the timings are the sorted Cypher runs after one untimed run.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from neo4j import RoutingControl

from bench.common import bench_settings, finish, phase, release, say, shown, table
from bench.coverage import AS_OF, DATABASE, FIELDS, HEAP, HERE, PAGECACHE, Field, operators, prepare
from graph.connection import sync_driver, target
from graph.coverage.params import year_window
from graph.coverage.rule import Period
from graph.scope import Scope

HOUSEHOLDS = 15000


def chosen(names: list[str]) -> list[Field]:
    """The fields named (by field name, rule id or summary part), in the benchmark's order."""
    if not names:
        return list(FIELDS)
    found = [f for f in FIELDS if f.name in names or (f.rule is not None and f.rule.id in names)]
    unknown = set(names) - {f.name for f in found} - {f.rule.id for f in found if f.rule is not None}
    if unknown:
        raise SystemExit(f"no such field: {', '.join(sorted(unknown))}")
    return found


def statement(f: Field, settings: Any, year: int | None) -> tuple[str, dict[str, Any]]:
    cypher, params = f.cypher(AS_OF, settings.thresholds, Scope())
    if year is not None and f.period is Period.YEAR:
        params = {**params, **year_window(year, AS_OF)}
    return cypher, params


def run(names: list[str], year: int | None, runs: int, keep: bool, top: int) -> int:
    settings = bench_settings(HERE / "home", HEAP, PAGECACHE, DATABASE)
    began = time.perf_counter()
    lines: list[str] = []
    try:
        with phase(f"starting the bench Neo4j in {shown(settings.home)}"):
            neo4j = target(settings, start=True)
        with sync_driver(neo4j) as driver:
            prepare(driver, settings, HOUSEHOLDS, reuse=True)
            for f in chosen(names):
                cypher, params = statement(f, settings, year)

                def ask(prefix: str = "", cypher: str = cypher, params: dict[str, Any] = params) -> Any:
                    return driver.execute_query(
                        prefix + cypher, params, database_=DATABASE, routing_=RoutingControl.READ
                    )

                records, result, _ = ask("PROFILE ")
                found = list(operators(result.profile or {}))
                ask()
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    ask()
                    times.append((time.perf_counter() - started) * 1000)
                total = len(records) if f.rule is None else int(records[0]["total"])
                say(
                    f"{f.name}: {sum(o.db_hits for o in found):,} dbHits, {total:,} rows; Cypher ms "
                    + ", ".join(f"{t:.0f}" for t in sorted(times))
                )
                heaviest = sorted(found, key=lambda o: o.db_hits, reverse=True)[:top]
                rows = [
                    [o.name, f"{o.db_hits:,}", f"{o.rows:,}", o.details[:120].replace("\n", " ")]
                    for o in heaviest
                ]
                lines += ["", f"{f.name} (year {year or AS_OF.year}):"]
                lines += table(["operator", "dbHits", "rows", "details"], rows, "lrrl")
    finally:
        release(settings, keep)
    return finish(lines, began)


def main(argv: list[str] | None = None) -> int:
    about = (__doc__ or "").split("\n\n")[0]
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=about)
    parser.add_argument("fields", nargs="*", help="field names, rule ids or summary.KEY (default: all)")
    parser.add_argument("--year", type=int, help="the year a YEAR field asks about (default: asOf's)")
    parser.add_argument("--runs", type=int, default=3, help="timed Cypher runs per field")
    parser.add_argument("--top", type=int, default=6, help="operators shown per field")
    parser.add_argument("--keep", action="store_true", help="leave the bench Neo4j running at the end")
    args = parser.parse_args(argv)
    return run(args.fields, args.year, args.runs, args.keep, args.top)


if __name__ == "__main__":
    sys.exit(main())
