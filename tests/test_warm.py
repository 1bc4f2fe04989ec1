"""graph/coverage/warm.py: the dashboard's statements, run once per scope shape as `fupin serve`
starts, are valid for every shape (each would otherwise fail only at a portal's first request)."""

from __future__ import annotations

import datetime as dt

from neo4j import Driver

from core.settings import Thresholds
from graph.connection import Target
from graph.coverage.summary import PARTS
from graph.coverage.warm import scopes, warm
from graph.scope import Scope
from tests import coverage_graphs as g

# Two of the statements: every one would plan the whole dashboard again, which is slow.
SOME = PARTS[-2:]


def test_a_county_without_villages_warms_the_county_scope_only(db: Driver, neo4j_target: Target) -> None:
    assert scopes(db, neo4j_target.database) == [Scope()]
    assert warm(db, neo4j_target.database, Thresholds(), dt.date(2020, 6, 30), SOME) == 2 * len(SOME)


def test_every_scope_shape_runs_the_statements_per_township_and_per_village(
    db: Driver, neo4j_target: Target
) -> None:
    g.villages(db)
    shapes = scopes(db, neo4j_target.database)
    assert [(s.township is not None, s.village is not None) for s in shapes] == [
        (False, False),
        (True, False),
        (False, True),
        (True, True),
    ]
    assert all(s.village is None or s.village.startswith(s.township or "4306241") for s in shapes)
    assert warm(db, neo4j_target.database, Thresholds(), dt.date(2020, 6, 30), SOME) == 4 * 2 * len(SOME)
