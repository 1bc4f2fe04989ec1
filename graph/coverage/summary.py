"""The dashboard: every measurable rule's figure for a scope and per township, in one statement.

Each line counts the offenders of a coverage Rule (the very statement its list field pages) against
a denominator, per township; the scope's figure is the sum of its townships'. A cadre whose
households lie in two townships counts in each (W8, W12).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver, RoutingControl

from fupin.settings import Rules
from graph.coverage import pairing, policies, teams, work
from graph.coverage.fragments import REGISTERED
from graph.coverage.params import shared
from graph.coverage.rule import Rule, Scope
from graph.entities import active
from graph.records import Props, plain

# Denominators, counted inside one township `t` (villages `v` filtered to the scope).
_HOUSEHOLDS = f"MATCH (v)<-[:IN_VILLAGE]-(h:Household) WHERE {REGISTERED} RETURN count(h) AS d"
_PERSONS = (
    f"MATCH (v)<-[:IN_VILLAGE]-(h:Household)<-[:BELONGS_TO]-(p:Person) WHERE {REGISTERED} "
    "AND (p.birthDate IS NULL OR p.birthDate <= $asOf) RETURN count(p) AS d"
)
_VILLAGES = "RETURN count(v) AS d"
_VILLAGES_WITH_POOR = (
    f"WITH v WHERE EXISTS {{ (v)<-[:IN_VILLAGE]-(h:Household) WHERE {REGISTERED} }} RETURN count(v) AS d"
)
_PAIRED_CADRES = (
    f"MATCH (v)<-[:IN_VILLAGE]-(:Household)<-[r:PAIRED_WITH]-(c:Cadre) WHERE {active('r')} "
    "RETURN count(DISTINCT c) AS d"
)
_PAIRED_HOUSEHOLDS = (
    f"MATCH (v)<-[:IN_VILLAGE]-(h:Household) WHERE EXISTS {{ (h)<-[r:PAIRED_WITH]-() WHERE {active('r')} }} "
    "RETURN count(h) AS d"
)
_TEAMS = f"MATCH (v)<-[s:STATIONED_IN]-(wt:WorkTeam) WHERE {active('s')} RETURN count(DISTINCT wt) AS d"
_COUNTY_TEAMS = (
    f"MATCH (v)<-[s:STATIONED_IN]-(wt:WorkTeam {{level: 'COUNTY'}}) WHERE {active('s')} "
    "RETURN count(DISTINCT wt) AS d"
)
_STATIONED = (
    f"MATCH (v)<-[s:STATIONED_IN]-(:WorkTeam)<-[m:MEMBER_OF]-(c:Cadre) WHERE {active('s')} AND {active('m')} "
    "RETURN count(DISTINCT c) AS d"
)
# Visits are reached from households (as W10 does): a date condition in one MATCH would let the
# planner range-seek the county's visits by date once per township.
_ESCALATED = (
    "MATCH (v)<-[:IN_VILLAGE]-(h:Household) "
    "RETURN sum(size([(h)<-[:TO]-(x:Visit) WHERE x.escalate = true AND x.date <= $asOf | 1])) AS d"
)
_RECTIFICATIONS = (
    f"MATCH (v)<-[:IN_VILLAGE]-(:Household)<-[r:PAIRED_WITH]-(:Cadre)<-[:ISSUED_TO]-(o:Rectification) "
    f"WHERE {active('r')} AND o.issuedOn <= $asOf RETURN count(DISTINCT o) AS d"
)
_REPORTS = (
    "MATCH (v)<-[:IN_VILLAGE]-(:Household)<-[:ABOUT]-(pr:PovertyReport) WHERE pr.verifiedOn <= $asOf "
    "RETURN count(pr) AS d"
)
_SCHOOL_AGE = (
    f"MATCH (v)<-[:IN_VILLAGE]-(h:Household)<-[:BELONGS_TO]-(p:Person) WHERE {REGISTERED} "
    "AND p.birthDate <= $asOf - duration({years: $schoolAgeFrom}) "
    "AND p.birthDate > $asOf - duration({years: $schoolAgeTo + 1}) RETURN count(p) AS d"
)
# P2: disabled children of compulsory-school age; enrolled when 在校生状况 is recorded (送教上门 too).
_DISABLED_CHILDREN = (
    f"MATCH (v)<-[:IN_VILLAGE]-(h:Household)<-[:BELONGS_TO]-(p:Person) WHERE {REGISTERED} "
    "AND p.birthDate <= $asOf - duration({years: $schoolAgeFrom}) "
    "AND p.birthDate > $asOf - duration({years: $schoolAgeTo + 1}) "
    "AND (trim(coalesce(p.disability, '')) <> '' OR '残疾' IN coalesce(p.health, [])) "
    "RETURN count(p) AS d, count(CASE WHEN trim(coalesce(p.schooling, '')) = '' THEN 1 END) AS c"
)

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
    """One dashboard line: `rule` offenders (a coverage Rule, or `counts` returning c and d)."""

    key: str  # GraphQL-facing id of the line, e.g. "W7"
    title: str
    denominator: str = ""
    rule: Rule | None = None
    counts: str = ""  # a subquery returning c (offending) and d (denominator) itself
    threshold: float = 1.0  # compliance rate required (AT_LEAST), or the ceiling (AT_MOST)
    setting: str = ""  # a Rules attribute that sets the threshold instead (county configuration)
    at_most: bool = False
    # d is 1 when the township offends (P9, the township with the most cases): the rate is d, and the
    # scope offends when any of its townships does.
    flag: bool = False

    def limit(self, rules: Rules) -> float:
        return float(getattr(rules, self.setting)) if self.setting else self.threshold


LINES: tuple[Line, ...] = (
    Line("W7", "结对帮扶全覆盖", _HOUSEHOLDS, pairing.UNPAIRED_HOUSEHOLDS),
    Line("W8", "每人结对不超过5户", _PAIRED_CADRES, pairing.OVER_ASSIGNED_CADRES),
    Line("W1-W3", "驻村工作队全覆盖", _VILLAGES, teams.VILLAGES_WITHOUT_REQUIRED_TEAM),
    Line("W1,W6", "工作队人员配齐", _TEAMS, teams.UNDERSTAFFED_TEAMS),
    Line("W4", "县派队长兼第一书记", _COUNTY_TEAMS, teams.TEAMS_WITHOUT_FIRST_SECRETARY),
    Line("W9", "按时走访", _PAIRED_HOUSEHOLDS, work.OVERDUE_VISITS),
    Line("W10", "上报问题已解决", _ESCALATED, work.OPEN_VISIT_PROBLEMS),
    Line("W11", "驻村每月不少于20天", _STATIONED, teams.ATTENDANCE_SHORTFALLS),
    Line("W12", "整改按期完成", _RECTIFICATIONS, work.OPEN_RECTIFICATIONS),
    Line("S1,S2", "卡类与收入、状态相符", _HOUSEHOLDS, work.CARD_MISMATCHES),
    Line("S4", "返贫新增户措施落实", _REPORTS, work.FEEDBACK_GAPS),
    Line("P2", "义务教育无失学辍学", _SCHOOL_AGE, policies.SCHOOL_DROPOUTS),
    Line(
        "P2-disabled", "残疾儿童入学率不低于93%", counts=_DISABLED_CHILDREN, setting="disabled_enrolment_min"
    ),
    Line("P3-insurance", "基本医保、大病保险全覆盖", _PERSONS, policies.UNINSURED_PERSONS),
    Line("P3-exam", "年度免费体检全覆盖", _PERSONS, policies.MISSING_PHYSICAL_EXAMS),
    Line("P3-doctor", "家庭医生签约全覆盖", _PERSONS, policies.MISSING_FAMILY_DOCTORS),
    Line("P4", "危房改造", _HOUSEHOLDS, policies.DANGEROUS_HOUSING),
    Line("P5", "饮水安全", _HOUSEHOLDS, policies.UNSAFE_WATER),
    Line("O2", "扶贫信息员全覆盖", _VILLAGES_WITH_POOR, teams.VILLAGES_WITHOUT_INFORMATION_OFFICER),
    Line(
        "P10",
        "扶贫小额信贷逾期率低于1%",
        counts=f"{policies.LOAN_OVERDUE_RATES.body} RETURN sum(n.overdue) AS c, sum(n.balance) AS d",
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


def _subquery(index: int, line: Line, counted: dict[str, int], wide: bool) -> str:
    """Line `index`'s c and d; a denominator already counted for an earlier line (`counted`: its
    text → that line's index) is reused rather than counted again. `wide`: the line's offenders
    were counted county-wide beforehand (w{index}: [township code, count] pairs)."""
    if line.counts:
        inner = f"{_VILLAGES_IN}{line.counts}"
        return f"CALL (t) {{ {inner} }}\nWITH *, c AS c{index}, d AS d{index}\n"
    assert line.rule is not None
    if wide:
        offenders = f"WITH *, coalesce([x IN w{index} WHERE x[0] = t.code | x[1]][0], 0) AS c{index}\n"
    else:
        offenders = f"CALL (t) {{ {_VILLAGES_IN}{line.rule.body} RETURN count(n) AS c{index} }}\n"
    if line.denominator in counted:
        return f"{offenders}WITH *, d{counted[line.denominator]} AS d{index}\n"
    counted[line.denominator] = index
    return f"{offenders}CALL (t) {{ {_VILLAGES_IN}{line.denominator} }}\nWITH *, d AS d{index}\n"


def _county_wide(scope: Scope) -> list[int]:
    """The lines whose rule has a county-wide body (graph/coverage/rule.py), when the scope is the
    county: their offenders are counted in one county-wide pass, grouped by township, rather than
    once per township (where the index the county body seeks would be read fifteen times)."""
    if not scope.is_county:
        return []
    # A body that is `alone` does not bind the township to group by: counted per township instead.
    return [i for i, line in enumerate(LINES) if line.rule and line.rule.county and not line.rule.alone]


def statement(scope: Scope) -> str:
    wide = _county_wide(scope)
    parts: list[str] = []
    kept: list[str] = []  # the county-wide counts, imported by each later subquery (Apply, not a
    # CartesianProduct of single rows)
    for index in wide:
        rule = LINES[index].rule
        assert rule is not None
        body = rule.text(scope).rstrip()
        assert body.endswith(" AS n"), "a rule body ends with its item: WITH {…} AS n"
        parts.append(
            f"CALL ({', '.join(kept)}) {{ {scope.anchor}{body}, t\n"  # keep the township to group by
            f"WITH t, count(n) AS k RETURN collect([t.code, k]) AS w{index} }}\n"
        )
        kept.append(f"w{index}")
    if scope.village is not None:
        parts.append(f"MATCH (:Village {{code: $scopeVillage}})-[:IN_TOWNSHIP]->{scope.village_township}\n")
    elif scope.township is not None:
        parts.append("MATCH (t:Township {code: $scopeTownship})\n")
    else:
        parts.append(f"CALL ({', '.join(kept)}) {{ MATCH (t:Township) RETURN t }}\n")
    counted: dict[str, int] = {}
    for index, line in enumerate(LINES):
        parts.append(_subquery(index, line, counted, index in wide))
        carried = [*kept, *(f"c{i}, d{i}" for i in range(index + 1))]
        parts.append(f"WITH t, {', '.join(carried)}\n")
    figures = ", ".join(f"[c{i}, d{i}]" for i in range(len(LINES)))
    parts.append(f"RETURN t {{.code, .name}} AS township, [{figures}] AS figures ORDER BY t.code")
    return "".join(parts)


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
