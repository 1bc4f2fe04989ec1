"""P6 (综合保障, 县民政局, 县残联): every disabled person of a registered household has the 两项补贴
(困难残疾人生活补贴, 重度残疾人护理补贴) in the year, and every severely disabled one (残疾等级 一级,
二级) has the insurance and pension premiums paid for them (代缴).

County-wide the candidates are the people labelled Disabled (graph/derived.py), or of a severe
grade (the Person.disabilityGrade index), and those whose facts changed after the date, less those
who had the benefit in the year (one derived property, graph/coverage/benefits.py)."""

from graph.coverage.benefits import PREMIUMS, SUBSIDY, Support, received
from graph.coverage.due import VILLAGE_ON_PAGE, county_body, person_counts, seek_unreceived
from graph.coverage.lines import Line
from graph.coverage.policies import (
    ON_DATE,
    ON_REGISTER,
    PERSON,
    WHO,
    disabled,
    member_labelled,
    members_may,
    people,
)
from graph.coverage.rule import POLICY_AREA, CoverageRule, ItemField, ItemType, Period
from graph.coverage.rules.health import person_item
from graph.facts import holds


def severely_disabled(f: str) -> str:
    """The facts `f` record a severe disability grade."""
    return f"{f}.disabilityGrade IN $severeGrades"


def _lacking(support: Support) -> str:
    return f"NOT {received('p', support)}"


def _item(name: str, description: str) -> ItemType:
    return person_item(
        name,
        description,
        ItemField("disability", "String", "残疾类别 on the date, when recorded."),
        ItemField("grade", "String", "残疾等级 on the date, when recorded."),
        ItemField("year", "Int!", "The year asked about."),
    )


def _row(who: str) -> str:
    return f"""{ON_DATE}WITH {{{who}, disability: f.disability, grade: f.disabilityGrade, year: $year,
      severity: CASE WHEN f.disabilityGrade IN $severeGrades THEN 1 ELSE 0 END, key: h.id + '/' + p.uid}} AS n
"""


def _rule(
    field: str,
    reading: str,
    item: ItemType,
    due: str,
    support: Support,
    now: tuple[str, str],
    may: str,
    line: tuple[str, str],
) -> CoverageRule:
    """A P6 rule: people for whom `due` holds (people()'s WHERE) lacking `support` in the year;
    county-wide sought by `now` (the condition, a derived label or an index, and the hint of the
    index of its people by their latest day of `support`), in a township or village of the
    households for which `may` holds (graph/coverage/policies.py `members_may`). Its dashboard
    `line` (key, label) counts the same people, apart (graph/coverage/due.py person_counts)."""
    lacking = _lacking(support)
    condition, hint = now
    counts, county_counts = person_counts(due, lacking, condition, may)
    candidates = seek_unreceived(f"{hint} WHERE {condition}", support, lacking)
    return CoverageRule(
        id="P6",
        field=field,
        reading=reading,
        item=item,
        period=Period.YEAR,
        body=f"{people(f'{ON_REGISTER} AND {due} AND {lacking}', may)}{_row(WHO)}",
        county=county_body(candidates, due, lacking, _row(PERSON)),
        county_page=VILLAGE_ON_PAGE,
        alone=True,
        lines=(Line(*line, counts=counts, county_counts=county_counts, apart=True),),
        readers=POLICY_AREA,
        policy="P6",
    )


_DISABLED = holds("p", disabled)
RULE = _rule(
    "disabledWithoutSubsidies",
    "P6: disabled people of registered households (a disability, or 残疾 among the health codes, on "
    "asOf) with no benefit of their own under 综合保障 whose project names 残疾人 (两项补贴: "
    "困难残疾人生活补贴, 重度残疾人护理补贴) dated in `year` (default the year of asOf; to asOf). "
    "Severely disabled first.",
    _item(
        "DisabledWithoutSubsidy",
        "P6: a disabled member of a registered household without the 两项补贴 in the year.",
    ),
    _DISABLED,
    SUBSIDY,
    ("p:Disabled", " USING INDEX p:Disabled(subsidyLast)"),
    member_labelled("Disabled"),
    ("P6-subsidy", "残疾人两项补贴应享尽享"),
)

_SEVERE = holds("p", severely_disabled)
PREMIUMS_RULE = _rule(
    "severelyDisabledWithoutPaidPremiums",
    "P6: severely disabled people of registered households (残疾等级 一级 or 二级 on asOf) with no "
    "benefit of their own whose project names 代缴 (the insurance and pension premiums paid for them) "
    "dated in `year` (default the year of asOf; to asOf).",
    _item(
        "SeverelyDisabledWithoutPremiums",
        "P6: a severely disabled member of a registered household whose premiums were not paid in the year.",
    ),
    _SEVERE,
    PREMIUMS,
    ("p.disabilityGrade IN $severeGrades", " USING INDEX p:Person(disabilityGrade, premiumLast)"),
    members_may("memberGrades", "any(grade IN h.memberGrades WHERE grade IN $severeGrades)"),
    ("P6-premiums", "重度残疾人代缴保费全覆盖"),
)
