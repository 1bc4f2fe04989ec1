"""Root fields for townships: a filtered, sorted connection and a lookup by key."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graph.township import TOWNSHIP
from resolvers.common import list_field, lookup
from resolvers.context import Context
from schema.common import Connection
from schema.township import Township, TownshipFilter, TownshipSort


@strawberry.type
class TownshipQuery:
    townships: Connection[Township] = list_field(
        TOWNSHIP, Township, TownshipFilter, TownshipSort, "Townships of the county (O1)."
    )

    @strawberry.field(description="One township by its key, or null.")
    async def township(self, info: Info[Context, None], code: str) -> Township | None:
        return await lookup(info, TOWNSHIP, Township, code)
