"""S3/S4: poverty reports (返贫新增备案) as the mutations take and return them."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from schema.common import labels
from schema.household import Household
from schema.records import PovertyReport


@strawberry.enum(description="S3: 类型 — 返贫 RETURNED (an exited household fallen back), 新增 NEW.")
class ReportKind(enum.Enum):
    RETURNED = "RETURNED"
    NEW = "NEW"


labels(
    ReportKind,
    RETURNED="返贫：an exited household fallen back.",
    NEW="新增：a household newly found poor, registered when verified.",
)


@strawberry.enum(description="S3: 线索来源 — 回访, 部门比对 (names the department), 信访.")
class LeadSource(enum.Enum):
    RETURN_VISIT = "回访"
    DEPARTMENT_DATA = "部门比对"
    PETITION = "信访"


labels(
    LeadSource,
    RETURN_VISIT="回访.",
    DEPARTMENT_DATA="部门比对 (names the department in sourceDepartment).",
    PETITION="信访.",
)


@strawberry.input(description="S3: a newly poor household (新增), registered when its report is verified.")
class NewHouseholdInput:
    id: strawberry.ID = strawberry.field(description="户编号, not yet registered.")
    village_code: str = strawberry.field(description="The village it is to be registered in.")
    head_name: str = strawberry.field(description="户主姓名.")
    size: int | None = strawberry.field(default=None, description="家庭人口数.")
    income: float | None = strawberry.field(default=None, description="人均纯收入 (CNY).")
    hamlet: str | None = strawberry.field(default=None, description="自然村(组).")


@strawberry.type(description="S4: the report fed back to a department (FEEDBACK_TO), open until its measure.")
class Feedback:
    department: str = strawberry.field(description="The unit (部门) fed back.")
    since: dt.date | None = strawberry.field(description="The day of verification.")
    measure: bool | None = strawberry.field(description="True once the department recorded a measure.")
    closed_on: dt.date | None = strawberry.field(description="The day the measure was recorded.")
    measure_note: str | None = strawberry.field(description="The measure (落实措施).")


@strawberry.type(description="S3, S4: a poverty report with its household and its feedback to departments.")
class PovertyReportDetail(PovertyReport):
    household: Household | None = strawberry.field(
        description="The household the report is about; null for NEW until verified registers it."
    )
    feedback: list[Feedback] = strawberry.field(
        description="反馈部门：each department fed back to (S4), open until its measure."
    )
