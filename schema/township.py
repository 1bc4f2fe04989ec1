"""Townships (乡镇)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry
from strawberry.types import Info

from schema.common import Loads, Node, Related, build, labels, many

if TYPE_CHECKING:
    from schema.chain import TownshipLeader
    from schema.village import Village


@strawberry.type(
    description="A township (乡镇); O1 runs village → township → Party secretary → county leader."
)
class Township(Node):
    _props: ClassVar[dict[str, str]] = {"id": "code"}
    id: strawberry.ID = strawberry.field(description="乡镇代码（同 code）.")
    code: str = strawberry.field(description="9-digit administrative code.")
    name: str

    @strawberry.field(description="The township's administrative villages, by code.")
    async def villages(
        self, info: Info[Loads, None]
    ) -> list[Annotated[Village, strawberry.lazy("schema.village")]]:
        from schema.village import Village

        return await many(info.context, Related.TOWNSHIP_VILLAGES, self.code, Village)

    @strawberry.field(
        description="O1: the township's Party secretary (乡镇党委书记) on `asOf` (default today)."
    )
    async def secretaries(
        self, info: Info[Loads, None], as_of: dt.date | None = None
    ) -> list[Annotated[TownshipLeader, strawberry.lazy("schema.chain")]]:
        return await _leaders(info, Related.TOWNSHIP_SECRETARIES, self.code, as_of)

    @strawberry.field(description="O1: the county leader responsible for it (县级包联领导) on `asOf`.")
    async def county_leaders(
        self, info: Info[Loads, None], as_of: dt.date | None = None
    ) -> list[Annotated[TownshipLeader, strawberry.lazy("schema.chain")]]:
        return await _leaders(info, Related.TOWNSHIP_COUNTY_LEADERS, self.code, as_of)


async def _leaders(
    info: Info[Loads, None], relation: Any, code: str, as_of: dt.date | None
) -> list[TownshipLeader]:
    from schema.chain import TownshipLeader

    rows = await info.context.relation(relation, as_of).load(code)
    return [build(TownshipLeader, row, info.context.personal_data) for row in rows]


@strawberry.input(description="Township filters; all given ones must hold.")
class TownshipFilter:
    name_contains: str | None = None


@strawberry.enum(description="乡镇列表的排序字段.")
class TownshipSort(enum.Enum):
    CODE = "CODE"
    NAME = "NAME"


labels(
    TownshipSort,
    CODE="按乡镇代码.",
    NAME="按乡镇名称.",
)
