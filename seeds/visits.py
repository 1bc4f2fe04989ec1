"""Visits (走访记录, W9, W10) over the 18 months before as_of.

Each household's visits are laid out backwards from a last visit within the 10 days before
as_of and in as_of's own month, with gaps of 18–28 days for RED cards and 55–85 days for
YELLOW/GREEN. So every calendar month (RED) or quarter (YELLOW/GREEN) holds a visit, and no
gap exceeds 30 or 90 days, whichever reading of W9 a checker takes. A visit is made by the
cadre paired on that day. Some visits also have a phone call in between (走访方式 电话回访).
"""

from __future__ import annotations

import zlib
from datetime import date

from seeds import codes
from seeds.county import County, Household, Pairing, Visit, active
from seeds.dates import DAY, between, days, month_start
from seeds.kit import Kit

SOLVED_ON_THE_SPOT = (
    ("对低保政策有疑问", "现场解答低保政策"),
    ("慢性病卡办理流程不清楚", "现场讲解办理流程并代为预约"),
    ("家中电线老化", "帮助联系电工当场更换"),
    ("不清楚医疗报销比例", "现场讲解健康扶贫政策"),
    ("子女助学政策不了解", "现场讲解教育资助政策"),
    ("想发展养殖缺技术", "现场联系农技员上门指导"),
)
ESCALATED = (
    ("孩子学费减免未落实", "县教育局"),
    ("住院报销款未到账", "县医疗保障局"),
    ("入户饮水管道破损", "县水利局"),
    ("房屋墙体开裂需鉴定", "县住建局"),
    ("低保金发放延迟", "县民政局"),
    ("产业奖补资金未到位", "县农业农村局"),
    ("务工交通补助未领取", "县人社局"),
)


def build_visits(kit: Kit, county: County) -> None:
    for household in county.households:
        county.visits.extend(_visits(kit, county, household))


def schedule_end(kit: Kit, household: Household) -> date | None:
    """The last day a cadre answered for the household: as_of, or the day before the last
    pairing ended (W7)."""
    if not household.pairings:
        return None
    if any(active(p.since, p.until, kit.as_of) for p in household.pairings):
        return kit.as_of
    return max(p.until for p in household.pairings if p.until is not None) - DAY


def _visits(kit: Kit, county: County, household: Household) -> list[Visit]:
    rng = kit.rng
    end = schedule_end(kit, household)
    if end is None:
        return []
    start = max(county.window_start, min(p.since for p in household.pairings))
    low, high = (18, 28) if household.card == codes.RED else (55, 85)
    last = between(rng, max(end - days(9), min(month_start(kit.as_of), end)), end)
    dates: list[date] = []
    day = last
    while day >= start:
        dates.append(day)
        day -= days(rng.randint(low, high))
    dates.reverse()
    visits: list[Visit] = []
    for i, day in enumerate(dates):
        pairing = _paired(household.pairings, day)
        if pairing is None:
            continue
        visit = Visit(pairing.cadre, household, day, codes.VISIT_MODE, satisfaction=rating(household, day))
        if kit.chance(0.12):
            _problem(kit, visit)
        visits.append(visit)
        if i + 1 < len(dates) and (dates[i + 1] - day).days >= 10 and kit.chance(0.1):
            middle = day + days((dates[i + 1] - day).days // 2)
            caller = _paired(household.pairings, middle)
            if caller is not None:
                visits.append(Visit(caller.cadre, household, middle, codes.PHONE_MODE))
    return visits


def rating(household: Household, day: date) -> str:
    """群众满意度 of a home visit: a third of them rated, 满意 or 基本满意 (W12's rate is met). Drawn
    from a digest, not the kit's generator, so that every other draw of the county stays as it was."""
    digest = zlib.crc32(f"{household.id}:{day.isoformat()}".encode())
    if digest % 3:
        return ""
    return codes.SATISFIED if digest % 10 < 8 else codes.BASIC_SATISFIED


def _paired(pairings: list[Pairing], day: date) -> Pairing | None:
    for pairing in pairings:
        if active(pairing.since, pairing.until, day):
            return pairing
    return None


def _problem(kit: Kit, visit: Visit) -> None:
    """Most problems are solved on the spot; escalated ones (是否需上报=是) are resolved within
    25 days and always before as_of (W10: none open in the clean data)."""
    if visit.date <= kit.as_of - days(30) and kit.chance(0.3):
        problem, department = kit.rng.choice(ESCALATED)
        solved = between(kit.rng, visit.date + days(3), min(visit.date + days(25), kit.as_of))
        visit.findings = problem
        visit.resolution = f"已上报{department}，{solved.isoformat()}解决"
        visit.escalate = True
    else:
        visit.findings, visit.resolution = kit.rng.choice(SOLVED_ON_THE_SPOT)
