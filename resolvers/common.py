"""Arguments → graph calls shared by every list and lookup field."""

import dataclasses
import enum
import json
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import strawberry
from strawberry.types import Info
from strawberry.types.nodes import SelectedField

from core.errors import UserError
from graph.entities import Entity, by_keys
from graph.listing import BadCursor, Page, PageRequest
from resolvers import prefetch
from resolvers.context import Context
from schema.common import Connection, Direction, Edge, PageInfo, build, field_props

T = TypeVar("T")


def _wants(info: Info[Context, None], name: str) -> bool:
    """Whether `name` is selected on the field, directly or inside a fragment (spread or inline)."""

    def among(selections: Iterable[Any]) -> bool:
        return any(
            among(s.selections) if not isinstance(s, SelectedField) else s.name == name for s in selections
        )

    return any(among(field.selections) for field in info.selected_fields)


def _edge_cursors(info: Info[Context, None]) -> bool:
    """Whether the query may show an edge's cursor: selected under `edges`, or past a fragment."""
    for field in info.selected_fields:
        for edges in field.selections:
            if not isinstance(edges, SelectedField):
                return True
            if edges.name != "edges":
                continue
            for selection in edges.selections:
                if not isinstance(selection, SelectedField) or selection.name == "cursor":
                    return True
    return False


def _filters(given: object | None) -> dict[str, Any]:
    if given is None:
        return {}
    # A filter's fields are values (no nested input): read as they are, not deep-copied.
    values = {f.name: getattr(given, f.name) for f in dataclasses.fields(given)}  # type: ignore[arg-type]
    out: dict[str, Any] = {}
    for name, value in values.items():
        head, *rest = name.split("_")
        out[head + "".join(p.title() for p in rest)] = value.value if isinstance(value, enum.Enum) else value
    return out


def page_size(info: Info[Context, None], first: int | None, argument: str = "first") -> int:
    settings = info.context.settings
    size = settings.default_page_size if first is None else first
    if not 1 <= size <= settings.max_page_size:
        raise UserError(
            f"{argument} 必须在 1 到 {settings.max_page_size} 之间，收到 {size}",
            argument=argument,
            maximum=settings.max_page_size,
        )
    return size


def page_request(
    info: Info[Context, None],
    first: int | None,
    after: str | None,
    last: int | None = None,
    before: str | None = None,
    filters: dict[str, Any] | None = None,
    **sorting: Any,
) -> PageRequest:
    """Forward (`first`, `after`) or backward (`last`, `before`) paging; not both."""
    if last is not None or before is not None:
        if first is not None or after is not None:
            raise UserError(
                "first/after 与 last/before 不能同时使用：往后翻页用 first 和 after，往前用 last 和 before",
                argument="last" if last is not None else "before",
            )
        size = page_size(info, last, "last")
    else:
        size = page_size(info, first, "first")
    return PageRequest(
        first=size,
        after=before if before is not None else after,
        with_total=_wants(info, "totalCount"),
        backward=last is not None or before is not None,
        filters=json.dumps(filters or {}, sort_keys=True, default=str, ensure_ascii=False),
        **sorting,
    )


def node_selections(info: Info[Context, None]) -> list[Any]:
    """What is selected under `edges { node { … } }` (fragments as they are)."""
    return [
        selection
        for field in info.selected_fields
        for edges in field.selections
        if getattr(edges, "name", None) == "edges"
        for node in getattr(edges, "selections", [])
        if getattr(node, "name", None) == "node"
        for selection in getattr(node, "selections", [])
    ]


def _node_fields(info: Info[Context, None], node: type[Any], key: str) -> tuple[str, ...] | None:
    """The properties behind the fields selected under `edges { node { … } }` (`selected_props`)."""
    return selected_props(node_selections(info), node, key)


def selected_props(selections: Iterable[Any], node: type[Any], key: str) -> tuple[str, ...] | None:
    """The properties behind `selections` of `node` (with the key, which resolved fields read, and
    the private ones), when every selection is a field of `node` without a directive; else None
    (project all)."""
    props, private = field_props(node)  # type: ignore[arg-type]
    names: set[str] = {key, *private}
    for selection in selections:
        name = getattr(selection, "name", None)
        if name == "__typename":
            continue
        if name not in props or getattr(selection, "directives", None):
            return None
        prop = props[name]
        if prop is not None:
            names.add(prop)
    return tuple(sorted(names))


async def paged(
    info: Info[Context, None], fetch: Awaitable[Page], node: type[T], request: PageRequest
) -> Connection[T]:
    """A graph page as a Relay connection of `node`."""
    try:
        page = await fetch
    except BadCursor as error:
        argument = "before" if request.backward else "after"
        raise UserError(
            f"{argument} 游标无效：{request.after}（游标只能用于签发它的列表，且排序、方向和筛选条件相同）",
            argument=argument,
        ) from error
    personal = info.context.personal_data
    # An edge's cursor not selected is never shown: it is not encoded.
    cursors = page.cursors if _edge_cursors(info) else [""] * len(page.rows)
    edges = [
        Edge(node=build(node, row, personal), cursor=cursor)
        for row, cursor in zip(page.rows, cursors, strict=True)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=request.after is not None if request.backward else page.has_next,
            has_previous_page=page.has_next if request.backward else request.after is not None,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        total_count=page.total,
    )


@dataclass(frozen=True)
class Paging:
    """A connection's paging arguments."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


async def connection(
    info: Info[Context, None],
    entity: Entity,
    node: type[T],
    filter: object | None,
    sort: enum.Enum | None,
    direction: Direction,
    paging: Paging,
) -> Connection[T]:
    filters = _filters(filter)
    context = info.context
    plans = prefetch.plan(node, node_selections(info))
    request = page_request(
        info, paging.first, paging.after, paging.last, paging.before, filters,
        sort=sort.value if sort else None, descending=direction is Direction.DESC,
        fields=_node_fields(info, node, entity.key),
        nested=prefetch.projection(context.reach, plans),
    )  # fmt: skip

    async def fetch() -> Page:
        page = await context.page(entity, filters, request)
        prefetch.prime(context, plans, page.rows)
        return page

    return await paged(info, fetch(), node, request)


async def lookup(info: Info[Context, None], entity: Entity, node: type[T], key: str) -> T | None:
    """One entity by key; the relations it is asked for that can be read with it are (one
    statement: resolvers/prefetch.py), else through the request's loader (batched with others)."""
    context = info.context
    selections = [s for field in info.selected_fields for s in field.selections]
    plans = prefetch.plan(node, selections)
    if plans:
        nested = prefetch.projection(context.reach, plans)
        fields = selected_props(selections, node, entity.key)
        (props,) = await by_keys(
            context.driver, context.database, entity, [key], context.reach, nested, context.reads, fields
        )
        if props is not None:
            prefetch.prime(context, plans, [props])
    else:
        props = await context.entity(entity).load(key)
    return build(node, props, context.personal_data) if props is not None else None


def list_field(
    entity: Entity,
    node: type[Any],
    filter_type: type[Any],
    sort_type: type[enum.Enum],
    description: str,
) -> Any:
    """One connection field per entity: filter, sort (first member by default), keyset paging
    forward (`first`, `after`) or backward (`last`, `before`)."""
    default_sort = next(iter(sort_type))

    async def resolve(
        info: Info[Context, None],
        filter: filter_type | None = None,  # type: ignore[valid-type]
        sort: sort_type = default_sort,  # type: ignore[valid-type]
        direction: Direction = Direction.ASC,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[node]:  # type: ignore[valid-type]
        paging = Paging(first, after, last, before)
        return await connection(info, entity, node, filter, sort, direction, paging)

    return strawberry.field(resolver=resolve, description=description)
