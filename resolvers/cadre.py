"""Root fields for cadres: a filtered, sorted connection and a lookup by key."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from core.values import identity_form
from graph.cadre import CADRE, CADRE_BY_ID_NUMBER
from resolvers.common import list_field, lookup
from resolvers.context import Context
from schema.cadre import Cadre, CadreFilter, CadreSort
from schema.common import Connection


@strawberry.type
class CadreQuery:
    cadres: Connection[Cadre] = list_field(
        CADRE, Cadre, CadreFilter, CadreSort, "Responsible cadres (W7, W8)."
    )

    @strawberry.field(description="One cadre by its key, or null.")
    async def cadre(self, info: Info[Context, None], id: strawberry.ID) -> Cadre | None:
        return await lookup(info, CADRE, Cadre, id)

    @strawberry.field(
        description="One cadre by identity number (证件号码, the roster's key), or null; "
        "full-width digits, spaces and a lower-case x are read as the same number."
    )
    async def cadre_by_id_number(self, info: Info[Context, None], id_number: str) -> Cadre | None:
        return await lookup(info, CADRE_BY_ID_NUMBER, Cadre, identity_form(id_number))
