"""Records of the work: benefits, loans, petitions, visits, rectification orders and 返贫/新增
reports — as investigators read them in a household's history, as coverage items cite them and as
the mutations return them."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any, ClassVar

import strawberry

from core.values import yuan
from schema.common import labels


@strawberry.type(
    description="A record kept when voided (作废): `voidedOn` (the day it was voided), `voidReason`, "
    "`voidedBy` (who) are set; a voided record counts for no rule."
)
class Voidable:
    voided_on: dt.date | None = strawberry.field(description="The day it was voided; null while valid.")
    void_reason: str | None = strawberry.field(description="Why it was voided (作废原因).")
    voided_by: str | None = strawberry.field(description="Who voided it (the token's subject).")


@strawberry.type(description="P1–P10: a benefit received (政策享受) by a household or one of its members.")
class Benefit:
    id: strawberry.ID = strawberry.field(description="享受记录编号.")
    project: str | None = strawberry.field(description="项目名称.")
    amount_fen: strawberry.Private[int | None]
    date: dt.date | None = strawberry.field(description="享受时间.")
    department: str | None = strawberry.field(description="实施部门.")

    @strawberry.field(description="金额 (CNY; kept in fen).")
    def amount(self) -> float | None:
        return yuan(self.amount_fen)


@strawberry.type(description="P10: a repayment of a loan recorded by recordRepayment.")
class Repayment(Voidable):
    id: strawberry.ID = strawberry.field(description="The repayment's id (voidRepayment names it).")
    amount_fen: strawberry.Private[int | None]
    date: dt.date | None = strawberry.field(description="还款日期.")

    @strawberry.field(description="还款金额 (CNY; kept in fen).")
    def amount(self) -> float | None:
        return yuan(self.amount_fen)


@strawberry.type(description="P10: a loan (扶贫小额信贷) BORROWED by a household; amounts kept in fen.")
class Loan(Voidable):
    id: strawberry.ID = strawberry.field(description="The loan's id (hash of household, bank, issue day).")
    household_id: strawberry.ID | None = strawberry.field(description="户编号 of the borrower, where asked.")
    bank: str | None = strawberry.field(description="贷款银行.")
    amount_fen: strawberry.Private[int | None]
    issued_on: dt.date | None = strawberry.field(description="放贷日期.")
    due_on: dt.date | None = strawberry.field(description="到期日期.")
    balance_fen: strawberry.Private[int | None]
    overdue: bool | None = strawberry.field(description="是否逾期.")
    overdue_amount_fen: strawberry.Private[int | None]
    last_repaid_on: dt.date | None = strawberry.field(description="The day of the last repayment recorded.")
    repayments: list[Repayment] | None = strawberry.field(
        description="The repayments recorded by recordRepayment, in the order recorded, voided ones "
        "included (marked); where asked (the loan mutations, householdHistory)."
    )

    @strawberry.field(description="贷款金额 (CNY).")
    def amount(self) -> float | None:
        return yuan(self.amount_fen)

    @strawberry.field(description="贷款余额 (CNY).")
    def balance(self) -> float | None:
        return yuan(self.balance_fen)

    @strawberry.field(description="逾期金额 (CNY), never above the balance.")
    def overdue_amount(self) -> float | None:
        return yuan(self.overdue_amount_fen)


@strawberry.enum(description="P9: 来源层级 — 省级以上 PROVINCE, 市级 CITY, 县级 COUNTY.")
class PetitionLevel(enum.Enum):
    PROVINCE = "PROVINCE"
    CITY = "CITY"
    COUNTY = "COUNTY"


labels(
    PetitionLevel,
    PROVINCE="省级以上 (P9 ranks townships by these).",
    CITY="市级.",
    COUNTY="县级.",
)


@strawberry.type(description="P9: a petition case file (信访件, 一案一档).")
class Petition:
    case_no: str = strawberry.field(description="案件编号.")
    registered_on: dt.date | None = strawberry.field(description="登记日期.")
    level: PetitionLevel | None = strawberry.field(description="来源层级.")
    claim: str | None = strawberry.field(description="诉求.")
    assigned_unit: str | None = strawberry.field(description="交办单位.")
    leader_name: str | None = strawberry.field(description="包案领导.")
    closed_on: dt.date | None = strawberry.field(description="办结日期.")
    reply: str | None = strawberry.field(description="答复意见.")


@strawberry.enum(description="W9: 走访周期 — RED every calendar month, YELLOW/GREEN every calendar quarter.")
class VisitCadence(enum.Enum):
    MONTH = "MONTH"
    QUARTER = "QUARTER"


labels(
    VisitCadence,
    MONTH="每月：a calendar month (card RED).",
    QUARTER="每季度：a calendar quarter (card YELLOW or GREEN).",
)


@strawberry.enum(description="走访方式 (W9).")
class VisitMode(enum.Enum):
    HOME = "HOME"
    PHONE = "PHONE"
    VIDEO = "VIDEO"
    MEETING = "MEETING"


labels(
    VisitMode,
    HOME="入户走访：at the household's home.",
    PHONE="电话回访：by telephone.",
    VIDEO="视频回访：by video call.",
    MEETING="集中座谈：at a village meeting (院落会, 座谈).",
)


_MODES = frozenset(member.value for member in VisitMode)


@strawberry.enum(description="群众满意度: how the household rated the visit (三率一度's 群众认可度, W12).")
class Satisfaction(enum.Enum):
    SATISFIED = "SATISFIED"
    BASIC = "BASIC"
    DISSATISFIED = "DISSATISFIED"


labels(Satisfaction, SATISFIED="满意.", BASIC="基本满意.", DISSATISFIED="不满意.")


@strawberry.type(description="W9, W10: a visit (走访记录) of a cadre to a household.")
class Visit:
    _props: ClassVar[dict[str, str]] = {
        "stored_mode": "mode",
        "stored_mode_text": "modeText",
        "stored_satisfaction": "satisfaction",
    }

    id: strawberry.ID = strawberry.field(description="走访记录编号 (resolveVisitProblem names it).")
    date: dt.date = strawberry.field(description="走访日期.")
    stored_mode: strawberry.Private[str | None]
    stored_mode_text: strawberry.Private[str | None]
    stored_satisfaction: strawberry.Private[str | None]
    routine: bool | None = strawberry.field(
        description="例行走访：recorded as a routine visit, with no problem found (findings may be empty)."
    )
    findings: str | None = strawberry.field(description="发现问题.")
    actions: str | None = strawberry.field(
        description="W10: 采取措施, what was done on the spot (recordVisit)."
    )
    resolution: str | None = strawberry.field(description="解决情况.")
    escalate: bool | None = strawberry.field(description="W10: 是否需上报 (reported upward).")
    resolved_on: dt.date | None = strawberry.field(description="W10: the day the problem was solved.")
    mode: VisitMode | None = strawberry.field(
        description="走访方式; null when none was recorded or its text is no known way (modeText)."
    )
    mode_text: str | None = strawberry.field(
        description="走访方式原文：the text recorded before 走访方式 was a code list (kept as it was "
        "written); null for a visit recorded with a code."
    )
    satisfaction: Satisfaction | None = strawberry.field(
        description="群众满意度 (W12): the household's rating of the visit, when recorded."
    )
    # Computed when the visit is built (schema.common.build): a plain field costs GraphQL less than
    # a resolver, and a page shows many visits.
    _derived: ClassVar[dict[str, Callable[[dict[str, Any]], Any]]] = {
        "mode": lambda v: VisitMode(v["stored_mode"]) if v["stored_mode"] in _MODES else None,
        "mode_text": lambda v: (
            v["stored_mode_text"] or (v["stored_mode"] if v["stored_mode"] not in _MODES else None)
        ),
        "satisfaction": lambda v: (
            Satisfaction(v["stored_satisfaction"]) if v["stored_satisfaction"] else None
        ),
    }


@strawberry.type(description="W12: a rectification order (整改通知) issued to a cadre.")
class Rectification:
    id: strawberry.ID = strawberry.field(description="通知编号.")
    issued_on: dt.date = strawberry.field(description="下发日期.")
    deadline: dt.date = strawberry.field(description="整改期限.")
    reason: str | None = strawberry.field(description="整改事由.")
    closed_on: dt.date | None = strawberry.field(description="整改完成日期.")


@strawberry.type(
    description="S3: a record (返贫新增备案) of a household fallen back (返贫) or newly poor (新增)."
)
class PovertyReport:
    id: strawberry.ID = strawberry.field(description="备案编号.")
    kind: str | None = strawberry.field(description="RETURNED 返贫 or NEW 新增.")
    source: str | None = strawberry.field(description="线索来源.")
    source_department: str | None = strawberry.field(description="比对部门.")
    cause: str | None = strawberry.field(description="致贫原因.")
    found_on: dt.date | None = strawberry.field(description="发现日期.")
    verified_on: dt.date | None = strawberry.field(description="核实日期.")
