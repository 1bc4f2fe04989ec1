"""A dashboard line as a coverage rule declares it (graph/coverage/rules/); graph/coverage/summary.py
counts every declared line for a scope and per township in one statement."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.settings import Thresholds


@dataclass(frozen=True)
class Figure:
    """How one figure of a line is counted for township `t`: a `column` of a shared walk (graph/
    coverage/walks.py, by walk name and column name); else, in the county scope, `county` (a
    county-wide text leaving one row per thing counted, with its township `t`) when given; else
    `local` (a subquery after t's villages `v` in scope, returning `k`)."""

    local: str = ""
    county: str = ""
    column: tuple[str, str] | None = None


def column(walk: str, name: str) -> Figure:
    """Column `name` of the walk named `walk` (graph/coverage/walks.py WALKS)."""
    return Figure(column=(walk, name))


@dataclass(frozen=True)
class Line:
    """One dashboard line: `offenders` against `denominator`, or `counts` returning c and d itself.
    `offenders` left out counts the rule's own list (its body per township; county-wide its county
    body, or its tally)."""

    key: str  # GraphQL-facing id of the line, e.g. "W7"
    title: str
    denominator: Figure | None = None
    offenders: Figure | None = None
    counts: str = ""  # a subquery returning c (offending) and d (denominator) itself
    # With `counts`, county-wide: a text leaving one row per township `t` with its c and d, counted
    # once for every township from the candidates (one pass for both figures).
    county_counts: str = ""
    threshold: float = 1.0  # compliance rate required (AT_LEAST), or the ceiling (AT_MOST)
    setting: str = ""  # a Thresholds attribute that sets the threshold instead (county configuration)
    at_most: bool = False
    # d is 1 when the township offends (P9, the township with the most cases): the rate is d, and the
    # scope offends when any of its townships does.
    flag: bool = False
    money: bool = False  # c and d are amounts in CNY (P10), not counts
    # Counted in a statement of its own beside the dashboard's (graph/coverage/summary.py): the
    # policy lines judged on benefits, exits, visits and suspects add nothing to the plan of the rest.
    apart: bool = False

    @property
    def rules(self) -> list[str]:
        """The rules.md ids the line stands for: "W1-W3" → W1, W2, W3; "S1,S2" → S1, S2; "P3-exam" → P3."""
        ids: list[str] = []
        for part in self.key.split(","):
            found = re.match(r"([A-Z])(\d+)(?:-\1(\d+))?", part)
            assert found, f"line key {self.key!r} names no rule"
            letter, first, last = found.group(1), int(found.group(2)), int(found.group(3) or found.group(2))
            ids += [f"{letter}{n}" for n in range(first, last + 1)]
        return ids

    def limit(self, thresholds: Thresholds) -> float:
        return float(getattr(thresholds, self.setting)) if self.setting else self.threshold
