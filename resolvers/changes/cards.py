"""`reclassifyCard` (S1, S2)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from graph.changes import cards
from resolvers.changes.base import changed, not_future
from resolvers.changes.inputs import filled
from resolvers.context import Context
from schema.changes.cards import RECLASSIFY_CARD
from schema.enums import Card
from schema.household import Household


@strawberry.type
class CardMutation:
    @strawberry.mutation(description=RECLASSIFY_CARD)
    async def reclassify_card(
        self, info: Info[Context, None], household_id: strawberry.ID, card: Card, reason: str, date: dt.date
    ) -> Household:
        work = cards.reclassify_card(
            info.context.reach, info.context.settings.thresholds, household_id, card.value,
            filled(reason, "reason"), not_future(date, "date"),
        )  # fmt: skip
        return await changed(info, Household, work)
