"""Policy benefits (政策享受, P1–P7, P10) in the year before as_of and as_of's own year.

Every insured person's premium is subsidised (健康), the severely disabled's premiums paid (代缴);
every student gets the aid due (教育, P2); households with labour get industry support (产业, P1);
P1, P2 aid and P6's are paid in both years: the year before's on a drawn day, as_of's own on its
usual day (`_this_year`) when that is by as_of, so that asking either year finds only the
violations injected (seeds/violations/policies.py takes a chosen one's support of both years);
migrant workers the travel subsidy (就业, P7); 低保/特困 households and disabled people their
allowances (综合保障, P6); a few houses renovated (住房, P4) and water connections (饮水, P5);
loans their interest subsidy (金融).
"""

from __future__ import annotations

import zlib
from datetime import date

from seeds import codes
from seeds.county import Benefit, County, Household, Person
from seeds.dates import between, days
from seeds.kit import Kit

STUDENT_AID = {
    "学前教育": ("学前教育资助", 1000),
    "小学": ("义务教育家庭经济困难学生生活补助", 1000),
    "七年级": ("义务教育家庭经济困难学生生活补助", 1250),
    "八年级": ("义务教育家庭经济困难学生生活补助", 1250),
    "九年级": ("义务教育家庭经济困难学生生活补助", 1250),
    "普通高中一年级": ("普通高中国家助学金", 2000),
    "普通高中二年级": ("普通高中国家助学金", 2000),
    "普通高中三年级": ("普通高中国家助学金", 2000),
    "中职": ("中职国家助学金", 2000),
    "高职高专": ("雨露计划职业教育补助", 3000),
    "本科": ("大学新生入学资助", 5000),
}
WORKING = ("普通劳动力", "技能劳动力")
# P6: 残疾等级 of a disabled person by its digest (no draw of the kit's generator): a fifth 一级, a
# fifth 二级 (severe: their premiums are paid for them, 代缴), the rest 三级 and 四级.
GRADES = ("一级", "一级", "二级", "二级", "三级", "三级", "三级", "四级", "四级", "四级")
SEVERE = ("一级", "二级")
PREMIUMS = "重度残疾人城乡居民医保和养老保险代缴"


def disability_grade(person: Person) -> str:
    """The person's 残疾等级, "" when not disabled."""
    if codes.DISABLED not in person.health:
        return ""
    return GRADES[zlib.crc32(person.id_number.encode()) % len(GRADES)]


# As_of's own year's payments, by when in the year each falls: 困难残疾人生活补贴 quarterly from January,
# premiums paid for the severely disabled (代缴) in March, the spring term's student aid in March and
# April, industry support (产业发展奖补) in April and May.
_THIS_YEAR = {"subsidy": (1, 10, 20), "premiums": (3, 15, 0), "aid": (3, 1, 45), "industry": (4, 1, 45)}


def _this_year(kind: str, key: str, as_of: date) -> date | None:
    """The day of as_of's year a payment of `kind` to `key` falls, spread by the key's digest (no draw
    of the kit's generator, so the rest of the county stays as it was); None when after as_of."""
    month, day, spread = _THIS_YEAR[kind]
    paid = date(as_of.year, month, day) + days(zlib.crc32(f"{kind}:{key}".encode()) % (spread + 1))
    return paid if paid <= as_of else None


def build_benefits(kit: Kit, county: County) -> None:
    rng = kit.rng
    year = kit.as_of.year
    january = (date(year, 1, 2), date(year, 1, 25))
    autumn = (date(year - 1, 9, 10), date(year - 1, 9, 30))
    last_year = (date(year - 1, 3, 1), date(year - 1, 11, 30))
    dept = codes.DEPARTMENTS
    for household in county.households:
        add = _Adder(county, household)
        for person in household.persons:
            if person.medical_insurance:
                add(person, "健康", "城乡居民医保个人缴费资助", 220, between(rng, *january))
            if person.schooling in STUDENT_AID:
                project, amount = STUDENT_AID[person.schooling]
                add(person, "教育", project, amount, between(rng, *autumn), dept["教育"])
                if spring := _this_year("aid", person.id_number, kit.as_of):
                    add(person, "教育", project, amount, spring, dept["教育"])
            if person.labour in WORKING and person.migrant_months >= 3:
                day = between(rng, *last_year)
                add(person, "就业", "外出务工交通补助", rng.choice((200, 300, 500)), day)
            if codes.DISABLED in person.health:
                day = between(rng, *last_year)
                add(person, "综合保障", "困难残疾人生活补贴", 840, day, codes.DISABLED_FEDERATION)
                if quarter := _this_year("subsidy", person.id_number, kit.as_of):
                    add(person, "综合保障", "困难残疾人生活补贴", 210, quarter, codes.DISABLED_FEDERATION)
            if disability_grade(person) in SEVERE:  # a fixed day: no draw of the generator
                add(person, "健康", PREMIUMS, 630, date(year - 1, 3, 15))
                if paid := _this_year("premiums", person.id_number, kit.as_of):
                    add(person, "健康", PREMIUMS, 630, paid)
        if any(p.labour in WORKING for p in household.persons):
            amount = rng.choice((1000, 1500, 2000, 3000))
            add(None, "产业", "产业发展奖补", amount, between(rng, *last_year))
            if spring := _this_year("industry", household.id, kit.as_of):
                add(None, "产业", "产业发展奖补", amount, spring)
            if kit.chance(0.3):
                add(None, "产业", "农业保险保费补贴", rng.randint(40, 200), between(rng, *last_year))
        if household.attribute == codes.DIBAO:
            amount = 3240 * len(household.persons)
            add(None, "综合保障", "农村低保金", amount, between(rng, *last_year))
        if household.attribute == codes.TEKUN:
            amount = 5400 * len(household.persons)
            add(None, "综合保障", "特困人员供养金", amount, between(rng, *last_year))
        if kit.chance(0.08):
            day = between(rng, date(2017, 3, 1), date(2019, 6, 30))
            add(None, "住房", "农村危房改造补助", rng.choice((15000, 20000, 35000)), day)
        if kit.chance(0.05):
            day = between(rng, date(2017, 3, 1), date(2019, 6, 30))
            add(None, "饮水", "安全饮水巩固提升入户补助", rng.randint(5, 15) * 100, day)


class _Adder:
    """Appends one household's benefits; the department defaults to the area's lead."""

    def __init__(self, county: County, household: Household) -> None:
        self.county, self.household = county, household

    def __call__(
        self,
        person: Person | None,
        area: str,
        project: str,
        amount: int,
        day: date,
        department: str | None = None,
    ) -> None:
        department = department or codes.DEPARTMENTS[area]
        benefit = Benefit(self.household, person, area, project, amount, day, department)
        self.county.benefits.append(benefit)
