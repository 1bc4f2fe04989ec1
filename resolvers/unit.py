"""Root fields for units: a filtered, sorted connection and a lookup by key."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graph.unit import UNIT
from resolvers.common import list_field, lookup
from resolvers.context import Context
from schema.common import Connection
from schema.unit import Unit, UnitFilter, UnitSort


@strawberry.type
class UnitQuery:
    units: Connection[Unit] = list_field(UNIT, Unit, UnitFilter, UnitSort, "Units and departments (W6, O1).")

    @strawberry.field(description="One unit by its key, or null.")
    async def unit(self, info: Info[Context, None], name: str) -> Unit | None:
        return await lookup(info, UNIT, Unit, name)
