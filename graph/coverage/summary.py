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
from typing import Any

from neo4j import AsyncDriver, RoutingControl

from fupin.settings import Rules
from graph.coverage import teams, work
from graph.coverage.fragments import REGISTERED, paired_cadre
from graph.coverage.lines import Figure, Line, column
from graph.coverage.params import month_params, previous_month, shared, year_window
from graph.coverage.rule import CoverageRule, Rule, tallied
from graph.coverage.rules import RULES
from graph.coverage.walks import WALKS, Walk
from graph.entities import active
from graph.records import Props, plain
from graph.scope import Scope


def of_rule(rule: CoverageRule | Rule, tally: str = "") -> Figure:
    """A rule's offenders: its body per township; county-wide its county body, unless it has none or
    that body is `alone` (it binds no township): then `tally`, the same offenders with their
    townships, when given."""
    county = tallied(rule) if rule.county and not rule.alone else tally
    return Figure(local=f"{rule.body}RETURN count(n) AS k", county=county)


_VILLAGES_WITH_POOR = Figure(
    local=f"WITH v WHERE EXISTS {{ (v)<-[:IN_VILLAGE]-(h:Household) WHERE {REGISTERED} }} "
    "RETURN count(v) AS k"
)
_TEAMS = Figure(
    local=f"MATCH (v)<-[s:STATIONED_IN]-(wt:WorkTeam) WHERE {active('s')} RETURN count(DISTINCT wt) AS k"
)
_COUNTY_TEAMS = Figure(
    local=f"MATCH (v)<-[s:STATIONED_IN]-(wt:WorkTeam {{level: 'COUNTY'}}) WHERE {active('s')} "
    "RETURN count(DISTINCT wt) AS k"
)
_STATIONED = Figure(
    local="MATCH (v)<-[s:STATIONED_IN]-(:WorkTeam)<-[m:MEMBER_OF]-(c:Cadre) "
    f"WHERE {active('s')} AND {active('m')} RETURN count(DISTINCT c) AS k"
)
# W12: orders issued by $asOf to cadres paired in the township.
_ORDERS = "o.issuedOn <= $asOf"
_RECTIFICATIONS = Figure(
    local=f"MATCH (v)<-[:IN_VILLAGE]-(:Household)<-[r:PAIRED_WITH]-(:Cadre)<-[:ISSUED_TO]-(o:Rectification) "
    f"WHERE {active('r')} AND {_ORDERS} RETURN count(DISTINCT o) AS k",
    county="MATCH (o:Rectification)-[:ISSUED_TO]->(:Cadre)-[r:PAIRED_WITH]->(:Household)"
    "-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->(t:Township) "
    f"WHERE {_ORDERS} AND {active('r')} WITH DISTINCT o, t",
)
_REPORTS = Figure(
    local="MATCH (v)<-[:IN_VILLAGE]-(:Household)<-[:ABOUT]-(pr:PovertyReport) WHERE pr.verifiedOn <= $asOf "
    "RETURN count(pr) AS k",
    county="MATCH (pr:PovertyReport)-[:ABOUT]->(:Household)-[:IN_VILLAGE]->(:Village)"
    "-[:IN_TOWNSHIP]->(t:Township) WHERE pr.verifiedOn <= $asOf",
)

# W12's offenders county-wide, with the townships they are counted in (the townships the rule's
# body finds them from).
_OPEN_ORDERS = f"""MATCH (o:Rectification)-[:ISSUED_TO]->(c:Cadre)
WHERE {work.OVERDUE_ORDER}
CALL (c) {{
  MATCH {paired_cadre("t:Township")}
  RETURN t
  UNION
  MATCH {work.stationed_cadre("t:Township")}
    AND NOT EXISTS {{ (c)-[r:PAIRED_WITH]->(:Household) WHERE {active("r")} }}
  RETURN t
}}
WITH DISTINCT o, t"""
_FEEDBACK_GAPS = f"""MATCH (r:PovertyReport)-[:ABOUT]->(:Household)-[:IN_VILLAGE]->(:Village)
      -[:IN_TOWNSHIP]->(t:Township)
WHERE {work.REPORT_WITH_GAP}"""

# P9: the township's province-level cases of the year (c), and 1 (d) when no township has more.
_PROVINCE_CASES = "p.level = $provinceLevel AND $yearFrom <= p.registeredOn <= $yearTo"
_PETITIONS = (
    f"WITH DISTINCT t WITH t, COUNT {{ (p:Petition)-[:IN_TOWNSHIP]->(t) WHERE {_PROVINCE_CASES} }} AS c, "
    f"COLLECT {{ MATCH (p:Petition)-[:IN_TOWNSHIP]->(x:Township) WHERE {_PROVINCE_CASES} "
    "WITH x, count(p) AS k RETURN max(k) }[0] AS top "
    "RETURN c, CASE WHEN c > 0 AND c >= top THEN 1 ELSE 0 END AS d"
)


_LEGACY: tuple[Line, ...] = (
    Line("W1,W6", "工作队人员配齐", _TEAMS, of_rule(teams.UNDERSTAFFED_TEAMS)),
    Line("W4", "县派队长兼第一书记", _COUNTY_TEAMS, of_rule(teams.TEAMS_WITHOUT_FIRST_SECRETARY)),
    Line(
        "W9",
        "按时走访",
        column("households", "pairedHouseholds"),
        of_rule(work.OVERDUE_VISITS, tallied(work.OVERDUE_VISITS)),
    ),
    Line("W10", "上报问题已解决", column("escalated", "escalated"), column("escalated", "openProblems")),
    Line("W11", "驻村每月不少于20天", _STATIONED, of_rule(teams.ATTENDANCE_SHORTFALLS)),
    Line("W12", "整改按期完成", _RECTIFICATIONS, of_rule(work.OPEN_RECTIFICATIONS, _OPEN_ORDERS)),
    Line(
        "S1,S2",
        "卡类与收入、状态相符",
        column("households", "households"),
        column("households", "mismatched"),
    ),
    Line("S4", "返贫新增户措施落实", _REPORTS, of_rule(work.FEEDBACK_GAPS, _FEEDBACK_GAPS)),
    Line("P2", "义务教育无失学辍学", column("persons", "schoolAgeChildren"), column("persons", "dropouts")),
    Line(
        "P2-disabled",
        "残疾儿童入学率不低于93%",
        column("persons", "disabledChildren"),
        column("persons", "disabledOutOfSchool"),
        setting="disabled_enrolment_min",
    ),
    Line(
        "P3-insurance",
        "基本医保、大病保险全覆盖",
        column("households", "persons"),
        column("persons", "uninsured"),
    ),
    Line("P3-exam", "年度免费体检全覆盖", column("households", "persons"), column("persons", "noExam")),
    Line("P3-doctor", "家庭医生签约全覆盖", column("households", "persons"), column("persons", "noDoctor")),
    Line("P4", "危房改造", column("households", "households"), column("households", "dangerous")),
    Line("P5", "饮水安全", column("households", "households"), column("households", "unsafe")),
    Line("O2", "扶贫信息员全覆盖", _VILLAGES_WITH_POOR, of_rule(teams.VILLAGES_WITHOUT_INFORMATION_OFFICER)),
    Line(
        "P10",
        "扶贫小额信贷逾期率低于1%",
        column("loans", "loanBalance"),
        column("loans", "loanOverdue"),
        setting="loan_overdue_max_rate",
        at_most=True,
    ),
    Line(
        "P9",
        "省级以上信访案件（最多的乡镇不得评优）",
        counts=_PETITIONS,
        at_most=True,
        threshold=0.0,
        flag=True,
    ),
)


def _counted(rule: CoverageRule, line: Line) -> Line:
    """`line` of `rule`, its offenders counted from the rule's own list when it names no others."""
    if line.counts or line.offenders is not None:
        return line
    return dataclasses.replace(line, offenders=of_rule(rule, rule.tally))


# Every rule's lines, in the order of the registry.
LINES: tuple[Line, ...] = (*(_counted(rule, line) for rule in RULES for line in rule.lines), *_LEGACY)

# The scope's villages of township t; the trailing WITH lets a rule body open with WHERE, as after its
# anchor's MATCH.
_VILLAGES_IN = (
    "MATCH (v:Village)-[:IN_TOWNSHIP]->(t) WHERE $scopeVillage IS NULL OR v.code = $scopeVillage\nWITH v, t\n"
)


def _walks(lines: tuple[Line, ...]) -> list[Walk]:
    """The walks the lines read columns of, in order of first use."""
    figures = [f for line in lines for f in (line.offenders, line.denominator) if f and f.column]
    return [WALKS[name] for name in dict.fromkeys(f.column[0] for f in figures if f.column)]


class _Statement:
    """The statement under construction: county-wide counts first, then per township the walks and
    every line's c{i} and d{i}, each figure counted once however many lines share it. Every step
    ends with a WITH of exactly what later steps read (`carry`), so no subquery's `k` clashes."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.parts: list[str] = []
        self.carry: list[str] = []  # what every later step reads, township `t` aside
        self.wide: dict[str, str] = {}  # county-wide text -> its w{j} ([township code, count] pairs)
        self.rows: dict[str, str] = {}  # Walk name -> its w{j} ([township code, *columns] lists)
        self.local: dict[str, str] = {}  # per-township text -> the variable holding its count

    def add(self, text: str) -> None:
        self.parts.append(text)

    def keep(self, *named: tuple[str, str]) -> None:
        """Carry each (value, name) on, as `value AS name`, with what is already carried."""
        self.add(f"WITH {', '.join(['t', *self.carry, *(f'{v} AS {n}' for v, n in named)])}\n")
        self.carry += [n for _, n in named]

    def county_wide(self, lines: tuple[Line, ...]) -> None:
        """The county-wide counts, each an Apply over the one row (not a CartesianProduct)."""
        if not self.scope.is_county:
            return
        for w in _walks(lines):
            if w.county:
                self.rows[w.name] = self._collected(w.county, ", ".join(w.columns))
        for line in lines:
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
        if scope.village is not None:
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
                self.add(f"CALL (t) {{ {_VILLAGES_IN}{w.text} }}\n")
                self.carry += [c for c in w.columns if (w.name, c) in used]
        self.add(f"WITH {', '.join(['t', *self.carry])}\n")

    def figure(self, figure: Figure, name: str) -> None:
        """`name` := the figure's count for township t."""
        if figure.column is not None:
            value = figure.column[1]
        elif self.scope.is_county and figure.county:
            value = f"coalesce([x IN {self.wide[figure.county]} WHERE x[0] = t.code | x[1]][0], 0)"
        elif figure.local in self.local:
            value = self.local[figure.local]
        else:
            self.add(f"CALL (t) {{ {_VILLAGES_IN}{figure.local} }}\n")
            self.local[figure.local] = name
            value = "k"
        self.keep((value, name))

    def line(self, index: int, line: Line) -> None:
        if line.counts:
            self.add(f"CALL (t) {{ {_VILLAGES_IN}{line.counts} }}\n")
            self.keep(("c", f"c{index}"), ("d", f"d{index}"))
            return
        assert line.offenders is not None and line.denominator is not None
        self.figure(line.offenders, f"c{index}")
        self.figure(line.denominator, f"d{index}")


def statement(scope: Scope, lines: tuple[Line, ...] = LINES) -> str:
    s = _Statement(scope)
    s.county_wide(lines)
    s.townships()
    s.walks(lines)
    for index, line in enumerate(lines):
        s.line(index, line)
    figures = ", ".join(f"[c{i}, d{i}]" for i in range(len(lines)))
    s.add(f"RETURN t {{.code, .name}} AS township, [{figures}] AS figures ORDER BY t.code")
    return "".join(s.parts)


def parameters(scope: Scope, as_of: dt.date, rules: Rules) -> dict[str, Any]:
    """The shared parameters, and the defaults of the fields that take a year or a month."""
    return {
        **scope.params(),
        **shared(as_of, rules),
        **year_window(as_of.year, as_of),
        **month_params(previous_month(as_of), as_of),
    }


async def per_township(
    driver: AsyncDriver, database: str, scope: Scope, as_of: dt.date, rules: Rules
) -> list[tuple[Props, list[tuple[float, float]]]]:
    """(township, [(offending, denominator) per line of LINES]) for each township in scope."""
    records, _, _ = await driver.execute_query(
        statement(scope), parameters(scope, as_of, rules), database_=database, routing_=RoutingControl.READ
    )
    return [
        (plain(r["township"]), [(float(c or 0), float(d or 0)) for c, d in r["figures"]]) for r in records
    ]
