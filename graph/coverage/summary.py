"""The dashboard: every measurable rule's figure for a scope and per township, in one statement.

Each line counts the offenders of a coverage Rule against a denominator, per township; the scope's
figure is the sum of its townships'. A cadre whose households lie in two townships counts in each
(W8, W12).

A figure is counted in one of three ways (`Figure`):
- a column of a `Pass`: one walk over the township's households (or persons) counts every household
  (person) figure at once, with the very conditions the rules' lists test; county-wide a Pass may
  count its columns once for every township from its few candidates instead (persons, loans);
- county-wide, once, grouped by township (county scope only): the rule's county body, or a tally
  that starts from the few things counted (escalated visits, open orders, reports);
- per township: the rule's body (or a denominator's text) after the township's villages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver, RoutingControl

from fupin.settings import Rules
from graph.coverage import pairing, policies, teams, work
from graph.coverage.fragments import (
    CARD_AT,
    LOW_INCOME_LINE,
    REGISTERED,
    aggregates,
    expected_card,
    township_sums,
)
from graph.coverage.params import shared
from graph.coverage.rule import Rule, Scope
from graph.entities import active
from graph.records import Props, plain


@dataclass(frozen=True)
class Pass:
    """One walk over a township's households or persons that counts several figures: `text` follows
    the scope's villages `v` of township `t` and RETURNs one column per figure (names unique across
    passes). `county`, when given, counts the same columns for the county scope at once: a text
    leaving one row per township `t` with every column."""

    name: str
    text: str
    columns: tuple[str, ...]
    county: str = ""

    def __post_init__(self) -> None:
        for name in self.columns:
            assert f" AS {name}" in self.text, f"{self.name} has no column {name}"
            assert not self.county or f" AS {name}" in self.county, f"{self.name} county lacks {name}"


def _branches(columns: tuple[str, ...], *branches: tuple[str, dict[str, str]]) -> str:
    """A county-wide Pass text from branches that each start from their own candidates: every
    branch is a text binding township `t` and, per row, the values it adds to some columns (the
    others add 0); the rows are summed per township."""
    parts = [
        f"{text}\n  RETURN t, " + ", ".join(f"{values.get(c, '0')} AS {c}" for c in columns)
        for text, values in branches
    ]
    sums = ", ".join(f"sum({c}) AS {c}" for c in columns)
    return "CALL () {\n  " + "\n  UNION ALL\n  ".join(parts) + f"\n}}\nWITH t, {sums}"


def _tallied(rule: Rule) -> str:
    """`rule`'s county-wide offenders `n`, each with its township `t` (for a county body that binds
    `t`: after the county's anchor, or walking up from its candidates)."""
    return f"{rule.match(Scope()).rstrip()}, t"


def _offenders(rule: Rule, **values: str) -> tuple[str, dict[str, str]]:
    """A county branch adding `values` to its columns for each of `rule`'s county-wide offenders, in
    the offender's township."""
    return _tallied(rule), values


_HOUSEHOLD_COLUMNS = (
    "households", "persons", "pairedHouseholds", "pairedCadres", "unpaired", "mismatched", "dangerous",
    "unsafe",
)  # fmt: skip
_MEMBERS = "COUNT { (h)<-[:BELONGS_TO]-() }"
_DISTINCT_CADRES = "COUNT { UNWIND cadres AS some UNWIND some AS c RETURN DISTINCT c }"  # of cadre lists
_IN_TOWNSHIP = "-[:BELONGS_TO]->(h:Household)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->(t:Township)"
_BORN = "(p.birthDate IS NULL OR p.birthDate <= $asOf)"

# Households: registered, their members born by $asOf (P3's denominator), registered and paired (W9's
# denominator), the cadres of paired households (W8's denominator: each cadre once per township), and
# the W7, S1/S2, P4 and P5 offenders; the card history is read only for households whose card the rules
# judge. County-wide the households, their members and their cadres are counted in one walk (members
# as BELONGS_TO degrees, cadres as recorded: PAIRED_CADRES), less those registered after $asOf and the
# people born after it (index seeks), and the offenders by the rules' own county bodies, from their few
# candidates.
HOUSEHOLDS = Pass(
    "households",
    f"""MATCH (v)<-[:IN_VILLAGE]-(h:Household)
WITH h, {REGISTERED} AS registered, {pairing.PAIRED_CADRES} AS cadres, {LOW_INCOME_LINE} AS line
WITH h, registered, cadres, cadres <> [] AS paired,
     CASE WHEN registered THEN {expected_card("line")} END AS expected
WITH h, registered, cadres, paired, expected, CASE WHEN expected IS NOT NULL THEN {CARD_AT} END AS card
WITH count(CASE WHEN registered THEN 1 END) AS households,
     sum(CASE WHEN registered THEN COUNT {{ (h)<-[:BELONGS_TO]-(p:Person) WHERE {_BORN} }} ELSE 0 END)
       AS persons,
     count(CASE WHEN registered AND paired THEN 1 END) AS pairedHouseholds,
     collect(CASE WHEN paired THEN cadres END) AS cadres,
     count(CASE WHEN registered AND NOT paired THEN 1 END) AS unpaired,
     count(CASE WHEN expected IS NOT NULL AND {work.MISMATCH} THEN 1 END) AS mismatched,
     count(CASE WHEN registered AND {policies.DANGEROUS} THEN 1 END) AS dangerous,
     count(CASE WHEN registered AND {policies.NO_SAFE_WATER} THEN 1 END) AS unsafe
RETURN households, persons, pairedHouseholds, unpaired, mismatched, dangerous, unsafe,
       {_DISTINCT_CADRES} AS pairedCadres""",
    _HOUSEHOLD_COLUMNS,
    county=_branches(
        _HOUSEHOLD_COLUMNS,
        (
            "MATCH (t:Township)<-[:IN_TOWNSHIP]-(:Village)<-[:IN_VILLAGE]-(h:Household)\n"
            f"  WITH t, count(h) AS households, sum({_MEMBERS}) AS members,\n"
            f"       collect({pairing.PAIRED_CADRES}) AS cadres\n"
            f"  WITH t, households, members, {_DISTINCT_CADRES} AS cadres",
            {
                "households": "households",
                "persons": "members",
                "pairedHouseholds": "households",
                "pairedCadres": "cadres",
            },
        ),
        (
            "MATCH (h:Household)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->(t:Township)\n"
            "  WHERE h.identifiedOn > $asOf",
            {"households": "-1", "persons": f"-{_MEMBERS}", "pairedHouseholds": "-1"},
        ),
        (
            f"MATCH (p:Person){_IN_TOWNSHIP} USING INDEX p:Person(birthDate)\n"
            f"  WHERE p.birthDate > $asOf AND {REGISTERED}",
            {"persons": "-1"},
        ),
        _offenders(pairing.UNPAIRED_HOUSEHOLDS, unpaired="1", pairedHouseholds="-1"),
        _offenders(work.CARD_MISMATCHES, mismatched="1"),
        _offenders(policies.DANGEROUS_HOUSING, dangerous="1"),
        _offenders(policies.UNSAFE_WATER, unsafe="1"),
    ),
)

# P2: disabled children of compulsory-school age; enrolled when 在校生状况 is recorded (送教上门 too).
_NOT_ENROLLED = "trim(coalesce(p.schooling, '')) = ''"

_PERSON_COLUMNS = (
    "uninsured", "noExam", "noDoctor", "schoolAgeChildren", "dropouts", "disabledChildren",
    "disabledOutOfSchool",
)  # fmt: skip


def _one_if(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


# Persons of registered households born by $asOf: P3's three lines (their denominator is a column of
# the households pass), P2's school-age children, their dropouts and the disabled children's
# enrolment. County-wide nobody is read but the few counted: P3's offenders start from their derived
# labels, as in the lists (graph/derived.py); the school-age children are sought in the
# Person.birthDate index, their dropouts and disabilities read as P2's derived labels, and counted per
# village before their township is read.
PERSONS = Pass(
    "persons",
    f"""MATCH (v)<-[:IN_VILLAGE]-(h:Household)<-[:BELONGS_TO]-(p:Person)
WHERE {REGISTERED} AND (p.birthDate IS NULL OR p.birthDate <= $asOf)
WITH p, coalesce(({policies.SCHOOL_AGE}), false) AS schoolAge
WITH p, schoolAge, schoolAge AND {policies.DISABLED} AS disabledChild
RETURN count(CASE WHEN {policies.UNINSURED} THEN 1 END) AS uninsured,
       count(CASE WHEN {policies.NO_EXAM} THEN 1 END) AS noExam,
       count(CASE WHEN {policies.NO_FAMILY_DOCTOR} THEN 1 END) AS noDoctor,
       count(CASE WHEN schoolAge THEN 1 END) AS schoolAgeChildren,
       count(CASE WHEN schoolAge AND {policies.OUT_OF_SCHOOL} THEN 1 END) AS dropouts,
       count(CASE WHEN disabledChild THEN 1 END) AS disabledChildren,
       count(CASE WHEN disabledChild AND {_NOT_ENROLLED} THEN 1 END) AS disabledOutOfSchool""",
    _PERSON_COLUMNS,
    county=_branches(
        _PERSON_COLUMNS,
        _offenders(policies.UNINSURED_PERSONS, uninsured="1"),
        _offenders(policies.MISSING_PHYSICAL_EXAMS, noExam="1"),
        _offenders(policies.MISSING_FAMILY_DOCTORS, noDoctor="1"),
        (
            township_sums(
                "MATCH (p:Person)-[:BELONGS_TO]->(h)-[:IN_VILLAGE]->(v) USING INDEX p:Person(birthDate)\n"
                f"  WHERE {REGISTERED} AND {policies.SCHOOL_AGE}",
                {
                    "children": "count(p)",
                    "dropouts": f"sum({_one_if('p:OutOfSchool')})",
                    "disabled": f"sum({_one_if('p:Disabled')})",
                    "disabledOut": f"sum({_one_if(f'p:Disabled AND {_NOT_ENROLLED}')})",
                },
            ),
            {
                "schoolAgeChildren": "children",
                "dropouts": "dropouts",
                "disabledChildren": "disabled",
                "disabledOutOfSchool": "disabledOut",
            },
        ),
    ),
)


# P10: the township's loans (the whole township's, whatever village the scope names).
LOANS = Pass(
    "loans",
    f"{policies.LOAN_OVERDUE_RATES.body} RETURN sum(n.overdue) AS loanOverdue, sum(n.balance) AS loanBalance",
    ("loanOverdue", "loanBalance"),
    county=f"{policies.LOANS_PER_TOWNSHIP}\nWITH t, overdue AS loanOverdue, balance AS loanBalance",
)


# W10: escalated visits up to $asOf, and those whose problem is still open, in one walk. In a township
# they are reached from its households (a date condition in one MATCH would let the planner range-seek
# the county's visits once per township); county-wide they are sought once in the Visit.escalate index
# and counted per village before their township is read.
_PROBLEMS = {"escalated": "count(x)", "openProblems": f"count(CASE WHEN {work.OPEN_PROBLEM} THEN 1 END)"}
ESCALATED = Pass(
    "escalated",
    "MATCH (v)<-[:IN_VILLAGE]-(h:Household)\n"
    "UNWIND [(h)<-[:TO]-(x:Visit) WHERE x.escalate = true AND x.date <= $asOf | x] AS x\n"
    f"RETURN {aggregates(_PROBLEMS)}",
    ("escalated", "openProblems"),
    county=township_sums(
        "MATCH (x:Visit)-[:TO]->(h)-[:IN_VILLAGE]->(v)\n"
        "  USING INDEX x:Visit(escalate) WHERE x.escalate = true AND x.date <= $asOf",
        _PROBLEMS,
    ),
)


@dataclass(frozen=True)
class Figure:
    """How one figure of a line is counted for township `t`: a `column` of a Pass; else, in the
    county scope, `county` (a county-wide text leaving one row per thing counted, with its township
    `t`) when given; else `local` (a subquery after t's villages `v` in scope, returning `k`)."""

    local: str = ""
    county: str = ""
    column: tuple[Pass, str] | None = None


def of_rule(rule: Rule, tally: str = "") -> Figure:
    """A rule's offenders: its body per township; county-wide its county body, unless it has none or
    that body is `alone` (it binds no township): then `tally`, the same offenders with their
    townships, when given."""
    county = _tallied(rule) if rule.county and not rule.alone else tally
    return Figure(local=f"{rule.body}RETURN count(n) AS k", county=county)


def column(p: Pass, name: str) -> Figure:
    assert name in p.columns, f"{p.name} has no column {name}"
    return Figure(column=(p, name))


_VILLAGES = Figure(local="RETURN count(v) AS k")
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

# W8's and W12's offenders county-wide, with the townships they are counted in (the townships the
# rule's body finds them from).
_OVER_ASSIGNED = f"""MATCH (c:Cadre)
{pairing.OFFENDS}
MATCH {pairing.paired_cadre("t:Township")}
WITH DISTINCT c, t"""
_OPEN_ORDERS = f"""MATCH (o:Rectification)-[:ISSUED_TO]->(c:Cadre)
WHERE {work.OVERDUE_ORDER}
CALL (c) {{
  MATCH {pairing.paired_cadre("t:Township")}
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


@dataclass(frozen=True)
class Line:
    """One dashboard line: `offenders` against `denominator`, or `counts` returning c and d itself."""

    key: str  # GraphQL-facing id of the line, e.g. "W7"
    title: str
    offenders: Figure | None = None
    denominator: Figure | None = None
    counts: str = ""  # a subquery returning c (offending) and d (denominator) itself
    threshold: float = 1.0  # compliance rate required (AT_LEAST), or the ceiling (AT_MOST)
    setting: str = ""  # a Rules attribute that sets the threshold instead (county configuration)
    at_most: bool = False
    # d is 1 when the township offends (P9, the township with the most cases): the rate is d, and the
    # scope offends when any of its townships does.
    flag: bool = False

    def limit(self, rules: Rules) -> float:
        return float(getattr(rules, self.setting)) if self.setting else self.threshold


_H, _P = HOUSEHOLDS, PERSONS
LINES: tuple[Line, ...] = (
    Line("W7", "结对帮扶全覆盖", column(_H, "unpaired"), column(_H, "households")),
    Line(
        "W8",
        "每人结对不超过5户",
        of_rule(pairing.OVER_ASSIGNED_CADRES, _OVER_ASSIGNED),
        column(_H, "pairedCadres"),
    ),
    Line("W1-W3", "驻村工作队全覆盖", of_rule(teams.VILLAGES_WITHOUT_REQUIRED_TEAM), _VILLAGES),
    Line("W1,W6", "工作队人员配齐", of_rule(teams.UNDERSTAFFED_TEAMS), _TEAMS),
    Line("W4", "县派队长兼第一书记", of_rule(teams.TEAMS_WITHOUT_FIRST_SECRETARY), _COUNTY_TEAMS),
    Line(
        "W9",
        "按时走访",
        of_rule(work.OVERDUE_VISITS, _tallied(work.OVERDUE_VISITS)),
        column(_H, "pairedHouseholds"),
    ),
    Line("W10", "上报问题已解决", column(ESCALATED, "openProblems"), column(ESCALATED, "escalated")),
    Line("W11", "驻村每月不少于20天", of_rule(teams.ATTENDANCE_SHORTFALLS), _STATIONED),
    Line("W12", "整改按期完成", of_rule(work.OPEN_RECTIFICATIONS, _OPEN_ORDERS), _RECTIFICATIONS),
    Line("S1,S2", "卡类与收入、状态相符", column(_H, "mismatched"), column(_H, "households")),
    Line(
        "S4",
        "返贫新增户措施落实",
        of_rule(work.FEEDBACK_GAPS, _FEEDBACK_GAPS),
        _REPORTS,
    ),
    Line("P2", "义务教育无失学辍学", column(_P, "dropouts"), column(_P, "schoolAgeChildren")),
    Line(
        "P2-disabled",
        "残疾儿童入学率不低于93%",
        column(_P, "disabledOutOfSchool"),
        column(_P, "disabledChildren"),
        setting="disabled_enrolment_min",
    ),
    Line("P3-insurance", "基本医保、大病保险全覆盖", column(_P, "uninsured"), column(_H, "persons")),
    Line("P3-exam", "年度免费体检全覆盖", column(_P, "noExam"), column(_H, "persons")),
    Line("P3-doctor", "家庭医生签约全覆盖", column(_P, "noDoctor"), column(_H, "persons")),
    Line("P4", "危房改造", column(_H, "dangerous"), column(_H, "households")),
    Line("P5", "饮水安全", column(_H, "unsafe"), column(_H, "households")),
    Line(
        "O2",
        "扶贫信息员全覆盖",
        of_rule(teams.VILLAGES_WITHOUT_INFORMATION_OFFICER),
        _VILLAGES_WITH_POOR,
    ),
    Line(
        "P10",
        "扶贫小额信贷逾期率低于1%",
        column(LOANS, "loanOverdue"),
        column(LOANS, "loanBalance"),
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

# The scope's villages of township t; the trailing WITH lets a rule body open with WHERE, as after its
# anchor's MATCH.
_VILLAGES_IN = (
    "MATCH (v:Village)-[:IN_TOWNSHIP]->(t) WHERE $scopeVillage IS NULL OR v.code = $scopeVillage\nWITH v, t\n"
)


def _passes(lines: tuple[Line, ...]) -> list[Pass]:
    """The passes the lines read columns of, in order of first use."""
    figures = [f for line in lines for f in (line.offenders, line.denominator) if f and f.column]
    return list(dict.fromkeys(f.column[0] for f in figures if f.column))


class _Statement:
    """The statement under construction: county-wide counts first, then per township the passes and
    every line's c{i} and d{i}, each figure counted once however many lines share it. Every step
    ends with a WITH of exactly what later steps read (`carry`), so no subquery's `k` clashes."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.parts: list[str] = []
        self.carry: list[str] = []  # what every later step reads, township `t` aside
        self.wide: dict[str, str] = {}  # county-wide text -> its w{j} ([township code, count] pairs)
        self.rows: dict[str, str] = {}  # Pass name -> its w{j} ([township code, *columns] lists)
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
        for p in _passes(lines):
            if p.county:
                self.rows[p.name] = self._collected(p.county, ", ".join(p.columns))
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

    def passes(self, lines: tuple[Line, ...]) -> None:
        """Each Pass the lines use, once (or its county-wide row for township t), and the columns
        they read from it."""
        used = [f.column for line in lines for f in (line.offenders, line.denominator) if f and f.column]
        for p in _passes(lines):
            if p.name in self.rows:
                w = self.rows[p.name]
                self.keep(*(
                    (f"coalesce([x IN {w} WHERE x[0] = t.code | x[{i + 1}]][0], 0)", c)
                    for i, c in enumerate(p.columns) if (p, c) in used
                ))  # fmt: skip
            else:
                self.add(f"CALL (t) {{ {_VILLAGES_IN}{p.text} }}\n")
                self.carry += [c for c in p.columns if (p, c) in used]
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
    s.passes(lines)
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
        **policies.year_window(as_of.year, as_of),
        **teams.month_params(teams.previous_month(as_of), as_of),
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
