"""What every coverage field shares: the scope and date it was asked for, and paging of offenders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from strawberry.types import Info

from core.errors import UserError
from graph.coverage.params import shared
from graph.coverage.rule import CoverageRule, offenders
from graph.scope import Scope
from resolvers.common import page_request, paged
from resolvers.context import Context
from resolvers.dates import past_day
from schema.common import Connection

T = TypeVar("T")


@dataclass(frozen=True)
class Asked:
    """The parent value of every coverage field."""

    scope: Scope
    as_of: dt.date


def asked(
    township_code: str | None, village_code: str | None, as_of: dt.date | None, context: Context
) -> Asked:
    """The scope of the question as the caller's reach allows it (`Reach.narrow`), and its day."""
    if township_code and village_code:
        raise UserError("范围只能是一个乡镇或一个行政村，不能同时指定", argument="scope")
    scope = context.reach.narrow(Scope(township=township_code, village=village_code), context.principal.role)
    return Asked(scope, past_day(as_of))


async def offenders_page(
    info: Info[Context, None],
    parent: Asked,
    rule: CoverageRule,
    item: type[T],
    first: int | None,
    after: str | None,
    extra: dict[str, Any] | None = None,
) -> Connection[T]:
    """One page of a rule's offenders; `extra` adds the field's own parameters (a month, a year)."""
    context = info.context
    context.round_trips += 1
    params = {**shared(parent.as_of, context.settings.thresholds), **(extra or {})}
    request = page_request(info, first, after, filters={"scope": parent.scope, **params})
    fetch = offenders(context.driver, context.database, rule, parent.scope, context.reach, params, request)
    return await paged(info, fetch, item, request)
