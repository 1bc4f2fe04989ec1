"""`exitHousehold` (S5)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from core import values
from core.errors import UserError
from graph.changes import exits
from resolvers.changes.base import changed
from resolvers.changes.inputs import checked
from resolvers.context import Context
from schema.changes.exits import EXIT_HOUSEHOLD
from schema.household import Household


@strawberry.type
class ExitMutation:
    @strawberry.mutation(description=EXIT_HOUSEHOLD)
    async def exit_household(
        self,
        info: Info[Context, None],
        household_id: strawberry.ID,
        year: Annotated[
            int, strawberry.argument(description="退出年份：the year it exits (not after this year).")
        ],
    ) -> Household:
        today = dt.date.today()
        checked(values.year, year, "year")
        if year > today.year:
            raise UserError(f"year 不能晚于今年：{year}", argument="year")
        work = exits.exit_household(
            info.context.reach, info.context.settings.thresholds, household_id, year, today
        )
        return await changed(info, Household, work)
