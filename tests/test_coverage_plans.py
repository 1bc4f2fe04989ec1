"""Every coverage rule plans without an Eager or a CartesianProduct in any scope, and a township or
village scope starts from a unique-index seek of its key.

The statement is the one `graph.coverage.rule.offenders` runs (graph.listing.build of the rule's
listing, first page of 50 by severity, with the total), explained with every parameter it needs:
the scope's, the county settings (thresholds), asOf, the cursor (none), the limit, and the rule's
own as its field passes them (month, year window, poverty line, policy constants). EXPLAIN on
the empty database with the constraints of `fupin migrate` (the `driver` fixture) is enough.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver

from core.settings import Settings
from graph.connection import Target
from graph.coverage import rules, summary
from graph.coverage.params import month_params, shared, year_window
from graph.coverage.rule import CoverageRule, Period
from graph.coverage.rules import RULES as DECLARED
from graph.listing import PageRequest, build
from graph.reach import COUNTY_REACH
from graph.scope import Scope
from resolvers.coverage.periods import first_day
from tests.conftest import reset

AS_OF = dt.date(2020, 6, 30)
SCOPES = {
    "county": Scope(),
    "township": Scope(township="430624101"),
    "village": Scope(village="430624101201"),
}
REQUEST = PageRequest(first=50, sort="SEVERITY", descending=True, with_total=True)
FORBIDDEN = {"Eager", "CartesianProduct"}  # EagerAggregation is an aggregation: allowed
SEEK = "NodeUniqueIndexSeek"


# The parameters a field's period argument adds to the shared ones by default (resolvers/coverage/
# periods.py): the year of asOf, the month before asOf's.
DEFAULTS: dict[Period, dict[str, Any]] = {
    Period.YEAR: year_window(AS_OF.year, AS_OF),
    Period.MONTH: month_params(first_day(None, AS_OF), AS_OF),
}
# W11 asked for a month not yet over, which its county body reads from the date index.
SO_FAR = month_params(AS_OF.replace(day=1), AS_OF - dt.timedelta(days=1))


def _declared() -> dict[str, tuple[CoverageRule, dict[str, Any]]]:
    """Every statement a rule's field runs, by field, with the parameters its period adds."""
    found: dict[str, tuple[CoverageRule, dict[str, Any]]] = {}
    for rule in DECLARED:
        found[rule.field] = (rule, DEFAULTS[rule.period] if rule.period else {})
        if rule.county_so_far:
            found[f"{rule.field}(month so far)"] = (rule.for_period(SO_FAR), SO_FAR)
    return found


STATEMENTS = _declared()


@pytest.fixture(scope="module")
def schema(driver: Driver, neo4j_target: Target, settings: Settings) -> Iterator[Driver]:
    """The empty database with its constraints and reference nodes (as the `db` fixture)."""
    reset(driver, neo4j_target, settings)
    yield driver


def operators(plan: dict[str, Any]) -> Iterator[str]:
    """Every operator of the plan tree, without its '@neo4j' suffix."""
    yield plan["operatorType"].split("@", 1)[0]
    for child in plan.get("children", []):
        yield from operators(child)


def explained(driver: Driver, neo4j_target: Target, statement: str, params: dict[str, Any]) -> list[str]:
    """The operators of `statement`'s plan, after checking it asks only for parameters given."""
    assert set(re.findall(r"\$(\w+)", statement)) <= set(params), "a parameter the resolver does not pass"
    with driver.session(database=neo4j_target.database) as session:
        plan = session.run(f"EXPLAIN {statement}", params).consume().plan
    assert plan is not None
    return list(operators(plan))


def test_every_rule_is_planned() -> None:
    """The rules planned are those the API serves: every CoverageRule a module of graph/coverage/
    rules/ declares is in the registry, which gives each its field of `coverage`."""
    from fupin.api import SCHEMA

    declared = {
        id(value)
        for info in pkgutil.iter_modules(rules.__path__)
        for value in vars(importlib.import_module(f"{rules.__name__}.{info.name}")).values()
        if isinstance(value, CoverageRule)
    }
    assert declared == {id(rule) for rule in DECLARED}
    assert {rule.field for rule in DECLARED} <= set(SCHEMA._schema.get_type("Coverage").fields)
    assert {name.split("(")[0] for name in STATEMENTS} == {rule.field for rule in DECLARED}


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("name", STATEMENTS)
def test_plan_has_no_eager_nor_cartesian_product_and_seeks_the_scope(
    schema: Driver, neo4j_target: Target, settings: Settings, name: str, scope: str
) -> None:
    (rule, extra), where = STATEMENTS[name], SCOPES[scope]
    statement = build(rule.listing(where), [], REQUEST)
    params = {
        **where.params(),
        **COUNTY_REACH.params(),
        **shared(AS_OF, settings.thresholds),
        "afterSort": None,
        "afterKey": None,
        "limit": REQUEST.first + 1,
        **extra,
    }
    found = explained(schema, neo4j_target, statement, params)
    assert not FORBIDDEN & set(found), f"{name} ({scope}): {found}"
    if scope != "county":
        assert SEEK in found, f"{name} ({scope}): the scope's key is not seeked: {found}"


@pytest.mark.parametrize("scope", SCOPES)
def test_summary_plan_has_no_eager_nor_cartesian_product(
    schema: Driver, neo4j_target: Target, settings: Settings, scope: str
) -> None:
    """The dashboard's one statement (its passes, county-wide tallies and per-township counts)."""
    where = SCOPES[scope]
    statement = summary.statement(where)
    params = summary.parameters(where, COUNTY_REACH, AS_OF, settings.thresholds)
    found = explained(schema, neo4j_target, statement, params)
    assert not FORBIDDEN & set(found), f"summary ({scope}): {sorted(set(found))}"
