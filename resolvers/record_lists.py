"""Root fields listing the dated records: visits, petitions, 返贫/新增 reports, benefits, loans and
rectification orders, newest first by default."""

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.types import Info

from core.errors import UserError
from graph import record_lists as g
from graph.entities import Entity
from graph.reach import Reach
from resolvers.common import Paging, connection, node_selections
from resolvers.context import Context
from schema.common import Connection, Direction
from schema.record_lists import (
    BenefitFilter,
    ListedBenefit,
    ListedLoan,
    ListedPetition,
    ListedPovertyReport,
    ListedRectification,
    ListedVisit,
    RecordFilter,
    RecordSort,
    RectificationFilter,
)


def _record_field(
    make: Callable[[Reach, frozenset[str] | None], Entity],
    node: type[Any],
    filter_type: type[Any],
    description: str,
) -> Any:
    async def resolve(
        info: Info[Context, None],
        filter: filter_type | None = None,  # type: ignore[valid-type]
        sort: RecordSort = RecordSort.DATE,
        direction: Direction = Direction.DESC,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[node]:  # type: ignore[valid-type]
        since, until = getattr(filter, "from_", None), getattr(filter, "to", None)
        if since is not None and until is not None and until < since:
            raise UserError(f"to（{until}）不能早于 from（{since}）", argument="filter.to")
        # Only the parts of a row the query asks for (all of them past a fragment).
        asked = [getattr(s, "name", None) for s in node_selections(info)]
        parts = frozenset(n for n in asked if n is not None) if None not in asked else None
        entity = make(info.context.reach, parts)
        paging = Paging(first, after, last, before)
        return await connection(info, entity, node, filter, sort, direction, paging)

    return strawberry.field(
        resolver=resolve,
        description=f"{description} Newest first by default; keyset-paged forward (first, after) or "
        "backward (last, before); only the records the caller's reach sees.",
    )


@strawberry.type
class RecordListQuery:
    visits: Connection[ListedVisit] = _record_field(
        g.visits, ListedVisit, RecordFilter, "W9, W10: visits (走访记录)."
    )
    petitions: Connection[ListedPetition] = _record_field(
        g.petitions, ListedPetition, RecordFilter, "P9: petition case files (信访件)."
    )
    poverty_reports: Connection[ListedPovertyReport] = _record_field(
        g.poverty_reports, ListedPovertyReport, RecordFilter, "S3: 返贫/新增 reports."
    )
    benefits: Connection[ListedBenefit] = _record_field(
        g.benefits, ListedBenefit, BenefitFilter, "P1–P10: benefits received (政策享受)."
    )
    loans: Connection[ListedLoan] = _record_field(
        g.loans, ListedLoan, RecordFilter, "P10: loans (扶贫小额信贷)."
    )
    rectifications: Connection[ListedRectification] = _record_field(
        g.rectifications, ListedRectification, RectificationFilter, "W12: rectification orders (整改通知)."
    )
