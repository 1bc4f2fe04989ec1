"""The `summary` field of `coverage`: figures from graph/coverage/summary.py, rates and verdicts here."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graph.coverage import summary as figures
from resolvers.context import Context
from resolvers.coverage.base import Asked
from schema.common import build
from schema.coverage.summary import Comparison, CoverageSummary, SummaryLine, TownshipSummary
from schema.township import Township


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
            context.driver, context.database, parent.scope, parent.as_of, thresholds
        )
        townships = [
            TownshipSummary(
                township=build(Township, township, context.personal_data),
                lines=[
                    _line(line, line.limit(thresholds), c, d)
                    for line, (c, d) in zip(figures.LINES, values, strict=True)
                ],
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
