"""Conditions of the policy areas on a person, read by several coverage rules (P2, P3;
graph/coverage/rules/), the dashboard's walk over the persons, the persons' derived labels
(graph/derived.py) and S5's exit check (graph/changes/exits.py); and the policy rules' fixed
parameters.

Person rules reach people through their household and village on the day asked (`people`).
"""

from __future__ import annotations

from typing import Any

from graph.coverage.fragments import REGISTERED, VILLAGE_OF
from graph.facts import changed_after, facts_at, on_register
from graph.placement import household_of, households_in, members

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
# P1, P7: the 劳动技能 of a member able to work.
WORKING_LABOUR = ("普通劳动力", "技能劳动力")
# P2: the 在校生状况 levels for which the plan's student aid is due (all but postgraduates).
AID_LEVELS = (
    "学前教育", "小学", "七年级", "八年级", "九年级", "普通高中一年级", "普通高中二年级", "普通高中三年级",
    "中职", "高职高专", "本科",
)  # fmt: skip
# P6: the 残疾等级 of a severe disability.
SEVERE_GRADES = ("一级", "二级")

# Fixed parameters of these rules (plan constants, not county settings).
PARAMS: dict[str, Any] = {
    "schoolAgeFrom": SCHOOL_AGE_FROM,
    "schoolAgeTo": SCHOOL_AGE_TO,
    "healthReasons": list(HEALTH_REASONS),
    "illHealth": list(ILL_HEALTH),
    "gradeSeverity": GRADE_SEVERITY,
    "provinceLevel": PROVINCE,
    "workingLabour": list(WORKING_LABOUR),
    "aidLevels": list(AID_LEVELS),
    "severeGrades": list(SEVERE_GRADES),
}


# A person on the register on $asOf: born by then, entered and not dead (graph/facts.py).
ON_REGISTER = f"(p.birthDate IS NULL OR p.birthDate <= $asOf) AND {on_register('p')}"
# Born by $asOf: the rest of ON_REGISTER is tested by `holds` after a rule's condition.
BORN = "(p.birthDate IS NULL OR p.birthDate <= $asOf)"


def people(condition: str, may: str = "") -> str:
    """The people `p` of the scope's villages `v` (of township `t`) on $asOf, in households `h`
    registered then, for whom `condition` holds (a `holds(…)` of graph/facts.py, which tests the
    person's time on the register too): the village's households and their members on that day
    (graph/placement.py); with `may` (`members_may`), the members of the households for which it
    holds only."""
    where = f"{REGISTERED} AND {may}" if may else REGISTERED
    return households_in(where=where) + f"CALL (h) {{\n  {members(where=f'{BORN} AND {condition}')}\n}}\n"


def kept_unknown(kept: str) -> str:
    """What household `h` keeps of its members with its workers (`kept`, graph/derived.py) does not
    tell its members on $asOf: its workers are not derived or do not hold then (its members or their
    facts changed after it), or `kept` is not derived. Otherwise its members on $asOf are its
    members now with their facts now, as `kept` says."""
    return f"coalesce(h.workersSince > $asOf, true) OR h.{kept} IS NULL"


def members_may(kept: str, test: str) -> str:
    """Household `h` may have a member for whom a person list's condition holds on $asOf: `kept`
    does not tell (`kept_unknown`), or `test` of it holds."""
    return f"({kept_unknown(kept)} OR {test})"


# P3 exams: what household `h` keeps of its members (graph/derived.py) names one who may lack the
# exam of $year: one without exam flag or year (its label), or an exam year other than $year.
KEPT_MAY_LACK_EXAM = (
    "(coalesce('LacksExamRecord' IN h.memberLabels, true) OR any(y IN h.memberExamYears WHERE y <> $year))"
)


def member_labelled(label: str) -> str:
    """`members_may` by a derived label (graph/derived.py PERSON_LABELS) that one member holds."""
    return members_may("memberLabels", f"'{label}' IN h.memberLabels")


def in_household(where: str = "") -> str:
    """After people `p` are found county-wide (by an index, a derived label): each walked up to its
    household `h` on $asOf (graph/placement.py), kept while that household is registered then and
    `where` holds. The one walk up of the person rules (`people_from`, graph/coverage/due.py)."""
    also = f" AND {where}" if where else ""
    return f"{household_of()}WITH * WHERE {REGISTERED}{also}\n"


def people_from(start: str, candidates: str, condition: str) -> str:
    """The same as people() for the county, from the people `p` that the pattern `start` (with its
    hint) finds where `candidates` holds (an index, a derived label) and `condition` too: only those
    are walked up to their household and village on $asOf (a county body that is `alone`)."""
    return f"MATCH {start}\nWHERE {candidates} AND {BORN} AND {condition}\n{in_household()}{VILLAGE_OF}"


def seek_people(condition: str) -> str:
    """County-wide candidates for people_from: the people `p` for whom `condition` holds now (a
    derived label, an index), and those whose facts changed after $asOf (their facts then are
    read): the planner seeks both."""
    return f"({condition} OR {changed_after('p')})"


# After people(): the person's facts on $asOf (graph/facts.py) as `f`, for an item's fields. A
# condition of them goes in people()'s WHERE as `holds("p", condition)`: tested as soon as the person
# is found, before its household and village are read.
ON_DATE = f"WITH *, {facts_at('p')} AS f\n"

# The person `p`, its household and village, as a person item's map begins: the nodes, whose
# properties are read only for the rows of the page returned (graph/listing.py collects every
# offender before it pages them). A county body may leave the village to its page (graph/coverage/
# due.py VILLAGE_ON_PAGE): PERSON.
PERSON = "person: p, household: h"
WHO = f"{PERSON}, village: v"


# P3: basic medical and serious-illness insurance; anything but true is missing. Each condition reads
# the facts `f` of a person (graph/facts.py: the person's on the date asked, `FACTS`); the constants
# read person `p` as it stands (its derived labels, graph/derived.py).
def missing_insurance(f: str) -> str:
    """The insurances the facts `f` lack (also read by S5's exit check, graph/changes/exits.py)."""
    basic, serious = (
        f"NOT coalesce({f}.medicalInsurance, false)",
        f"NOT coalesce({f}.seriousIllnessInsurance, false)",
    )
    return (
        f"[x IN [CASE WHEN {basic} THEN 'BASIC_MEDICAL' END, CASE WHEN {serious} THEN 'SERIOUS_ILLNESS' END]"
        " WHERE x IS NOT NULL]"
    )


def uninsured(f: str) -> str:
    """The facts `f` lack one of them."""
    return f"(NOT coalesce({f}.medicalInsurance, false) OR NOT coalesce({f}.seriousIllnessInsurance, false))"


# P3: the exam of $year. physicalExamYear, when recorded, decides; else the roster's physicalExam
# flag (本年度是否体检) is read as being for $year.
def no_exam_record(f: str) -> str:
    return f"NOT coalesce({f}.physicalExam, false) AND {f}.physicalExamYear IS NULL"


def no_exam(f: str) -> str:
    return f"""({no_exam_record(f)}
       OR {f}.physicalExamYear < $year OR {f}.physicalExamYear > $year)"""


# P3: family-doctor contract (家庭医生签约).
def no_family_doctor(f: str) -> str:
    return f"NOT coalesce({f}.familyDoctor, false)"


def school_age(p: str) -> str:
    """P2: person `p` is aged schoolAgeFrom..schoolAgeTo on $asOf (the birth date is not dated)."""
    return born_of_school_age(f"{p}.birthDate")


def born_of_school_age(born: str) -> str:
    """P2: someone born on `born` (a date expression) is aged schoolAgeFrom..schoolAgeTo on $asOf."""
    return f"""$asOf - duration({{years: $schoolAgeTo + 1}}) < {born}
  AND {born} <= $asOf - duration({{years: $schoolAgeFrom}})"""


SCHOOL_AGE = school_age("p")
# P2: what household `h` keeps of its members (graph/derived.py) names one out of school born in the
# years of school age on $asOf.
KEPT_OUT_OF_SCHOOL = f"any(born IN h.outOfSchoolBirths WHERE {born_of_school_age('born')})"
# County-wide: the children of school age out of school now (the derived label OutOfSchool's
# birthDate index: few at any size, where the Person.birthDate index holds one in eight people).
OUT_OF_SCHOOL_NOW = f"MATCH (p:OutOfSchool) USING INDEX p:OutOfSchool(birthDate) WHERE {SCHOOL_AGE}"


def out_of_school(f: str, reasons: str = "$healthReasons") -> str:
    """P2: the facts `f` record no schooling and no health reason for it among `reasons`."""
    return f"""coalesce({f}.schooling, '') = ''
  AND NOT any(w IN {reasons} WHERE coalesce({f}.dropoutReason, '') CONTAINS w)"""


def disabled(f: str) -> str:
    """P2: a disabled person (a disability recorded, or 残疾 among the health codes)."""
    return f"(trim(coalesce({f}.disability, '')) <> '' OR '残疾' IN coalesce({f}.health, []))"


def dropout(p: str, f: str) -> str:
    """P2: person `p` (with facts `f`) is of school age on $asOf, not at school, and gave no health
    reason (S5's exit check, graph/changes/exits.py)."""
    return f"""{school_age(p)}
  AND {out_of_school(f)}"""


UNINSURED = uninsured("p")
NO_EXAM_RECORD = no_exam_record("p")
NO_FAMILY_DOCTOR = no_family_doctor("p")


def out_of_school_now(f: str) -> str:
    """`out_of_school` of facts `f` with the reasons written out: what the label OutOfSchool and a
    household's outOfSchoolBirths (graph/derived.py) stand for, which take no parameter."""
    return out_of_school(f, "[" + ", ".join(f"'{w}'" for w in HEALTH_REASONS) + "]")


OUT_OF_SCHOOL_LABEL = out_of_school_now("p")
DISABLED = disabled("p")
