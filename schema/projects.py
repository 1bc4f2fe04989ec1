"""O3, P1, P4: the project register (项目库) and its fund disbursements (资金拨付) as the API shows
them: in the `projects` list, on a household's page, in its responsibility chain, as coverage items
and as the mutations return them. Amounts are kept in fen, shown in yuan."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from core.values import yuan
from schema.common import labels


@strawberry.enum(
    description="发放方式：how a disbursement was paid (P4: renovation subsidies go through the card)."
)
class PaymentChannel(enum.Enum):
    CARD = "CARD"
    TRANSFER = "TRANSFER"
    CASH = "CASH"
    OTHER = "OTHER"


labels(
    PaymentChannel,
    CARD="明白卡：through the household's 扶贫明白卡 (一卡通), as P4 requires of renovation subsidies.",
    TRANSFER="银行转账：a bank transfer to another account.",
    CASH="现金：in cash.",
    OTHER="其他：any other way.",
)


@strawberry.type(description="资金拨付：one payment of a project's funds (O3), to a household or an entity.")
class Disbursement:
    id: strawberry.ID = strawberry.field(description="拨付编号 (the payment's voucher number).")
    project_id: strawberry.ID | None = strawberry.field(description="项目编号 of the project it pays for.")
    date: dt.date | None = strawberry.field(description="拨付日期.")
    amount_fen: strawberry.Private[int | None]
    household_id: strawberry.ID | None = strawberry.field(
        description="收款户编号：the household paid; null for an entity or outside the caller's reach."
    )
    payee: str | None = strawberry.field(description="收款单位：the entity paid, when not a household.")
    channel: PaymentChannel | None = strawberry.field(description="发放方式.")

    @strawberry.field(description="金额 (CNY; kept in fen).")
    def amount(self) -> float | None:
        return yuan(self.amount_fen)


@strawberry.type(description="扶贫项目：a project of the register (项目库, O3, P1, P4), keyed by 项目编号.")
class Project:
    id: strawberry.ID = strawberry.field(description="项目编号.")
    name: str | None = strawberry.field(description="项目名称.")
    kind: str | None = strawberry.field(
        description="项目类型：产业, 基础设施, 危房改造, 易地扶贫搬迁, 教育, 就业 or 其他."
    )
    village_code: str | None = strawberry.field(description="村代码 of the village it is sited in.")
    funding_source: str | None = strawberry.field(description="资金来源.")
    budget_fen: strawberry.Private[int | None]
    start_on: dt.date | None = strawberry.field(description="开工日期.")
    finish_on: dt.date | None = strawberry.field(
        description="计划完工日期：the day it is due to be finished."
    )
    finished_on: dt.date | None = strawberry.field(
        description="实际完工日期：the day it was finished (endProject); null while unfinished."
    )
    department: str | None = strawberry.field(description="主管部门：the unit that leads it.")
    paid_fen: strawberry.Private[int | None] = None
    beneficiaries: int | None = strawberry.field(
        default=None,
        description="受益户数：households it benefits on the day asked (today unless an asOf is given).",
    )
    disbursements: list[Disbursement] | None = strawberry.field(
        default=None,
        description="资金拨付：its disbursements dated by the day asked, oldest first, where asked.",
    )

    @strawberry.field(description="预算金额 (CNY; kept in fen).")
    def budget(self) -> float | None:
        return yuan(self.budget_fen)

    @strawberry.field(
        description="已拨付：the sum of its disbursements dated by the day asked (CNY), where asked."
    )
    def paid(self) -> float | None:
        return yuan(self.paid_fen)


@strawberry.type(
    description="O1, O3: a project that benefits the household on the chain's date, and its department."
)
class ProjectLink:
    project: Project = strawberry.field(description="扶贫项目.")
    since: dt.date | None = strawberry.field(description="受益起始日期.")
    until: dt.date | None = strawberry.field(description="受益结束日期 (null: still benefits).")


@strawberry.type(description="A project (扶贫项目) of the register, as the `projects` list shows it.")
class ListedProject:
    project: Project = strawberry.field(description="扶贫项目.")


@strawberry.input(description="Filters of projects; all given ones must hold.")
class ProjectFilter:
    as_of: dt.date | None = strawberry.field(
        default=None,
        description="项目状态日期：the day the projects are shown as they stood on (their name, kind, "
        "funding source, budget, dates, department, beneficiaries and disbursements then) and the "
        "other filters read; default today.",
    )
    township_code: str | None = strawberry.field(
        default=None, description="Sited in a village of this township."
    )
    village_code: str | None = strawberry.field(default=None, description="Sited in this village.")
    household_id: strawberry.ID | None = strawberry.field(
        default=None, description="Benefiting this household (on any day)."
    )
    kind: str | None = strawberry.field(
        default=None, description="项目类型, e.g. 危房改造, on the day asked."
    )
    department: str | None = strawberry.field(
        default=None, description="主管部门 (a unit's name) on the day asked."
    )
    open: bool | None = strawberry.field(
        default=None,
        description="true: not finished on the day asked (实际完工日期 empty or later); false: finished.",
    )
    from_: dt.date | None = strawberry.field(
        name="from", default=None, description="Started (开工日期) on or after this day."
    )
    to: dt.date | None = strawberry.field(default=None, description="Started on or before this day.")


@strawberry.input(description="项目信息：what a project's form gives; on update, only what is given changes.")
class ProjectInput:
    name: str | None = strawberry.field(default=None, description="项目名称.")
    kind: str | None = strawberry.field(
        default=None, description="项目类型：产业, 基础设施, 危房改造, 易地扶贫搬迁, 教育, 就业 or 其他."
    )
    funding_source: str | None = strawberry.field(default=None, description="资金来源.")
    budget: float | None = strawberry.field(default=None, description="预算金额 (CNY).")
    start_on: dt.date | None = strawberry.field(default=None, description="开工日期.")
    finish_on: dt.date | None = strawberry.field(default=None, description="计划完工日期.")
    department: str | None = strawberry.field(default=None, description="主管部门：a unit's name.")
