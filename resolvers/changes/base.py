"""What every mutation resolver shares: the caller, the audited transaction, date checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TypeVar

from neo4j import AsyncManagedTransaction
from strawberry.types import Info

from core import values
from core.errors import UserError, forbidden
from core.principal import Role
from graph.audit import Event, audited
from graph.changes.lookup import Work
from resolvers.changes.inputs import checked
from resolvers.context import Context
from schema.common import build

T = TypeVar("T")


def own_cadre(info: Info[Context, None], cadre_id: str) -> None:
    """A CADRE records only its own visits."""
    principal = info.context.principal
    if principal.role is Role.CADRE and cadre_id != principal.scope:
        raise forbidden(principal.role, "以其他帮扶责任人的名义记录")


def own_department(info: Info[Context, None], department: str) -> None:
    """A DEPARTMENT records only its own measures and benefits."""
    principal = info.context.principal
    if principal.role is Role.DEPARTMENT and department != principal.scope:
        raise forbidden(principal.role, f"以其他部门（{department}）的名义记录")


def not_future(day: dt.date, argument: str) -> dt.date:
    """A day of something done: not after today, nor outside the years any date may have."""
    checked(values.day, day, argument)
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


async def changed(info: Info[Context, None], type_: type[T], work: Work) -> T:
    """Run the mutation's audited transaction and answer with what it changed as `type_` (personal
    data masked unless the caller may see it)."""
    return build(type_, await change(info, work), info.context.personal_data)
