"""P6 两线融合 (县民政局): a 低保 household (低保贫困户) is one the 低保 standard covers: its income
per person is not above the 低保 standard (setting), and some member is on 低保 (享受低保).

County-wide the offenders are sought in indexes (an income above the standard; no member on 低保 by
the derived members), with the households those cannot judge; the line's denominator, every 低保
household, in the Household.attribute index. In every scope a household's members are read only
when its derived members do not hold on the date."""

from graph.coverage.due import VILLAGE_ON_PAGE
from graph.coverage.fragments import REGISTERED, UNCOUNTED, WORKERS_CHANGED, seek_households
from graph.coverage.lines import Line
from graph.coverage.policies import kept_unknown
from graph.coverage.rule import POLICY_AREA, CoverageRule, EnumType, ItemField, ItemType
from graph.facts import facts_at, holds, seek_changed
from graph.placement import households_in, members, village_of

_IS_DIBAO = f"{REGISTERED} AND {holds('h', lambda f: f'{f}.attribute = ' + repr('DIBAO'))}"
# A member of household h on $asOf is on 低保 then: as its derived members say while they hold on
# $asOf (membersDibao, graph/derived.py), else as its members then say (graph/placement.py).
_ON_DIBAO = (
    f"(CASE WHEN {kept_unknown('membersDibao')} "
    f"THEN EXISTS {{ {members(where=holds('p', lambda f: f'{f}.dibao = true'))} }} ELSE h.membersDibao END)"
)
# The contradictions of household h (facts `f` on $asOf).
_REASONS = (
    "[x IN [CASE WHEN f.income > $dibaoStandard THEN 'INCOME_ABOVE_STANDARD' END, "
    f"CASE WHEN NOT {_ON_DIBAO} THEN 'NO_MEMBER_ON_DIBAO' END] WHERE x IS NOT NULL]"
)
# Judged on its facts and members (county-wide its village is walked up on the page only).
_JUDGED = f"""WITH *, {facts_at("h")} AS f
WITH *, {_REASONS} AS reasons
WHERE reasons <> []
"""


def _item(place: str) -> str:
    """The item of household `h` with `place` (the household and village as nodes: their properties
    are read only for the page's rows)."""
    return f"""WITH {{{place}, income: f.income, standard: $dibaoStandard,
      reasons: reasons, severity: size(reasons), key: h.id}} AS n
"""


# Per village `v`: the 低保 households (d) and those contradicting it (c).
_COUNTED = f"""WITH v, h, {facts_at("h")} AS f
WITH v, CASE WHEN {_REASONS} <> [] THEN 1 ELSE 0 END AS contradicted
WITH v, sum(contradicted) AS c, count(*) AS d
"""
_CHANGED = seek_changed("h", "Household")
# County-wide, every 低保 household (the line's denominator), with those whose facts changed after
# the day.
_SEEK = seek_households(" USING INDEX h:Household(attribute) WHERE h.attribute = 'DIBAO'", _CHANGED)
# County-wide, a superset of the offenders, each then judged as any: the 低保 households whose
# income is above the standard, or none of whose members on the register is on 低保 by their derived
# members (graph/derived.py: exact on any day from workersSince); and those whose facts, members or
# members' facts changed after the day, or whose members are not derived.
_CANDIDATES = seek_households(
    " USING INDEX h:Household(attribute, income) WHERE h.attribute = 'DIBAO' AND h.income > $dibaoStandard",
    " USING INDEX h:Household(attribute, membersDibao)"
    " WHERE h.attribute = 'DIBAO' AND h.membersDibao = false",
    _CHANGED,
    WORKERS_CHANGED,
    bodies=[UNCOUNTED],
)
# The registered 低保 households of village `v` on $asOf.
_DIBAO_IN_VILLAGE = households_in(where=_IS_DIBAO)

RULE = CoverageRule(
    id="P6",
    field="dibaoContradictions",
    reading="P6 两线融合: registered 低保 households (贫困户属性 低保贫困户 on asOf) whose income per person "
    "on asOf is above the 低保 standard (setting, CNY per person per year), or none of whose members is "
    "on 低保 (是否享受低保) on asOf. Both first.",
    types=(
        EnumType(
            "DibaoContradiction",
            "P6 两线融合: INCOME_ABOVE_STANDARD, NO_MEMBER_ON_DIBAO.",
            ("INCOME_ABOVE_STANDARD", "NO_MEMBER_ON_DIBAO"),
            ("人均纯收入高于低保标准.", "无家庭成员享受低保."),
        ),
    ),
    item=ItemType(
        "DibaoContradictionHousehold",
        "P6 两线融合: a 低保 household whose income or members contradict 低保 on the date.",
        (
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            ItemField("income", "Float", "人均纯收入 on the date, when recorded."),
            ItemField("standard", "Int!", "The 低保 standard (setting)."),
            ItemField("reasons", "[DibaoContradiction!]!", "What contradicts 低保."),
        ),
    ),
    body=f"{_DIBAO_IN_VILLAGE}{_JUDGED}{_item('household: h, village: v')}",
    county=f"""{_CANDIDATES}WITH h WHERE {_IS_DIBAO}
{_JUDGED}{_item("household: h")}""",
    county_page=VILLAGE_ON_PAGE,
    alone=True,
    lines=(
        Line(
            "P6-dibao",
            "低保与扶贫两项制度衔接（两线融合）",
            counts=f"{_DIBAO_IN_VILLAGE}{_COUNTED}RETURN sum(c) AS c, sum(d) AS d",
            county_counts=f"{_SEEK}WITH h WHERE {_IS_DIBAO}\n{village_of()}{_COUNTED}"
            "MATCH (v)-[:IN_TOWNSHIP]->(t:Township)\nWITH t, sum(c) AS c, sum(d) AS d",
            apart=True,
        ),
    ),
    readers=POLICY_AREA,
    policy="P6",
)
