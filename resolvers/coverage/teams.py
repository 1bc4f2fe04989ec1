"""Coverage fields of W1, W4, W6, W11 and O2."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from fupin.context import Context
from graph.coverage import teams as rules
from resolvers.coverage import periods
from resolvers.coverage.base import Asked, offenders_page
from schema.common import Connection
from schema.coverage.teams import (
    AttendanceShortfall,
    TeamWithoutFirstSecretary,
    UnderstaffedTeam,
    VillageWithoutInformationOfficer,
)


@strawberry.type
class TeamCoverage:
    @strawberry.field(
        description="W1, W6: teams stationed on the date that are short of members. W1: a COUNTY team "
        "with fewer active members than the setting (default 3). W6: a team with a member whose "
        "membership ended on or before the date while nobody (another cadre, or the same cadre in a "
        "new role) joined the team from that end day up to the date. Most missing members first "
        "(the larger of the W1 shortfall and the number of unreplaced departures)."
    )
    async def understaffed_teams(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[UnderstaffedTeam]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.UNDERSTAFFED_TEAMS, UnderstaffedTeam, first, after)

    @strawberry.field(
        description="W4: COUNTY teams stationed on the date with no active member in the role "
        "FIRST_SECRETARY_LEADER (第一书记兼队长). Longest without one first (since the last one left, "
        "else since the team was stationed)."
    )
    async def teams_without_first_secretary(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[TeamWithoutFirstSecretary]:
        parent: Asked = self  # type: ignore[assignment]
        rule = rules.TEAMS_WITHOUT_FIRST_SECRETARY
        return await offenders_page(info, parent, rule, TeamWithoutFirstSecretary, first, after)

    @strawberry.field(
        description="W11: stationed cadres (team members on the month's last day, or on the date if "
        "earlier, of a team stationed then) with fewer distinct in-village check-in days (钉钉打卡, "
        "是否在村) in the month than the setting (default 20), counting days up to the date only. "
        "Most missing days first."
    )
    async def attendance_shortfalls(
        self,
        info: Info[Context, None],
        month: Annotated[
            str | None,
            strawberry.argument(
                description='"YYYY-MM" or any date in the month; default the calendar month before '
                "the date's month. Not after the date's month."
            ),
        ] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AttendanceShortfall]:
        parent: Asked = self  # type: ignore[assignment]
        month_params = periods.month(parent, month)
        rule = rules.ATTENDANCE_SHORTFALLS if month_params["wholeMonth"] else rules.ATTENDANCE_SO_FAR
        return await offenders_page(info, parent, rule, AttendanceShortfall, first, after, month_params)

    @strawberry.field(
        description="O2: villages with at least one household registered by the date and no poverty "
        "information officer (扶贫信息员: name missing or blank). Most poor people first."
    )
    async def villages_without_information_officer(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[VillageWithoutInformationOfficer]:
        parent: Asked = self  # type: ignore[assignment]
        rule = rules.VILLAGES_WITHOUT_INFORMATION_OFFICER
        return await offenders_page(info, parent, rule, VillageWithoutInformationOfficer, first, after)
