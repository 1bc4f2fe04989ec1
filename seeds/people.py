"""Registered poor households (户花名册) and their members (人口花名册).

Cards: about 10 % RED (未脱贫); of the others, a household not on 低保 is YELLOW two times in
nine and GREEN otherwise, a 低保 household (低保贫困户) always YELLOW: its income is not above the
低保 standard, below the GREEN line (P6 两线融合); about 40 % YELLOW and 50 % GREEN in all, with
incomes that agree (S2). A household out of poverty has an income above the poverty line of as_of's
year (S5's 一超过); every member of a 低保 household is on 低保, of a 特困 one 特困 (S5's 两不愁).
Every member is insured, examined and has a family doctor (P3); every child of 6–15 is at
school (P2); houses are graded A or B (P4) and water is safe (P5): violations are injected
later, on purpose, by `seeds.violations`.
"""

from __future__ import annotations

from datetime import date

from core.settings import Thresholds
from graph.coverage.params import poverty_line
from seeds import codes
from seeds.county import Household, Person, Village
from seeds.dates import age_on, between, birth_for_age
from seeds.kit import Kit

GRADES = ("一", "二", "三")
DIBAO_STANDARD = Thresholds().dibao_standard  # P6 两线融合: a 低保 household's income is not above it


def build_people(kit: Kit, villages: list[Village]) -> None:
    for village in villages:
        for index, size in enumerate(village.planned_sizes):
            village.households.append(_household(kit, village, index, size))


def _household(kit: Kit, village: Village, index: int, size: int) -> Household:
    rng = kit.rng
    if size == 1:
        attribute = kit.weighted(((codes.TEKUN, 40), (codes.DIBAO, 30), (codes.ORDINARY, 30)))
    elif size == 2:
        attribute = kit.weighted(((codes.TEKUN, 10), (codes.DIBAO, 35), (codes.ORDINARY, 55)))
    else:
        attribute = kit.weighted(((codes.DIBAO, 30), (codes.ORDINARY, 70)))
    draw = rng.random()
    if draw < 0.10:
        card, status, income = codes.RED, codes.NOT_OUT, codes.RED_INCOME
    elif draw < 0.30 or attribute == codes.DIBAO:
        card, status, income = codes.YELLOW, codes.OUT, yellow_income(kit.as_of, attribute)
    else:
        card, status, income = codes.GREEN, codes.OUT, codes.GREEN_INCOME
    if kit.chance(0.85):
        identified = between(rng, date(2014, 4, 1), date(2014, 10, 31))
    else:
        identified = between(rng, date(2015, 3, 1), date(2017, 6, 30))
    main = kit.weighted(codes.CAUSES)
    if attribute == codes.TEKUN:
        main = rng.choice(("缺劳力", "因残", "因病"))
    others = [c for c, _ in codes.CAUSES if c != main]
    household = Household(
        id=f"{village.code}{index + 1:04d}",
        village=village,
        hamlet=f"{rng.randint(1, 12)}组",
        attribute=attribute,
        status=status,
        card=card,
        income=rng.randint(*income),
        identified_on=identified,
        main_cause=main,
        other_causes=rng.sample(others, kit.weighted(((0, 50), (1, 35), (2, 15)))),
        exit_year=None
        if status == codes.NOT_OUT
        else rng.randint(max(2015, identified.year + 1), min(2019, kit.as_of.year - 1)),
        house_grade=rng.choice("AAB"),
        note=kit.weighted((("", 95), ("易地扶贫搬迁户", 2), ("外出务工户", 3))),
    )
    family_name = kit.names.surname()
    for i, (relation, age, male, same_surname) in enumerate(_family(kit, size)):
        surname = family_name if i == 0 or same_surname else None
        household.persons.append(_person(kit, household, i, relation, age, male, surname))
    _health(kit, household)
    for person in household.persons:
        _labour(kit, person)
    return household


def yellow_income(as_of: date, attribute: str) -> tuple[int, int]:
    """A YELLOW household's income range: out of poverty, so above the poverty line of as_of's year
    (S5), below the low-income line (S2) and, for a 低保 household, not above the 低保 standard (P6)."""
    low, high = codes.YELLOW_INCOME
    if attribute == codes.DIBAO:
        high = min(high, DIBAO_STANDARD)
    return max(low, poverty_line(as_of) + 1), high


def _family(kit: Kit, size: int) -> list[tuple[str, int, bool, bool]]:
    """(relation, age at as_of, male, shares the head's surname) for each member."""
    rng = kit.rng
    if size == 1:
        return [("户主", rng.randint(45, 88), kit.chance(0.6), False)]
    head_age = rng.randint(28, 78)
    head_male = kit.chance(0.85)
    members = [("户主", head_age, head_male, False)]
    if kit.chance(0.82):
        spouse = max(22, min(90, head_age + rng.randint(-5, 3)))
        members.append(("配偶", spouse, not head_male, False))
    if head_age >= 55 and len(members) < size:
        son = max(20, head_age - rng.randint(22, 32))
        members.append(("之子", son, True, True))
        if len(members) < size and kit.chance(0.7):
            members.append(("之儿媳", max(20, son + rng.randint(-4, 3)), False, False))
        while len(members) < size:
            male = kit.chance(0.5)
            age = rng.randint(0, max(0, son - 20))
            members.append(("之孙子" if male else "之孙女", age, male, True))
    else:
        if len(members) < size and head_age < 50 and kit.chance(0.35):
            male = kit.chance(0.4)
            age = min(95, head_age + rng.randint(22, 32))
            members.append(("之父" if male else "之母", age, male, male))
        while len(members) < size:
            male = kit.chance(0.52)
            age = rng.randint(0, max(0, head_age - 20))
            members.append(("之子" if male else "之女", age, male, True))
    return members


def _person(
    kit: Kit,
    household: Household,
    index: int,
    relation: str,
    age: int,
    male: bool,
    surname: str | None,
) -> Person:
    rng = kit.rng
    birth = birth_for_age(rng, age, kit.as_of)
    education, schooling = _schooling(kit, age)
    adult = age >= 16 and not schooling
    person = Person(
        household=household,
        no=f"{household.id}-{index + 1:02d}",
        name=kit.names.full(male, surname),
        male=male,
        birth=birth,
        id_number=kit.ids.issue(birth, male),
        relation=relation,
        ethnicity=kit.weighted(codes.ETHNICITIES),
        education=education,
        schooling=schooling,
        health=[codes.CHRONIC] if age >= 60 and kit.chance(0.3) else [codes.HEALTHY],
        dibao=household.attribute == codes.DIBAO,
        tekun=household.attribute == codes.TEKUN,
        pension_insurance=adult,
    )
    if index == 0 or (adult and age <= 60 and kit.chance(0.25)):
        person.phone = kit.phones.issue()
    return person


def _schooling(kit: Kit, age: int) -> tuple[str, str]:
    """(文化程度, 在校生状况): a person has one or the other, never both (rosters.md); every
    child of 6–15 is at school (P2)."""
    rng = kit.rng
    if age < 3:
        return "", ""
    if age <= 5:
        return "", "学前教育"
    if age <= 11:
        return "", "小学"
    if age <= 14:
        return "", ("七年级", "八年级", "九年级")[age - 12]
    if age == 15:
        return "", rng.choice(("九年级", "普通高中一年级"))
    if age <= 18:
        draw = rng.random()
        if draw < 0.6:
            return "", f"普通高中{GRADES[min(age - 16, 2)]}年级"
        return ("", "中职") if draw < 0.85 else ("初中", "")
    if age <= 22 and kit.chance(0.3):
        return "", rng.choice(("高职高专", "本科"))
    if age >= 65:
        weights = (35, 45, 20, 0, 0, 0)
    elif age >= 45:
        weights = (10, 35, 45, 10, 0, 0)
    else:
        weights = (0, 10, 50, 25, 10, 5)
    return rng.choices(codes.EDUCATION_LEVELS, weights)[0], ""


def _health(kit: Kit, household: Household) -> None:
    """The main cause shows in a member: 因病 → ill head or spouse, 因残 → disabled one."""
    if household.main_cause not in ("因病", "因残"):
        return
    adults = [p for p in household.persons[:2] if p.relation in ("户主", "配偶")]
    person = kit.rng.choice(adults)
    if household.main_cause == "因病":
        person.health = [codes.SERIOUS if kit.chance(0.4) else codes.CHRONIC]
    else:
        person.health = [codes.DISABLED]
        person.disability = kit.rng.choice(codes.DISABILITIES)


def _labour(kit: Kit, person: Person) -> None:
    rng = kit.rng
    age = age_on(person.birth, kit.as_of)
    if person.schooling or age < 16:
        person.labour = "无劳动力"
    elif codes.SERIOUS in person.health or codes.DISABLED in person.health:
        person.labour = rng.choice(("丧失劳动力", "弱劳动力或半劳动力"))
    elif age >= 70:
        person.labour = "丧失劳动力"
    elif age >= 60 or codes.CHRONIC in person.health:
        person.labour = "弱劳动力或半劳动力"
    else:
        person.labour = "技能劳动力" if kit.chance(0.25) else "普通劳动力"
        person.migrant_months = kit.weighted(((rng.randint(6, 12), 60), (rng.randint(1, 5), 25), (0, 15)))
