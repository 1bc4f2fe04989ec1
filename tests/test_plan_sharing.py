"""A statement that callers of every reach send is planned once.

Neo4j keys a plan on the statement's text and on the types of its parameters: a parameter null for
one caller and a string for another plans the same text twice. The reach's parameters
(graph/reach.py `Reach.params`) therefore have one type whatever the caller. A dashboard's statement
for a township, the same for the county office and for the township's officer, is planned once (a
county's main statement takes seconds to plan: bench/README.md, "Planning the dashboard's statements").
"""

from __future__ import annotations

import datetime as dt
import re

from neo4j import Driver

from graph.connection import Target
from graph.coverage.rules.open_suspects import RULE
from graph.reach import COUNTY_REACH, Reach, ReachKind
from graph.scope import Scope

TOWNSHIP = "430624101"
REACHES = [
    COUNTY_REACH,
    Reach(ReachKind.TOWNSHIP, TOWNSHIP),
    Reach(ReachKind.VILLAGE, "430624101201"),
    Reach(ReachKind.CADRE, "c-x"),
    Reach(ReachKind.DEPARTMENT, "县医疗保障局"),
]


def emptied(driver: Driver, database: str) -> int:
    """Empty Neo4j's query caches; the number of entries they held."""
    records, _, _ = driver.execute_query("CALL db.clearQueryCaches()", database_=database)
    held = re.search(r"of (\d+) quer", records[0][0])  # else "Query cache already empty."
    return int(held.group(1)) if held else 0


def test_the_reach_parameters_have_the_same_types_for_every_kind_of_reach() -> None:
    types = [{name: type(value) for name, value in reach.params().items()} for reach in REACHES]
    assert all(t == types[0] for t in types), types


def test_a_statement_sent_for_every_reach_is_planned_once(db: Driver, neo4j_target: Target) -> None:
    """O2's suspects of a township read `$reachCode` (graph/reach.py `own_department`): sent for the
    county office and for every other kind of reach, they leave as many plans as sent for one."""
    statement = RULE.match(Scope(township=TOWNSHIP)) + "RETURN count(n) AS k"
    params = {"asOf": dt.date(2026, 12, 1), **Scope(township=TOWNSHIP).params()}

    def planned(reaches: list[Reach]) -> int:
        emptied(db, neo4j_target.database)
        for reach in reaches:
            db.execute_query(statement, {**params, **reach.params()}, database_=neo4j_target.database)
        return emptied(db, neo4j_target.database)

    assert planned(REACHES) == planned([COUNTY_REACH])
