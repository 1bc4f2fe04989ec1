"""Chooses the entities to break, each at most once, and records what was broken."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from seeds import codes
from seeds.county import County, Household, Team, Village
from seeds.kit import Kit

T = TypeVar("T")

P3_FLAGS = (
    "是否参加城乡居民基本医疗保险",
    "是否参加大病保险",
    "本年度是否体检",
    "是否签约家庭医生",
)

NOTES = {
    "S2": "key 户编号: card mismatch, alternately a GREEN card with income 4,000–4,700 (< 4,827) "
    "and a RED card with status 已脱贫 and income above the low-income line",
    "S5": "key 户编号: a YELLOW household out of poverty (已脱贫) whose income is 0–400 below or at the "
    "poverty line of as_of's year (wronglyExited: INCOME)",
    "P6-dibao": "key 户编号: a 低保 household out of poverty (YELLOW) whose income is above the 低保 "
    "standard (dibaoContradictions: INCOME_ABOVE_STANDARD)",
    "S4": "key 备案编号: a verified report whose last 反馈部门 is missing from 已落实措施部门",
    "W1": "key 村代码: a poverty village whose county team keeps only its first secretary and "
    "one member (2 < 3); the other members' rows were never written",
    "W2": "key 村代码: a non-poor village with >= 115 registered poor people whose team was "
    "dispatched by the township government (派出层级 乡派, leader 队长)",
    "W3": "key 村代码: a non-poor village with < 100 poor people and no team row at all",
    "W4": "key 村代码: a county team whose active leader's 驻村职务 is 队长 (是否第一书记=否)",
    "W6": "key 村代码: a team member (队员) with 驻村结束时间 70–150 days before as_of and no "
    "row of anyone joining after; the team keeps >= 3 (county) or >= 1 (township) members",
    "W7": "key 户编号: the household's only pairing ended (结对结束时间) 1–3 days before as_of "
    "with no successor row; its cadre visited it until then",
    "W8": "key 帮扶责任人证件号码: a cadre with 6 active pairing rows at as_of (other cadres' "
    "rows of the same village moved to them, start dates unchanged)",
    "W9": "key 户编号: a paired household with no visit in the last 70 days (RED card) or 200 "
    "days (YELLOW/GREEN)",
    "W10": "key 证件号码:户编号:走访日期: a visit 20–120 days before as_of with 是否需上报=是 "
    "and 解决情况 empty (open problem)",
    "W11": "key 证件号码: a member stationed at as_of, in the village only on Mondays and "
    "Wednesdays since the first day of the month before as_of (< 20 days in any month window)",
    "W12": "key 通知编号: an order whose 整改期限 is 15–45 days before as_of and which has no 整改完成日期",
    "W12-satisfaction": "key 证件号码: a cadre whose rated visits of as_of's year (群众满意度) are all "
    "不满意 (the clean visits are rated 满意 or 基本满意)",
    "P6-premiums": "key 证件号码: a person of 残疾等级 一级 or 二级 whose premiums were not paid (no "
    "benefit naming 代缴) in the year before as_of's nor in as_of's own "
    "(severelyDisabledWithoutPaidPremiums, either year)",
    "P1": "key 户编号: a RED or YELLOW household with a 普通/技能劳动力 member and no 产业 benefit in "
    "the year before as_of's nor in as_of's own (householdsWithoutIndustrySupport, either year)",
    "P2-aid": "key 证件号码: a pupil or student (在校生状况 学前教育 to 本科) with no 教育 benefit of "
    "their own in the year before as_of's nor in as_of's own (studentsWithoutAid, either year)",
    "P6": "key 证件号码: a disabled person (健康状况 残疾) with no 综合保障 benefit naming 残疾人 of their "
    "own in the year before as_of's nor in as_of's own (disabledWithoutSubsidies, either year)",
    "P2": "key 证件号码 (in a household not out of poverty, as P3–P5): a child of 7–14 with 失学或辍学原因 "
    "and no 在校生状况 (health 健康)",
    "P3": "key 证件号码 (household heads): one person each with 否 for " + " / ".join(P3_FLAGS),
    "P4": "key 户编号: 是否危房户=是 with 危房等级 C or D",
    "P5": "key 户编号: 是否解决安全饮用水=否",
    "P9": "key 乡(镇): the only township with the most 省级以上 petitions registered in as_of's "
    "year (2 more than any other township)",
    "P10": "key 乡(镇): overdue loans added so that 逾期金额/贷款余额 exceeds 1 % in this "
    "township while the county-wide rate stays below 1 %",
    "O2": "key 村代码: 扶贫信息员姓名 and 扶贫信息员电话 empty",
    "O3": "key 项目编号 or 拨付编号: a project with no 项目受益户 row (projectsWithoutBeneficiaries), one "
    "paid 1,000 above its budget by one more disbursement (projectsOverBudget), one whose 计划完工日期 "
    "is 10 days or more before as_of and no 实际完工日期 (overdueProjects); 拨付编号 of a 危房改造 "
    "subsidy paid in cash or by transfer instead of the 明白卡 (renovationSubsidiesOffCard)",
}


class Picker:
    def __init__(self, kit: Kit, county: County) -> None:
        self.kit, self.county, self.rng, self.as_of = kit, county, kit.rng, kit.as_of
        self.villages: set[str] = set()
        # Reported (S3) households have a short history: keep them out of injections.
        self.households: set[str] = {r.household.id for r in county.reports}
        self.cadres: set[str] = set()

    def record(self, rule: str, keys: list[str]) -> None:
        self.county.violations[rule] = sorted(keys)
        self.county.notes[rule] = NOTES[rule]

    def n(self) -> int:
        return self.rng.randint(2, 3)

    def pick(self, pool: Sequence[T], n: int) -> list[T]:
        return self.rng.sample(list(pool), max(0, min(n, len(pool))))

    def free_villages(self, *kinds: str) -> list[Village]:
        return [v for v in self.county.villages if v.kind in kinds and v.code not in self.villages]

    def take_villages(self, villages: list[Village]) -> list[Village]:
        self.villages.update(v.code for v in villages)
        return villages

    def free_households(self) -> list[Household]:
        """Untouched households paired with one cadre all along."""
        return [
            h
            for h in self.county.households
            if h.id not in self.households and len(h.pairings) == 1 and h.pairings[0].until is None
        ]

    def take_households(self, households: list[Household]) -> list[Household]:
        self.households.update(h.id for h in households)
        return households

    def county_teams(self, *kinds: str) -> list[Team]:
        return [
            v.team
            for v in self.free_villages(*(kinds or ("poor", "big")))
            if v.team is not None and v.team.level == codes.COUNTY_LEVEL
        ]
