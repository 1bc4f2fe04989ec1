"""Root fields listing the dated records: visits, petitions, 返贫/新增 reports, benefits, loans and
rectification orders, newest first by default."""

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.base import StrawberryOptional
from strawberry.utils.str_converters import to_camel_case

from core.errors import UserError
from graph import record_lists as g
from graph.entities import Entity
from graph.reach import Reach
from resolvers.common import Paging, connection, node_selections, selected_props
from resolvers.context import Context
from schema.common import Connection, Direction, field_props
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


def _parts(info: Info[Context, None], node: type[Any]) -> g.Parts:
    """The parts of a row the query asks for, each with the properties asked of it (".*" past a
    fragment or a directive); None past a fragment at the row's level (all of everything)."""
    definition = node.__strawberry_definition__
    fields = {f.graphql_name or to_camel_case(f.python_name): f for f in definition.fields}
    parts: dict[str, str] = {}
    for selection in node_selections(info):
        name = getattr(selection, "name", None)
        if name is None:
            return None
        part = fields.get(name)
        if part is None:  # __typename
            continue
        kind = part.type.of_type if isinstance(part.type, StrawberryOptional) else part.type
        if not isinstance(kind, type) or not hasattr(kind, "__strawberry_definition__"):
            parts[name] = ".*"  # a value, not an object
            continue
        key = field_props(kind)[0].get("id")
        shown = selected_props(selection.selections, kind, key) if key else None
        parts[name] = ", ".join(f".{prop}" for prop in shown) if shown else ".*"
    return parts


def record_field(
    make: Callable[[Reach, g.Parts], Entity],
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
        entity = make(info.context.reach, _parts(info, node))
        paging = Paging(first, after, last, before)
        return await connection(info, entity, node, filter, sort, direction, paging)

    return strawberry.field(
        resolver=resolve,
        description=f"{description} Newest first by default; keyset-paged forward (first, after) or "
        "backward (last, before); only the records the caller's reach sees.",
    )


@strawberry.type
class RecordListQuery:
    visits: Connection[ListedVisit] = record_field(
        g.visits, ListedVisit, RecordFilter, "W9, W10: visits (走访记录)."
    )
    petitions: Connection[ListedPetition] = record_field(
        g.petitions, ListedPetition, RecordFilter, "P9: petition case files (信访件)."
    )
    poverty_reports: Connection[ListedPovertyReport] = record_field(
        g.poverty_reports, ListedPovertyReport, RecordFilter, "S3: 返贫/新增 reports."
    )
    benefits: Connection[ListedBenefit] = record_field(
        g.benefits, ListedBenefit, BenefitFilter, "P1–P10: benefits received (政策享受)."
    )
    loans: Connection[ListedLoan] = record_field(
        g.loans, ListedLoan, RecordFilter, "P10: loans (扶贫小额信贷)."
    )
    rectifications: Connection[ListedRectification] = record_field(
        g.rectifications, ListedRectification, RectificationFilter, "W12: rectification orders (整改通知)."
    )
