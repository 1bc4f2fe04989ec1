"""Payloads of the work-team mutations (W1–W4, W6, W11)."""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.cadre import Cadre
from schema.enums import TeamRole
from schema.team import WorkTeam


@strawberry.type(description="W1, W4, W11: a cadre's membership of a team; active while since <= D < until.")
class Stationing:
    team: WorkTeam
    cadre: Cadre
    role: TeamRole
    since: dt.date
    until: dt.date | None


@strawberry.type(description="setTeamLeader: the new leadership and the memberships it ended or started.")
class LeaderChange:
    leader: Stationing = strawberry.field(description="新的队长 (or 第一书记兼队长) membership.")
    others: list[Stationing] = strawberry.field(
        description="The previous leader's ended leadership and continued membership (as MEMBER), and the "
        "new leader's ended membership, if any."
    )
