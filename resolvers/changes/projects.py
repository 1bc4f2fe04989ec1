"""`createProject`, `updateProject`, `endProject`, `addProjectBeneficiaries`,
`endProjectBeneficiary`, `recordDisbursement` (O3, P1, P4): amounts given in yuan, kept in fen."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from core import values
from core.errors import UserError
from graph.changes import projects
from graph.rosters import codes
from graph.rosters import values as roster_values
from resolvers.changes.base import changed, not_future
from resolvers.changes.inputs import checked, filled, money, optional
from resolvers.context import Context
from schema.changes import projects as d
from schema.projects import Disbursement, PaymentChannel, Project, ProjectInput

_KIND = roster_values.coded(codes.PROJECT_KIND)


def _kind(kind: str | None) -> str | None:
    return None if kind is None else str(checked(_KIND, kind, "project.kind"))


def _day(day: dt.date | None, argument: str) -> dt.date | None:
    return None if day is None else checked(values.day, day, argument)


def _facts(form: ProjectInput) -> projects.ProjectFacts:
    return projects.ProjectFacts(
        name=optional(form.name, "project.name", values.name),
        kind=_kind(form.kind),
        funding_source=optional(form.funding_source, "project.fundingSource", values.name),
        budget=None if form.budget is None else money(form.budget, "project.budget"),
        start_on=_day(form.start_on, "project.startOn"),
        finish_on=_day(form.finish_on, "project.finishOn"),
    )


ProjectId = Annotated[strawberry.ID, strawberry.argument(description="项目编号 (Project.id).")]
Form = Annotated[ProjectInput, strawberry.argument(description="项目信息.")]

# What a new project must give: (its ProjectFacts attribute, its argument, its name on the form).
_NEEDED = (
    ("name", "project.name", "项目名称"), ("kind", "project.kind", "项目类型"),
    ("funding_source", "project.fundingSource", "资金来源"), ("budget", "project.budget", "预算金额"),
    ("start_on", "project.startOn", "开工日期"), ("finish_on", "project.finishOn", "计划完工日期"),
)  # fmt: skip


@strawberry.type
class ProjectMutation:
    @strawberry.mutation(description=d.CREATE_PROJECT)
    async def create_project(
        self, info: Info[Context, None], id: strawberry.ID, village_code: str, project: Form
    ) -> Project:
        facts = _facts(project)
        for attribute, argument, label in _NEEDED:
            if getattr(facts, attribute) is None:
                raise UserError(f"{argument}：新建项目须填写{label}", argument=argument)
        work = projects.create_project(
            info.context.reach, filled(id, "id", values.key), filled(village_code, "villageCode", values.key),
            facts, optional(project.department, "project.department", values.name),
        )  # fmt: skip
        return await changed(info, Project, work)

    @strawberry.mutation(description=d.UPDATE_PROJECT)
    async def update_project(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        project: Form,
        effective_on: Annotated[
            dt.date | None,
            strawberry.argument(
                description="生效日期：the day the changed values hold from (default today; the ones they "
                "replace answer for earlier days)."
            ),
        ] = None,
    ) -> Project:
        day = not_future(effective_on or dt.date.today(), "effectiveOn")
        work = projects.update_project(
            info.context.reach, filled(id, "id", values.key), _facts(project),
            optional(project.department, "project.department", values.name), day,
        )  # fmt: skip
        return await changed(info, Project, work)

    @strawberry.mutation(description=d.END_PROJECT)
    async def end_project(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        finished_on: Annotated[dt.date, strawberry.argument(description="实际完工日期.")],
    ) -> Project:
        work = projects.end_project(
            info.context.reach, filled(id, "id", values.key), not_future(finished_on, "finishedOn")
        )
        return await changed(info, Project, work)

    @strawberry.mutation(description=d.ADD_BENEFICIARIES)
    async def add_project_beneficiaries(
        self,
        info: Info[Context, None],
        project_id: ProjectId,
        household_ids: Annotated[list[strawberry.ID], strawberry.argument(description="受益户的户编号.")],
        since: dt.date,
    ) -> Project:
        ids = [filled(h, "householdIds", values.household_id) for h in household_ids]
        if not ids:
            raise UserError("householdIds 不能为空", argument="householdIds")
        work = projects.add_beneficiaries(
            info.context.reach, filled(project_id, "projectId", values.key), ids, not_future(since, "since")
        )
        return await changed(info, Project, work)

    @strawberry.mutation(description=d.END_BENEFICIARY)
    async def end_project_beneficiary(
        self, info: Info[Context, None], project_id: ProjectId, household_id: strawberry.ID, until: dt.date
    ) -> Project:
        work = projects.end_beneficiary(
            info.context.reach, filled(project_id, "projectId", values.key),
            filled(household_id, "householdId", values.household_id), not_future(until, "until"),
        )  # fmt: skip
        return await changed(info, Project, work)

    @strawberry.mutation(description=d.RECORD_DISBURSEMENT)
    async def record_disbursement(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="拨付编号 (the voucher number).")],
        project_id: ProjectId,
        date: dt.date,
        amount: float,
        channel: Annotated[PaymentChannel, strawberry.argument(description="发放方式.")],
        household_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="收款户编号：a household paid.")
        ] = None,
        payee: Annotated[str | None, strawberry.argument(description="收款单位：an entity paid.")] = None,
    ) -> Disbursement:
        payment = projects.Payment(
            id=filled(id, "id", values.key),
            date=not_future(date, "date"),
            amount=money(amount, "amount"),
            channel=channel.value,
            household_id=optional(household_id, "householdId", values.household_id),
            payee=optional(payee, "payee", values.name),
        )
        work = projects.record_disbursement(
            info.context.reach, filled(project_id, "projectId", values.key), payment
        )
        return await changed(info, Disbursement, work)
