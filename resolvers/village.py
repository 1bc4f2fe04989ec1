"""Root fields for villages: a filtered, sorted connection and a lookup by key."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graph.village import VILLAGE
from resolvers.common import list_field, lookup
from resolvers.context import Context
from schema.common import Connection
from schema.village import Village, VillageFilter, VillageSort


@strawberry.type
class VillageQuery:
    villages: Connection[Village] = list_field(
        VILLAGE, Village, VillageFilter, VillageSort, "Administrative villages (W1–W3, O2)."
    )

    @strawberry.field(description="One village by its key, or null.")
    async def village(self, info: Info[Context, None], code: str) -> Village | None:
        return await lookup(info, VILLAGE, Village, code)
