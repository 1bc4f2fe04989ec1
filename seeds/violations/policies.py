"""Policy-area violations judged on benefits (P1: 户编号; P2 aid, P6: 证件号码), injected once the
benefits are laid out: the support had in the year before as_of and in as_of's own is taken away
(seeds/benefits.py pays it in both; the rules may be asked either year); and W12's low satisfaction
(证件号码 of the cadre), on the visits' ratings."""

from __future__ import annotations

from seeds import codes
from seeds.benefits import PREMIUMS, SEVERE, STUDENT_AID, WORKING, disability_grade
from seeds.county import Visit
from seeds.violations.picker import Picker


def p1(p: Picker) -> None:
    """RED or YELLOW households with a member able to work lose their industry and
    agricultural-insurance support (产业)."""
    pool = [
        h
        for h in p.free_households()
        if h.card in (codes.RED, codes.YELLOW) and any(x.labour in WORKING for x in h.persons)
    ]
    chosen = {h.id for h in p.take_households(p.pick(pool, p.n()))}
    p.county.benefits = [b for b in p.county.benefits if not (b.household.id in chosen and b.area == "产业")]
    p.record("P1", sorted(chosen))


def p2_aid(p: Picker) -> None:
    """A pupil or student of a household loses the year's education aid (教育; key 证件号码)."""
    pool = [h for h in p.free_households() if any(x.schooling in STUDENT_AID for x in h.persons)]
    chosen = [
        next(x for x in h.persons if x.schooling in STUDENT_AID)
        for h in p.take_households(p.pick(pool, p.n()))
    ]
    _drop(p, {id(x) for x in chosen}, "教育")
    p.record("P2-aid", [x.id_number for x in chosen])


def p6(p: Picker) -> None:
    """A disabled person loses the year's 困难残疾人生活补贴 (综合保障; key 证件号码)."""
    pool = [h for h in p.free_households() if any(codes.DISABLED in x.health for x in h.persons)]
    chosen = [
        next(x for x in h.persons if codes.DISABLED in x.health)
        for h in p.take_households(p.pick(pool, p.n()))
    ]
    _drop(p, {id(x) for x in chosen}, "综合保障")
    p.record("P6", [x.id_number for x in chosen])


def p6_premiums(p: Picker) -> None:
    """A severely disabled person (残疾等级 一级, 二级) whose premiums were not paid (代缴) in the year
    before as_of (key 证件号码)."""
    pool = [h for h in p.free_households() if any(disability_grade(x) in SEVERE for x in h.persons)]
    chosen = [
        next(x for x in h.persons if disability_grade(x) in SEVERE)
        for h in p.take_households(p.pick(pool, p.n()))
    ]
    persons = {id(x) for x in chosen}
    p.county.benefits = [
        b
        for b in p.county.benefits
        if not (b.person is not None and id(b.person) in persons and b.project == PREMIUMS)
    ]
    p.record("P6-premiums", [x.id_number for x in chosen])


def w12_satisfaction(p: Picker) -> None:
    """Cadres whose home visits of as_of's year the households rate 不满意, every one (key: the
    cadre's 证件号码): W12's low satisfaction."""
    first = p.as_of.replace(month=1, day=1)
    rated: dict[str, list[Visit]] = {}
    for visit in p.county.visits:
        if visit.satisfaction and first <= visit.date <= p.as_of:
            rated.setdefault(visit.cadre.id_number, []).append(visit)
    chosen = p.pick(sorted(rated), p.n())
    for number in chosen:
        for visit in rated[number]:
            visit.satisfaction = codes.DISSATISFIED
    p.record("W12-satisfaction", sorted(chosen))


def _drop(p: Picker, persons: set[int], area: str) -> None:
    """Removes the benefits of `area` the persons (by object id) received themselves."""
    p.county.benefits = [
        b
        for b in p.county.benefits
        if not (b.person is not None and id(b.person) in persons and b.area == area)
    ]
