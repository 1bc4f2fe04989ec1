"""Administrative villages (行政村)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry.types import Info

from schema.common import Loads, Node, Related, labels, many, one_now

if TYPE_CHECKING:
    from schema.team import WorkTeam
    from schema.township import Township


@strawberry.type(
    description="An administrative village (行政村). W1–W3: the team it must have; "
    "O2: its poverty information officer."
)
class Village(Node):
    _props: ClassVar[dict[str, str]] = {"id": "code"}
    id: strawberry.ID = strawberry.field(description="行政村代码（同 code）.")
    code: str = strawberry.field(description="12-digit administrative code.")
    name: str
    is_poor: bool | None = strawberry.field(description="建档立卡贫困村 (W1).")
    exit_year: int | None
    population: int | None = strawberry.field(description="户籍人口数.")
    info_officer_name: str | None = strawberry.field(description="O2: 扶贫信息员.")
    info_officer_phone: str | None = strawberry.field(description="O2; masked unless allowed.")

    @strawberry.field
    def township(
        self, info: Info[Loads, None]
    ) -> Annotated[Township, strawberry.lazy("schema.township")] | None:
        from schema.township import Township

        return one_now(info.context, Related.VILLAGE_TOWNSHIP, self.code, Township)  # type: ignore[return-value]

    @strawberry.field(description="Registered poor households in the village.")
    async def household_count(self, info: Info[Loads, None]) -> int:
        rows = await info.context.relation(Related.VILLAGE_COUNTS).load(self.code)
        return int(rows[0]["households"]) if rows else 0

    @strawberry.field(description="W2: registered poor people (members of its households).")
    async def poor_people_count(self, info: Info[Loads, None]) -> int:
        rows = await info.context.relation(Related.VILLAGE_COUNTS).load(self.code)
        return int(rows[0]["people"]) if rows else 0

    @strawberry.field(description="W1–W3, W5: work teams stationed here on `asOf` (default today).")
    async def work_teams(
        self, info: Info[Loads, None], as_of: dt.date | None = None
    ) -> list[Annotated[WorkTeam, strawberry.lazy("schema.team")]]:
        from schema.team import WorkTeam

        return await many(info.context, Related.VILLAGE_TEAMS, self.code, WorkTeam, as_of)


@strawberry.input(description="Village filters; all given ones must hold.")
class VillageFilter:
    township_code: str | None = None
    is_poor: bool | None = None
    name_contains: str | None = None


@strawberry.enum(description="行政村列表的排序字段.")
class VillageSort(enum.Enum):
    CODE = "CODE"
    NAME = "NAME"
    HOUSEHOLDS = "HOUSEHOLDS"


labels(
    VillageSort,
    CODE="按行政村代码.",
    NAME="按村名.",
    HOUSEHOLDS="按建档立卡户数.",
)
