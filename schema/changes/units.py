"""Payload of recordUnitMerger (W6)."""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.cadre import Cadre
from schema.team import WorkTeam
from schema.unit import Unit


@strawberry.type(
    description="W6: a merger, and the teams and cadres that answer to the successor from `since`."
)
class UnitMerger:
    unit: Unit = strawberry.field(description="The merged unit.")
    into: Unit = strawberry.field(description="Its successor.")
    since: dt.date
    teams: list[WorkTeam] = strawberry.field(description="Teams now dispatched by the successor.")
    cadres: list[Cadre] = strawberry.field(description="Cadres now working for the successor.")
