"""Items of W1, W4, W6, W11 and O2."""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.cadre import Cadre
from schema.enums import TeamRole
from schema.team import WorkTeam
from schema.township import Township
from schema.unit import Unit
from schema.village import Village


@strawberry.type(description="W6: a member who left the team and was not replaced.")
class TeamDeparture:
    cadre: Cadre
    role: TeamRole | None
    since: dt.date | None
    until: dt.date | None = strawberry.field(description="The day the member left.")


@strawberry.type(description="W1, W6: a team short of members on the date.")
class UnderstaffedTeam:
    team: WorkTeam
    village: Village
    township: Township
    unit: Unit | None = strawberry.field(description="O1, W6: the dispatching unit (派出单位).")
    rules: list[str] = strawberry.field(description="W1 (county team too small), W6 (not refilled), or both.")
    members: int = strawberry.field(description="Members on the date.")
    required: int | None = strawberry.field(
        description="W1: minimum size of a county team (setting, default 3); null for a township team."
    )
    unreplaced: list[TeamDeparture] = strawberry.field(
        description="W6: members who left by the date with nobody joining on or after their last day."
    )


@strawberry.type(description="W4: a county team without a first secretary (第一书记) on the date.")
class TeamWithoutFirstSecretary:
    team: WorkTeam
    village: Village
    township: Township
    unit: Unit | None = strawberry.field(description="O1: the dispatching unit (派出单位).")
    leader: Cadre | None = strawberry.field(description="The member with role LEADER (队长), if any.")
    since: dt.date | None = strawberry.field(
        description="Without one since: the end of the last first secretary's membership, else the "
        "team's stationing."
    )
    days: int | None = strawberry.field(description="Days without one on the date.")


@strawberry.type(description="W11: a stationed cadre in the village fewer days than required in a month.")
class AttendanceShortfall:
    cadre: Cadre
    unit: Unit | None = strawberry.field(description="O1: the cadre's unit on the month's last counted day.")
    role: TeamRole | None
    team: WorkTeam
    village: Village
    township: Township
    month: str = strawberry.field(description="YYYY-MM.")
    days: int = strawberry.field(description="Distinct days checked in with 是否在村 = true.")
    required: int = strawberry.field(description="Setting, default 20.")


@strawberry.type(description="O2: a village with registered poor households and no 扶贫信息员.")
class VillageWithoutInformationOfficer:
    village: Village
    township: Township
    households: int = strawberry.field(description="Registered poor households.")
    poor_people: int = strawberry.field(description="Registered poor people.")
