"""Policy checks on people, houses, loans and petitions: P2, P3, P4, P5, P9, P10.

Person and household rules reach people as (Person)-[:BELONGS_TO]->(Household)-[:IN_VILLAGE]->(v).
P9 and P10 are township-level: a township is in scope when one of its villages is, and its figures
are always the whole township's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import AsyncDriver, RoutingControl

from fupin.settings import Rules
from graph.coverage.fragments import REGISTERED, VILLAGE_OF, aggregates, township_sums
from graph.coverage.rule import Rule, thresholds
from graph.records import Props, plain

# P2: compulsory education (义务教育) ages, inclusive, in completed years on $asOf.
SCHOOL_AGE_FROM = 6
SCHOOL_AGE_TO = 15
# P2 "unless health forbids": a dropout reason naming one of these is excused.
HEALTH_REASONS = ("身体", "疾病", "残疾")
# P3: people with these health codes come first (P3 follows chronic and serious illness up).
ILL_HEALTH = ("长期慢性病", "患有大病")
# P4: the dangerous grades and their severity.
GRADE_SEVERITY = {"D": 2, "C": 1}
# P9: the level whose cases count.
PROVINCE = "PROVINCE"

# Fixed parameters of these rules (plan constants, not county settings).
PARAMS: dict[str, Any] = {
    "schoolAgeFrom": SCHOOL_AGE_FROM,
    "schoolAgeTo": SCHOOL_AGE_TO,
    "healthReasons": list(HEALTH_REASONS),
    "illHealth": list(ILL_HEALTH),
    "gradeSeverity": GRADE_SEVERITY,
    "provinceLevel": PROVINCE,
}


def _people(hint: str = "", start: str = "MATCH (p:Person)") -> str:
    """A person who exists on $asOf in a household registered by then; `hint` tells the planner
    where to start, or `start` binds the candidates `p` first."""
    return f"""{start}-[:BELONGS_TO]->(h:Household)-[:IN_VILLAGE]->(v){hint}
WHERE {REGISTERED} AND (p.birthDate IS NULL OR p.birthDate <= $asOf)"""


_PEOPLE = _people()

_ILL_FIRST = "CASE WHEN any(x IN coalesce(p.health, []) WHERE x IN $illHealth) THEN 2 ELSE 1 END"

_WHO = "person: p {.*}, household: h {.*}, village: v {.*}"


def _person_rule(condition: str, item: str, county: str) -> Rule:
    """P3: people for whom `condition` holds, each as the map `item` (its WITH … AS n). County-wide
    they start from `county`, a MATCH of their candidates by derived label (graph/derived.py): only
    those are walked up to their household and village (from the villages down, every household's
    members would be read)."""
    return Rule(
        id="P3",
        body=f"{_PEOPLE}\n  AND {condition}\n{item}",
        county=f"{_people(start=county)}\n  AND {condition}\n{item}",
    )


# P3: basic medical and serious-illness insurance; anything but true is missing.
_BASIC = "NOT coalesce(p.medicalInsurance, false)"
_SERIOUS = "NOT coalesce(p.seriousIllnessInsurance, false)"
# The insurances person p lacks (also read by S5's exit check, graph/changes/exits.py).
MISSING_INSURANCE = (
    f"[x IN [CASE WHEN {_BASIC} THEN 'BASIC_MEDICAL' END, CASE WHEN {_SERIOUS} THEN 'SERIOUS_ILLNESS' END]"
    " WHERE x IS NOT NULL]"
)
# Person p lacks one of them.
UNINSURED = f"({_BASIC} OR {_SERIOUS})"
UNINSURED_PERSONS = _person_rule(
    UNINSURED,
    f"""WITH p, h, v, t, {MISSING_INSURANCE} AS missing
WITH {{{_WHO}, missing: missing, severity: size(missing), key: h.id + '/' + p.uid}} AS n
""",
    "MATCH (p:Person:LacksInsurance)",
)

# P3: the exam of $year. physicalExamYear, when recorded, decides; else the roster's physicalExam
# flag (本年度是否体检) is read as being for $year. A recorded year other than $year is sought in the
# Person.physicalExamYear index, people with neither by their derived label.
NO_EXAM_RECORD = "NOT coalesce(p.physicalExam, false) AND p.physicalExamYear IS NULL"
NO_EXAM = f"""({NO_EXAM_RECORD}
       OR p.physicalExamYear < $year OR p.physicalExamYear > $year)"""
MISSING_PHYSICAL_EXAMS = _person_rule(
    NO_EXAM,
    f"""WITH {{{_WHO}, year: $year, examYear: p.physicalExamYear, severity: {_ILL_FIRST},
      key: h.id + '/' + p.uid}} AS n
""",
    "MATCH (p:Person) WHERE p:LacksExamRecord OR p.physicalExamYear < $year OR p.physicalExamYear > $year\n"
    "MATCH (p)",
)

# P3: family-doctor contract (家庭医生签约).
NO_FAMILY_DOCTOR = "NOT coalesce(p.familyDoctor, false)"
MISSING_FAMILY_DOCTORS = _person_rule(
    NO_FAMILY_DOCTOR,
    f"WITH {{{_WHO}, severity: {_ILL_FIRST}, key: h.id + '/' + p.uid}} AS n\n",
    "MATCH (p:Person:LacksFamilyDoctor)",
)

# P2: person p is aged schoolAgeFrom..schoolAgeTo on $asOf, not at school, and gave no health
# reason (also read by S5's exit check, graph/changes/exits.py).
SCHOOL_AGE = """$asOf - duration({years: $schoolAgeTo + 1}) < p.birthDate
  AND p.birthDate <= $asOf - duration({years: $schoolAgeFrom})"""


def _out_of_school(reasons: str) -> str:
    return f"""coalesce(p.schooling, '') = ''
  AND NOT any(w IN {reasons} WHERE coalesce(p.dropoutReason, '') CONTAINS w)"""


OUT_OF_SCHOOL = _out_of_school("$healthReasons")
# The same with the reasons written out: the derived label OutOfSchool (graph/derived.py) stands for it
# and takes no parameter.
OUT_OF_SCHOOL_LABEL = _out_of_school("[" + ", ".join(f"'{w}'" for w in HEALTH_REASONS) + "]")
# P2: a disabled person (a disability recorded, or 残疾 among the health codes).
DISABLED = "(trim(coalesce(p.disability, '')) <> '' OR '残疾' IN coalesce(p.health, []))"
DROPOUT = f"""{SCHOOL_AGE}
  AND {OUT_OF_SCHOOL}"""

_DROPOUT = f"""  AND {DROPOUT}
WITH p, h, v, t, duration.between(p.birthDate, $asOf).years AS age
WITH {{{_WHO}, age: age, reason: p.dropoutReason, severity: $schoolAgeTo - age + 1,
      key: h.id + '/' + p.uid}} AS n
"""

# County-wide the school-age people are sought in the Person.birthDate index (one in eight of all).
SCHOOL_DROPOUTS = Rule(
    id="P2",
    body=f"""{_PEOPLE}
{_DROPOUT}""",
    county=f"""{_people(" USING INDEX p:Person(birthDate)")}
{_DROPOUT}""",
)

# P4: houses graded C or D (dangerous) by an assessment made on or before $asOf (or undated).
DANGEROUS = (
    "h.houseGrade IN keys($gradeSeverity) AND (h.houseAssessedOn IS NULL OR h.houseAssessedOn <= $asOf)"
)
_DANGEROUS = """WITH {household: h {.*}, village: v {.*}, grade: h.houseGrade, assessedOn: h.houseAssessedOn,
      renovation: h.renovation, severity: $gradeSeverity[h.houseGrade], key: h.id} AS n
"""
# County-wide the graded houses are sought in the Household.houseGrade index.
DANGEROUS_HOUSING = Rule(
    id="P4",
    body=f"""MATCH (h:Household)-[:IN_VILLAGE]->(v)
WHERE {REGISTERED} AND {DANGEROUS}
{_DANGEROUS}""",
    county=f"""MATCH (h:Household) USING INDEX h:Household(houseGrade)
WHERE {REGISTERED} AND {DANGEROUS}
{VILLAGE_OF}{_DANGEROUS}""",
    alone=True,
)

# P5: households recorded without safe drinking water; unknown (null) is not reported.
NO_SAFE_WATER = "h.safeWater = false"
_UNSAFE = """WITH {household: h {.*}, village: v {.*}, township: t {.code, .name},
      severity: coalesce(h.size, 1), key: h.id} AS n
"""
# County-wide the households without safe water are sought in the Household.safeWater index.
UNSAFE_WATER = Rule(
    id="P5",
    body=f"""MATCH (h:Household)-[:IN_VILLAGE]->(v)
WHERE {REGISTERED} AND {NO_SAFE_WATER}
{_UNSAFE}""",
    county=f"""MATCH (h:Household) USING INDEX h:Household(safeWater)
WHERE {REGISTERED} AND {NO_SAFE_WATER}
{VILLAGE_OF}{_UNSAFE}""",
    alone=True,
)

# P10: loans issued by $asOf and not voided (graph/changes/voids.py). Amounts are integer fen, summed
# exactly (bounded, they cannot overflow: graph/values.py), then turned into yuan.
_COUNTED = "l.issuedOn <= $asOf AND l.voidedOn IS NULL"
_LOAN_SUMS = {
    "balance": "sum(coalesce(l.balanceFen, 0))",
    "overdue": "sum(CASE WHEN l.overdue = true THEN coalesce(l.overdueAmountFen, 0) ELSE 0 END)",
}
_SUMS = aggregates(_LOAN_SUMS)
_YUAN = "balance / 100.0 AS balance, overdue / 100.0 AS overdue"

# P10: each township's loans summed (balance, overdue), from the loans up.
LOANS_PER_TOWNSHIP = (
    township_sums(f"MATCH (l:Loan)<-[:BORROWED]-(h)-[:IN_VILLAGE]->(v)\n  WHERE {_COUNTED}", _LOAN_SUMS)
    + f"\n  WITH t, {_YUAN}"
)

_RATE = """WITH *, CASE WHEN balance > 0 THEN overdue / balance ELSE 0.0 END AS rate"""

_TOWNSHIP_RATE = f"""{_RATE}
WITH {{township: t {{.code, .name}}, balance: balance, overdue: overdue, rate: rate,
      overLine: rate > $maxOverdueRate, severity: rate, key: t.code}} AS n
"""

# In a township or village the township's loans are reached from it; county-wide the county's loans
# are summed once per township from the loans up (a few thousand loans, not every household).
LOAN_OVERDUE_RATES = Rule(
    id="P10",
    body=f"""WITH DISTINCT t
CALL (t) {{
  MATCH (t)<-[:IN_TOWNSHIP]-(:Village)<-[:IN_VILLAGE]-(:Household)-[:BORROWED]->(l:Loan)
  WHERE {_COUNTED}
  RETURN {_SUMS}
}}
WITH t, {_YUAN}
{_TOWNSHIP_RATE}""",
    county=f"""MATCH (t:Township) WHERE EXISTS {{ (t)<-[:IN_TOWNSHIP]-(:Village) }}
WITH collect(t) AS townships
CALL (townships) {{
  {LOANS_PER_TOWNSHIP}
  RETURN collect({{code: t.code, balance: balance, overdue: overdue}}) AS sums
}}
UNWIND townships AS t
WITH t, coalesce([s IN sums WHERE s.code = t.code][0], {{balance: 0.0, overdue: 0.0}}) AS s
WITH t, s.balance AS balance, s.overdue AS overdue
{_TOWNSHIP_RATE}""",
    alone=True,
)

COUNTY_LOANS = f"""MATCH (:Township)<-[:IN_TOWNSHIP]-(:Village)<-[:IN_VILLAGE]-(:Household)
      -[:BORROWED]->(l:Loan)
WHERE {_COUNTED}
WITH {_SUMS}
WITH {_YUAN}
{_RATE}
RETURN {{township: null, balance: balance, overdue: overdue, rate: rate,
        overLine: rate > $maxOverdueRate}} AS n
"""

# P9: province-level cases registered in the year, up to $asOf. The ranking is county-wide: rank is
# 1 + the townships with more cases, and the first (ties included) is flagged.
PETITION_RANKING = Rule(
    id="P9",
    body="""WITH collect(DISTINCT t) AS scoped
WITH scoped, COLLECT {
  MATCH (p:Petition)-[:IN_TOWNSHIP]->(x:Township)
  WHERE $yearFrom <= p.registeredOn <= $yearTo AND p.level = $provinceLevel
  WITH x, count(p) AS cases
  RETURN {township: x, cases: cases}
} AS counts
UNWIND counts AS row
WITH row, [c IN counts | c.cases] AS everyCount
WHERE row.township IN scoped
WITH row.township AS t, row.cases AS cases, size([c IN everyCount WHERE c > row.cases]) + 1 AS rank
WITH {township: t {.code, .name}, cases: cases, rank: rank, flagged: rank = 1,
      severity: cases, key: t.code} AS n
""",
)


def year_window(year: int, as_of: dt.date) -> dict[str, Any]:
    """The year's first day and its last day not after $asOf (P9)."""
    return {"year": year, "yearFrom": dt.date(year, 1, 1), "yearTo": min(dt.date(year, 12, 31), as_of)}


async def county_loans(driver: AsyncDriver, database: str, as_of: dt.date, rules: Rules) -> Props:
    """P10 county-wide: every township's loans together."""
    records, _, _ = await driver.execute_query(
        COUNTY_LOANS,
        {**thresholds(rules), "asOf": as_of},
        database_=database,
        routing_=RoutingControl.READ,
    )
    row: Props = plain(records[0]["n"])
    return row
