"""Responsible cadres (帮扶责任人)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry.types import Info

from schema.common import Loads, Node, Related, build, labels, one
from schema.enums import TeamRole

if TYPE_CHECKING:
    from schema.household import Household
    from schema.team import WorkTeam
    from schema.unit import Unit


@strawberry.type(description="W7, W8: a household the cadre is paired with.")
class CadrePairing:
    household: Annotated[Household, strawberry.lazy("schema.household")]
    since: dt.date | None
    until: dt.date | None


@strawberry.type(description="W1, W4: the cadre's place in a work team.")
class TeamMembership:
    team: Annotated[WorkTeam, strawberry.lazy("schema.team")]
    role: TeamRole | None
    since: dt.date | None
    until: dt.date | None


@strawberry.type(
    description="A responsible cadre (帮扶责任人). `id` is opaque: identity numbers are "
    "personal data, shown masked unless the caller may see them."
)
class Cadre(Node):
    _props: ClassVar[dict[str, str]] = {"id": "uid"}

    id: strawberry.ID = strawberry.field(description="Stable opaque id (uid).")
    id_number: str | None = strawberry.field(description="证件号码; masked unless allowed.")
    name: str
    gender: str | None
    party: str | None = strawberry.field(description="政治面貌.")
    education: str | None
    post: str | None = strawberry.field(description="职务.")
    rank: str | None = strawberry.field(description="职务级别.")
    phone: str | None = strawberry.field(description="联系电话; masked unless allowed.")
    is_first_secretary: bool | None = strawberry.field(description="W4: 是否第一书记 (roster flag).")
    is_team_leader: bool | None = strawberry.field(description="是否队长 (roster flag).")
    is_stationed: bool | None = strawberry.field(description="W11: 是否驻村队员 (roster flag).")

    @strawberry.field(description="W7, W8: households paired with the cadre on `asOf` (default today).")
    async def pairings(self, info: Info[Loads, None], as_of: dt.date | None = None) -> list[CadrePairing]:
        from schema.household import Household

        rows = await info.context.relation(Related.CADRE_HOUSEHOLDS, as_of).load(self.id)
        personal = info.context.personal_data
        return [
            CadrePairing(
                household=build(Household, row["household"], personal),
                since=row["since"],
                until=row["until"],
            )
            for row in rows
        ]

    @strawberry.field(description="O1: the unit the cadre works for on `asOf` (default today).")
    async def unit(
        self, info: Info[Loads, None], as_of: dt.date | None = None
    ) -> Annotated[Unit, strawberry.lazy("schema.unit")] | None:
        from schema.unit import Unit

        return await one(info.context, Related.CADRE_UNIT, self.id, Unit, as_of)

    @strawberry.field(description="W1, W4, W11: team memberships on `asOf` (default today).")
    async def teams(self, info: Info[Loads, None], as_of: dt.date | None = None) -> list[TeamMembership]:
        from schema.team import WorkTeam

        rows = await info.context.relation(Related.CADRE_TEAMS, as_of).load(self.id)
        personal = info.context.personal_data
        return [
            TeamMembership(
                team=build(WorkTeam, row, personal),
                role=TeamRole(row["role"]) if row.get("role") else None,
                since=row["since"],
                until=row["until"],
            )
            for row in rows
        ]


@strawberry.input(description="Cadre filters; all given ones must hold.")
class CadreFilter:
    unit_name: str | None = strawberry.field(default=None, description="Current unit (O1).")
    name_contains: str | None = None
    is_stationed: bool | None = None


@strawberry.enum(description="帮扶干部列表的排序字段.")
class CadreSort(enum.Enum):
    NAME = "NAME"
    HOUSEHOLDS = "HOUSEHOLDS"


labels(
    CadreSort,
    NAME="按姓名.",
    HOUSEHOLDS="按当前结对户数.",
)
