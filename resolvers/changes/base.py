"""What every mutation resolver shares: the caller, the audited transaction, date checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TypeVar

from neo4j import AsyncManagedTransaction
from strawberry.types import Info

from fupin.context import Context
from fupin.errors import UserError
from graph.audit import Event, audited
from graph.scope import Scope

T = TypeVar("T")


def caller_scope(info: Info[Context, None]) -> Scope:
    """Where the caller may change things; graph functions refuse entities outside it (NOT_FOUND).

    The county until roles are enforced (issue #7)."""
    return Scope()


def not_future(day: dt.date, argument: str) -> dt.date:
    if day > dt.date.today():
        raise UserError(f"{argument} 不能晚于今天：{day.isoformat()}", argument=argument)
    return day


async def change(
    info: Info[Context, None],
    work: Callable[[AsyncManagedTransaction], Awaitable[tuple[T, Event]]],
) -> T:
    """Run one mutation's transaction function with its audit event (graph/audit.py)."""
    context = info.context
    context.round_trips += 1
    return await audited(context.driver, context.database, context.principal, context.request_id, work)
