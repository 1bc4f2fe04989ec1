"""Portal benchmark: the dashboard's grouped figures over HTTP, on the demo county's size.

    uv run python -m bench.portal [--households 2000] [--runs 10] [--reuse] [--keep]

The county of seeds.generate (seed 2019, as of 2020-06-30, 2,000 households by default: the size
`make serve` loads) in a managed Neo4j of its own (FUPIN_HOME = bench/out/portal/home). `fupin
serve` in its own process; each query is POSTed `runs` times after one untimed run, county-wide:
`summary` (one statement), `villageSummaries` (one statement grouped by village),
`tallies` by village and by township (one statement). Prints
p50 and the slowest run of each, in ms.
"""

from __future__ import annotations

import os
import sys
import time

from bench.common import (
    OUT,
    Http,
    auth_headers,
    county_arguments,
    finish,
    fupin_server,
    percentile,
    say,
    table,
)
from bench.coverage import prepared, size

HERE = OUT / "portal"
LINE = "key rules count denominator rate passes"
TALLY = "code households cards { card count } statuses { status count }"


def _coverage(selection: str) -> str:
    return f'{{ coverage(asOf: "2020-06-30") {{ {selection} }} }}'


QUERIES = {
    "summary": _coverage(f"summary {{ lines {{ {LINE} }} townships {{ lines {{ {LINE} }} }} }}"),
    "villageSummaries": _coverage(f"villageSummaries {{ village {{ code }} lines {{ {LINE} }} }}"),
    "tallies(by: VILLAGE)": _coverage(f"tallies(by: VILLAGE) {{ {TALLY} }}"),
    "tallies(by: TOWNSHIP)": _coverage(f"tallies(by: TOWNSHIP) {{ {TALLY} }}"),
}


def run(households: int, runs: int, reuse: bool, keep: bool) -> int:
    began = time.perf_counter()
    with prepared(HERE / "home", households, reuse, keep) as bench:
        s = size(bench.driver)
        with fupin_server(bench.settings, HERE / "serve.log") as base:
            http = Http(base, auth_headers())
            rows = []
            for name, query in QUERIES.items():
                times = []
                for i in range(runs + 1):
                    ms, status, body = http.post("/graphql", {"query": query})
                    if status != 200 or body.get("errors"):
                        raise RuntimeError(f"{name}: HTTP {status}: {str(body)[:500]}")
                    if i:
                        times.append(ms)
                say(f"… {name}: p50 {percentile(times, 50):.0f} ms")
                rows.append([name, f"{percentile(times, 50):.0f}", f"{max(times):.0f}"])
            http.close()
    lines = [
        "",
        f"Portal benchmark: county of {s.households:,} households, {s.villages} villages, "
        f"{s.townships} townships{', reused' if bench.reused else ''}; {runs} timed runs each (after 1), "
        f"ms, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end",
        "",
        *table(["", "p50", "max"], rows, "lrr"),
    ]
    return finish(lines, began)


def main(argv: list[str] | None = None) -> int:
    parser = county_arguments("bench.portal", __doc__, 2000, 10, "timed runs of each request")
    args = parser.parse_args(argv)
    return run(args.households, args.runs, args.reuse, args.keep)


if __name__ == "__main__":
    sys.exit(main())
