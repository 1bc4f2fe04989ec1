"""The dashboard: every measurable rule's figure for a scope and per township, in one statement.

Each line (graph/coverage/lines.py, declared by its rule) counts offenders against a denominator,
per township; the scope's figure is the sum of its townships'. A cadre whose households lie in two
townships counts in each (W8, W12).

A figure is counted in one of three ways (`Figure`):
- a column of a walk (graph/coverage/walks.py): one walk over the township's households (or
  persons) counts every household (person) figure at once, with the very conditions the rules'
  lists test; county-wide a walk may count its columns once for every township from its few
  candidates instead (persons, loans);
- county-wide, once, grouped by township (county scope only): the rule's county body, or a tally
  that starts from the few things counted (escalated visits, open orders, reports);
- per township: the rule's body (or a denominator's text) after the township's villages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from neo4j import AsyncDriver

from core.settings import Thresholds
from graph.coverage import cache
from graph.coverage.cache import Answers
from graph.coverage.lines import Figure, Line
from graph.coverage.params import month_params, previous_month, shared, year_window
from graph.coverage.rule import CoverageRule, tallied
from graph.coverage.rules import DASHBOARD, RULES
from graph.coverage.walks import WALKS, Walk
from graph.reach import Reach
from graph.rows import Props, plain
from graph.scope import Scope


def _of_rule(rule: CoverageRule) -> Figure:
    """A rule's offenders: its body per township; county-wide its county body, unless it has none or
    that body is `alone` (it may bind no township): then its tally, the same offenders with their
    townships, when it has one."""
    county = tallied(rule) if rule.county and not rule.alone else rule.tally
    return Figure(local=f"{rule.body}RETURN count(n) AS k", county=county)


def _counted(rule: CoverageRule, line: Line) -> Line:
    """`line` of `rule`, its offenders counted from the rule's own list when it names no others."""
    if line.counts or line.offenders is not None:
        return line
    return dataclasses.replace(line, offenders=_of_rule(rule))


def _lines() -> tuple[Line, ...]:
    """Every rule's lines, in the order of DASHBOARD (each declared once, each in its place, each
    column it names a column of its walk)."""
    declared = [_counted(rule, line) for rule in RULES for line in rule.lines]
    keys = sorted(line.key for line in declared)
    assert keys == sorted(DASHBOARD), f"declared lines {keys}, DASHBOARD {sorted(DASHBOARD)}"
    for line in declared:
        for figure in (line.offenders, line.denominator):
            if figure and figure.column:
                walk, name = figure.column
                assert name in WALKS[walk].columns, f"{line.key}: the walk {walk} has no column {name}"
    return tuple(sorted(declared, key=lambda line: DASHBOARD.index(line.key)))


LINES = _lines()
# The statements the dashboard runs: its lines but those counted apart, then each of those alone.
PARTS: tuple[tuple[Line, ...], ...] = (
    tuple(line for line in LINES if not line.apart),
    *((line,) for line in LINES if line.apart),
)

# The scope's villages of township t; the trailing WITH lets a rule body open with WHERE, as after its
# anchor's MATCH.
_VILLAGES_IN = (
    "MATCH (v:Village)-[:IN_TOWNSHIP]->(t) WHERE $scopeVillage IS NULL OR v.code = $scopeVillage\nWITH v, t\n"
)
# Grouped by village: the row's own village `g` (of township t) is the only one.
_THE_VILLAGE = "WITH g AS v, t\n"


def _walks(lines: tuple[Line, ...]) -> list[Walk]:
    """The walks the lines read columns of, in order of first use."""
    figures = [f for line in lines for f in (line.offenders, line.denominator) if f and f.column]
    return [WALKS[name] for name in dict.fromkeys(f.column[0] for f in figures if f.column)]


class _Statement:
    """The statement under construction: county-wide counts first, then per township the walks and
    every line's c{i} and d{i}, each figure counted once however many lines share it. Every step
    ends with a WITH of exactly what later steps read (`carry`), so no subquery's `k` clashes."""

    def __init__(self, scope: Scope, by_village: bool) -> None:
        self.scope, self.by_village = scope, by_village
        # What each row is: a township `t`, or a village `g` with its township `t`.
        self.group = ["t", "g"] if by_village else ["t"]
        self.villages = _THE_VILLAGE if by_village else _VILLAGES_IN
        # County-wide counts are grouped by township: a village grouping counts every figure locally.
        self.wide_counts = scope.is_county and not by_village
        self.parts: list[str] = []
        self.carry: list[str] = []  # what every later step reads, township `t` aside
        self.wide: dict[str, str] = {}  # county-wide text -> its w{j} ([township code, count] pairs)
        self.rows: dict[str, str] = {}  # Walk name -> its w{j} ([township code, *columns] lists)
        self.local: dict[str, str] = {}  # per-township text -> the variable holding its count

    def add(self, text: str) -> None:
        self.parts.append(text)

    def keep(self, *named: tuple[str, str]) -> None:
        """Carry each (value, name) on, as `value AS name`, with what is already carried."""
        self.add(f"WITH {', '.join([*self.group, *self.carry, *(f'{v} AS {n}' for v, n in named)])}\n")
        self.carry += [n for _, n in named]

    def county_wide(self, lines: tuple[Line, ...]) -> None:
        """The county-wide counts, each an Apply over the one row (not a CartesianProduct)."""
        if not self.wide_counts:
            return
        for w in _walks(lines):
            if w.county:
                self.rows[w.name] = self._collected(w.county, ", ".join(w.columns))
        for line in lines:
            if line.county_counts and line.county_counts not in self.wide:
                self.wide[line.county_counts] = self._collected(line.county_counts, "c, d")
            for figure in (line.offenders, line.denominator):
                if figure and figure.column is None and figure.county and figure.county not in self.wide:
                    self.wide[figure.county] = self._collected(f"{figure.county}\nWITH t, count(*) AS k", "k")

    def _collected(self, text: str, columns: str) -> str:
        """Runs `text` (rows of township `t` and `columns`) once and carries its rows on, as
        [township code, *columns] lists in a new variable w{j}, which it returns."""
        name = f"w{len(self.carry)}"
        self.add(
            f"CALL ({', '.join(self.carry)}) {{ {text}\nRETURN collect([t.code, {columns}]) AS {name} }}\n"
        )
        self.carry.append(name)
        return name

    def townships(self) -> None:
        scope = self.scope
        if self.by_village:
            if scope.village is not None:
                self.add(
                    f"MATCH (g:Village {{code: $scopeVillage}})-[:IN_TOWNSHIP]->{scope.village_township}\n"
                )
            elif scope.township is not None:
                self.add("MATCH (t:Township {code: $scopeTownship})<-[:IN_TOWNSHIP]-(g:Village)\n")
            else:
                self.add("MATCH (g:Village)-[:IN_TOWNSHIP]->(t:Township)\n")
        elif scope.village is not None:
            village = "MATCH (:Village {code: $scopeVillage})-[:IN_TOWNSHIP]->"
            self.add(f"{village}{scope.village_township}\n")
        elif scope.township is not None:
            self.add("MATCH (t:Township {code: $scopeTownship})\n")
        else:
            self.add(f"CALL ({', '.join(self.carry)}) {{ MATCH (t:Township) RETURN t }}\n")

    def walks(self, lines: tuple[Line, ...]) -> None:
        """Each walk the lines use, once (or its county-wide row for township t), and the columns
        they read from it."""
        used = [f.column for line in lines for f in (line.offenders, line.denominator) if f and f.column]
        for w in _walks(lines):
            if w.name in self.rows:
                rows = self.rows[w.name]
                self.keep(*(
                    (f"coalesce([x IN {rows} WHERE x[0] = t.code | x[{i + 1}]][0], 0)", c)
                    for i, c in enumerate(w.columns) if (w.name, c) in used
                ))  # fmt: skip
            else:
                self.add(f"CALL ({', '.join(self.group)}) {{ {self.villages}{w.text} }}\n")
                self.carry += [c for c in w.columns if (w.name, c) in used]
        self.add(f"WITH {', '.join([*self.group, *self.carry])}\n")

    def figure(self, figure: Figure, name: str) -> None:
        """`name` := the figure's count for township t."""
        if figure.column is not None:
            value = figure.column[1]
        elif self.wide_counts and figure.county:
            value = f"coalesce([x IN {self.wide[figure.county]} WHERE x[0] = t.code | x[1]][0], 0)"
        elif figure.local in self.local:
            value = self.local[figure.local]
        else:
            self.add(f"CALL ({', '.join(self.group)}) {{ {self.villages}{figure.local} }}\n")
            self.local[figure.local] = name
            value = "k"
        self.keep((value, name))

    def line(self, index: int, line: Line) -> None:
        if line.counts and self.wide_counts and line.county_counts:
            rows = self.wide[line.county_counts]
            self.keep(*(
                (f"coalesce([x IN {rows} WHERE x[0] = t.code | x[{i}]][0], 0)", f"{name}{index}")
                for i, name in ((1, "c"), (2, "d"))
            ))  # fmt: skip
            return
        if line.counts:
            self.add(f"CALL ({', '.join(self.group)}) {{ {self.villages}{line.counts} }}\n")
            self.keep(("c", f"c{index}"), ("d", f"d{index}"))
            return
        assert line.offenders is not None and line.denominator is not None
        self.figure(line.offenders, f"c{index}")
        self.figure(line.denominator, f"d{index}")


def statement(scope: Scope, lines: tuple[Line, ...] = LINES, by_village: bool = False) -> str:
    """Every line's figures per township of `scope` or, `by_village`, per village (each village's
    figures counted by the rules' per-township bodies over that village alone)."""
    s = _Statement(scope, by_village)
    s.county_wide(lines)
    s.townships()
    s.walks(lines)
    for index, line in enumerate(lines):
        s.line(index, line)
    figures = ", ".join(f"[c{i}, d{i}]" for i in range(len(lines)))
    if by_village:
        s.add(f"RETURN g {{.*}} AS village, [{figures}] AS figures ORDER BY g.code")
    else:
        s.add(f"RETURN t {{.code, .name}} AS township, [{figures}] AS figures ORDER BY t.code")
    return "".join(s.parts)


def parameters(scope: Scope, reach: Reach, as_of: dt.date, thresholds: Thresholds) -> dict[str, Any]:
    """The shared parameters, and the defaults of the fields that take a year or a month; the
    reach's, which a line about a department's records reads (graph/reach.py `own_department`)."""
    return {
        **scope.params(),
        **reach.params(),
        **shared(as_of, thresholds),
        **year_window(as_of.year, as_of),
        **month_params(previous_month(as_of), as_of),
    }


def reads(
    scope: Scope,
    reach: Reach,
    as_of: dt.date,
    thresholds: Thresholds,
    by_village: bool,
    parts: Sequence[tuple[Line, ...]] = PARTS,
) -> list[tuple[str, dict[str, Any]]]:
    """The (statement, parameters) of each of `parts`, as the dashboard sends them."""
    params = {**parameters(scope, reach, as_of, thresholds), "byVillage": by_village}
    return [(statement(scope, lines, by_village), params) for lines in parts]


async def per_township(
    driver: AsyncDriver,
    database: str,
    scope: Scope,
    reach: Reach,
    as_of: dt.date,
    thresholds: Thresholds,
    answers: Answers | None,
) -> list[tuple[Props, list[tuple[float, float]]]]:
    """(township, [(offending, denominator) per line of LINES]) for each township in scope."""
    return await grouped(driver, database, scope, reach, as_of, thresholds, answers, by_village=False)


async def grouped(
    driver: AsyncDriver,
    database: str,
    scope: Scope,
    reach: Reach,
    as_of: dt.date,
    thresholds: Thresholds,
    answers: Answers | None,
    by_village: bool,
) -> list[tuple[Props, list[tuple[float, float]]]]:
    """(township or, `by_village`, village, [(offending, denominator) per line of LINES]) for each
    one in scope: the statements of PARTS, run side by side (or kept in `answers`, graph/coverage/
    cache.py), their figures put in LINES' order."""
    parts = await cache.read(driver, database, reads(scope, reach, as_of, thresholds, by_village), answers)
    key = "village" if by_village else "township"
    place = {line.key: (i, j) for i, lines in enumerate(PARTS) for j, line in enumerate(lines)}
    rows = []
    for records in zip(*parts, strict=True):
        figures = [records[i]["figures"][j] for i, j in (place[line.key] for line in LINES)]
        rows.append((plain(records[0][key]), [(float(c or 0), float(d or 0)) for c, d in figures]))
    return rows
