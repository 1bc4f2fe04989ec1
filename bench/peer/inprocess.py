"""CPU per request of a workload's fupin query, in-process: the schema executed on one event loop
with the API's driver, as a COUNTY_ADMIN, no HTTP. Prints the statements one request sends and the
process's CPU time per request (the driver's work included), then, with --profile, cProfile's top
functions. On a shared machine CPU time is steadier than latency.

    FUPIN_HOME=bench/out/peer-home uv run --frozen python bench/peer/inprocess.py [--runs N] [--profile]
        [--query FILE]    (default: workload e, the household page of bench/peer/workload_e.mjs)
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import re
import sys
import time
from pathlib import Path
from typing import Any

import neo4j

from core.principal import Principal, Role
from core.settings import load_settings
from fupin.api import make_schema
from graph.connection import async_driver, target
from resolvers.context import Context

HERE = Path(__file__).parent


def workload_e() -> str:
    """fupin's query of workload e, read from workload_e.mjs (its household's id put in)."""
    text = (HERE / "workload_e.mjs").read_text("utf-8")
    household = re.search(r'const H = "(\d+)"', text)
    query = re.search(r"fupin: \{\s*query: `(.*?)`", text, re.S)
    assert household and query, "workload_e.mjs: no household or no fupin query"
    return query.group(1).replace("${H}", household.group(1))


async def main(query: str, runs: int, profile: bool) -> None:
    settings = load_settings()
    t = target(settings)
    driver = async_driver(t, settings.security.transaction_timeout)
    schema = make_schema(settings)
    principal = Principal("inprocess", Role.COUNTY_ADMIN)
    sent: list[str] = []
    # Reads run as auto-commit transactions (graph/reads.py), the dashboard's as managed ones.
    original, original_run = neo4j.AsyncDriver.execute_query, neo4j.AsyncSession.run

    async def recorded(self: Any, statement: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(str(statement))
        return await original(self, statement, *args, **kwargs)

    async def recorded_run(self: Any, statement: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(str(getattr(statement, "text", statement)))
        return await original_run(self, statement, *args, **kwargs)

    async def once() -> None:
        result = await schema.execute(query, context_value=Context(driver, settings, principal=principal))
        if result.errors:
            raise RuntimeError(result.errors)

    try:
        neo4j.AsyncDriver.execute_query = recorded  # type: ignore[method-assign]
        neo4j.AsyncSession.run = recorded_run  # type: ignore[method-assign]
        await once()
        sent.clear()
        await once()
        neo4j.AsyncDriver.execute_query = original  # type: ignore[method-assign]
        neo4j.AsyncSession.run = original_run  # type: ignore[method-assign]
        print(f"{len(sent)} statement(s) per request")
        for statement in sent:
            print("   ", " ".join(statement.split())[:150])
        for _ in range(20):
            await once()
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(runs):
            await once()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        per = 1000 / runs
        print(f"{runs} requests: CPU {cpu * per:.2f} ms per request (wall {wall * per:.2f} ms)")
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(runs):
                await once()
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    finally:
        neo4j.AsyncDriver.execute_query = original  # type: ignore[method-assign]
        await driver.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--query", type=Path, help="a file holding the GraphQL query")
    args = parser.parse_args()
    asyncio.run(main(args.query.read_text("utf-8") if args.query else workload_e(), args.runs, args.profile))
    sys.exit(0)
