"""Growth with the county: the same figures on counties of several sizes, side by side.

    uv run python -m bench.scale [--households 15000 100000 …] [--runs 10] [--heap 4g] [--pagecache 8g]
    uv run python -m bench.scale --table        # print what earlier runs saved, measure nothing

Each size has its own managed Neo4j and county (seeds.generate, seed 2019, as of 2020-06-30, as
bench/coverage.py; in bench/out/scale/home-N, kept: a later run reuses it). For each size, through
`fupin serve` (its own process, production settings) over one kept-alive connection, county-wide
and in the township with the most households:

- every coverage field's first page of 50 with totalCount (bench/coverage.py's queries), p50/p95;
- `summary` cold (right after a committed write no figure reads, so every statement runs) and warm
  (the same again: the kept answer), as bench/summary.py times them;
- a deep page: `households(first: 20)` page 1 and page 500 (by id; in the township filtered to it;
  its last page when it has fewer), the cursor reached by walking the pages once;

and the rows per second of the load that put the county there. Each size's figures are saved in
bench/out/scale/results-N.json; the table then shows every size saved, the growth of each figure
from the smallest size to the largest, and PASS or MISS against a province's targets: a coverage
field p95 <= 100 ms county-wide and <= 50 ms in a township; `summary` cold p95 <= 1 s county-wide
and <= 100 ms in a township; page 500 p50 <= 1.25 x page 1's + 1 ms; the load's rows/s at least
0.8 x the smallest size's. Growth is that of p95.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from neo4j import Driver

from bench.common import OUT, Http, auth_headers, finish, fupin_server, percentile, phase, say, table
from bench.coverage import (
    AS_OF,
    FIELDS,
    WARMUP,
    Client,
    largest_township,
    load_figures,
    prepared,
    size,
)
from bench.summary import _query as summary_query
from bench.summary import cold_and_warm
from graph.scope import Scope

HERE = OUT / "scale"
FIELD_MS = {"county": 100.0, "township": 50.0}
SUMMARY_MS = {"county": 1000.0, "township": 100.0}
DEEP_PAGE, PAGE_SIZE = 500, 20
DEEP_RATIO, DEEP_SLACK_MS = 1.25, 1.0
LOAD_RATIO = 0.8

Figures = dict[str, dict[str, float]]  # figure name -> {"p50": …, "p95": …} or {"value": …}


def _spread(times: list[float]) -> dict[str, float]:
    return {"p50": round(percentile(times, 50), 2), "p95": round(percentile(times, 95), 2)}


def _timed(ask: Callable[[], float], runs: int) -> dict[str, float]:
    for _ in range(WARMUP):
        ask()
    return _spread([ask() for _ in range(runs)])


def _households_page(scope: Scope, after: str | None) -> dict[str, Any]:
    where = f', filter: {{townshipCode: "{scope.township}"}}' if scope.township else ""
    cursor = f', after: "{after}"' if after else ""
    query = (
        f"{{ households(first: {PAGE_SIZE}, sort: ID, direction: ASC{where}{cursor}) "
        "{ edges { node { id headName } } pageInfo { endCursor hasNextPage } } }"
    )
    return {"query": query}


def deep_pages(http: Http, scope: Scope, runs: int) -> Figures:
    """Page 1 and a deep page of the households list: page DEEP_PAGE, or the last when the list has
    fewer; its cursor found by walking the pages."""
    after, page = None, 1
    while page < DEEP_PAGE:
        _, answer = http.graphql(_households_page(scope, after))
        info = answer["data"]["households"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        after, page = info["endCursor"], page + 1
    first, deep = _households_page(scope, None), _households_page(scope, after)
    return {
        "page 1": _timed(lambda: http.graphql(first)[0], runs),
        "deep page": {**_timed(lambda: http.graphql(deep)[0], runs), "page": page},
    }


def summaries(http: Http, driver: Driver, scope: Scope, runs: int) -> Figures:
    query = summary_query("summary", scope, AS_OF)
    http.graphql({"query": query})
    cold, warm = cold_and_warm(http, driver, query, runs)
    return {"summary cold": _spread(cold), "summary warm": _spread(warm)}


def measure(households: int, runs: int, heap: str, pagecache: str, keep: bool) -> dict[str, Any]:
    """One size's figures, saved in results-N.json."""
    with prepared(HERE / f"home-{households}", households, True, keep, heap, pagecache) as bench:
        settings, driver = bench.settings, bench.driver
        s = size(driver)
        code, name, count = largest_township(driver)
        scopes = {"county": Scope(), "township": Scope(township=code)}
        figures: dict[str, Figures] = {}
        load_before = os.getloadavg()[0]
        with fupin_server(settings, HERE / f"serve-{households}.log") as base:
            http = Http(base, auth_headers())
            for where, scope in scopes.items():
                client = Client(http, http, driver, settings.thresholds, scope)
                with phase(f"{households:,} households, {where}: {len(FIELDS)} fields, {runs} runs each"):
                    found: Figures = {}
                    for f in FIELDS:
                        if f.rule is None and f.part > 0:
                            continue  # the summary's parts: asked as the whole dashboard
                        found[f.name] = _timed(lambda f=f, c=client: c.graphql(f)[0], runs)  # type: ignore[misc]
                    found.update(summaries(http, driver, scope, runs))
                    found.update(deep_pages(http, scope, runs))
                figures[where] = found
            http.close()
        loaded = load_figures(settings)
    results = {
        "households": s.households,
        "nodes": s.nodes,
        "relationships": s.relationships,
        "township": f"{code} {name} ({count:,} households)",
        "heap": heap,
        "pagecache": pagecache,
        "runs": runs,
        "measured": time.strftime("%Y-%m-%d %H:%M"),
        "load average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "load rows/s": round(loaded["rows"] / loaded["seconds"]) if loaded and loaded["seconds"] else None,
        "load": loaded,
        "figures": figures,
    }
    HERE.mkdir(parents=True, exist_ok=True)
    (HERE / f"results-{households}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    return results


def saved() -> list[dict[str, Any]]:
    found = [json.loads(p.read_text(encoding="utf-8")) for p in HERE.glob("results-*.json")]
    return sorted(found, key=lambda r: int(r["households"]))


def _target(where: str, figure: str) -> float | None:
    if figure.startswith("summary cold"):
        return SUMMARY_MS[where]
    if figure.startswith(("summary", "page", "deep page")):
        return None
    return FIELD_MS[where]


def report(results: list[dict[str, Any]]) -> list[str]:
    """The figures of every size saved side by side, with their growth and verdicts."""
    if not results:
        return ["no saved results in bench/out/scale: run `python -m bench.scale` first"]
    sizes = [f"{r['households']:,}" for r in results]
    small, large = results[0], results[-1]
    lines = [
        "",
        "Growth with the county: GraphQL p50 / p95 in ms at each size; growth = the largest size's p95 "
        "over the smallest's; the verdict is the largest size's.",
        "",
    ]
    for r in results:
        lines.append(
            f"- {r['households']:,} households ({r['nodes']:,} nodes, {r['relationships']:,} relationships), "
            f"measured {r['measured']}, heap {r['heap']}, page cache {r['pagecache']}, {r['runs']} runs, "
            f"load average {r['load average'][0]} → {r['load average'][1]}; township {r['township']}"
        )
    misses = 0
    for where in ("county", "township"):
        rows = []
        for figure in large["figures"][where]:
            cells = []
            for r in results:
                got = r["figures"].get(where, {}).get(figure)
                page = f" (page {got['page']:.0f})" if got and "page" in got else ""
                cells.append(f"{got['p50']:.1f} / {got['p95']:.1f}{page}" if got else "—")
            base = small["figures"].get(where, {}).get(figure)
            last = large["figures"][where][figure]
            growth = f"×{last['p95'] / base['p95']:.2f}" if base and base["p95"] else "—"
            limit = _target(where, figure)
            verdict = ""
            if limit is not None:
                verdict = "PASS" if last["p95"] <= limit else "MISS"
            elif figure == "deep page":
                first = large["figures"][where]["page 1"]["p50"]
                verdict = "PASS" if last["p50"] <= DEEP_RATIO * first + DEEP_SLACK_MS else "MISS"
            misses += verdict == "MISS"
            rows.append([figure, *cells, growth, f"<= {limit:.0f}" if limit else "", verdict])
        lines += [
            "",
            f"{where}:",
            *table(["figure", *sizes, "growth", "p95 target", ""], rows, "l" + "r" * (len(sizes) + 2) + "l"),
        ]
    rates = [r.get("load rows/s") for r in results]
    cells = [f"{rate:,}" if rate else "— (reused)" for rate in rates]
    verdict = ""
    if rates[0] and rates[-1]:
        verdict = "PASS" if rates[-1] >= LOAD_RATIO * rates[0] else "MISS"
        misses += verdict == "MISS"
    lines += [
        "",
        *table(
            ["load", *sizes, "target", ""],
            [["rows/s", *cells, f">= {LOAD_RATIO:g} x smallest", verdict]],
            "l" + "r" * len(sizes) + "ll",
        ),
    ]
    lines += ["", f"{misses} figure(s) of the largest size miss their target."]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--households", type=int, nargs="+", default=[15000])
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each figure (after 3 untimed)")
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument("--keep", action="store_true", help="leave each size's Neo4j running at the end")
    parser.add_argument("--table", action="store_true", help="print the saved figures, measure nothing")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    if not args.table:
        for households in args.households:
            say(f"… {households:,} households")
            measure(households, args.runs, args.heap, args.pagecache, args.keep)
    return finish(report(saved()), began)


if __name__ == "__main__":
    sys.exit(main())
