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


@strawberry.type(description="S3 数据比对: how many suspects of a kind a comparison found.")
class SuspectCount:
    kind: str = strawberry.field(description="疑点类型 (MEDICAL_INSURANCE, DEAD …).")
    rule: str = strawberry.field(description="所涉规则 (P2, P3, P4, P6, S3, S5).")
    reason: str = strawberry.field(description="疑点说明, in Chinese.")
    count: int = strawberry.field(description="疑点数.")


@strawberry.type(description="S3 数据比对: a bad cell of an uploaded list, its row left out.")
class ListRowError:
    row: int = strawberry.field(description="行号 as the spreadsheet shows it (title and header rows count).")
    column: str = strawberry.field(description="列名 as written in the file.")
    reason: str = strawberry.field(description="原因, in Chinese (the cell's value is not repeated).")


@strawberry.type(
    description="S3 数据比对: a department's list compared with the register on the day it describes; "
    "its suspects kept (a rerun of the same file finds them again and creates none)."
)
class DepartmentComparison:
    id: strawberry.ID = strawberry.field(description="比对批次编号 (department, file content and day).")
    department: str = strawberry.field(description="比对部门 (医保, 卫健 …).")
    roster: str = strawberry.field(description="名单 (医保参保名单 …), recognised by its headers.")
    file: str = strawberry.field(description="文件名 as uploaded.")
    as_of: dt.date = strawberry.field(description="数据日期：the day the list describes.")
    rows: int = strawberry.field(description="读取行数.")
    rejected: int = strawberry.field(description="有错误而未比对的行数.")
    other_county: int = strawberry.field(description="外县人员行数 (counted and set aside).")
    suspects: int = strawberry.field(description="疑点数 (new and found again).")
    created: int = strawberry.field(description="新增疑点数.")
    again: int = strawberry.field(description="此前已有的疑点数 (found by an earlier list).")
    kinds: list[SuspectCount] = strawberry.field(description="疑点 by kind.")
    errors: list[ListRowError] = strawberry.field(description="The first bad cells (at most 50).")
