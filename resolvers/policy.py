"""Root fields for policies: a filtered, sorted connection and a lookup by key."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graph.policy import POLICY
from resolvers.common import list_field, lookup
from resolvers.context import Context
from schema.common import Connection
from schema.policy import Policy, PolicyFilter, PolicySort


@strawberry.type
class PolicyQuery:
    policies: Connection[Policy] = list_field(
        POLICY, Policy, PolicyFilter, PolicySort, "Policy areas P1–P10 and their lead departments."
    )

    @strawberry.field(description="One policy by its key, or null.")
    async def policy(self, info: Info[Context, None], code: str) -> Policy | None:
        return await lookup(info, POLICY, Policy, code)
