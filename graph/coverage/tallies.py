"""Households per village for a map or a chart: by the card held on the date and by status (every
rule's lines per village are graph/coverage/summary.py's, grouped by village).

Cards are those held on the date (S1, by the card history); statuses are those recorded for the
date (a dated fact, graph/facts.py). Households count from their registration (首次识别时间) on,
as in the summary, in the village they lived in on the date (graph/placement.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import AsyncDriver

from graph.coverage import cache
from graph.coverage.cache import Answers
from graph.coverage.fragments import CARD_AT, REGISTERED
from graph.facts import facts_at
from graph.placement import households_in
from graph.reach import Reach
from graph.rows import Props, plain
from graph.scope import Scope


def _statement(scope: Scope, reach: Reach) -> str:
    households = households_in(where=REGISTERED).strip()
    return (
        f"{scope.anchor}WITH v, t WHERE {reach.sees('Village', 'v')}\n"
        f"CALL (v) {{ {households} WITH {CARD_AT} AS card, count(*) AS n"
        " RETURN collect([card, n]) AS cards }\n"
        f"CALL (v) {{ {households} WITH ({facts_at('h')}).status AS status, count(*) AS n"
        " RETURN collect([status, n]) AS statuses }\n"
        "RETURN v {.*} AS village, t {.code, .name} AS township, cards, statuses ORDER BY v.code"
    )


async def per_village(
    driver: AsyncDriver, database: str, scope: Scope, reach: Reach, as_of: dt.date, answers: Answers | None
) -> list[Props]:
    """Each village in scope and reach: {village, township, cards: {card: n}, statuses: {status: n}}
    (a household without a card or status counts under None); kept in `answers` (graph/coverage/
    cache.py)."""
    query = (_statement(scope, reach), {**scope.params(), **reach.params(), "asOf": as_of})
    (records,) = await cache.read(driver, database, [query], answers)
    return [
        {
            "village": plain(r["village"]),
            "township": plain(r["township"]),
            "cards": {card: n for card, n in r["cards"]},
            "statuses": {status: n for status, n in r["statuses"]},
        }
        for r in records
    ]


def merged(counts: list[dict[Any, int]]) -> dict[Any, int]:
    """Counts by key summed over several groups (villages into their township)."""
    total: dict[Any, int] = {}
    for count in counts:
        for key, n in count.items():
            total[key] = total.get(key, 0) + n
    return total
