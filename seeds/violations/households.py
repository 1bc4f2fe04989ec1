"""Household, pairing and visit violations: W7–W10, S2, S5, P2–P5, P6 两线融合 (keys: 户编号, W8
证件号码, W10 证件号码:户编号:走访日期, P2/P3 the person's 证件号码). P2–P5 are injected in households
not out of poverty, so that they do not also fail S5's exit criteria."""

from __future__ import annotations

from datetime import date

from graph.coverage.params import poverty_line
from seeds import codes
from seeds.county import Cadre, Household, Pairing, active
from seeds.dates import age_on, days
from seeds.people import DIBAO_STANDARD
from seeds.violations.picker import Picker

LATEST_START = date(2018, 12, 31)  # households paired long enough to have a visit history


def _loads(p: Picker) -> dict[Cadre, list[Pairing]]:
    loads: dict[Cadre, list[Pairing]] = {}
    for pairing in p.county.pairings:
        if active(pairing.since, pairing.until, p.as_of):
            loads.setdefault(pairing.cadre, []).append(pairing)
    return loads


def w8(p: Picker) -> None:
    """Moves pairings of other cadres of the same village to one cadre until it has 6; the
    donors keep at least 3."""

    def untouched(pairings: list[Pairing]) -> bool:
        return all(x.household.id not in p.households and len(x.household.pairings) == 1 for x in pairings)

    clean = {c: ps for c, ps in _loads(p).items() if len(ps) >= 4 and untouched(ps)}
    by_village: dict[str, list[Cadre]] = {}
    for cadre, pairings in clean.items():
        by_village.setdefault(pairings[0].household.village.code, []).append(cadre)
    candidates: list[Cadre] = []
    for cadres in by_village.values():
        busiest = max(cadres, key=lambda c: len(clean[c]))
        if sum(len(clean[c]) - 3 for c in cadres if c is not busiest) >= 6 - len(clean[busiest]):
            candidates.append(busiest)
    chosen = p.pick(candidates, p.n())
    for cadre in chosen:
        village = clean[cadre][0].household.village.code
        for donor in by_village[village]:
            while donor is not cadre and len(clean[cadre]) < 6 and len(clean[donor]) > 3:
                pairing = clean[donor].pop()
                pairing.cadre = cadre
                clean[cadre].append(pairing)
        assert len(clean[cadre]) == 6
        p.take_households([x.household for x in clean[cadre]])
        p.cadres.add(cadre.id_number)
    p.record("W8", [c.id_number for c in chosen])


def w7(p: Picker) -> None:
    loads = _loads(p)
    pool = [
        h
        for h in p.free_households()
        if len(loads[h.pairings[0].cadre]) >= 4 and h.pairings[0].since <= LATEST_START
    ]
    chosen = p.take_households(p.pick(pool, p.n()))
    # Ended just before as_of: visited until then, so W9 holds whichever way it is read.
    back = max(1, min(3, p.as_of.day - 1))
    for household in chosen:
        household.pairings[0].until = p.as_of - days(back)
    p.record("W7", [h.id for h in chosen])


def _poor(p: Picker) -> list[Household]:
    """Free households not out of poverty: a fault injected there breaks its own rule and not S5's
    exit criteria too (only a household out of poverty is judged by them)."""
    return [h for h in p.free_households() if h.status != codes.OUT]


def s2(p: Picker) -> None:
    chosen = p.take_households(p.pick([h for h in p.free_households() if h.card == codes.GREEN], p.n()))
    for i, household in enumerate(chosen):
        if i % 2 == 0:  # out of poverty all the same: above the year's poverty line (S5)
            household.income = p.rng.randint(max(4000, poverty_line(p.as_of) + 1), 4700)
        else:
            household.card = codes.RED  # visited monthly like any RED card, so W9 holds
    p.record("S2", [h.id for h in chosen])


def p2(p: Picker) -> None:
    def children(h: Household) -> list[int]:
        return [i for i, x in enumerate(h.persons) if 7 <= age_on(x.birth, p.as_of) <= 14 and x.schooling]

    chosen = p.take_households(p.pick([h for h in _poor(p) if children(h)], p.n()))
    keys: list[str] = []
    for household in chosen:
        child = household.persons[children(household)[0]]
        child.schooling = child.education = ""
        child.dropout_reason = p.rng.choice(codes.DROPOUT_REASONS)
        keys.append(child.id_number)
    p.record("P2", keys)


def p3(p: Picker) -> None:
    pool = [h for h in _poor(p) if age_on(h.head.birth, p.as_of) >= 18]
    chosen = p.take_households(p.pick(pool, 4))
    for flag, household in enumerate(chosen):
        head = household.head
        if flag == 0:
            head.medical_insurance = False
        elif flag == 1:
            head.serious_illness_insurance = False
        elif flag == 2:
            head.physical_exam = False
        else:
            head.family_doctor = False
    p.record("P3", [h.head.id_number for h in chosen])


def p4_p5(p: Picker) -> None:
    chosen = p.take_households(p.pick(_poor(p), p.n()))
    for household in chosen:
        household.dangerous_house = True
        household.house_grade = p.rng.choice("CD")
    p.record("P4", [h.id for h in chosen])
    chosen = p.take_households(p.pick(_poor(p), p.n()))
    for household in chosen:
        household.safe_water = False
    p.record("P5", [h.id for h in chosen])


def s5(p: Picker) -> None:
    """错退: YELLOW households out of poverty whose income is not above the poverty line of as_of's
    year (S5's 一超过 fails; the card still agrees with S2: YELLOW is out below the low-income line)."""
    line = poverty_line(p.as_of)
    pool = [h for h in p.free_households() if h.card == codes.YELLOW and h.status == codes.OUT]
    chosen = p.take_households(p.pick(pool, p.n()))
    for household in chosen:
        household.income = p.rng.randint(line - 400, line)
    p.record("S5", [h.id for h in chosen])


def p6_dibao(p: Picker) -> None:
    """两线融合: 低保 households whose income is above the 低保 standard (still out of poverty and
    below the low-income line: no other rule breaks)."""
    pool = [h for h in p.free_households() if h.attribute == codes.DIBAO and h.status == codes.OUT]
    chosen = p.take_households(p.pick(pool, p.n()))
    for household in chosen:
        household.income = p.rng.randint(DIBAO_STANDARD + 1, codes.YELLOW_INCOME[1])
    p.record("P6-dibao", [h.id for h in chosen])


def w9(p: Picker) -> None:
    pool = [h for h in p.free_households() if h.pairings[0].since <= LATEST_START]
    chosen = p.pick([h for h in pool if h.card == codes.RED], 1)
    chosen += p.pick([h for h in pool if h.card != codes.RED], p.n() - len(chosen))
    p.take_households(chosen)
    # Past both the calendar period and the previous one, and past 31/92 days.
    cutoff = {h.id: p.as_of - days(70 if h.card == codes.RED else 200) for h in chosen}
    p.county.visits = [
        v for v in p.county.visits if v.household.id not in cutoff or v.date <= cutoff[v.household.id]
    ]
    p.record("W9", [h.id for h in chosen])


def w10(p: Picker) -> None:
    lo, hi = p.as_of - days(120), p.as_of - days(20)
    free = {h.id for h in p.free_households()}
    pool = [
        v
        for v in p.county.visits
        if v.household.id in free and lo <= v.date <= hi and v.mode == codes.VISIT_MODE
    ]
    n = p.n()
    keys: list[str] = []
    for visit in p.pick(pool, 4 * n):
        if visit.household.id in p.households or len(keys) == n:
            continue
        p.take_households([visit.household])
        visit.findings = p.rng.choice(("房屋漏雨需维修", "患病住院费用无力承担"))
        visit.resolution = ""
        visit.escalate = True
        keys.append(f"{visit.cadre.id_number}:{visit.household.id}:{visit.date.isoformat()}")
    p.record("W10", keys)
