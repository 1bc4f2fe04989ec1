"""The records coverage items cite (visits, rectification orders, 返贫/新增 records) and W9's cadence;
the items themselves are built from the rules' declarations (schema/coverage/items.py)."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry


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
