"""Units (帮扶单位) and county departments."""

from __future__ import annotations

import datetime as dt
import enum
from typing import ClassVar

import strawberry
from strawberry.types import Info

from schema.common import Loads, Node, Related, labels, one


@strawberry.type(
    description="A unit (帮扶单位) or county department. W6: a merged unit keeps its teams "
    "under its successor."
)
class Unit(Node):
    _props: ClassVar[dict[str, str]] = {"id": "name"}
    id: strawberry.ID = strawberry.field(description="单位名称（同 name）.")
    name: str
    code: str | None = strawberry.field(description="单位代码 (统一社会信用代码), when the roster has it.")
    type: str | None = strawberry.field(description="单位类型.")
    affiliation: str | None = strawberry.field(description="隶属关系.")

    @strawberry.field(description="W6: the unit this one was merged into, if merged by `asOf`.")
    async def merged_into(self, info: Info[Loads, None], as_of: dt.date | None = None) -> Unit | None:
        return await one(info.context, Related.UNIT_MERGED_INTO, self.name, Unit, as_of)

    @strawberry.field(
        description="W6: the unit that answers for this one on `asOf` (default today): itself, or the "
        "last of the units it was merged into by then (a merger counts from its day)."
    )
    async def answering_unit(self, info: Info[Loads, None], as_of: dt.date | None = None) -> Unit | None:
        return await one(info.context, Related.UNIT_ANSWERING, self.name, Unit, as_of)

    @strawberry.field(description="Cadres working for the unit on `asOf` (default today).")
    async def cadre_count(self, info: Info[Loads, None], as_of: dt.date | None = None) -> int:
        rows = await info.context.relation(Related.UNIT_CADRE_COUNT, as_of).load(self.name)
        return int(rows[0]["cadres"]) if rows else 0


@strawberry.input(description="Unit filters; all given ones must hold.")
class UnitFilter:
    type: str | None = None
    name_contains: str | None = None
    merged: bool | None = strawberry.field(default=None, description="W6: merged into another.")


@strawberry.enum(description="单位列表的排序字段.")
class UnitSort(enum.Enum):
    NAME = "NAME"


labels(
    UnitSort,
    NAME="按单位名称.",
)
