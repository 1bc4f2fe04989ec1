"""Loading the county's rosters (花名册) into the graph: `fupin load PATH...`.

    result = load(["户花名册.xlsx", "人口花名册.csv"], driver, "neo4j")
    print(summary(result)); write_report(result, Path("load-report"))  # summary.txt, errors.xlsx

Every file is read and validated first (graph/rosters); a file that cannot be read or lacks a
required column is reported and left out, the others load (exit status 2 only when nothing was
written). Rosters then load
in `LOAD_ORDER` (units, villages, cadres … so that what a row refers to exists): references
are checked with one query per roster, good rows are written in batches of `UNWIND $rows AS row
MERGE … SET …`, one transaction per batch, by natural key (docs/model.md), so a rerun — also
after a killed load — gives the same graph and counts 0 created, 0 updated.

Dated relationships the rosters do not date (HAS_CARD when 卡类 changes, WORKS_FOR when 帮扶单位
changes, and the first of each) start and end on the load's day: `--snapshot DATE` when given
(the date the rosters describe), else the day of the load.
"""

from graph.load.report import summary, table, write_report
from graph.load.result import LoadResult, RosterResult
from graph.load.run import LoadAborted, load

__all__ = ["LoadAborted", "LoadResult", "RosterResult", "load", "summary", "table", "write_report"]
