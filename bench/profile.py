"""PROFILE dbHits of coverage fields and the dashboard, without timing them.

    uv run python -m bench.profile [FIELD …] [--days 2020-06-30 …] [--json FILE]

On the county bench/coverage.py loaded (bench/out/coverage; load it first with `python -m
bench.coverage --runs 1 --keep` when it is missing), each field named (default: every field and
every statement of `summary`) is PROFILEd through the driver, county-wide and for the largest
township, once per day asked (default 2020-06-30, the county's day): the statement the resolver
sends (bench/coverage.py `Field.cypher`), run once to warm up, then PROFILEd. It prints one line
per field, scope and day with the total dbHits; `--json` also writes them to FILE (so that two runs
can be put side by side).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from neo4j import RoutingControl

from bench.common import bench_settings, release, say, shown
from bench.coverage import DATABASE, FIELDS, HEAP, HERE, MARKER, PAGECACHE, largest_township, operators
from graph.connection import sync_driver, target
from graph.scope import Scope


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser("bench.profile", description=__doc__)
    parser.add_argument("fields", nargs="*", help="fields of bench/coverage.py FIELDS (default: all)")
    parser.add_argument("--days", nargs="*", default=["2020-06-30"], help="asOf days")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    fields = [f for f in FIELDS if not args.fields or f.name in args.fields]
    settings = bench_settings(HERE / "home", HEAP, PAGECACHE, DATABASE)
    if not (settings.home / MARKER).exists():
        parser.error(f"no county in {shown(settings.home)}: run bench.coverage first")
    figures: dict[str, int] = {}
    try:
        neo4j = target(settings, start=True)
        with sync_driver(neo4j) as driver:
            code, name, _ = largest_township(driver)
            for f in fields:
                for scope, where in ((Scope(), "county"), (Scope(township=code), f"township {code}")):
                    for day in args.days:
                        statement, params = f.cypher(date.fromisoformat(day), settings.thresholds, scope)
                        run = "PROFILE " + statement
                        driver.execute_query(run, params, database_=DATABASE, routing_=RoutingControl.READ)
                        _, result, _ = driver.execute_query(
                            run, params, database_=DATABASE, routing_=RoutingControl.READ
                        )
                        hits = sum(o.db_hits for o in operators(result.profile or {}))
                        figures[f"{f.name} {where} {day}"] = hits
                        say(
                            f"{f.name} ({f.rule_id}), {where} ({name if scope.township else 'all'}), {day}: "
                            f"{hits:,} dbHits"
                        )
    finally:
        release(settings, keep=False)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
