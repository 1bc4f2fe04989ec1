"""pairCadre and endPairing (W7, W8)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from graph.changes import pairing
from resolvers.changes.base import change, changed, not_future
from resolvers.context import Context
from schema.changes.pairing import Pairing, PairingChange
from schema.common import build


@strawberry.type
class PairingMutation:
    @strawberry.mutation(
        description="W7, W8: pair a responsible cadre with a household from `since`. Refused when the "
        "cadre would carry more than `Thresholds.max_households_per_cadre` (5) households on any day from "
        "`since` on (concurrent requests are counted one after another), when the household already "
        "has a responsible cadre (unless `replace`, which ends that pairing on `since`), or when "
        "`since` is in the future or before the household's existing pairings."
    )
    async def pair_cadre(
        self,
        info: Info[Context, None],
        household_id: strawberry.ID,
        cadre_id: strawberry.ID,
        since: dt.date,
        replace: bool = False,
    ) -> PairingChange:
        limit = info.context.settings.thresholds.max_households_per_cadre
        work = pairing.pair(
            info.context.reach, limit, household_id, str(cadre_id), not_future(since, "since"), replace
        )
        result = await change(info, work)
        personal = info.context.personal_data
        return PairingChange(
            pairing=build(Pairing, result, personal),
            ended=[build(Pairing, row, personal) for row in result["ended"]],
        )

    @strawberry.mutation(
        description="W7: end the open pairing of the cadre with the household on `until` (the end day "
        "belongs to the successor). Not in the future, not before the pairing's start."
    )
    async def end_pairing(
        self, info: Info[Context, None], household_id: strawberry.ID, cadre_id: strawberry.ID, until: dt.date
    ) -> Pairing:
        work = pairing.end(info.context.reach, household_id, str(cadre_id), not_future(until, "until"))
        return await changed(info, Pairing, work)
