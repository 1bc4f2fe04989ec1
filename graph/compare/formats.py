"""The departments' lists (docs/compare.md): one `RosterSpec` each, read by the roster loader's
reader (graph/rosters/read.py: title rows, encodings, free column order) and validator.

Every list may carry 出生日期 (for the name-and-birth match of rows without a valid number) and
行政区划代码 (6–12 digits: the county, township or village of the row; a row of another county is
set aside). Property names are those of the register where a list states a register fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.values import Invalid, compact
from graph.compare import ids
from graph.rosters import values as v
from graph.rosters.codes import DISABILITY_GRADE, HOUSE_GRADE, text_list
from graph.rosters.specs import Column, RosterSpec, refs_from

C = Column
ID_HEADERS = ("身份证号码", "公民身份号码", "身份证号", "证件号")
_REGION = re.compile(r"[0-9]{6}(?:[0-9]{3})?(?:[0-9]{3})?")

INSURANCE = text_list("参保类型", ("基本医保", "大病保险"), {
    "城乡居民基本医疗保险": "基本医保", "基本医疗保险": "基本医保", "居民医保": "基本医保",
    "城乡居民大病保险": "大病保险", "大病医疗保险": "大病保险",
})  # fmt: skip
RELIEF = text_list("救助类别", ("低保", "特困"), {
    "最低生活保障": "低保", "农村低保": "低保", "特困供养": "特困", "特困人员": "特困", "五保": "特困",
})  # fmt: skip
REGISTRY_CHANGE = text_list("变动类型", ("死亡", "迁出"), {"户籍迁出": "迁出", "注销(死亡)": "死亡"})


def region(raw: str) -> str:
    """行政区划代码: 6 (county), 9 (township) or 12 (village) digits."""
    value = compact(raw)
    if not _REGION.fullmatch(value):
        raise Invalid("行政区划代码应为 6、9 或 12 位数字")
    return value


def _common() -> tuple[Column, ...]:
    return (
        C("姓名", "name", v.name),
        C("出生日期", "birthDate", v.date_value),
        C("行政区划代码", "region", region, aliases=("区划代码", "所属区划代码", "户籍地区划代码")),
    )


def _person_list(kind: str, name: str, *columns: Column) -> RosterSpec:
    """A list of people: 证件号码 required, then its own columns."""
    number = C("证件号码", "idNumber", ids.folded, True, aliases=ID_HEADERS)
    return RosterSpec(kind, name, (number, *columns, *_common()), refs_from())


MEDICAL = _person_list(
    "medical", "医保参保名单",
    C("参保类型", "insurance", v.coded(INSURANCE), True, aliases=("险种", "险种类型")),
    C("参保年度", "year", v.year),
)  # fmt: skip
EXAMS = _person_list("exams", "体检名单", C("体检日期", "examOn", v.date_value, True))
DOCTORS = _person_list(
    "doctors", "家庭医生签约名单",
    C("签约日期", "signedOn", v.date_value, True),
    C("到期日期", "endsOn", v.date_value, aliases=("解约日期", "签约截止日期")),
)  # fmt: skip
PUPILS = _person_list(
    "pupils",
    "学籍名单",
    C("学校", "school", v.name, True, aliases=("学校名称",)),
    C("年级", "grade", v.name, True),
)
AID = _person_list(
    "aid", "学生资助名单",
    C("资助项目", "aid", v.name, True),
    C("资助金额(元)", "amountFen", v.money, aliases=("资助金额", "金额(元)")),
)  # fmt: skip
RELIEF_LIST = _person_list(
    "relief", "低保特困名单",
    C("类别", "relief", v.coded(RELIEF), True, aliases=("救助类别", "保障类别")),
    C("起始日期", "since", v.date_value, True, aliases=("开始日期", "享受起始日期")),
    C("终止日期", "until", v.date_value, aliases=("结束日期", "享受终止日期")),
)  # fmt: skip
DISABLED = _person_list(
    "disabled", "残疾证名单",
    C("残疾类别", "disability", v.name, True),
    C("残疾等级", "grade", v.coded(DISABILITY_GRADE), True),
)  # fmt: skip
REGISTRY = _person_list(
    "registry", "死亡迁出名单",
    C("变动类型", "change", v.coded(REGISTRY_CHANGE), True, aliases=("注销原因", "类型")),
    C("变动日期", "on", v.date_value, True, aliases=("死亡日期", "迁出日期", "注销日期")),
)  # fmt: skip
HOUSES = RosterSpec(
    "houses",
    "危房鉴定名单",
    (
        C("证件号码", "idNumber", ids.folded, aliases=("户主证件号码", *ID_HEADERS)),
        C("户编号", "householdId", v.household_id),
        C("鉴定等级", "houseGrade", v.coded(HOUSE_GRADE), True, aliases=("危房等级", "等级")),
        C("鉴定日期", "assessedOn", v.date_value, True),
        *_common(),
    ),
    refs_from(),
    any_of=(("证件号码", "户编号"),),
)


@dataclass(frozen=True)
class Department:
    """A department (its short name, as `--department` takes it), its unit and its lists."""

    name: str
    unit: str
    specs: tuple[RosterSpec, ...]


DEPARTMENTS = {
    d.name: d
    for d in (
        Department("医保", "县医疗保障局", (MEDICAL,)),
        Department("卫健", "县卫生健康局", (EXAMS, DOCTORS)),
        Department("教育", "县教育局", (PUPILS, AID)),
        Department("住建", "县住建局", (HOUSES,)),
        Department("民政", "县民政局", (RELIEF_LIST,)),
        Department("残联", "县残联", (DISABLED,)),
        Department("公安", "县公安局", (REGISTRY,)),
    )
}


def department_of_unit(unit: str | None) -> Department | None:
    """The department a DEPARTMENT token's unit is (its scope names the unit)."""
    return next((d for d in DEPARTMENTS.values() if unit in (d.unit, d.name)), None)
