"""Shared GraphQL pieces: connections, page info, sort direction, and building types from nodes."""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from functools import cache
from typing import Any, Generic, TypeVar

import strawberry

T = TypeVar("T")

PERSONAL = frozenset({"id_number", "head_id_number", "phone", "info_officer_phone"})


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
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


@strawberry.enum(description="Sort direction.")
class Direction(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


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


@cache
def _plan(cls: type) -> list[tuple[str, str, type[enum.Enum] | None]]:
    """(field, property, enum class) for the plain fields of a strawberry type."""
    hints = typing.get_type_hints(cls)
    renames: dict[str, str] = getattr(cls, "_props", {})  # field -> property, where they differ
    plan = []
    for f in dataclasses.fields(cls):
        if f.name not in hints or not f.init:
            continue
        hint = hints[f.name]
        options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        enum_cls = next((o for o in options if isinstance(o, type) and issubclass(o, enum.Enum)), None)
        plan.append((f.name, renames.get(f.name, _camel(f.name)), enum_cls))
    return plan


def build(cls: type[T], props: dict[str, Any], personal: bool, **extra: Any) -> T:
    """A schema type from a node's properties; personal data masked unless `personal` (S/O rules)."""
    values: dict[str, Any] = {}
    for name, prop, enum_cls in _plan(cls):  # type: ignore[arg-type]
        if name in extra:
            values[name] = extra[name]
            continue
        value = props.get(prop)
        if enum_cls is not None and value is not None:
            value = enum_cls(value)
        if name in PERSONAL and not personal:
            value = mask(value)
        values[name] = value
    return cls(**values)


class _Loads(typing.Protocol):
    """What relation fields need of the context (kept abstract: schema/ runs no query itself)."""

    personal_data: bool

    def relation(self, statement: str, as_of: Any = None) -> Any: ...


async def many(context: _Loads, statement: str, key: Any, cls: type[T], as_of: Any = None) -> list[T]:
    """Every related node, through the request's DataLoader for `statement`."""
    rows = await context.relation(statement, as_of).load(key)
    return [build(cls, row, context.personal_data) for row in rows]


async def one(context: _Loads, statement: str, key: Any, cls: type[T], as_of: Any = None) -> T | None:
    found = await many(context, statement, key, cls, as_of)
    return found[0] if found else None
