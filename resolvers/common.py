"""Arguments → graph calls shared by every list and lookup field."""

import enum
from collections.abc import Awaitable
from typing import Any, TypeVar

import strawberry
from strawberry.types import Info

from core.errors import UserError
from graph.entities import Entity
from graph.listing import BadCursor, Page, PageRequest
from resolvers.context import Context
from schema.common import Connection, Direction, Edge, PageInfo, build

T = TypeVar("T")


def _wants(info: Info[Context, None], name: str) -> bool:
    return any(
        getattr(selection, "name", None) == name
        for field in info.selected_fields
        for selection in field.selections
    )


def _filters(given: object | None) -> dict[str, Any]:
    if given is None:
        return {}
    values = strawberry.asdict(given)
    out: dict[str, Any] = {}
    for name, value in values.items():
        head, *rest = name.split("_")
        out[head + "".join(p.title() for p in rest)] = value.value if isinstance(value, enum.Enum) else value
    return out


def page_size(info: Info[Context, None], first: int | None) -> int:
    settings = info.context.settings
    size = settings.default_page_size if first is None else first
    if not 1 <= size <= settings.max_page_size:
        raise UserError(
            f"first 必须在 1 到 {settings.max_page_size} 之间，收到 {size}",
            argument="first",
            maximum=settings.max_page_size,
        )
    return size


def page_request(
    info: Info[Context, None], first: int | None, after: str | None, **sorting: Any
) -> PageRequest:
    return PageRequest(
        first=page_size(info, first), after=after, with_total=_wants(info, "totalCount"), **sorting
    )


async def paged(
    info: Info[Context, None], fetch: Awaitable[Page], node: type[T], after: str | None
) -> Connection[T]:
    """A graph page as a Relay connection of `node`."""
    try:
        page = await fetch
    except BadCursor as error:
        raise UserError(f"after 游标无效：{after}", argument="after") from error
    personal = info.context.personal_data
    edges = [
        Edge(node=build(node, row, personal), cursor=cursor)
        for row, cursor in zip(page.rows, page.cursors, strict=True)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=after is not None,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        total_count=page.total,
    )


async def connection(
    info: Info[Context, None],
    entity: Entity,
    node: type[T],
    filter: object | None,
    sort: enum.Enum | None,
    direction: Direction,
    first: int | None,
    after: str | None,
) -> Connection[T]:
    request = page_request(
        info, first, after, sort=sort.value if sort else None, descending=direction is Direction.DESC
    )
    return await paged(info, info.context.page(entity, _filters(filter), request), node, after)


async def lookup(info: Info[Context, None], entity: Entity, node: type[T], key: str) -> T | None:
    props = await info.context.entity(entity).load(key)
    return build(node, props, info.context.personal_data) if props is not None else None


def list_field(
    entity: Entity,
    node: type[Any],
    filter_type: type[Any],
    sort_type: type[enum.Enum],
    description: str,
) -> Any:
    """One connection field per entity: filter, sort (first member by default), keyset paging."""
    default_sort = next(iter(sort_type))

    async def resolve(
        info: Info[Context, None],
        filter: filter_type | None = None,  # type: ignore[valid-type]
        sort: sort_type = default_sort,  # type: ignore[valid-type]
        direction: Direction = Direction.ASC,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[node]:  # type: ignore[valid-type]
        return await connection(info, entity, node, filter, sort, direction, first, after)

    return strawberry.field(resolver=resolve, description=description)
