"""Petitions (信访, P9): a few per township over as_of's year and the year before, at most one
from the province or above per township in as_of's year (the P9 leader is injected)."""

from __future__ import annotations

from datetime import date

from seeds import codes
from seeds.cadres import leader_on
from seeds.county import County, Petition, Township
from seeds.dates import between, days
from seeds.kit import Kit

LEVELS = ((codes.COUNTY, 60), (codes.CITY, 25), (codes.PROVINCE, 15))
CLAIMS = (
    ("反映低保评定不公", "县民政局"),
    ("反映危房改造补助未到位", "县住建局"),
    ("要求纳入建档立卡贫困户", "县扶贫办"),
    ("反映帮扶干部走访不到位", "县扶贫办"),
    ("反映产业奖补资金发放问题", "县农业农村局"),
    ("反映住院报销比例偏低", "县医疗保障局"),
    ("反映饮用水不安全", "县水利局"),
    ("反映子女助学资助未落实", "县教育局"),
)
REPLIES = (
    "经调查核实，诉求属实，已督促落实到位并答复信访人",
    "经调查核实，相关政策已落实，已向信访人解释答复",
    "经调查核实，诉求部分属实，已责成相关单位整改",
)


def build_petitions(kit: Kit, county: County) -> None:
    year = kit.as_of.year
    for township in county.townships:
        households = sum(len(v.households) for v in township.villages)
        province_this_year = 0
        for _ in range(kit.rng.randint(2, 4) + households // 700):
            day = between(kit.rng, date(year - 1, 1, 1), kit.as_of)
            level = kit.weighted(LEVELS)
            if level == codes.PROVINCE and day.year == year:
                if province_this_year >= 1:
                    level = codes.CITY
                province_this_year += 1
            add_petition(kit, county, township, day, level)


def add_petition(kit: Kit, county: County, township: Township, day: date, level: str) -> None:
    rng = kit.rng
    village = rng.choice(township.villages)
    household = rng.choice(village.households) if kit.chance(0.8) else None
    claim, department = rng.choice(CLAIMS)
    # P9: province cases go to the township's county leader, others to its Party secretary.
    duty = codes.COUNTY_LEADER_DUTY if level == codes.PROVINCE else codes.SECRETARY_DUTY
    leader = leader_on(county, township.code, duty, day) or leader_on(county, township.code, duty, kit.as_of)
    closed = between(rng, day + days(10), min(day + days(40), kit.as_of))
    done = day <= kit.as_of - days(30)
    county.petitions.append(
        Petition(
            case_no="",
            registered_on=day,
            level=level,
            township=township,
            village=village,
            household=household,
            claim=claim,
            assigned_unit=township.government.name if level == codes.COUNTY else department,
            leader_name=leader.name if leader else "",
            closed_on=closed if done else None,
            reply=rng.choice(REPLIES) if done else "",
        )
    )


def number_petitions(county: County) -> None:
    """案件编号 XF<year><seq>, in order of registration."""
    county.petitions.sort(key=lambda p: (p.registered_on, p.township.code))
    seq: dict[int, int] = {}
    for petition in county.petitions:
        year = petition.registered_on.year
        seq[year] = seq.get(year, 0) + 1
        petition.case_no = f"XF{year}{seq[year]:04d}"
