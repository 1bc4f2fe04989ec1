"""Export benchmark: the full household list of a county as .xlsx, and a village's household files
(一户一档) as one PDF, each POSTed to `fupin serve` as the county office.

    uv run python -m bench.export [--households 15000] [--runs 3] [--reuse] [--keep]

On the county of bench/coverage.py (seeds.generate, seed 2019, as of 2020-06-30; its rosters in
bench/out/coverage/rosters-<N>/ are shared) loaded into a managed Neo4j of its own (FUPIN_HOME =
bench/out/export/home, heap 2 GiB, page cache 2 GiB):

(a) POST /export.xlsx with `households { edges { node { … } } }` (ten columns, the village and
    township names among them): every page, the workbook written, audited; timed from the request
    to the last byte of the answer. The workbook is opened and its rows counted against the county.
(b) POST /export/household-file.pdf for the village whose household count is nearest 60: its
    households' facts, members, card history, pairings, visits, benefits, loans and petitions,
    one PDF; timed likewise, its pages counted.

Each is run `--runs` times after one untimed run; min and median of each, PASS or MISS against the
targets (a) <= 20 s, (b) <= 10 s, and the load average at the start and the end.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from typing import Any

import httpx
from openpyxl import load_workbook
from pypdf import PdfReader

from bench.common import (
    OUT,
    auth_headers,
    bench_settings,
    county_arguments,
    finish,
    fupin_server,
    phase,
    release,
    say,
    shown,
    table,
)
from bench.coverage import DATABASE, HEAP, PAGECACHE, prepare, size
from graph.connection import sync_driver, target

HERE = OUT / "export"
LIST_TARGET, VILLAGE_TARGET = 20.0, 10.0
LIST = """query { households { edges { node { id headName headIdNumber size attribute status card income
  village { name township { name } } } } } }"""


def village_near(driver: Any, households: int) -> tuple[str, int]:
    records, _, _ = driver.execute_query(
        """MATCH (v:Village) WITH v, COUNT { (:Household)-[:IN_VILLAGE]->(v) } AS n
        RETURN v.code AS code, n ORDER BY abs(n - $n), v.code LIMIT 1""",
        n=households,
        database_=DATABASE,
    )
    return str(records[0]["code"]), int(records[0]["n"])


def timed(client: httpx.Client, path: str, body: dict[str, Any]) -> tuple[float, bytes]:
    began = time.perf_counter()
    response = client.post(path, json=body)
    content = response.content
    seconds = time.perf_counter() - began
    if response.status_code != 200:
        raise RuntimeError(f"{path}: {response.status_code} {response.text[:500]}")
    return seconds, content


def run(households: int, runs: int, reuse: bool, keep: bool) -> int:
    settings = bench_settings(HERE / "home", HEAP, PAGECACHE, DATABASE)
    began = time.perf_counter()
    lines: list[str] = []
    try:
        with phase(
            f"starting the bench Neo4j (heap {HEAP}, page cache {PAGECACHE}) in {shown(settings.home)}"
        ):
            neo4j = target(settings, start=True)
        with sync_driver(neo4j) as driver:
            reused = prepare(driver, settings, households, reuse)
            s = size(driver)
            village, in_village = village_near(driver, 60)
        with (
            fupin_server(settings, HERE / "serve.log") as base,
            httpx.Client(base_url=base, headers=auth_headers(), timeout=600) as client,
        ):
            say(f"… fupin serve answers at {base} (log {shown(HERE / 'serve.log')})")
            start_load = os.getloadavg()[0]
            figures: dict[str, list[float]] = {"list": [], "village": []}
            rows = pages = 0
            for attempt in range(runs + 1):
                seconds, content = timed(client, "/export.xlsx", {"query": LIST})
                sheet = load_workbook(io.BytesIO(content), read_only=True)["数据"]
                rows = sum(1 for _ in sheet.iter_rows(min_row=2, values_only=True))
                if attempt:
                    figures["list"].append(seconds)
                run_name = attempt or "untimed"
                say(f"… list export {run_name}: {seconds:.1f} s, {rows:,} rows, {len(content):,} bytes")
                seconds, content = timed(client, "/export/household-file.pdf", {"villageCode": village})
                pages = len(PdfReader(io.BytesIO(content)).pages)
                if attempt:
                    figures["village"].append(seconds)
                say(f"… village files {run_name}: {seconds:.1f} s, {pages} pages, {len(content):,} bytes")
            end_load = os.getloadavg()[0]
        if rows != s.households:
            raise RuntimeError(f"the list export holds {rows} rows, the county {s.households} households")

        def line(name: str, key: str, target_s: float) -> list[str]:
            values = figures[key]
            verdict = "PASS" if statistics.median(values) <= target_s else "MISS"
            return [
                name,
                f"{min(values):.1f}",
                f"{statistics.median(values):.1f}",
                f"<= {target_s:.0f}",
                verdict,
            ]

        lines = [
            "",
            f"Export benchmark: county of {s.households:,} households, {s.persons:,} people, "
            f"{s.villages:,} villages{', reused' if reused else ''}; {runs} timed runs each (after one "
            f"untimed), as COUNTY_ADMIN through fupin serve; times in s",
            "",
            *table(
                ["", "min", "median", "target", ""],
                [
                    line(f"households list .xlsx ({rows:,} rows)", "list", LIST_TARGET),
                    line(
                        f"village {village} household files ({in_village} households, {pages} pages)",
                        "village",
                        VILLAGE_TARGET,
                    ),
                ],
                "lrrrl",
            ),
            "",
            f"- load: the 1-minute load average was {start_load:.1f} at the start and {end_load:.1f} at the "
            f"end, on {os.cpu_count()} CPUs.",
        ]
    finally:
        release(settings, keep)
    return finish(lines, began)


def main(argv: list[str] | None = None) -> int:
    parser = county_arguments("bench.export", __doc__, 15000, 3, "timed runs of each export")
    args = parser.parse_args(argv)
    return run(args.households, args.runs, args.reuse, args.keep)


if __name__ == "__main__":
    sys.exit(main())
