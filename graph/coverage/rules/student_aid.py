"""P2 (教育扶贫, 县教育局): every pupil and student of a registered household has the education aid
(教育) due for the year.

County-wide the candidates are the people registered at school now (the Person.schooling index) and
those whose facts changed after the date, less those aided in the year (one derived property,
graph/coverage/benefits.py)."""

from graph.coverage.benefits import AID, received
from graph.coverage.due import VILLAGE_ON_PAGE, county_body, person_counts, seek_unreceived
from graph.coverage.lines import Line
from graph.coverage.policies import ON_DATE, ON_REGISTER, PERSON, WHO, members_may, people
from graph.coverage.rule import POLICY_AREA, CoverageRule, ItemField, Period
from graph.coverage.rules.health import person_item
from graph.facts import holds


def student(f: str) -> str:
    """The facts `f` (graph/facts.py) record a 在校生状况 for which aid is due."""
    return f"{f}.schooling IN $aidLevels"


_DUE = holds("p", student)
_LACKING = f"NOT {received('p', AID)}"
_NOW = "p.schooling IN $aidLevels"


def _item(who: str) -> str:
    return f"""{ON_DATE}WITH {{{who}, schooling: f.schooling, year: $year,
      severity: coalesce(p.birthDate.year, 0), key: h.id + '/' + p.uid}} AS n
"""


# In a township or village, the households one of whose members is registered at school now (or
# whose members' facts on the day are not those).
_MAY = members_may("memberSchooling", "any(schooling IN h.memberSchooling WHERE schooling IN $aidLevels)")
_COUNTS, _COUNTY_COUNTS = person_counts(_DUE, _LACKING, _NOW, _MAY)
# County-wide: the people registered at school now, by their latest aid (graph/coverage/due.py).
_UNAIDED = seek_unreceived(f" USING INDEX p:Person(schooling, aidLast) WHERE {_NOW}", AID, _LACKING)

RULE = CoverageRule(
    id="P2",
    field="studentsWithoutAid",
    reading="P2: people of registered households registered as pupils or students on asOf (在校生状况 "
    "学前教育 to 本科) with no benefit of their own under 教育 dated in `year` (default the year of "
    "asOf; to asOf). Youngest first.",
    item=person_item(
        "StudentWithoutAid",
        "P2: a pupil or student of a registered household without education aid in the year.",
        ItemField("schooling", "String!", "在校生状况 on the date."),
        ItemField("year", "Int!", "The year asked about."),
    ),
    period=Period.YEAR,
    body=f"{people(f'{ON_REGISTER} AND {_DUE} AND {_LACKING}', _MAY)}{_item(WHO)}",
    county=county_body(_UNAIDED, _DUE, _LACKING, _item(PERSON)),
    county_page=VILLAGE_ON_PAGE,
    alone=True,
    lines=(
        Line("P2-aid", "贫困家庭学生资助全覆盖", counts=_COUNTS, county_counts=_COUNTY_COUNTS, apart=True),
    ),
    readers=POLICY_AREA,
    policy="P2",
)
