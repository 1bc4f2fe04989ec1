"""Root fields for households: a filtered, sorted connection and a lookup by key."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graph.household import HOUSEHOLD
from resolvers.common import list_field, lookup
from resolvers.context import Context
from schema.common import Connection
from schema.household import Household, HouseholdFilter, HouseholdSort


@strawberry.type
class HouseholdQuery:
    households: Connection[Household] = list_field(
        HOUSEHOLD, Household, HouseholdFilter, HouseholdSort, "Registered poor households (S1, W7)."
    )

    @strawberry.field(description="One household by its key, or null.")
    async def household(self, info: Info[Context, None], id: strawberry.ID) -> Household | None:
        return await lookup(info, HOUSEHOLD, Household, id)
