"""Townships (乡镇)."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from fupin.context import Context
from graph import township as q
from schema.common import many

if TYPE_CHECKING:
    from schema.village import Village


@strawberry.type(
    description="A township (乡镇); O1 runs village → township → Party secretary → county leader."
)
class Township:
    code: str = strawberry.field(description="9-digit administrative code.")
    name: str

    @strawberry.field(description="The township's administrative villages, by code.")
    async def villages(
        self, info: Info[Context, None]
    ) -> list[Annotated[Village, strawberry.lazy("schema.village")]]:
        from schema.village import Village

        return await many(info.context, q.VILLAGES, self.code, Village)


@strawberry.input(description="Township filters; all given ones must hold.")
class TownshipFilter:
    name_contains: str | None = None


@strawberry.enum
class TownshipSort(enum.Enum):
    CODE = "CODE"
    NAME = "NAME"
