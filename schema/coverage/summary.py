"""The dashboard: one line per measurable rule, for the scope and per township."""

from __future__ import annotations

import enum

import strawberry

from schema.enums import Card, PovertyStatus
from schema.township import Township
from schema.village import Village


@strawberry.enum(description="How a line's rate is judged against its threshold.")
class Comparison(enum.Enum):
    AT_LEAST = "AT_LEAST"
    AT_MOST = "AT_MOST"


@strawberry.type(
    description="One rule's figure. For most lines `rate` is the compliance rate, (denominator − count) "
    "/ denominator, which must be AT_LEAST the threshold (1.0: every one; P2-disabled: 0.93). For P10 "
    "`count` is the overdue amount, `denominator` the balance and `rate` their ratio, AT_MOST 1%. For "
    "P9 `count` is the province-level cases and `denominator` 1 when a township in scope has the most."
)
class SummaryLine:
    rule: str = strawberry.field(description="rules.md id(s) of the line, e.g. W7, P3-exam.")
    title: str
    count: float = strawberry.field(description="Offending entities (or amount, P10; cases, P9).")
    denominator: float
    rate: float | None = strawberry.field(description="Null when the denominator is 0.")
    threshold: float
    comparison: Comparison
    passes: bool


@strawberry.type(description="The lines of one township.")
class TownshipSummary:
    township: Township
    lines: list[SummaryLine]


@strawberry.type(description="Every rule's figure for the scope, and broken down per township.")
class CoverageSummary:
    lines: list[SummaryLine]
    townships: list[TownshipSummary]


@strawberry.type(description="The lines of one village: each rule's figure for the village alone.")
class VillageSummary:
    village: Village
    lines: list[SummaryLine]


@strawberry.enum(description="How figures are grouped: per village (行政村) or per township (乡镇).")
class Grouping(enum.Enum):
    VILLAGE = "VILLAGE"
    TOWNSHIP = "TOWNSHIP"


@strawberry.type(description="S1: households holding a card on the date (card null: none held).")
class CardCount:
    card: Card | None
    count: int


@strawberry.type(description="S3, S5: households by recorded status (status null: none recorded).")
class StatusCount:
    status: PovertyStatus | None
    count: int


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
