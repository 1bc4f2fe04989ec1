"""The dashboard: one line per measurable rule, for the scope and per township."""

from __future__ import annotations

import enum

import strawberry

from schema.common import labels
from schema.enums import Card, PovertyStatus
from schema.township import Township
from schema.village import Village


@strawberry.enum(description="How a line's rate is judged against its threshold.")
class Comparison(enum.Enum):
    AT_LEAST = "AT_LEAST"
    AT_MOST = "AT_MOST"


labels(
    Comparison,
    AT_LEAST="不低于：the rate must be at least the threshold.",
    AT_MOST="不高于：the rate must be at most the threshold.",
)


@strawberry.type(
    description="考核指标的一行：一条规则的数字。For most lines `rate` is the compliance rate, "
    "(denominator − count) / denominator, which must be AT_LEAST the threshold (1.0: every one; "
    "P2-disabled: 0.93). For "
    "P10 the figures are money: `amount` is the overdue amount, `balance` the balance and `rate` their "
    "ratio, AT_MOST 1% (`count` and `denominator` null). For P9 `count` is the province-level cases "
    "and `denominator` 1 when a township in scope has the most."
)
class SummaryLine:
    key: str = strawberry.field(
        description="指标编号：the line's key, unique in a summary, e.g. W7, W1-W3, P3-exam."
    )
    rules: list[str] = strawberry.field(
        description='规则编号：the rules.md ids the line stands for, one each, e.g. ["W1", "W2", "W3"].'
    )
    title: str = strawberry.field(description="指标名称 (Chinese, as on the county's dashboard).")
    count: int | None = strawberry.field(
        description="不达标数：offending entities (cases, P9); null for a money line (P10)."
    )
    denominator: int | None = strawberry.field(
        description="应达标数：the entities judged (P9: 1 when a township in scope has the most); null for "
        "a money line (P10)."
    )
    amount: float | None = strawberry.field(
        description="金额 (CNY) that offends: P10 the overdue amount; null for a line of counts."
    )
    balance: float | None = strawberry.field(
        description="金额基数 (CNY): P10 the loan balance; null for a line of counts."
    )
    rate: float | None = strawberry.field(description="比率；null when the denominator is 0.")
    threshold: float = strawberry.field(description="达标线：the rate required (or the ceiling, AT_MOST).")
    comparison: Comparison = strawberry.field(description="How `rate` is judged against `threshold`.")
    passes: bool = strawberry.field(description="是否达标 (nothing to judge passes).")


@strawberry.type(description="The lines of one township.")
class TownshipSummary:
    township: Township
    lines: list[SummaryLine]


@strawberry.type(description="Every rule's figure for the scope, and broken down per township.")
class CoverageSummary:
    lines: list[SummaryLine]
    townships: list[TownshipSummary] = strawberry.field(
        description="各乡镇：the lines of each township in scope, by code."
    )


@strawberry.type(description="The lines of one village: each rule's figure for the village alone.")
class VillageSummary:
    village: Village
    lines: list[SummaryLine]


@strawberry.enum(description="How figures are grouped: per village (行政村) or per township (乡镇).")
class Grouping(enum.Enum):
    VILLAGE = "VILLAGE"
    TOWNSHIP = "TOWNSHIP"


labels(Grouping, VILLAGE="按行政村：one group per village.", TOWNSHIP="按乡镇：one group per township.")


@strawberry.type(description="S1: households holding a card on the date (card null: none held).")
class CardCount:
    card: Card | None = strawberry.field(description="卡类：the card held on the date; null: none held.")
    count: int = strawberry.field(description="户数：households holding it.")


@strawberry.type(description="S3, S5: households by recorded status (status null: none recorded).")
class StatusCount:
    status: PovertyStatus | None = strawberry.field(description="脱贫状态；null: none recorded.")
    count: int = strawberry.field(description="户数：households with this status.")


@strawberry.type(
    description="Households of one village or township: registered by the date, by the card held on "
    "the date and by status. Each rule's offenders per group are the `count` of `summary.townships` "
    "and `villageSummaries` lines."
)
class Tally:
    code: str = strawberry.field(description="The village's or township's code.")
    name: str
    township_code: str | None = strawberry.field(description="The village's township (VILLAGE grouping).")
    households: int
    cards: list[CardCount] = strawberry.field(description="RED, YELLOW, GREEN, then none; zeros included.")
    statuses: list[StatusCount] = strawberry.field(description="NOT_OUT, OUT, RETURNED, then none.")
