"""transferCadre (O1, W6)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from graph.changes import transfers
from resolvers.changes.base import changed, not_future
from resolvers.changes.inputs import filled
from resolvers.context import Context
from schema.cadre import Cadre


@strawberry.type
class TransferMutation:
    @strawberry.mutation(
        description="O1, W6: the cadre works for `unitName` from `since` (调动): its current unit answers "
        "for every earlier day, the new one from `since` on. Refused when it works there already, when "
        "`since` is not after its current unit's start, or when the unit has merged (W6)."
    )
    async def transfer_cadre(
        self, info: Info[Context, None], cadre_id: strawberry.ID, unit_name: str, since: dt.date
    ) -> Cadre:
        day = not_future(since, "since")
        work = transfers.transfer(info.context.reach, cadre_id, filled(unit_name, "unitName"), day)
        return await changed(info, Cadre, work)
