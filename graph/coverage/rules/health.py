"""P3 (健康扶贫): every member of a registered household has basic medical and serious-illness
insurance, the year's free physical exam and a family-doctor contract — three lists, one per duty.

County-wide each list starts from its candidates by derived label (graph/derived.py): only those
are walked up to their household and village (from the villages down, every household's members
would be read). In a township or village, each list reads the members only of the households whose
members' labels or exam years (kept with their workers) may name one.
"""

from graph.coverage.lines import Line, column
from graph.coverage.policies import (
    KEPT_MAY_LACK_EXAM,
    ON_DATE,
    WHO,
    member_labelled,
    members_may,
    missing_insurance,
    no_exam,
    no_family_doctor,
    people,
    people_from,
    seek_people,
    uninsured,
)
from graph.coverage.rule import POLICY_AREA, CoverageRule, EnumType, ItemField, ItemType, Period
from graph.facts import holds

_ILL_FIRST = "CASE WHEN any(x IN coalesce(f.health, []) WHERE x IN $illHealth) THEN 2 ELSE 1 END"


def _body(condition: str, item: str, may: str = "") -> str:
    """People for whom `condition` (of their facts on $asOf: graph/facts.py `holds`) holds, each as
    the map `item` (its WITH … AS n, reading those facts as `f`); with `may`, of the households for
    which it holds (graph/coverage/policies.py `members_may`)."""
    return f"{people(condition, may)}{ON_DATE}{item}"


def _county(condition: str, item: str, start: str) -> str:
    """The same, starting from the candidates for whom `start` holds now (a derived label, an index)
    and those whose facts changed after $asOf."""
    return f"{people_from('(p:Person)', seek_people(start), condition)}{ON_DATE}{item}"


def person_item(name: str, description: str, *more: ItemField) -> ItemType:
    """A person item: the person, its household and village, and `more`."""
    return ItemType(
        name,
        description,
        (
            ItemField("person", "Person!"),
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            *more,
        ),
    )


# Against every member (born by the date) of a registered household (the summary's household walk).
_MEMBERS = column("households", "persons")

_UNINSURED = f"""WITH p, h, v, t, {missing_insurance("f")} AS missing
WITH {{{WHO}, missing: missing, severity: size(missing), key: h.id + '/' + p.uid}} AS n
"""
UNINSURED_PERSONS = CoverageRule(
    id="P3",
    field="uninsuredPersons",
    reading="P3: people of registered households without basic medical insurance or serious-illness "
    "insurance (anything but 是 is missing); the more missing, the earlier.",
    types=(
        EnumType(
            "Insurance",
            "P3: 城乡居民基本医疗保险 BASIC_MEDICAL, 大病保险 SERIOUS_ILLNESS.",
            ("BASIC_MEDICAL", "SERIOUS_ILLNESS"),
            ("城乡居民基本医疗保险.", "大病保险."),
        ),
    ),
    item=person_item(
        "UninsuredPerson",
        "P3: a member of a registered household lacking basic medical or serious-illness insurance.",
        ItemField("missing", "[Insurance!]!", "The insurances not recorded as held."),
    ),
    body=_body(holds("p", uninsured), _UNINSURED, member_labelled("LacksInsurance")),
    county=_county(holds("p", uninsured), _UNINSURED, "p:LacksInsurance"),
    alone=True,
    lines=(
        Line(
            "P3-insurance",
            "基本医保、大病保险全覆盖",
            offenders=column("households", "uninsured"),
            denominator=_MEMBERS,
        ),
    ),
    readers=POLICY_AREA,
    policy="P3",
)

# A recorded exam year other than $year is sought in the Person.physicalExamYear index, people with
# neither a year nor the flag by their derived label. In a township or village, the households one of
# whose members has that label or such a year (kept with its workers).
_MAY_LACK_EXAM = members_may("memberExamYears", KEPT_MAY_LACK_EXAM)
_NO_EXAM = f"""WITH {{{WHO}, year: $year, examYear: f.physicalExamYear, severity: {_ILL_FIRST},
      key: h.id + '/' + p.uid}} AS n
"""
MISSING_PHYSICAL_EXAMS = CoverageRule(
    id="P3",
    field="missingPhysicalExams",
    reading="P3: people of registered households without the free physical exam of `year` (default "
    "the year of asOf). physicalExamYear, when recorded, decides (missing unless it is `year`); "
    "otherwise 本年度是否体检 (physicalExam) is read as being for `year`. People with a chronic or "
    "serious illness first.",
    item=person_item(
        "MissingPhysicalExam",
        "P3: a member of a registered household without the year's free physical exam.",
        ItemField("year", "Int!", "The year asked about."),
        ItemField(
            "examYear",
            "Int",
            "physicalExamYear: the year of the last recorded exam, when the roster has it.",
        ),
    ),
    period=Period.YEAR,
    body=_body(holds("p", no_exam), _NO_EXAM, _MAY_LACK_EXAM),
    county=_county(
        holds("p", no_exam),
        _NO_EXAM,
        "p:LacksExamRecord OR p.physicalExamYear < $year OR p.physicalExamYear > $year",
    ),
    alone=True,
    lines=(
        Line("P3-exam", "年度免费体检全覆盖", offenders=column("households", "noExam"), denominator=_MEMBERS),
    ),
    readers=POLICY_AREA,
    policy="P3",
)

_NO_DOCTOR = f"WITH {{{WHO}, severity: {_ILL_FIRST}, key: h.id + '/' + p.uid}} AS n\n"
MISSING_FAMILY_DOCTORS = CoverageRule(
    id="P3",
    field="missingFamilyDoctorContracts",
    reading="P3: people of registered households with no family-doctor contract (签约家庭医生 not "
    "是). People with a chronic or serious illness first.",
    item=person_item(
        "MissingFamilyDoctor",
        "P3: a member of a registered household with no family-doctor contract.",
    ),
    body=_body(holds("p", no_family_doctor), _NO_DOCTOR, member_labelled("LacksFamilyDoctor")),
    county=_county(holds("p", no_family_doctor), _NO_DOCTOR, "p:LacksFamilyDoctor"),
    alone=True,
    lines=(
        Line(
            "P3-doctor",
            "家庭医生签约全覆盖",
            offenders=column("households", "noDoctor"),
            denominator=_MEMBERS,
        ),
    ),
    readers=POLICY_AREA,
    policy="P3",
)
