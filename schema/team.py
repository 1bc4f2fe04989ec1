"""Village work teams (驻村帮扶工作队)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from schema.common import Loads, Node, Related, build, labels, one
from schema.enums import TeamLevel, TeamRole

if TYPE_CHECKING:
    from schema.cadre import Cadre
    from schema.unit import Unit
    from schema.village import Village


@strawberry.type(description="W1, W4, W6: a member of a team.")
class TeamMember:
    cadre: Annotated[Cadre, strawberry.lazy("schema.cadre")]
    role: TeamRole | None
    since: dt.date | None
    until: dt.date | None


@strawberry.type(
    description="A village work team (驻村帮扶工作队). W1: a poverty village's county team "
    "has at least 3 members; W4: its leader is the first secretary."
)
class WorkTeam(Node):
    id: strawberry.ID = strawberry.field(description="`{villageCode}:{dispatching unit}`.")
    level: TeamLevel | None = strawberry.field(description="W1–W3: 县派 or 乡派.")

    @strawberry.field(description="Members on `asOf` (default today), leaders first.")
    async def members(self, info: Info[Loads, None], as_of: dt.date | None = None) -> list[TeamMember]:
        from schema.cadre import Cadre

        rows = await info.context.relation(Related.TEAM_MEMBERS, as_of).load(self.id)
        personal = info.context.personal_data
        return [
            TeamMember(
                cadre=build(Cadre, row["cadre"], personal),
                role=TeamRole(row["role"]) if row.get("role") else None,
                since=row["since"],
                until=row["until"],
            )
            for row in rows
        ]

    @strawberry.field(description="The village the team is stationed in on `asOf` (W5: it stays).")
    async def village(
        self, info: Info[Loads, None], as_of: dt.date | None = None
    ) -> Annotated[Village, strawberry.lazy("schema.village")] | None:
        from schema.village import Village

        return await one(info.context, Related.TEAM_VILLAGE, self.id, Village, as_of)

    @strawberry.field(
        description="O1, W6: the dispatching unit (派出单位) on `asOf` (default today): after a merger, "
        "the successor."
    )
    async def unit(
        self, info: Info[Loads, None], as_of: dt.date | None = None
    ) -> Annotated[Unit, strawberry.lazy("schema.unit")] | None:
        from schema.unit import Unit

        return await one(info.context, Related.TEAM_UNIT, self.id, Unit, as_of)


@strawberry.input(description="Work team filters; all given ones must hold.")
class WorkTeamFilter:
    village_code: str | None = None
    unit_name: str | None = None
    level: TeamLevel | None = None


@strawberry.enum(description="驻村工作队列表的排序字段.")
class WorkTeamSort(enum.Enum):
    ID = "ID"


labels(
    WorkTeamSort,
    ID="按工作队编号.",
)
