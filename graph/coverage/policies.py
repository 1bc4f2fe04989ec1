"""Conditions of the policy areas on a person, read by several coverage rules (P2, P3;
graph/coverage/rules/), the dashboard's walk over the persons, the persons' derived labels
(graph/derived.py) and S5's exit check (graph/changes/exits.py); and the policy rules' fixed
parameters.

Person rules reach people as (Person)-[:BELONGS_TO]->(Household)-[:IN_VILLAGE]->(v).
"""

from __future__ import annotations

from typing import Any

from graph.coverage.fragments import REGISTERED

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


def people(hint: str = "", start: str = "MATCH (p:Person)") -> str:
    """A person who exists on $asOf in a household registered by then; `hint` tells the planner
    where to start, or `start` binds the candidates `p` first."""
    return f"""{start}-[:BELONGS_TO]->(h:Household)-[:IN_VILLAGE]->(v){hint}
WHERE {REGISTERED} AND (p.birthDate IS NULL OR p.birthDate <= $asOf)"""


PEOPLE = people()

# The person `p`, its household and village, as a person item's map begins.
WHO = "person: p {.*}, household: h {.*}, village: v {.*}"

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

# P3: the exam of $year. physicalExamYear, when recorded, decides; else the roster's physicalExam
# flag (本年度是否体检) is read as being for $year.
NO_EXAM_RECORD = "NOT coalesce(p.physicalExam, false) AND p.physicalExamYear IS NULL"
NO_EXAM = f"""({NO_EXAM_RECORD}
       OR p.physicalExamYear < $year OR p.physicalExamYear > $year)"""

# P3: family-doctor contract (家庭医生签约).
NO_FAMILY_DOCTOR = "NOT coalesce(p.familyDoctor, false)"

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
