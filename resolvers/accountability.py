"""Root field `cadreAccountability(cadreId, from, to)`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from core.errors import NotFound
from graph import accountability as q
from resolvers.context import Context
from resolvers.dates import period
from schema.accountability import CadreAccountability
from schema.common import build


@strawberry.type
class AccountabilityQuery:
    @strawberry.field(
        description="What a cadre was responsible for from `from` to `to` (both included; `to` defaults "
        "to today and may not be later), and what it did: the households paired with it on any day "
        "of the period, W9 visits made against visits due (calendar months for RED, quarters for "
        "YELLOW/GREEN, by the card held on the period's last day, over the periods wholly inside "
        "[from, to]; a period counts for the cadre paired on its last day and is met by that "
        "cadre's visit inside it), W11 in-village days per whole month against the threshold, W12 "
        "rectification orders open at some time in the period, P9 petitions about its households "
        "registered while it was paired with them."
    )
    async def cadre_accountability(
        self,
        info: Info[Context, None],
        cadre_id: strawberry.ID,
        from_: Annotated[dt.date, strawberry.argument(name="from")],
        to: dt.date | None = None,
    ) -> CadreAccountability:
        start, end = period(from_, to)
        context = info.context
        context.round_trips += 1
        min_days = context.settings.thresholds.min_days_in_village
        found = await q.account(
            context.driver, context.database, str(cadre_id), start, end, min_days, context.reach
        )
        if found is None:
            raise NotFound(f"未找到帮扶责任人：{cadre_id}", argument="cadreId")
        return build(CadreAccountability, found, context.personal_data)
