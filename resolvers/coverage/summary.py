"""The `summary`, `villageSummaries` and `tallies` fields of `coverage`: figures from
graph/coverage/summary.py and graph/coverage/tallies.py, rates and verdicts here."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from core.settings import Thresholds
from graph.coverage import summary as figures
from graph.coverage import tallies
from graph.rows import Props
from resolvers.context import Context
from resolvers.coverage.base import Asked
from schema.common import build
from schema.coverage.summary import (
    CardCount,
    Comparison,
    CoverageSummary,
    Grouping,
    StatusCount,
    SummaryLine,
    Tally,
    TownshipSummary,
    VillageSummary,
)
from schema.enums import Card, PovertyStatus
from schema.township import Township
from schema.village import Village


def _rate(line: figures.Line, count: float, denominator: float) -> float | None:
    if line.flag:
        return denominator
    if denominator == 0:
        return None
    return count / denominator if line.at_most else (denominator - count) / denominator


def _line(line: figures.Line, limit: float, count: float, denominator: float) -> SummaryLine:
    rate = _rate(line, count, denominator)
    within = rate is None or (rate <= limit if line.at_most else rate >= limit)
    counts = None if line.money else (round(count), round(denominator))
    return SummaryLine(
        key=line.key,
        rules=line.rules,
        title=line.title,
        count=counts[0] if counts else None,
        denominator=counts[1] if counts else None,
        amount=count if line.money else None,
        balance=denominator if line.money else None,
        rate=rate,
        threshold=limit,
        comparison=Comparison.AT_MOST if line.at_most else Comparison.AT_LEAST,
        passes=within,  # nothing to judge (rate None) passes
    )


def _lines(thresholds: Thresholds, values: list[tuple[float, float]]) -> list[SummaryLine]:
    """One township's or village's lines from its (count, denominator) per line of LINES."""
    return [
        _line(line, line.limit(thresholds), c, d) for line, (c, d) in zip(figures.LINES, values, strict=True)
    ]


@strawberry.type
class SummaryCoverage:
    @strawberry.field(
        description="Every rule's figure (W1–W12, S1–S4, P2–P5, P9, P10, O2, P2's 93% disabled-child "
        "enrolment and P3's 100% lines) for the scope and per township, in one statement. The scope's "
        "figure sums its townships'."
    )
    async def summary(self, parent: strawberry.Parent[Asked], info: Info[Context, None]) -> CoverageSummary:
        context = info.context
        context.round_trips += 1
        thresholds = context.settings.thresholds
        rows = await figures.per_township(
            context.driver,
            context.database,
            parent.scope,
            context.reach,
            parent.as_of,
            thresholds,
            context.answers,
        )
        townships = [
            TownshipSummary(
                township=build(Township, township, context.personal_data),
                lines=_lines(thresholds, values),
            )
            for township, values in rows
        ]
        totals = []
        for index, line in enumerate(figures.LINES):
            count = sum(values[index][0] for _, values in rows)
            denominators = [values[index][1] for _, values in rows]
            denominator = max(denominators, default=0.0) if line.flag else sum(denominators)
            totals.append(_line(line, line.limit(thresholds), count, denominator))
        return CoverageSummary(lines=totals, townships=townships)

    @strawberry.field(
        description="`summary`'s lines for each village in scope (code order), each village's figures "
        "its own, in one statement: a map or chart of every village in one request."
    )
    async def village_summaries(
        self, parent: strawberry.Parent[Asked], info: Info[Context, None]
    ) -> list[VillageSummary]:
        context = info.context
        context.round_trips += 1
        thresholds = context.settings.thresholds
        rows = await figures.grouped(
            context.driver,
            context.database,
            parent.scope,
            context.reach,
            parent.as_of,
            thresholds,
            context.answers,
            by_village=True,
        )
        return [
            VillageSummary(
                village=build(Village, village, context.personal_data),
                lines=_lines(thresholds, values),
            )
            for village, values in rows
        ]

    @strawberry.field(
        description="Households per village or township in scope (code order), by the card held on "
        "the date and by status, in one statement."
    )
    async def tallies(
        self,
        parent: strawberry.Parent[Asked],
        info: Info[Context, None],
        by: Annotated[
            Grouping, strawberry.argument(description="分组：VILLAGE 按行政村，TOWNSHIP 按乡镇.")
        ] = Grouping.VILLAGE,
    ) -> list[Tally]:
        context = info.context
        context.round_trips += 1
        rows = await tallies.per_village(
            context.driver, context.database, parent.scope, context.reach, parent.as_of, context.answers
        )
        if by is Grouping.VILLAGE:
            return [
                _tally(row["village"], row["township"]["code"], row["cards"], row["statuses"]) for row in rows
            ]
        townships: dict[str, list[Props]] = {}
        for row in rows:
            townships.setdefault(row["township"]["code"], []).append(row)
        return [
            _tally(
                group[0]["township"],
                None,
                tallies.merged([row["cards"] for row in group]),
                tallies.merged([row["statuses"] for row in group]),
            )
            for group in townships.values()
        ]


def _tally(place: Props, township: str | None, cards: dict[Any, int], statuses: dict[Any, int]) -> Tally:
    return Tally(
        code=place["code"],
        name=place["name"],
        township_code=township,
        households=sum(cards.values()),
        cards=[CardCount(card=None if c is None else Card(c), count=cards.get(c, 0)) for c in _CARDS],
        statuses=[
            StatusCount(status=None if s is None else PovertyStatus(s), count=statuses.get(s, 0))
            for s in _STATUSES
        ],
    )


_CARDS: list[str | None] = [*(c.value for c in Card), None]
_STATUSES: list[str | None] = [*(s.value for s in PovertyStatus), None]
