"""P2 (教育扶贫): no child of compulsory-school age (义务教育) is out of school unless health forbids,
and disabled children are enrolled (at least the setting's rate, default 93%)."""

from graph.coverage.fragments import VILLAGE_OF, seek_nodes
from graph.coverage.lines import Line, column
from graph.coverage.policies import (
    BORN,
    ON_DATE,
    OUT_OF_SCHOOL_NOW,
    SCHOOL_AGE,
    WHO,
    in_household,
    out_of_school,
)
from graph.coverage.rule import POLICY_AREA, CoverageRule, ItemField, ItemType
from graph.facts import changed_after, holds

# Of school age (the birthDate index serves it) and out of school by the person's facts on $asOf
# (graph/facts.py), both in the people's WHERE: tested as soon as the person is found.
_OUT = f"{SCHOOL_AGE}\n  AND {holds('p', out_of_school)}"
_DROPOUT = f"""{ON_DATE}WITH p, h, v, t, f, duration.between(p.birthDate, $asOf).years AS age
WITH {{{WHO}, age: age, reason: f.dropoutReason, severity: $schoolAgeTo - age + 1,
      key: h.id + '/' + p.uid}} AS n
"""

# In every scope, the candidates are sought county-wide: the children of school age out of school
# now and the people whose facts changed after $asOf; each is then judged on its facts on $asOf. A
# township's villages (`scoped`) keep theirs.
_OUT_NOW = f"{OUT_OF_SCHOOL_NOW} RETURN p"


def _school_age(imports: str = "") -> str:
    candidates = seek_nodes("p:Person", [f" WHERE {changed_after('p')}"], [_OUT_NOW], imports)
    return f"{candidates}WITH * WHERE {BORN} AND {_OUT}\n{in_household()}{VILLAGE_OF}"


RULE = CoverageRule(
    id="P2",
    field="schoolDropouts",
    reading="P2: children aged 6–15 on asOf (义务教育) with no 在校生状况, unless the recorded dropout "
    "reason is one of health (contains 身体, 疾病 or 残疾: 因身体原因不能上学). Youngest first.",
    item=ItemType(
        "SchoolDropout",
        "P2: a child of compulsory-school age (义务教育) not at school.",
        (
            ItemField("person", "Person!"),
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            ItemField("age", "Int!", "Completed years on the date."),
            ItemField("reason", "String", "失学或辍学原因 as recorded; null if none."),
        ),
    ),
    body=f"WITH t, collect(v) AS scoped\n{_school_age('scoped')}WITH * WHERE v IN scoped\n{_DROPOUT}",
    county=f"{_school_age()}{_DROPOUT}",
    alone=True,
    # Both counted in the summary's walk over the persons (graph/coverage/walks.py); the disabled
    # children's enrolment has no list of its own.
    lines=(
        Line(
            "P2",
            "义务教育无失学辍学",
            offenders=column("households", "dropouts"),
            denominator=column("households", "schoolAgeChildren"),
        ),
        Line(
            "P2-disabled",
            "残疾儿童入学率不低于93%",
            offenders=column("households", "disabledOutOfSchool"),
            denominator=column("households", "disabledChildren"),
            setting="disabled_enrolment_min",
        ),
    ),
    readers=POLICY_AREA,
    policy="P2",
)
