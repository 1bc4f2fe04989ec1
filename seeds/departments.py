"""Department lists of the synthetic county (docs/compare.md), each agreeing with the rosters but
for a few discrepancies put in on purpose and listed in the manifest (`departments`): the suspects
`fupin compare` must find, by file and kind, each subject as `<户编号>/<人口编号>` (a person),
`<户编号>` (a house) or, for a person not registered, `id:<证件号码>`.

Every list states its day in a title row, and carries rows that must raise nothing: a number
written with a lower-case x or full-width digits, an old 15-digit number, a row of another county.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

from seeds.county import County, Person
from seeds.idnumbers import COUNTY_CODE, check_digit
from seeds.write import write_csv, write_xlsx

OTHER_COUNTY = "110101"
Found = dict[str, list[str]]


def subject(person: Person) -> str:
    return f"{person.household.id}/{person.no}"


def _number(prefix: str, birth: date, seq: int) -> str:
    first17 = f"{prefix}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def _full_width(number: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c.lower() for c in number)


def _written(person: Person, index: int) -> str:
    """The person's number as departments write it: every 7th in full-width digits with a
    lower-case x, every 11th in its old 15-digit form (born in the 1900s)."""
    number = person.id_number
    if index % 11 == 0 and number[6:8] == "19":
        return number[:6] + number[8:17]
    if index % 7 == 0:
        return _full_width(number)
    return number


class _Lists:
    def __init__(self, county: County, seed: int) -> None:
        self.county = county
        self.rng = Random(seed * 31 + 19)
        self.people = [p for h in county.households for p in h.persons]
        self.day = county.as_of
        self.found: dict[str, Found] = {}

    def pick(self, keep: Callable[[Person], bool], count: int) -> list[Person]:
        return self.sample([p for p in self.people if keep(p)], count)

    def sample(self, chosen: list[Person], count: int) -> list[Person]:
        """`count` of `chosen` (all of them when fewer)."""
        return self.rng.sample(chosen, min(count, len(chosen)))

    def stranger(self, prefix: str, seq: int) -> str:
        return _number(prefix, date(1958, 3, 14), seq)

    def medical(self) -> tuple[list[str], list[list[object]], Found]:
        dropped = self.pick(lambda p: p.medical_insurance, 2)
        added = self.pick(lambda p: not p.medical_insurance, 1)
        listed = [p for p in self.people if (p.medical_insurance and p not in dropped) or p in added]
        rows: list[list[object]] = [
            [p.name, _written(p, i), "基本医保", self.day.year] for i, p in enumerate(listed, 1)
        ]
        rows.append(["外县人", self.stranger(OTHER_COUNTY, 991), "基本医保", self.day.year])
        found = {"MEDICAL_INSURANCE": [subject(p) for p in dropped + added]}
        return ["姓名", "证件号码", "参保类型", "参保年度"], rows, found

    def relief(self) -> tuple[list[str], list[list[object]], Found]:
        dropped = self.pick(lambda p: p.dibao, 1)
        since = date(self.day.year - 1, 1, 1)
        kept = [(p, "低保") for p in self.people if p.dibao and p not in dropped]
        kept += [(p, "特困") for p in self.people if p.tekun]
        rows: list[list[object]] = [
            [_written(p, i), p.name, kind, since, ""] for i, (p, kind) in enumerate(kept, 1)
        ]
        village = self.county.villages[0]
        missed = self.stranger(COUNTY_CODE, 997)
        rows.append([missed, "未登记人", "低保", since, ""])
        rows.append([self.stranger(OTHER_COUNTY, 993), "外县人", "特困", since, ""])
        rows.append(
            [self.stranger(COUNTY_CODE, 995), "已退保人", "低保", since, self.day - timedelta(days=40)]
        )
        found = {"DIBAO": [subject(p) for p in dropped], "MISSED_POOR": [f"id:{missed}"]}
        self.region = {missed: village.code}
        header = ["证件号码", "姓名", "类别", "起始日期", "终止日期"]
        return [*header, "行政区划代码"], [[*row, self.region.get(str(row[0]), "")] for row in rows], found

    def registry(self) -> tuple[list[str], list[list[object]], Found]:
        dead = self.pick(lambda p: p.relation != "户主", 1)
        rows: list[list[object]] = [
            [p.name, p.id_number, "死亡", self.day - timedelta(days=30)] for p in dead
        ]
        rows.append(["外县人", self.stranger(OTHER_COUNTY, 995), "迁出", self.day - timedelta(days=10)])
        return ["姓名", "证件号码", "变动类型", "变动日期"], rows, {"DEAD": [subject(p) for p in dead]}

    def houses(self) -> tuple[list[str], list[list[object]], Found]:
        """Every house graded B–D at its grade (by 户编号, every other by the head's number), one
        A house assessed D and one dangerous house assessed B."""
        on = self.day - timedelta(days=60)
        homes = self.county.households
        # A small county may have no house of a kind: its discrepancy is then left out.
        sound = [h for h in homes if not h.dangerous_house and h.house_grade == "A"]
        dangerous = [h for h in homes if h.dangerous_house]
        worse = self.rng.choice(sound) if sound else None
        better = self.rng.choice(dangerous) if dangerous else None
        rows: list[list[object]] = []
        for i, home in enumerate(homes):
            grade = "D" if home is worse else "B" if home is better else home.house_grade
            if grade != "A":
                keys = [home.id, ""] if i % 2 else ["", home.head.id_number]
                rows.append([*keys, f"{grade}级", on])
        rows.append(["", self.stranger(OTHER_COUNTY, 999), "D级", on])
        found = {"HOUSE_GRADE": sorted(h.id for h in (worse, better) if h is not None)}
        return ["户编号", "户主证件号码", "鉴定等级", "鉴定日期"], rows, found

    def disabled(self) -> tuple[list[str], list[list[object]], Found]:
        """Every registered disabled person under its category, one more registered person as 肢体残疾,
        and a severely disabled person not registered."""
        extra = self.pick(lambda p: not p.disability, 1)
        rows: list[list[object]] = [
            [p.id_number, p.name, p.disability or "肢体残疾", "三级"]
            for p in self.people
            if p.disability or p in extra
        ]
        missed = self.stranger(COUNTY_CODE, 993)
        rows.append([missed, "未登记人", "视力残疾", "一级"])
        rows.append([self.stranger(OTHER_COUNTY, 997), "外县人", "视力残疾", "一级"])
        found = {"DISABILITY": [subject(p) for p in extra], "MISSED_POOR": [f"id:{missed}"]}
        return ["证件号码", "姓名", "残疾类别", "残疾等级"], rows, found

    def exams(self) -> tuple[list[str], list[list[object]], Found]:
        """卫健's exams of the year: every person the register has examined, one examined left off,
        one not examined listed."""
        dropped = self.pick(lambda p: p.physical_exam, 1)
        added = self.pick(lambda p: not p.physical_exam, 1)
        listed = [p for p in self.people if (p.physical_exam and p not in dropped) or p in added]
        on = max(date(self.day.year, 1, 1), self.day - timedelta(days=20))
        rows: list[list[object]] = [[_written(p, i), p.name, on] for i, p in enumerate(listed, 1)]
        rows.append([self.stranger(OTHER_COUNTY, 981), "外县人", on])
        found = {"PHYSICAL_EXAM": [subject(p) for p in dropped + added]}
        return ["证件号码", "姓名", "体检日期"], rows, found

    def doctors(self) -> tuple[list[str], list[list[object]], Found]:
        """卫健's contracts: every person the register has signed, one signed left off, one not signed
        listed; one more not signed under a contract that ended before the day (raising nothing)."""
        dropped = self.pick(lambda p: p.family_doctor, 1)
        unsigned = self.pick(lambda p: not p.family_doctor, 2)
        added, ended = unsigned[:1], unsigned[1:]
        since = date(self.day.year - 1, 3, 1)
        rows: list[list[object]] = [
            [_written(p, i), p.name, since, ""]
            for i, p in enumerate(self.people, 1)
            if (p.family_doctor and p not in dropped) or p in added
        ]
        rows += [[p.id_number, p.name, since, self.day - timedelta(days=15)] for p in ended]
        rows.append([self.stranger(OTHER_COUNTY, 983), "外县人", since, ""])
        found = {"FAMILY_DOCTOR": [subject(p) for p in dropped + added]}
        return ["证件号码", "姓名", "签约日期", "到期日期"], rows, found

    def school_age(self, person: Person) -> bool:
        """Of compulsory-school age (6–15 completed years) on the list's day, as the comparison counts."""
        day, birth = self.day, person.birth
        years = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
        return 6 <= years <= 15

    def at_school(self, person: Person) -> bool:
        """Of compulsory-school age and registered at school."""
        return self.school_age(person) and bool(person.schooling)

    def grade(self, person: Person) -> str:
        """学籍's 年级 of a person at school: 一至六年级 for 小学, else the register's 在校生状况."""
        if person.schooling != "小学":
            return person.schooling
        return _PRIMARY[max(0, min(5, self.day.year - person.birth.year - 6))]

    def pupils(self) -> tuple[list[str], list[list[object]], Found]:
        """教育's 学籍: every school-age person registered at school, one left off; one registered out
        of school listed (when the county has one)."""
        at_school = [p for p in self.people if self.at_school(p)]
        missing = self.sample(at_school, 1)
        enrolled = self.pick(lambda p: self.school_age(p) and not p.schooling, 1)
        rows: list[list[object]] = [
            [_written(p, i), p.name, f"{p.household.village.name}学校", self.grade(p)]
            for i, p in enumerate(at_school, 1)
            if p not in missing
        ]
        rows += [[p.id_number, p.name, "县第一中学", "八年级"] for p in enrolled]
        rows.append([self.stranger(OTHER_COUNTY, 985), "外县人", "外县小学", "三年级"])
        found = {"NOT_ENROLLED": [subject(p) for p in missing], "ENROLLED": [subject(p) for p in enrolled]}
        return ["证件号码", "姓名", "学校", "年级"], rows, {k: v for k, v in found.items() if v}

    def aid(self) -> tuple[list[str], list[list[object]], Found]:
        """教育's 学生资助: every school-age person registered at school but one."""
        at_school = [p for p in self.people if self.at_school(p)]
        missing = self.sample(at_school, 1)
        rows: list[list[object]] = [
            [_written(p, i), p.name, "义务教育家庭经济困难学生生活补助", 1000]
            for i, p in enumerate(at_school, 1)
            if p not in missing
        ]
        rows.append([self.stranger(OTHER_COUNTY, 987), "外县人", "义务教育家庭经济困难学生生活补助", 1000])
        return (
            ["证件号码", "姓名", "资助项目", "资助金额(元)"],
            rows,
            {"AID_MISSING": [subject(p) for p in missing]},
        )


# 学籍's 年级 of a pupil of 小学, by age (6 → 一年级).
_PRIMARY = ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级")


FILES = {
    "医保参保名单": "medical",
    "低保特困名单": "relief",
    "死亡迁出名单": "registry",
    "危房鉴定名单": "houses",
    "残疾证名单": "disabled",
    "体检名单": "exams",
    "家庭医生签约名单": "doctors",
    "学籍名单": "pupils",
    "学生资助名单": "aid",
}


def write_departments(county: County, seed: int, out: Path, fmt: str) -> dict[str, Found]:
    """Writes the department lists into `out/departments/`; returns the discrepancies by file."""
    lists = _Lists(county, seed)
    folder = out / "departments"
    folder.mkdir(parents=True, exist_ok=True)
    title = (f"数据日期：{county.as_of.isoformat()}",)
    stamp = datetime(county.as_of.year, county.as_of.month, county.as_of.day)
    found: dict[str, Found] = {}
    for name, method in FILES.items():
        headers, rows, discrepancies = getattr(lists, method)()
        path = folder / f"{name}.{fmt}"
        body = [headers, *rows]
        if fmt == "csv":
            write_csv(path, title, body)
        else:
            write_xlsx(path, title, body, stamp)
        found[f"departments/{path.name}"] = discrepancies
    return found
