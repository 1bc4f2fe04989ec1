"""A household's timeline (householdHistory): one kind of event per record the graph keeps."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from schema.cadre import Cadre
from schema.changes.trail import AuditEvent
from schema.common import labels
from schema.enums import Card, PovertyStatus
from schema.person import Person
from schema.policy import Policy
from schema.records import Benefit, Loan, Petition, PovertyReport, Repayment, Visit


@strawberry.enum(description="What an event of a household's history is about.")
class HistoryKind(enum.Enum):
    CARD = "CARD"
    STATUS = "STATUS"
    PAIRING = "PAIRING"
    VISIT = "VISIT"
    BENEFIT = "BENEFIT"
    LOAN = "LOAN"
    PETITION = "PETITION"
    POVERTY_REPORT = "POVERTY_REPORT"
    AUDIT = "AUDIT"


labels(
    HistoryKind,
    CARD="卡色：a card period.",
    STATUS="脱贫状态：registration (首次识别) or exit (退出).",
    PAIRING="结对帮扶：a pairing with a cadre.",
    VISIT="走访.",
    BENEFIT="政策享受.",
    LOAN="扶贫小额信贷：a loan, a repayment, or a void of either.",
    PETITION="信访.",
    POVERTY_REPORT="返贫/新增备案.",
    AUDIT="审计事件：a change recorded in the audit trail.",
)


@strawberry.enum(description="What happened: a dated relationship STARTED or ENDED (CARD, PAIRING), …")
class HistoryAction(enum.Enum):
    STARTED = "STARTED"
    ENDED = "ENDED"
    REGISTERED = "REGISTERED"
    EXITED = "EXITED"
    MADE = "MADE"
    RECEIVED = "RECEIVED"
    ISSUED = "ISSUED"
    REPAID = "REPAID"
    VOIDED = "VOIDED"
    CLOSED = "CLOSED"
    FOUND = "FOUND"
    VERIFIED = "VERIFIED"
    RECORDED = "RECORDED"


labels(
    HistoryAction,
    STARTED="开始.",
    ENDED="结束.",
    REGISTERED="登记 (识别 or 信访登记).",
    EXITED="退出 (脱贫).",
    MADE="走访完成.",
    RECEIVED="享受.",
    ISSUED="放贷.",
    REPAID="还款.",
    VOIDED="作废.",
    CLOSED="办结.",
    FOUND="发现.",
    VERIFIED="核实.",
    RECORDED="记录 (an audit event).",
)


@strawberry.type(
    description="One event of a household's history. Which fields are set depends on `kind`: CARD "
    "(card, since, until, reason: a card period STARTED/ENDED), STATUS (REGISTERED on 首次识别时间; "
    "EXITED in exitYear, dated that year's 31 December with yearOnly), PAIRING (cadre, since, until: "
    "STARTED/ENDED), VISIT (visit, cadre: MADE), BENEFIT (benefit, policy, person when a member's: "
    "RECEIVED), LOAN (loan: ISSUED; repayment: REPAID; VOIDED with its reason, repayment set when a "
    "repayment was voided, else the loan), PETITION (petition: REGISTERED/CLOSED), POVERTY_REPORT (report: "
    "FOUND/VERIFIED), AUDIT (audit: RECORDED at `at`)."
)
class HistoryEvent:
    kind: HistoryKind = strawberry.field(description="事件类别：which fields are set.")
    action: HistoryAction = strawberry.field(description="发生了什么.")
    date: dt.date | None = strawberry.field(
        description="The county's day (an audit event's `at` in Asia/Shanghai); null when the record "
        "is undated."
    )
    at: dt.datetime | None = strawberry.field(description="AUDIT: the instant (UTC).")
    key: str = strawberry.field(description="Unique per event.")
    year_only: bool | None = strawberry.field(description="STATUS EXITED: only the year is recorded.")
    status: PovertyStatus | None = strawberry.field(description="STATUS: the status it began.")
    card: Card | None = strawberry.field(description="CARD: 卡色.")
    reason: str | None = strawberry.field(
        description="CARD: 变更原因; PAIRING ENDED: 结束原因; VOIDED: 作废原因."
    )
    since: dt.date | None
    until: dt.date | None
    cadre: Cadre | None
    visit: Visit | None
    benefit: Benefit | None = strawberry.field(description="BENEFIT: 政策享受.")
    policy: Policy | None
    person: Person | None
    loan: Loan | None = strawberry.field(description="LOAN: 贷款.")
    repayment: Repayment | None = strawberry.field(description="LOAN REPAID, or VOIDED of a repayment: 还款.")
    petition: Petition | None = strawberry.field(description="PETITION: 信访件.")
    report: PovertyReport | None
    audit: AuditEvent | None = strawberry.field(description="AUDIT: 审计事件.")
