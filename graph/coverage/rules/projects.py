"""O3, P1, P4: the project register audited (扶贫资金和项目审计): projects without beneficiaries,
projects paid above their budget, projects unfinished past their finish date, and renovation
subsidies (危房改造) not paid through the 扶贫明白卡.

A project lies in the village it is SITED_IN, and so do its disbursements: a scope holds the projects
of its villages. In a township or village they are reached from its villages; county-wide from the
projects themselves (a few hundred; the finish date and the kind are indexed), walking up to their
village and township.
"""

import dataclasses

from graph.coverage.lines import Figure, Line
from graph.coverage.rule import POLICY_AREA, CoverageRule, ItemField, ItemType
from graph.facts import facts_at
from graph.projects import listed
from graph.rosters.codes import RENOVATION

# Project `p` of village `v` (in township `t`): the scope's villages' projects, or county-wide the
# projects themselves, each walking up to its village.
# `f`: the project's facts on the date.
_FACTS = f"WITH *, {facts_at('p')} AS f\n"
_OF_VILLAGE = f"MATCH (v)<-[:SITED_IN]-(p:Project)\n{_FACTS}"
_SEEK = f"MATCH (p:Project)\n{_FACTS}"
_UP = "MATCH (p)-[:SITED_IN]->(v:Village)-[:IN_TOWNSHIP]->(t:Township)\n"
_TALLY_UP = "MATCH (p)-[:SITED_IN]->(:Village)-[:IN_TOWNSHIP]->(t:Township)"

STARTED = "f.startOn <= $asOf"
_PROJECT = ItemField("project", "Project!", "项目.")
_VILLAGE = ItemField("village", "Village!", "The village it is sited in.")


def _counted(where: str) -> Figure:
    """A line's denominator: the projects (of the township's villages) for which `where` holds."""
    return Figure(
        local=f"{_OF_VILLAGE}WHERE {where} RETURN count(p) AS k",
        county=f"{_SEEK}WHERE {where}\n{_TALLY_UP}",
    )


def _rule(declared: CoverageRule, where: str, shown: str, then: str = "") -> CoverageRule:
    """A project rule (`declared`: its id, field, reading, item and lines): the projects for which
    `where` holds (then `then`, which may bind more and filter), each shown as the map items `shown`
    (with `severity` and `key`)."""
    tail = f"{then}WITH {{{shown}}} AS n\n"
    return dataclasses.replace(
        declared,
        body=f"{_OF_VILLAGE}WHERE {where}\n{tail}",
        county=f"{_SEEK}WHERE {where}\n{_UP}{tail}",
        alone=True,
        tally=f"{_SEEK}WHERE {where}\n{then}{_TALLY_UP}",
    )


# O3, P1: a project started by the date with no household linked to it by then (BENEFITS since <= date).
_UNLINKED = f"{STARTED} AND NOT EXISTS {{ MATCH (p)-[b:BENEFITS]->(:Household) WHERE b.since <= $asOf }}"
WITHOUT_BENEFICIARIES = _rule(
    CoverageRule(
        id="O3",
        field="projectsWithoutBeneficiaries",
        reading="O3, P1: projects started by the date (开工日期) that no household benefits from by then "
        "(no 项目受益户 linked with 受益起始日期 on or before it); longest since the start first.",
        item=ItemType(
            "ProjectWithoutBeneficiaries",
            "O3, P1: a project started by the date without any beneficiary household.",
            (
                _PROJECT,
                _VILLAGE,
                ItemField("days", "Int!", "Days from its start to the date."),
            ),
        ),
        body="",
        lines=(Line("O3-beneficiaries", "项目受益到户", denominator=_counted(STARTED), apart=True),),
    ),
    where=_UNLINKED,
    shown=f"project: {listed()}, village: v {{.*}}, days: duration.inDays(f.startOn, $asOf).days, "
    "severity: duration.inDays(f.startOn, $asOf).days, key: p.id",
)

# O3: the project's disbursements dated by the date add up to more than its budget.
_FUNDED = f"{STARTED} AND EXISTS {{ (p)<-[:OF_PROJECT]-(:Disbursement) }}"
_PAID = (
    "COLLECT { MATCH (p)<-[:OF_PROJECT]-(d:Disbursement) WHERE d.date <= $asOf RETURN sum(d.amountFen) }[0]"
)
OVER_BUDGET = _rule(
    CoverageRule(
        id="O3",
        field="projectsOverBudget",
        reading="O3: projects whose disbursements dated by the date (资金拨付) add up to more than their "
        "budget (预算金额); the largest excess first.",
        item=ItemType(
            "ProjectOverBudget",
            "O3: a project paid above its budget by the date.",
            (
                _PROJECT,
                _VILLAGE,
                ItemField("budget", "Float!", "预算金额 (CNY)."),
                ItemField("paid", "Float!", "已拨付：its disbursements dated by the date (CNY)."),
                ItemField("excess", "Float!", "超出预算：paid − budget (CNY)."),
            ),
        ),
        body="",
        lines=(Line("O3-budget", "项目资金不超预算", denominator=_counted(_FUNDED), apart=True),),
    ),
    where=_FUNDED,
    then=f"WITH *, {_PAID} AS paid WHERE paid > coalesce(f.budgetFen, 0)\n",
    shown=f"project: {listed()}, village: v {{.*}}, budget: coalesce(f.budgetFen, 0) / 100.0, "
    "paid: paid / 100.0, excess: (paid - coalesce(f.budgetFen, 0)) / 100.0, "
    "severity: paid - coalesce(f.budgetFen, 0), key: p.id",
)

# O3: started by the date, due to be finished before it (计划完工日期 < date), not finished on it.
DUE = "f.finishOn < $asOf AND f.startOn <= $asOf"
_UNFINISHED = f"{DUE} AND (p.finishedOn IS NULL OR p.finishedOn > $asOf)"
OVERDUE = _rule(
    CoverageRule(
        id="O3",
        field="overdueProjects",
        reading="O3: projects due to be finished before the date (计划完工日期) and not finished on it "
        "(实际完工日期 empty or later); most days past the finish date first.",
        item=ItemType(
            "OverdueProject",
            "O3: a project unfinished past its finish date.",
            (
                _PROJECT,
                _VILLAGE,
                ItemField("finishOn", "Date!", "计划完工日期."),
                ItemField("daysPast", "Int!", "Days from the finish date to the date."),
            ),
        ),
        body="",
        lines=(Line("O3-overdue", "项目按期完工", denominator=_counted(DUE), apart=True),),
    ),
    where=_UNFINISHED,
    shown=f"project: {listed()}, village: v {{.*}}, finishOn: f.finishOn, "
    "daysPast: duration.inDays(f.finishOn, $asOf).days, "
    "severity: duration.inDays(f.finishOn, $asOf).days, key: p.id",
)

# P4: a disbursement dated by the date of a renovation project (危房改造) to a household, whose
# 发放方式 is not the 明白卡 (CARD), or not recorded. The project's village places it.
_RENOVATION = f"f.kind = '{RENOVATION}'"
_SUBSIDY = "MATCH (p)<-[:OF_PROJECT]-(d:Disbursement)-[:PAID_TO]->(h:Household) WHERE d.date <= $asOf\n"
_OFF_CARD = "coalesce(d.channel, '') <> 'CARD'"
OFF_CARD = CoverageRule(
    id="P4",
    field="renovationSubsidiesOffCard",
    reading="P4: renovation subsidies (disbursements of a 危房改造 project to a household, dated by the "
    "date) whose 发放方式 is not the 扶贫明白卡 (CARD) or is not recorded; the largest first.",
    item=ItemType(
        "RenovationSubsidyOffCard",
        "P4: a renovation subsidy not paid through the household's 明白卡.",
        (
            ItemField("disbursement", "Disbursement!", "资金拨付."),
            _PROJECT,
            ItemField("household", "Household!", "The household paid."),
            _VILLAGE,
        ),
    ),
    body=f"{_OF_VILLAGE}WHERE {_RENOVATION}\n{_SUBSIDY}AND {_OFF_CARD}\n"
    f"WITH {{disbursement: d {{.*, projectId: p.id, householdId: h.id}}, project: {listed()}, "
    "household: h {.*}, village: v {.*}, severity: d.amountFen, key: d.id} AS n\n",
    county=f"{_SEEK}WHERE {_RENOVATION}\n{_SUBSIDY}AND {_OFF_CARD}\n{_UP}"
    f"WITH {{disbursement: d {{.*, projectId: p.id, householdId: h.id}}, project: {listed()}, "
    "household: h {.*}, village: v {.*}, severity: d.amountFen, key: d.id} AS n\n",
    alone=True,
    tally=f"{_SEEK}WHERE {_RENOVATION}\n{_SUBSIDY}AND {_OFF_CARD}\n{_TALLY_UP}",
    lines=(
        Line(
            "P4-card",
            "危房改造补助通过明白卡发放",
            denominator=Figure(
                local=f"{_OF_VILLAGE}WHERE {_RENOVATION}\n{_SUBSIDY}RETURN count(d) AS k",
                county=f"{_SEEK}WHERE {_RENOVATION}\n{_SUBSIDY}{_TALLY_UP}",
            ),
            apart=True,
        ),
    ),
    readers=POLICY_AREA,
    policy="P4",
)
