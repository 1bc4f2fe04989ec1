"""The dashboard's statements planned before its first request.

Neo4j plans a statement the first time it sees its text and keeps the plan until it restarts (or
its statistics move far). The summary's statements are large: on a Neo4j just started, planning
them takes seconds on a quiet machine and tens of seconds on a busy one, long enough for the first
dashboard after a restart to pass the request time limit. `fupin serve` therefore runs each of
them once as it starts, in a process of its own (`start`); FUPIN_WARM_PLANS=0 turns that off.

    python -m graph.coverage.warm
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from collections.abc import Sequence

from neo4j import Driver, RoutingControl

from core.settings import Settings, Thresholds, load_settings
from graph.connection import sync_driver, target
from graph.coverage.lines import Line
from graph.coverage.summary import PARTS, reads
from graph.reach import COUNTY_REACH
from graph.scope import Scope

Lines = tuple[Line, ...]
# A statement's text depends on the shape of its scope, not on its codes: one scope of each shape.
FIRST_VILLAGE = (
    "MATCH (v:Village)-[:IN_TOWNSHIP]->(t:Township) RETURN v.code AS village, t.code AS township LIMIT 1"
)


def scopes(driver: Driver, database: str) -> list[Scope]:
    """The county, a township, a village, and a village inside a township (an officer narrowing
    its own); only the county while there is no village."""
    records, _, _ = driver.execute_query(FIRST_VILLAGE, database_=database, routing_=RoutingControl.READ)
    if not records:
        return [Scope()]
    village, township = records[0]["village"], records[0]["township"]
    return [Scope(), Scope(township=township), Scope(village=village), Scope(township, village)]


def warm(
    driver: Driver, database: str, thresholds: Thresholds, today: dt.date, parts: Sequence[Lines] = PARTS
) -> int:
    """Runs every statement of the summary and of the per-village summaries (`parts`) once for each
    scope shape, as the resolvers would (graph/coverage/summary.py `grouped`); returns how many."""
    count = 0
    for scope in scopes(driver, database):
        for by_village in (False, True):
            for text, params in reads(scope, COUNTY_REACH, today, thresholds, by_village, parts):
                driver.execute_query(text, params, database_=database, routing_=RoutingControl.READ)
                count += 1
    return count


def start(settings: Settings) -> subprocess.Popen[bytes] | None:
    """The warm-up in a process of its own (its environment gives it the same settings), unless
    turned off. The API answers meanwhile; a request that needs a plan not yet made waits for it."""
    if not settings.serving.warm_plans:
        return None
    return subprocess.Popen([sys.executable, "-m", "graph.coverage.warm"], stdin=subprocess.DEVNULL)


def main() -> int:
    """Says in the server's log how many statements it planned, or why it could not."""
    settings = load_settings()
    began = time.monotonic()
    try:
        t = target(settings)
        with sync_driver(t) as driver:
            count = warm(driver, t.database, settings.thresholds, dt.date.today())
    except Exception as error:  # a failed warm-up costs only the first dashboard's wait
        print(f"dashboard statements not planned ahead: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(f"dashboard statements planned ahead: {count} in {time.monotonic() - began:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
