"""`reportPoverty`, `verifyPovertyReport`, `recordDepartmentMeasure` (S3, S4)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from core import values
from core.errors import UserError
from graph.changes import reports
from graph.rosters import codes
from graph.rosters.errors import shown
from resolvers.changes.base import changed, not_future, own_department
from resolvers.changes.inputs import checked, filled, optional
from resolvers.context import Context
from schema.changes.reports import LeadSource, NewHouseholdInput, PovertyReportDetail, ReportKind


def _household(kind: ReportKind, household_id: strawberry.ID | None, new: NewHouseholdInput | None) -> None:
    """S3: RETURNED names a registered household, NEW gives a new one's data: one of the two."""
    if kind is ReportKind.RETURNED and (household_id is None or new is not None):
        raise UserError("返贫(RETURNED) 须给出 householdId，不能给出 newHousehold", argument="householdId")
    if kind is ReportKind.NEW and (new is None or household_id is not None):
        raise UserError("新增(NEW) 须给出 newHousehold，不能给出 householdId", argument="newHousehold")


def _cause(cause: str) -> str:
    code = codes.CAUSE.lookup(cause)
    if code is None:
        allowed = "、".join(codes.CAUSE.shown)
        raise UserError(f"致贫原因「{shown(cause)}」不在代码表中（可选：{allowed}）", argument="cause")
    return code


def _new_household(new: NewHouseholdInput) -> reports.NewHousehold:
    """S3: a NEW household's data, under the rules the 户花名册 is loaded by (core/values.py)."""
    return reports.NewHousehold(
        id=filled(new.id, "newHousehold.id", values.household_id),
        village_code=checked(values.village_code, new.village_code, "newHousehold.villageCode"),
        head_name=filled(new.head_name, "newHousehold.headName", values.name),
        size=None if new.size is None else checked(values.household_size, new.size, "newHousehold.size"),
        income=None if new.income is None else checked(values.income, new.income, "newHousehold.income"),
        hamlet=optional(new.hamlet, "newHousehold.hamlet", values.name),
    )


@strawberry.type
class ReportMutation:
    @strawberry.mutation(
        description="S3: record a household found fallen back (RETURNED: `householdId`, an exited "
        "household) or newly poor (NEW: `newHousehold`, a 户编号 not registered yet), found on `date` "
        "through `source` (部门比对 names `sourceDepartment`), with its `cause` (致贫原因). The report "
        "is pending until verified. Refused (RULE_VIOLATION, rule S3) for a RETURNED household that "
        "is not OUT, a NEW 户编号 already registered, or a household with a report pending already."
    )
    async def report_poverty(
        self,
        info: Info[Context, None],
        kind: ReportKind,
        lead_source: Annotated[LeadSource, strawberry.argument(name="source")],
        cause: str,
        date: dt.date,
        household_id: strawberry.ID | None = None,
        new_household: NewHouseholdInput | None = None,
        source_department: str | None = None,
    ) -> PovertyReportDetail:
        _household(kind, household_id, new_household)
        department = optional(source_department, "sourceDepartment", values.name)
        if lead_source is LeadSource.DEPARTMENT_DATA and department is None:
            raise UserError("线索来源为「部门比对」时必须填写 sourceDepartment", argument="sourceDepartment")
        new = None if new_household is None else _new_household(new_household)
        work = reports.report_poverty(
            info.context.reach, kind.value, household_id, new, lead_source.value, department, _cause(cause),
            not_future(date, "date"),
        )  # fmt: skip
        return await changed(info, PovertyReportDetail, work)

    @strawberry.mutation(
        description="S3, S4: verify a pending report on `date` (not before it was found): the household "
        "becomes RED from `date` (the open card period ends then; RETURNED: status RETURNED; NEW: "
        "registered 未脱贫, identified on `date`) and a feedback (FEEDBACK_TO) opens for each of "
        "`departments` (unit names), open until its measure is recorded. Refused (RULE_VIOLATION) "
        "when verified already or before the found date (S3), or with no department (S4)."
    )
    async def verify_poverty_report(
        self, info: Info[Context, None], report_id: strawberry.ID, date: dt.date, departments: list[str]
    ) -> PovertyReportDetail:
        given = (checked(values.name, name, f"departments[{i}]") for i, name in enumerate(departments))
        names = [name for name in given if name]
        work = reports.verify_poverty_report(info.context.reach, report_id, not_future(date, "date"), names)
        return await changed(info, PovertyReportDetail, work)

    @strawberry.mutation(
        description="S4: `department` records its `measure` for a verified report on `date`, which "
        "closes its feedback. Refused (RULE_VIOLATION, rule S4) for a report not verified, a "
        "department the report was not fed back to, one that recorded its measure already, or a date "
        "before the feedback opened."
    )
    async def record_department_measure(
        self,
        info: Info[Context, None],
        report_id: strawberry.ID,
        department: str,
        measure: str,
        date: dt.date,
    ) -> PovertyReportDetail:
        own_department(info, department.strip())
        work = reports.record_department_measure(
            info.context.reach, report_id, filled(department, "department", values.name),
            filled(measure, "measure"),
            not_future(date, "date"),
        )  # fmt: skip
        return await changed(info, PovertyReportDetail, work)
