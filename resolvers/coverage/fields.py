"""The `coverage` fields of the rules, produced from their declarations (graph/coverage/rules/):
per rule its item type (schema/coverage/items.py), a field paging its offenders with the period
argument it declares, and its county total when it has one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from graph.coverage.rule import CoverageRule, EnumType, Period, county_total
from graph.coverage.rules import RULES
from resolvers.context import Context
from resolvers.coverage import periods
from resolvers.coverage.base import Asked, offenders_page
from schema.common import Connection, build
from schema.coverage.items import KNOWN, enum_type, object_type

_MONTH = strawberry.argument(
    description='"YYYY-MM" or any date in the month; default the calendar month before the date\'s '
    "month. Not after the date's month."
)


def _offenders(rule: CoverageRule, item: type) -> Any:
    """The field listing `rule`'s offenders, a page at a time, most severe first."""

    async def plain(
        root: Asked, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Any:
        return await offenders_page(info, root, rule, item, first, after)

    async def in_year(
        root: Asked,
        info: Info[Context, None],
        year: int | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Any:
        return await offenders_page(info, root, rule, item, first, after, periods.year(root, year))

    async def in_month(
        root: Asked,
        info: Info[Context, None],
        month: Annotated[str | None, _MONTH] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Any:
        return await offenders_page(info, root, rule, item, first, after, periods.month(root, month))

    resolvers: dict[Period | None, Callable[..., Awaitable[Any]]] = {
        None: plain,
        Period.YEAR: in_year,
        Period.MONTH: in_month,
    }
    return strawberry.field(
        resolver=resolvers[rule.period],
        name=rule.field,
        description=rule.reading,
        graphql_type=Connection[item],  # type: ignore[valid-type]
    )


def _total(rule: CoverageRule, item: type) -> Any:
    """The field giving `rule`'s county-wide figure, null unless the scope is the county."""
    assert rule.total is not None

    async def total(root: Asked, info: Info[Context, None]) -> Any:
        if not root.scope.is_county:
            return None
        context = info.context
        context.round_trips += 1
        row = await county_total(
            context.driver, context.database, rule, root.as_of, context.settings.thresholds
        )
        return build(item, row, context.personal_data)

    return strawberry.field(
        resolver=total, name=rule.total.field, description=rule.total.description, graphql_type=item | None
    )


def _fields(rules: tuple[CoverageRule, ...]) -> dict[str, Any]:
    """Every rule's fields, in the registry's order, its types built first."""
    named = dict(KNOWN)
    fields: dict[str, Any] = {}
    for rule in rules:
        for declared in rule.types:
            if isinstance(declared, EnumType):
                enum_type(declared.name, declared.description, declared.values, named, declared.labels)
            else:
                object_type(declared.name, declared.description, declared.fields, named)
        item = object_type(rule.item.name, rule.item.description, rule.item.fields, named)
        fields[rule.field] = _offenders(rule, item)
        if rule.total is not None:
            fields[rule.total.field] = _total(rule, item)
    return fields


RuleCoverage = strawberry.type(type("RuleCoverage", (), {"__module__": __name__, **_fields(RULES)}))
