"""Shared GraphQL pieces: connections, page info, sort direction, and building types from nodes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types.private import is_private

T = TypeVar("T")

PERSONAL = frozenset({"id_number", "head_id_number", "phone", "info_officer_phone"})


@strawberry.interface(
    description="Relay 对象：可用 `node(id:)` 按编号取回的实体。`id` 就是实体自己的编号（户编号、"
    "行政区划代码、单位名称、干部和人员的 uid、工作队编号、政策编号），不另编全局编号。"
)
class Node:
    id: strawberry.ID = strawberry.field(description="编号：实体自己的键，见各类型。")


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="是否有下一页.")
    has_previous_page: bool = strawberry.field(
        description="是否有上一页：true when the page was asked `after` a cursor."
    )
    start_cursor: str | None = strawberry.field(description="本页第一条的游标; null for an empty page.")
    end_cursor: str | None = strawberry.field(
        description="本页最后一条的游标：pass it as `after` for the next page; null for an empty page."
    )


@strawberry.type(description="本页的一条结果及其游标.")
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type(description="A page of results. `totalCount` counts every match of the filter.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int | None = strawberry.field(
        description="All matches of the filter, not only this page; null unless selected."
    )


def labels(enum_type: type[enum.Enum], **descriptions: str) -> None:
    """Describe the members of a strawberry enum, by name (Chinese label first): what a front end
    shows for each value, read from the schema instead of hard-coded."""
    values = {value.name: value for value in enum_type.__strawberry_definition__.values}  # type: ignore[attr-defined]
    for name, description in descriptions.items():
        values[name].description = description


@strawberry.enum(description="Sort direction.")
class Direction(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


labels(
    Direction,
    ASC="升序：smallest (or oldest) first.",
    DESC="降序：largest (or newest) first.",
)


def mask(value: str | None) -> str | None:
    """Keep the region prefix and the last 4 characters: `430624********1234`."""
    if value is None:
        return None
    if len(value) <= 8:
        return "*" * len(value)
    keep = 6 if len(value) >= 15 else 3
    return value[:keep] + "*" * (len(value) - keep - 4) + value[-4:]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _convert(hint: Any) -> Callable[[Any, bool], Any] | None:
    """How a stored value becomes a field's value: enum codes to enums, maps to nested types."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        options = [o for o in typing.get_args(hint) if o is not type(None)]
        return _convert(options[0]) if len(options) == 1 else None
    if typing.get_origin(hint) is list:
        inner = _convert(typing.get_args(hint)[0])
        if inner is None:
            return None
        return lambda value, personal: [inner(item, personal) for item in value]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        enum_cls = hint
        return lambda value, personal: enum_cls(value)
    if isinstance(hint, type) and hasattr(hint, "__strawberry_definition__"):
        nested = hint
        return lambda value, personal: build(nested, value, personal)
    return None


@cache
def _plan(cls: type) -> list[tuple[str, str, Callable[[Any, bool], Any] | None]]:
    """(field, property, converter) for the plain fields of a strawberry type."""
    hints = typing.get_type_hints(cls)
    renames: dict[str, str] = getattr(cls, "_props", {})  # field -> property, where they differ
    return [
        (f.name, renames.get(f.name, _camel(f.name)), _convert(hints[f.name]))
        for f in dataclasses.fields(cls)
        if f.name in hints and f.init and f.name not in _derived(cls)
    ]


@cache
def _derived(cls: type) -> dict[str, Callable[[dict[str, Any]], Any]]:
    """Fields computed from the type's other values when it is built (`_derived`: field -> function
    of the built values), read like plain fields: GraphQL resolves a plain field much faster than
    one with a resolver."""
    return dict(getattr(cls, "_derived", {}))


@cache
def field_props(cls: Any) -> tuple[dict[str, str | None], frozenset[str]]:
    """For projecting only what a query selects: each GraphQL field of `cls` with the property it
    reads (None for a resolved field, which reads the type's key only), and the properties its
    private fields read (always needed). Read once per type (evaluating its annotations is slow);
    callers do not change what it returns."""
    plan = {name: prop for name, prop, _ in _plan(cls)}
    hints = typing.get_type_hints(cls, include_extras=True)
    # The definition lists `strawberry.Private` fields too; they are no GraphQL fields.
    fields = [
        f
        for f in cls.__strawberry_definition__.fields  # type: ignore[attr-defined]
        if f.python_name not in hints or not is_private(hints[f.python_name])
    ]
    shown = {f.python_name for f in fields}
    by_name = {f.graphql_name or _camel(f.python_name): plan.get(f.python_name) for f in fields}
    return by_name, frozenset(prop for name, prop in plan.items() if name not in shown)


def build(cls: type[T], props: dict[str, Any], personal: bool) -> T:
    """A schema type from a node's properties (nested maps become nested types); personal data
    masked unless `personal` (unmasked reads are audited from the response: fupin/api.py)."""
    values: dict[str, Any] = {}
    for name, prop, convert in _plan(cls):  # type: ignore[arg-type]
        value = props.get(prop)
        if convert is not None and value is not None:
            value = convert(value, personal)
        if name in PERSONAL and not personal:
            value = mask(value)
        values[name] = value
    for name, derive in _derived(cls).items():  # type: ignore[arg-type]
        values[name] = derive(values)
    return cls(**values)


class Related(enum.Enum):
    """The relations the types' fields read, by name: schema/ runs no query itself; the request's
    context (resolvers/context.py) loads each through graph/ for the caller's reach."""

    CADRE_HOUSEHOLDS = "cadre_households"
    CADRE_TEAMS = "cadre_teams"
    CADRE_UNIT = "cadre_unit"
    HOUSEHOLD_CADRES = "household_cadres"
    HOUSEHOLD_CARDS = "household_cards"
    HOUSEHOLD_CARD_ON = "household_card_on"
    HOUSEHOLD_MEMBERS = "household_members"
    HOUSEHOLD_PROJECTS = "household_projects"
    HOUSEHOLD_VILLAGE = "household_village"
    PERSON_HOUSEHOLD = "person_household"
    POLICY_LEAD_DEPARTMENTS = "policy_lead_departments"
    TEAM_MEMBERS = "team_members"
    TEAM_UNIT = "team_unit"
    TEAM_VILLAGE = "team_village"
    TOWNSHIP_COUNTY_LEADERS = "township_county_leaders"
    TOWNSHIP_SECRETARIES = "township_secretaries"
    TOWNSHIP_VILLAGES = "township_villages"
    UNIT_ANSWERING = "unit_answering"
    UNIT_CADRE_COUNT = "unit_cadre_count"
    UNIT_MERGED_INTO = "unit_merged_into"
    VILLAGE_COUNTS = "village_counts"
    VILLAGE_TEAMS = "village_teams"
    VILLAGE_TOWNSHIP = "village_township"


class Loads(typing.Protocol):
    """What relation fields need of the request's context."""

    personal_data: bool

    def relation(
        self, related: Related, as_of: dt.date | None = None
    ) -> DataLoader[Any, list[dict[str, Any]]]: ...

    def known(self, related: Related, key: Any) -> list[dict[str, Any]] | None: ...


async def many(
    context: Loads, related: Related, key: Any, cls: type[T], as_of: dt.date | None = None
) -> list[T]:
    """Every related node, through the request's DataLoader for `related`."""
    rows = await context.relation(related, as_of).load(key)
    return [build(cls, row, context.personal_data) for row in rows]


def many_now(context: Loads, related: Related, key: Any, cls: type[T]) -> list[T] | Awaitable[list[T]]:
    """`many`, answered at once when the rows were read ahead with the page (resolvers/prefetch.py):
    a field that returns a value, not an awaitable, costs GraphQL no task."""
    rows = context.known(related, key)
    if rows is None:
        return many(context, related, key, cls)
    return [build(cls, row, context.personal_data) for row in rows]


def one_now(context: Loads, related: Related, key: Any, cls: type[T]) -> T | Awaitable[T | None] | None:
    """`one`, answered at once when read ahead (`many_now`)."""
    rows = context.known(related, key)
    if rows is None:
        return one(context, related, key, cls)
    return build(cls, rows[0], context.personal_data) if rows else None


async def one(
    context: Loads, related: Related, key: Any, cls: type[T], as_of: dt.date | None = None
) -> T | None:
    found = await many(context, related, key, cls, as_of)
    return found[0] if found else None
