"""The project register (项目库, O3, P1, P4): about two projects for every three villages, each
benefiting some of its village's households from its start, paid in a few disbursements that stay
within its budget; a renovation (危房改造) pays each household it benefits a subsidy through the
明白卡, other projects pay their builder or cooperative by transfer. A project due before as_of
was finished by its due day; the others are under way. `seeds.violations.projects` then breaks a
few of them (O3, P4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from seeds.county import County, Household, Village
from seeds.dates import add_months, between, days
from seeds.kit import Kit

# 项目类型 with their weight, 主管部门 (a lead department migrate creates) and names.
KINDS = (("产业", 40), ("基础设施", 25), ("危房改造", 25), ("就业", 10))
DEPARTMENTS = {"产业": "县农业农村局", "基础设施": "县发改局", "危房改造": "县住建局", "就业": "县人社局"}
NAMES = {
    "产业": ("油茶种植基地", "生猪养殖合作社", "稻虾共养", "蔬菜大棚"),
    "基础设施": ("村道硬化", "安全饮水工程", "农田水利", "村级光伏电站"),
    "危房改造": ("农村危房改造",),
    "就业": ("扶贫车间", "公益岗位开发"),
}
FUNDS = ("中央财政专项扶贫资金", "省级财政专项扶贫资金", "县级财政专项扶贫资金", "统筹整合涉农资金")
PAYEES = {"产业": "农民专业合作社", "基础设施": "县建筑工程公司", "就业": "扶贫车间运营公司"}
RENOVATION_SUBSIDY = 20000  # yuan per household (差异化补助)
CARD, TRANSFER = "明白卡", "银行转账"


@dataclass(eq=False)
class Disbursement:
    id: str
    date: date
    amount: int  # yuan
    household: Household | None
    payee: str
    channel: str


@dataclass(eq=False)
class Project:
    id: str
    village: Village
    kind: str
    name: str
    fund: str
    budget: int  # yuan
    start: date
    finish: date
    finished: date | None
    department: str
    households: list[Household] = field(default_factory=list)  # each benefits from `start` on
    disbursements: list[Disbursement] = field(default_factory=list)


def build_projects(kit: Kit, county: County) -> None:
    rng, as_of = kit.rng, kit.as_of
    for village in county.villages:
        for _ in range(rng.choice((0, 1, 1)) + (village.kind == "poor")):
            county.projects.append(_project(kit, county, village, len(county.projects) + 1))
    number = 0
    for project in county.projects:
        for disbursement in project.disbursements:
            number += 1
            disbursement.id = f"BF{as_of.year}{number:05d}"


def _project(kit: Kit, county: County, village: Village, seq: int) -> Project:
    rng, as_of = kit.rng, kit.as_of
    kind = kit.weighted(KINDS)
    start = between(rng, add_months(as_of, -36), as_of - days(30))
    finish = add_months(start, rng.randint(3, 15))
    finished = between(rng, start + days(30), finish) if finish < as_of else None
    households = rng.sample(
        village.households, min(len(village.households), rng.randint(1, 4 if kind == "危房改造" else 8))
    )
    budget = RENOVATION_SUBSIDY * len(households) if kind == "危房改造" else rng.randint(5, 50) * 10000
    name = f"{village.name}{rng.choice(NAMES[kind])}"
    project = Project(
        f"XM{start.year}{seq:04d}", village, kind, name, rng.choice(FUNDS), budget, start, finish, finished,
        DEPARTMENTS[kind], households,
    )  # fmt: skip
    last = min(as_of, finished or as_of)
    if kind == "危房改造":
        for household in households:
            day = between(rng, start, last)
            project.disbursements.append(Disbursement("", day, RENOVATION_SUBSIDY, household, "", CARD))
    else:
        shares = (30, 30, 20)[: rng.randint(1, 3)]
        for share in shares:
            day = between(rng, start, last)
            payee = PAYEES[kind]
            project.disbursements.append(Disbursement("", day, budget * share // 100, None, payee, TRANSFER))
    project.disbursements.sort(key=lambda d: d.date)
    return project
