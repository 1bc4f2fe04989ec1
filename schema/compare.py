"""A department comparison's suspect (疑点, graph/compare) as the API shows it: the department's row
and the register's facts side by side, and the change confirming it makes."""

from __future__ import annotations

import datetime as dt

import strawberry


@strawberry.type(
    description="S3 数据比对: a disagreement between a department's list and the register, citing its "
    "rule, assigned to the household's township (none: the county office's)."
)
class Suspect:
    id: strawberry.ID = strawberry.field(description="疑点编号.")
    department: str = strawberry.field(description="医保, 卫健, 教育, 住建, 民政, 残联 or 公安.")
    rule: str = strawberry.field(description="The rule it concerns (P2, P3, P4, P6, S3, S5).")
    kind: str = strawberry.field(
        description="MEDICAL_INSURANCE, NOT_ENROLLED, HOUSE_GRADE, DEAD, MISSED_POOR …"
    )
    reason: str = strawberry.field(description="What disagrees, in Chinese.")
    match: str = strawberry.field(
        description="ID (identity number), NAME_BIRTH (name and birth date: weaker), HOUSEHOLD (户编号), "
        "NONE (absent from the list, or not registered)."
    )
    row: int | None = strawberry.field(description="The department's row number, when it has one.")
    department_row: str = strawberry.field(
        description="The department's row (JSON, identity number left out)."
    )
    register: str = strawberry.field(description="The register's facts compared (JSON).")
    proposed: str = strawberry.field(description="The change confirming makes (JSON; {} for none).")
    effective_on: dt.date = strawberry.field(description="The day the change takes effect.")
    status: str = strawberry.field(description="OPEN, CONFIRMED or DISMISSED.")
    township_code: str | None = strawberry.field(
        default=None, description="乡镇代码：the township that handles it."
    )
    household_id: strawberry.ID | None = strawberry.field(
        default=None, description="户编号：the household it is about."
    )
    name: str | None = None
    closed_on: dt.date | None = strawberry.field(
        default=None, description="处理日期：confirmed or dismissed on."
    )
    close_reason: str | None = strawberry.field(default=None, description="处理原因.")
    report_id: str | None = strawberry.field(default=None, description="S3: the report confirming opened.")
