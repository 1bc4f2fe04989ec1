"""Coverage fields of W7 and W8."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from fupin.context import Context
from graph.coverage import pairing as rules
from resolvers.coverage.base import Asked, offenders_page
from schema.common import Connection
from schema.coverage.pairing import OverAssignedCadre, UnpairedHousehold


@strawberry.type
class PairingCoverage:
    @strawberry.field(
        description="W7: households with no responsible cadre on the date, longest unpaired first."
    )
    async def unpaired_households(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[UnpairedHousehold]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.UNPAIRED_HOUSEHOLDS, UnpairedHousehold, first, after)

    @strawberry.field(
        description="W8: cadres paired with more households than the limit (setting, default 5), "
        "most households first."
    )
    async def over_assigned_cadres(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[OverAssignedCadre]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.OVER_ASSIGNED_CADRES, OverAssignedCadre, first, after)
