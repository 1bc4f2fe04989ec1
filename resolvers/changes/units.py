"""recordUnitMerger (W6)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from graph.changes import units
from resolvers.changes.base import changed, not_future
from resolvers.context import Context
from schema.changes.units import UnitMerger


@strawberry.type
class UnitMutation:
    @strawberry.mutation(
        description="W6: unit `from` merged into `into` on `date` (机构改革). From that day its teams are "
        "dispatched by, and its cadres work for, the successor; before it the old unit still answers. "
        "Refused when either unit is already merged (merge into the final successor) or `date` is in "
        "the future."
    )
    async def record_unit_merger(
        self,
        info: Info[Context, None],
        from_: Annotated[
            str, strawberry.argument(name="from", description="被合并单位：the merged unit's name.")
        ],
        into: str,
        date: dt.date,
    ) -> UnitMerger:
        work = units.merge(from_, into, not_future(date, "date"))
        return await changed(info, UnitMerger, work)
