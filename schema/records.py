"""Records of a household: benefits, loans, petitions — as investigators read them in
its history and as the mutations (#5) return them.

(Visits, rectification orders and 返贫/新增 records are in schema/coverage/work.py.)
"""

from __future__ import annotations

import datetime as dt
import enum

import strawberry


@strawberry.type(description="P1–P10: a benefit received (政策享受) by a household or one of its members.")
class Benefit:
    id: str
    project: str | None = strawberry.field(description="项目名称.")
    amount: float | None = strawberry.field(description="金额 (CNY).")
    date: dt.date | None = strawberry.field(description="享受时间.")
    department: str | None = strawberry.field(description="实施部门.")


@strawberry.type(description="P10: a loan (扶贫小额信贷) BORROWED by a household.")
class Loan:
    id: str = strawberry.field(description="The loan's id (hash of household, bank, issue day).")
    household_id: str | None = strawberry.field(description="户编号 of the borrower, where asked.")
    bank: str | None = strawberry.field(description="贷款银行.")
    amount: float | None = strawberry.field(description="贷款金额 (CNY).")
    issued_on: dt.date | None = strawberry.field(description="放贷日期.")
    due_on: dt.date | None = strawberry.field(description="到期日期.")
    balance: float | None = strawberry.field(description="贷款余额 (CNY).")
    overdue: bool | None = strawberry.field(description="是否逾期.")
    overdue_amount: float | None = strawberry.field(description="逾期金额 (CNY), never above the balance.")
    last_repaid_on: dt.date | None = strawberry.field(description="The day of the last repayment recorded.")


@strawberry.enum(description="P9: 来源层级 — 省级以上 PROVINCE, 市级 CITY, 县级 COUNTY.")
class PetitionLevel(enum.Enum):
    PROVINCE = "PROVINCE"
    CITY = "CITY"
    COUNTY = "COUNTY"


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
