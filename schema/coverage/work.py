"""Items of W9, W10, W12, S1/S2 and S4, and the records they cite (visits, orders, reports)."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from schema.cadre import Cadre
from schema.enums import Card, PovertyStatus
from schema.household import Household
from schema.township import Township
from schema.unit import Unit
from schema.village import Village


@strawberry.enum(description="W9: 走访周期 — RED every calendar month, YELLOW/GREEN every calendar quarter.")
class VisitCadence(enum.Enum):
    MONTH = "MONTH"
    QUARTER = "QUARTER"


@strawberry.type(description="W9, W10: a visit (走访记录) of a cadre to a household.")
class Visit:
    id: str
    date: dt.date = strawberry.field(description="走访日期.")
    mode: str | None = strawberry.field(description="走访方式.")
    findings: str | None = strawberry.field(description="发现问题.")
    actions: str | None = strawberry.field(
        description="W10: 采取措施, what was done on the spot (recordVisit)."
    )
    resolution: str | None = strawberry.field(description="解决情况.")
    escalate: bool | None = strawberry.field(description="W10: 是否需上报 (reported upward).")
    resolved_on: dt.date | None = strawberry.field(description="W10: the day the problem was solved.")


@strawberry.type(description="W12: a rectification order (整改通知) issued to a cadre.")
class Rectification:
    id: str = strawberry.field(description="通知编号.")
    issued_on: dt.date = strawberry.field(description="下发日期.")
    deadline: dt.date = strawberry.field(description="整改期限.")
    reason: str | None = strawberry.field(description="整改事由.")
    closed_on: dt.date | None = strawberry.field(description="整改完成日期.")


@strawberry.type(
    description="S3: a record (返贫新增备案) of a household fallen back (返贫) or newly poor (新增)."
)
class PovertyReport:
    id: str = strawberry.field(description="备案编号.")
    kind: str | None = strawberry.field(description="RETURNED 返贫 or NEW 新增.")
    source: str | None = strawberry.field(description="线索来源.")
    source_department: str | None = strawberry.field(description="比对部门.")
    cause: str | None = strawberry.field(description="致贫原因.")
    found_on: dt.date | None = strawberry.field(description="发现日期.")
    verified_on: dt.date | None = strawberry.field(description="核实日期.")


@strawberry.type(description="W9: a paired household not visited in its last completed calendar period.")
class OverdueVisit:
    household: Household
    village: Village
    township: Township
    card: Card = strawberry.field(description="S1: the card held on the period's last day.")
    cadence: VisitCadence = strawberry.field(description="The period judged: MONTH (RED) or QUARTER.")
    period_start: dt.date = strawberry.field(description="First day of the period judged.")
    due: dt.date = strawberry.field(description="Last day of the period judged: a visit was due by then.")
    days_overdue: int = strawberry.field(description="Days from `due` to the date.")
    last_visit: dt.date | None = strawberry.field(description="Latest visit up to the date, any cadre.")
    cadres: list[Cadre] = strawberry.field(description="W7: the cadres paired with it on the date.")


@strawberry.type(description="W10: a problem a visit reported upward (是否需上报) and not yet resolved.")
class OpenVisitProblem:
    visit: Visit
    household: Household
    village: Village
    township: Township
    cadre: Cadre | None = strawberry.field(description="The cadre who made the visit.")
    problem: str | None = strawberry.field(description="发现问题.")
    since: dt.date = strawberry.field(description="The visit's date.")
    days_open: int = strawberry.field(description="Days from the visit to the date.")


@strawberry.type(description="W12: a rectification order past its deadline and not closed on the date.")
class OpenRectification:
    order: Rectification
    cadre: Cadre
    unit: Unit | None = strawberry.field(description="O1: the cadre's unit on the date.")
    villages: list[Village] = strawberry.field(
        description="The cadre's villages on the date: of its paired households, else of its teams."
    )
    deadline: dt.date = strawberry.field(description="整改期限.")
    days_past: int = strawberry.field(description="Days from the deadline to the date.")


@strawberry.type(description="S1, S2: a card on the date that disagrees with status and income.")
class CardMismatch:
    household: Household
    village: Village
    township: Township
    card: Card | None = strawberry.field(description="The card held on the date (null: none).")
    expected: Card = strawberry.field(description="The card the rules give for its status and income.")
    status: PovertyStatus = strawberry.field(description="脱贫状态.")
    income: float | None = strawberry.field(description="人均纯收入 (CNY).")
    low_income_line: float = strawberry.field(
        description="S2: the low-income line applied (factor × the poverty line of the date's year)."
    )


@strawberry.type(description="S4: a verified 返贫/新增 record fed back to departments with no measure yet.")
class FeedbackGap:
    report: PovertyReport
    household: Household
    village: Village
    township: Township
    verified_on: dt.date = strawberry.field(description="核实日期.")
    days: int = strawberry.field(description="Days from verification to the date.")
    departments: list[Unit] = strawberry.field(
        description="Departments fed back to (FEEDBACK_TO) with no measure and not closed on the date."
    )
