"""cadreAccountability: what a cadre was responsible for over a period, and what it did."""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.cadre import Cadre
from schema.enums import Card, TeamRole
from schema.household import Household
from schema.records import Petition, Rectification, Visit, VisitCadence
from schema.team import WorkTeam
from schema.unit import Unit


@strawberry.type(description="W9: a calendar period in which the cadre owed the household a visit.")
class VisitPeriod:
    cadence: VisitCadence = strawberry.field(description="MONTH (card RED) or QUARTER (YELLOW, GREEN).")
    start: dt.date = strawberry.field(description="The period's first day.")
    due: dt.date = strawberry.field(description="The period's last day.")
    card: Card | None = strawberry.field(description="S1: the card held on `due`, which sets the cadence.")
    visits: int = strawberry.field(description="The cadre's visits dated in the period; 0 is a miss.")


@strawberry.type(description="W7, W9, P9: a household the cadre was paired with during the period.")
class AccountableHousehold:
    household: Household = strawberry.field(
        description="The household, its dated facts (income, 脱贫状态, house …) as they stood on the "
        "last day of the period it was paired with the cadre."
    )
    since: dt.date | None = strawberry.field(description="结对开始时间.")
    until: dt.date | None = strawberry.field(description="结对结束时间.")
    visits: list[Visit] = strawberry.field(
        description="The cadre's visits to it in the period, oldest first."
    )
    periods: list[VisitPeriod] = strawberry.field(
        description="W9: the months and quarters wholly inside the period, on whose last day the cadre "
        "was paired with it (the end day is the successor's), it was registered (not yet removed, 销户), "
        "and its card then "
        "called for that cadence."
    )
    visits_due: int = strawberry.field(description="W9: len(periods).")
    periods_met: int = strawberry.field(description="W9: periods with at least one visit of the cadre.")
    petitions: list[Petition] = strawberry.field(
        description="P9: petitions about it registered in the period while the cadre was paired with it."
    )


@strawberry.type(description="W11: a calendar month wholly inside the period.")
class MonthAttendance:
    month: str = strawberry.field(description="YYYY-MM.")
    days: int = strawberry.field(description="Distinct days with an in-village check-in (钉钉打卡).")
    required: int = strawberry.field(description="W11's threshold (setting, default 20).")
    stationed: bool = strawberry.field(
        description="A member of a team stationed in a village on the month's last day (W11 applies)."
    )
    short: bool = strawberry.field(description="stationed and days < required.")


@strawberry.type(description="O1: a unit the cadre worked for on some day of the period.")
class UnitPeriod:
    unit: Unit
    since: dt.date | None
    until: dt.date | None


@strawberry.type(description="W1, W4, W11: a team the cadre was a member of on some day of the period.")
class TeamPeriod:
    team: WorkTeam
    role: TeamRole | None
    since: dt.date | None
    until: dt.date | None


@strawberry.type(
    description="A cadre's account of [from, to] (both days included): W7 pairings, W9 visits made "
    "against visits due, W11 days in the village, W12 rectification orders, P9 petitions."
)
class CadreAccountability:
    cadre: Cadre
    from_: dt.date = strawberry.field(name="from", description="开始日期 (included).")
    to: dt.date = strawberry.field(description="结束日期 (included).")
    units: list[UnitPeriod] = strawberry.field(description="工作单位 (O1) on some day of the period.")
    teams: list[TeamPeriod] = strawberry.field(description="驻村工作队 (W11) on some day of the period.")
    households: list[AccountableHousehold] = strawberry.field(
        description="Pairings in the period, oldest first."
    )
    visits_made: int = strawberry.field(description="The cadre's visits to those households in the period.")
    visits_due: int = strawberry.field(description="W9: periods due, over all households.")
    periods_met: int = strawberry.field(description="W9: due periods with a visit, over all households.")
    attendance: list[MonthAttendance] = strawberry.field(
        description="驻村考勤 (W11)：each whole month of the period."
    )
    rectifications: list[Rectification] = strawberry.field(
        description="W12: orders open on some day of the period: issued by `to` and not closed by "
        "`from` (an order is open from issuedOn until closedOn, that day excluded)."
    )
    petitions: list[Petition] = strawberry.field(description="P9: every household's petitions, in order.")
