"""pairCadre and endPairing (W7, W8)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from graph.changes import pairing
from resolvers.changes.base import change, changed, not_future
from resolvers.changes.inputs import filled, optional
from resolvers.context import Context
from schema.changes.pairing import Pairing, PairingChange
from schema.changes.visits import VisitRecord
from schema.common import build


@strawberry.type
class PairingMutation:
    @strawberry.mutation(
        description="W7, W8: pair a responsible cadre with a household from `since`. Refused when the "
        "cadre would carry more than `Thresholds.max_households_per_cadre` (5) households on any day from "
        "`since` on (concurrent requests are counted one after another), when the household already "
        "has a responsible cadre (unless `replace`, which ends that pairing on `since` for `reason`, "
        "then required), or when `since` is in the future or before the household's existing pairings. "
        "A back-dated replacement names the old cadre's visits from `since` on (`laterVisits`)."
    )
    async def pair_cadre(
        self,
        info: Info[Context, None],
        household_id: strawberry.ID,
        cadre_id: strawberry.ID,
        since: dt.date,
        replace: bool = False,
        reason: Annotated[
            str | None,
            strawberry.argument(
                description="更换原因：why the current pairing ends (required when it does)."
            ),
        ] = None,
    ) -> PairingChange:
        limit = info.context.settings.thresholds.max_households_per_cadre
        work = pairing.pair(
            info.context.reach,
            limit,
            household_id,
            str(cadre_id),
            not_future(since, "since"),
            replace,
            optional(reason, "reason"),
        )
        result = await change(info, work)
        personal = info.context.personal_data
        return PairingChange(
            pairing=build(Pairing, result, personal),
            ended=[build(Pairing, row, personal) for row in result["ended"]],
            later_visits=[build(VisitRecord, row, personal) for row in result["laterVisits"]],
        )

    @strawberry.mutation(
        description="W7: end the open pairing of the cadre with the household on `until` (the end day "
        "belongs to the successor) for `reason` (结束原因, kept on the pairing). Not in the future, not "
        "before the pairing's start."
    )
    async def end_pairing(
        self,
        info: Info[Context, None],
        household_id: strawberry.ID,
        cadre_id: strawberry.ID,
        until: dt.date,
        reason: Annotated[str, strawberry.argument(description="结束原因：why the pairing ends.")],
    ) -> Pairing:
        work = pairing.end(
            info.context.reach,
            household_id,
            str(cadre_id),
            not_future(until, "until"),
            filled(reason, "reason"),
        )
        return await changed(info, Pairing, work)
