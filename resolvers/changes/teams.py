"""createWorkTeam, stationMember, endStationing, setTeamLeader (W1–W4, W6, W11)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from graph.changes import teams
from resolvers.changes.base import changed, not_future
from resolvers.context import Context
from schema.changes.teams import LeaderChange, Stationing
from schema.enums import TeamLevel, TeamRole
from schema.team import WorkTeam


@strawberry.type
class TeamMutation:
    @strawberry.mutation(
        description="W1–W3, W6: a team `{villageCode}:{unitName}` dispatched by the unit and stationed in "
        "the village from `since`. Refused when the team exists, when the unit was merged into another "
        "by `since` (W6: its successor dispatches), or when a TOWNSHIP team is asked for a poverty "
        "village (W1) or one with `Thresholds.poor_people_for_county_team` poor people (W2)."
    )
    async def create_work_team(
        self, info: Info[Context, None], village_code: str, unit_name: str, level: TeamLevel, since: dt.date
    ) -> WorkTeam:
        people = info.context.settings.thresholds.poor_people_for_county_team
        work = teams.create(
            info.context.reach, people, village_code, unit_name, level.value, not_future(since, "since")
        )
        return await changed(info, WorkTeam, work)

    @strawberry.mutation(
        description="W1, W4, W11: station a cadre in a team from `since`. Refused when the team is not "
        "stationed on `since`, the cadre is in this or another team then (one team at a time), the "
        "role is LEADER on a county-dispatched team (W4: FIRST_SECRETARY_LEADER), or a leading role is "
        "asked while the team has a leader (use setTeamLeader)."
    )
    async def station_member(
        self,
        info: Info[Context, None],
        team_id: strawberry.ID,
        cadre_id: strawberry.ID,
        since: dt.date,
        role: TeamRole = TeamRole.MEMBER,
    ) -> Stationing:
        work = teams.station(
            info.context.reach, team_id, str(cadre_id), role.value, not_future(since, "since")
        )
        return await changed(info, Stationing, work)

    @strawberry.mutation(
        description="W6: end the cadre's open membership of the team on `until` (not in the future, not "
        "before it began). Never refused for the gap it leaves: coverage reports W1/W4/W6 gaps."
    )
    async def end_stationing(
        self, info: Info[Context, None], team_id: strawberry.ID, cadre_id: strawberry.ID, until: dt.date
    ) -> Stationing:
        work = teams.end(info.context.reach, team_id, str(cadre_id), not_future(until, "until"))
        return await changed(info, Stationing, work)

    @strawberry.mutation(
        description="W4: the cadre leads the team from `since`: FIRST_SECRETARY_LEADER (第一书记兼队长) on "
        "a county-dispatched team, LEADER on a township one. The previous leader continues as MEMBER; "
        "a cadre stationed in another team is refused (W11)."
    )
    async def set_team_leader(
        self, info: Info[Context, None], team_id: strawberry.ID, cadre_id: strawberry.ID, since: dt.date
    ) -> LeaderChange:
        work = teams.set_leader(info.context.reach, team_id, str(cadre_id), not_future(since, "since"))
        return await changed(info, LeaderChange, work)
