"""Responsibility-chain benchmark: `responsibilityChain` over HTTP beside its Cypher run directly.

    uv run python -m bench.chain [--households 15000] [--runs 60] [--reuse] [--keep]

On the county of bench/coverage.py (seeds.generate, seed 2019, as of 2020-06-30; its rosters in
bench/out/coverage/rosters-<N>/ are shared) loaded into a managed Neo4j of its own (FUPIN_HOME =
bench/out/chain/home, heap 2 GiB, page cache 2 GiB). Each run asks for one (household, date) of a
seeded sample: households drawn from the whole county, dates from 2018-01-01 to 2020-06-30:

(a) GraphQL: `fupin serve` in its own process on 127.0.0.1, one POST per run over a kept-alive
    connection (http.client, bench/common.Http) selecting every typed field of the chain and its
    graph, timed from the request to the parsed JSON;
(b) Cypher: graph/chain.household_statement for the county with the same parameters through the sync driver
    (`execute_query`, routing READ, the record fetched).

Runs alternate (a) and (b). p50 and p95 of each, the ratio GraphQL / Cypher, PASS or MISS against
p95 <= 30 ms, the load average at the start and the end, and a PROFILE of one chain (dbHits).
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta
from typing import Any

from neo4j import Driver, RoutingControl

from bench.common import (
    OUT,
    Http,
    auth_headers,
    county_arguments,
    finish,
    fupin_server,
    percentile,
    say,
    shown,
    table,
)
from bench.coverage import AS_OF, DATABASE, HEAP, PAGECACHE, operators, prepared, size
from graph import chain
from graph.reach import COUNTY_REACH

HERE = OUT / "chain"
SEED = 6
FIRST_DAY = date(2018, 1, 1)
TARGET_MS = 30.0
WARMUP = 5

ANSWER = "unit { name } mergers { merged { name } into { name } since }"
QUERY = f"""query($h: ID!, $d: Date) {{ responsibilityChain(householdId: $h, asOf: $d) {{
  asOf card household {{ id headName }}
  pairings {{ cadre {{ id name }} since until
              unit {{ unit {{ name }} since until onDate {{ {ANSWER} }} today {{ {ANSWER} }} }} }}
  village {{ code name }} township {{ code name }}
  teams {{ team {{ id level }} since until leaders {{ cadre {{ id name }} role since until }}
          dispatcher {{ unit {{ name }} since level onDate {{ {ANSWER} }} today {{ {ANSWER} }} }} }}
  secretaries {{ cadre {{ id name }} since until }} countyLeaders {{ cadre {{ id name }} since until }}
  policies {{ policy {{ code area }} benefits firstBenefit lastBenefit leadDepartments {{ name }} }}
  graph {{ nodes {{ id label key name }} edges {{ id type source target since until role }} }} }} }}"""


def sample(driver: Driver, runs: int) -> list[tuple[str, date]]:
    """`runs` (household, date) pairs, seeded: households of the whole county, dates in the window."""
    records, _, _ = driver.execute_query(
        "MATCH (h:Household) RETURN h.id AS id ORDER BY id", database_=DATABASE
    )
    ids = [r["id"] for r in records]
    rng = random.Random(SEED)
    span = (AS_OF - FIRST_DAY).days
    return [(rng.choice(ids), FIRST_DAY + timedelta(days=rng.randrange(span + 1))) for _ in range(runs)]


def ask_http(http: Http, household: str, day: date) -> tuple[float, dict[str, Any]]:
    ms, status, body = http.post(
        "/graphql", {"query": QUERY, "variables": {"h": household, "d": day.isoformat()}}
    )
    if status != 200 or body.get("errors"):
        raise RuntimeError(f"{household} {day}: HTTP {status}: {str(body)[:1000]}")
    return ms, body["data"]["responsibilityChain"]


def ask_cypher(driver: Driver, household: str, day: date) -> float:
    params = {**chain.parameters(day), "householdId": household, **COUNTY_REACH.params()}
    began = time.perf_counter()
    records, _, _ = driver.execute_query(
        chain.household_statement(COUNTY_REACH), params, database_=DATABASE, routing_=RoutingControl.READ
    )
    ms = (time.perf_counter() - began) * 1000
    if len(records) != 1:
        raise RuntimeError(f"{household} {day}: {len(records)} records")
    return ms


def db_hits(driver: Driver, household: str, day: date) -> tuple[int, int]:
    """dbHits and operators of one chain's PROFILE."""
    params = {**chain.parameters(day), "householdId": household, **COUNTY_REACH.params()}
    _, summary, _ = driver.execute_query(
        "PROFILE " + chain.household_statement(COUNTY_REACH),
        params,
        database_=DATABASE,
        routing_=RoutingControl.READ,
    )
    found = list(operators(summary.profile or {}))
    return sum(o.db_hits for o in found), len(found)


def run(households: int, runs: int, reuse: bool, keep: bool) -> int:
    began = time.perf_counter()
    with prepared(HERE / "home", households, reuse, keep) as bench:
        settings, driver, reused = bench.settings, bench.driver, bench.reused
        s = size(driver)
        asked = sample(driver, runs)
        with fupin_server(settings, HERE / "serve.log") as base:
            http = Http(base, auth_headers())
            say(f"… fupin serve answers at {base} (log {shown(HERE / 'serve.log')})")
            for household, day in asked[:WARMUP]:
                ask_http(http, household, day)
                ask_cypher(driver, household, day)
            say(f"… timing {runs} chains (household, date), both ways, alternating")
            start_load = os.getloadavg()[0]
            graphql, cypher, nodes, paired = [], [], [], 0
            for i, (household, day) in enumerate(asked):
                if i % 2 == 0:
                    ms, found = ask_http(http, household, day)
                    cypher.append(ask_cypher(driver, household, day))
                else:
                    cypher.append(ask_cypher(driver, household, day))
                    ms, found = ask_http(http, household, day)
                graphql.append(ms)
                nodes.append(len(found["graph"]["nodes"]))
                paired += bool(found["pairings"])
            end_load = os.getloadavg()[0]
            http.close()
        hits, ops = db_hits(driver, *asked[0])
    p = {name: (percentile(v, 50), percentile(v, 95)) for name, v in (("g", graphql), ("c", cypher))}
    rows = [
        ["GraphQL over HTTP", f"{p['g'][0]:.1f}", f"{p['g'][1]:.1f}", f"<= {TARGET_MS:.0f}",
         "PASS" if p["g"][1] <= TARGET_MS else "MISS"],
        ["Cypher through the driver", f"{p['c'][0]:.1f}", f"{p['c'][1]:.1f}", "", ""],
        ["ratio GraphQL / Cypher", f"{p['g'][0] / p['c'][0]:.2f}", f"{p['g'][1] / p['c'][1]:.2f}",
         "", ""],
    ]  # fmt: skip
    lines = [
        "",
        f"Responsibility-chain benchmark: county of {s.households:,} households, {s.cadres:,} cadres, "
        f"{s.villages:,} villages, {s.townships} townships ({s.nodes:,} nodes, {s.relationships:,} "
        f"relationships){', reused' if reused else ''}",
        f"{runs} timed runs each way (after {WARMUP} untimed), one (household, date) per run, "
        f"seed {SEED}: "
        f"dates {FIRST_DAY} … {AS_OF}; times in ms. Neo4j 5.26 (heap {HEAP}, page cache {PAGECACHE}), "
        f"{os.cpu_count()} CPUs",
        "",
        *table(["", "p50", "p95", "p95 target", ""], rows, "lrrrl"),
        "",
        f"- chains drawn: {percentile(nodes, 50):.0f} nodes at the median ({min(nodes)}–{max(nodes)}); "
        f"{paired} of {runs} with a paired cadre on their date (before a household's pairing, or "
        "with the loader's WORKS_FOR dated from the load day, some links are empty by the rule).",
        f"- PROFILE of the first chain ({asked[0][0]}, {asked[0][1]}): {hits:,} dbHits in {ops} operators.",
        f"- load: the 1-minute load average was {start_load:.1f} at the start of the timed runs and "
        f"{end_load:.1f} at the end, on {os.cpu_count()} CPUs; this benchmark alone keeps it near 1–2.",
    ]
    return finish(lines, began)


def main(argv: list[str] | None = None) -> int:
    parser = county_arguments("bench.chain", __doc__, 15000, 60, "timed runs each way (>= 30)")
    args = parser.parse_args(argv)
    if args.runs < 30:
        parser.error("--runs must be at least 30")
    return run(args.households, args.runs, args.reuse, args.keep)


if __name__ == "__main__":
    sys.exit(main())
