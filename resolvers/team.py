"""Root fields for work teams: a filtered, sorted connection and a lookup by key."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graph.team import TEAM
from resolvers.common import list_field, lookup
from resolvers.context import Context
from schema.common import Connection
from schema.team import WorkTeam, WorkTeamFilter, WorkTeamSort


@strawberry.type
class WorkTeamQuery:
    work_teams: Connection[WorkTeam] = list_field(
        TEAM, WorkTeam, WorkTeamFilter, WorkTeamSort, "Village work teams (W1–W4)."
    )

    @strawberry.field(description="One work team by its key, or null.")
    async def work_team(self, info: Info[Context, None], id: strawberry.ID) -> WorkTeam | None:
        return await lookup(info, TEAM, WorkTeam, id)
