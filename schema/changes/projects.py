"""O3, P1, P4: the project register's mutations' descriptions; the types are schema/projects.py's."""

from __future__ import annotations

_AMOUNTS = "Amounts are yuan (CNY) with at most two decimals (fen), above 0; kept in whole fen."

CREATE_PROJECT = (
    "项目入库 (O3): register project `id` (项目编号) sited in village `villageCode`, of `kind` (项目类型: "
    "产业, 基础设施, 危房改造, 易地扶贫搬迁, 教育, 就业, 其他), with its funding source, `budget`, start day "
    f"and planned finish day, led by unit `department` when given. {_AMOUNTS} Refused (RULE_VIOLATION, "
    "rule O3) for a 项目编号 registered already or a finish day before the start."
)
UPDATE_PROJECT = (
    "项目变更 (O3): what is given of project `id` (name, kind, funding source, budget, start and planned "
    "finish days, department) changes as of `effectiveOn` (default today); the values and department it "
    "replaces are kept and answer for earlier days (the projects list, coverage and the chain asked as "
    "of them), and the audit event keeps the project as it was. Refused (RULE_VIOLATION, rule O3) when "
    "the finish day would fall before the start; EFFECTIVE_BEFORE_FACTS when `effectiveOn` is before the "
    "day the current values or department hold from."
)
END_PROJECT = (
    "项目完工 (O3): project `id` finished (实际完工日期) on `finishedOn` (not in the future); "
    "overdueProjects no longer counts it from that day. Refused (RULE_VIOLATION, rule O3) for a "
    "project finished already or a day before its start."
)
ADD_BENEFICIARIES = (
    "项目受益户 (O3, P1): the households `householdIds` benefit from project `projectId` from `since` on "
    "(each a dated link, shown in their responsibility chain). Refused (RULE_VIOLATION, rule O3) for a "
    "household linked to it already on that day or later."
)
END_BENEFICIARY = (
    "项目受益结束 (O3): household `householdId` no longer benefits from project `projectId` from `until` "
    "on; the link is kept with its dates. Refused (RULE_VIOLATION, rule O3) when it has no open link or "
    "for a day before the link's start."
)
RECORD_DISBURSEMENT = (
    "资金拨付 (O3, P4): record payment `id` (拨付编号) of `amount` from project `projectId` on `date` (not "
    "in the future) to household `householdId` or to entity `payee` (exactly one), through `channel` "
    "(a renovation subsidy, 危房改造, goes through the 明白卡: CARD). A payment above the budget is "
    f"recorded and shows in projectsOverBudget. {_AMOUNTS} Refused (RULE_VIOLATION, rule O3) for a "
    "拨付编号 recorded already."
)
