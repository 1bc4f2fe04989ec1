"""Root field `householdHistory`: a household's timeline, filtered by kind, keyset-paged."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from core.errors import NotFound
from graph import history as q
from graph.household import HOUSEHOLD
from graph.listing import Page
from resolvers.common import page_request, paged
from resolvers.context import Context
from schema.common import Connection, Direction
from schema.history import HistoryEvent, HistoryKind


@strawberry.type
class HistoryQuery:
    @strawberry.field(
        description="Every change and event of a household's record in one timeline: card periods, "
        "status, pairings (start and end), visits, benefits (its own and its members'), loans, "
        "petitions, 返贫/新增 records and audit events. Newest first by default (direction ASC: oldest "
        "first); dated events count from the start of their day (Asia/Shanghai), audit events at their "
        "instant; same-time events by `key`; undated records are the oldest. `kinds` keeps only those "
        "kinds (default all). Keyset-paged: `after` is the `endCursor` of the previous page."
    )
    async def household_history(
        self,
        info: Info[Context, None],
        household_id: strawberry.ID,
        kinds: list[HistoryKind] | None = None,
        direction: Direction = Direction.DESC,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[HistoryEvent]:
        context = info.context
        asked = [k.value for k in kinds] if kinds is not None else list(q.KINDS)
        request = page_request(
            info, first, after, filters={"householdId": household_id, "kinds": asked},
            descending=direction is Direction.DESC,
        )  # fmt: skip

        async def fetch() -> Page:
            # The statement finds the household inside the caller's reach itself; only an empty
            # page asks whether it is there at all, to answer NotFound rather than no events.
            page = await q.events(
                context.driver, context.database, household_id, asked, request, context.reach, context.reads
            )
            if not page.rows and await context.entity(HOUSEHOLD).load(household_id) is None:
                raise NotFound(f"未找到贫困户：{household_id}", argument="householdId")
            return page

        return await paged(info, fetch(), HistoryEvent, request)
