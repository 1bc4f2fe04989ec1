"""Pairings (结对帮扶, W7, W8): every household paired with one cadre since a day in 2016–2018
(or since it was recorded, for 新增), each cadre with 3–5 households of one village. About one
group in ten changed hands: the former cadre's rows end on the day the new cadre's begin."""

from __future__ import annotations

from datetime import date

from seeds import codes
from seeds.cadres import new_cadre
from seeds.county import County, Household, Pairing, Unit, Village
from seeds.dates import between, days
from seeds.kit import Kit

GROUP_SIZES = ((3, 25), (4, 40), (5, 35))
LATEST_START = date(2018, 12, 31)


def build_pairings(kit: Kit, county: County) -> None:
    rng = kit.rng
    for village in county.villages:
        households = list(village.households)
        rng.shuffle(households)
        for group in _groups(kit, households):
            unit = _unit_for(kit, village)
            starts = [_start(kit, h) for h in group]
            cadre = new_cadre(kit, county, unit)
            lo = max(max(starts) + days(200), date(2018, 6, 1))
            hi = kit.as_of - days(120)
            if lo <= hi and kit.chance(0.1):
                handover = between(rng, lo, hi)
                former = new_cadre(kit, county, unit)
                cadre.unit = unit.on(handover)  # a merged unit's successor sends the newcomer
                for household, since in zip(group, starts, strict=True):
                    county.add_pairing(Pairing(household, former, since, handover))
                    county.add_pairing(Pairing(household, cadre, handover))
            else:
                for household, since in zip(group, starts, strict=True):
                    county.add_pairing(Pairing(household, cadre, since))


def _groups(kit: Kit, households: list[Household]) -> list[list[Household]]:
    """Consecutive groups of 3–5 (fewer only when the village has fewer than 3 households)."""
    groups: list[list[Household]] = []
    rest = len(households)
    at = 0
    while rest > 0:
        if rest <= 5:
            size = rest
        else:
            sizes = [s for s, _ in GROUP_SIZES if rest - s >= 3]
            size = kit.weighted([(s, w) for s, w in GROUP_SIZES if s in sizes])
        groups.append(households[at : at + size])
        at += size
        rest -= size
    return groups


def _unit_for(kit: Kit, village: Village) -> Unit:
    """The county team's unit pairs most households of its village; the township's units
    pair the rest (县直单位帮扶的村由帮扶单位落实, 力量不足的由乡镇统筹)."""
    team = village.team
    if team is not None and team.level == codes.COUNTY_LEVEL and kit.chance(0.7):
        return team.unit
    units = village.township.units
    return kit.rng.choice([units[0], units[0], *units])


def _start(kit: Kit, household: Household) -> date:
    if household.identified_on >= date(2018, 6, 1):  # 新增 (S3): paired once recorded
        return household.identified_on + days(kit.rng.randint(0, 7))
    return between(kit.rng, max(date(2016, 1, 1), household.identified_on + days(30)), LATEST_START)
