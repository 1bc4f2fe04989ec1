"""Row-level consistency rules of the rosters (rosters.md, rosters-extra.md).

A rule looks at one row's parsed values (property names of docs/model.md) and returns the
problems it finds; it runs only on values that parsed, and a rule may add a value derived from
others (the birth date an identity number carries). The validator turns a `Problem` into a
`RowError` naming the columns behind `props` and their values as written in the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from core.values import yuan_text
from graph.rosters.codes import HOUSE_GRADE
from graph.rosters.values import Value, birth_date_of, gender_of

Values = dict[str, Value]


@dataclass(frozen=True)
class Problem:
    """A broken rule: `props` name the columns at fault (the first is the one reported first)."""

    props: tuple[str, ...]
    reason: str
    allowed: tuple[str, ...] = ()


RowCheck = Callable[[Values], list[Problem]]


def _date(values: Values, prop: str) -> date | None:
    value = values.get(prop)
    return value if isinstance(value, date) else None


def _fen(values: Values, prop: str) -> int | None:
    value = values.get(prop)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def not_before(later: str, earlier: str, later_label: str, earlier_label: str) -> RowCheck:
    """`later` (when given) is not before `earlier`: e.g. 结对结束时间 not before 结对开始时间."""

    def rule(values: Values) -> list[Problem]:
        end, start = _date(values, later), _date(values, earlier)
        if end is not None and start is not None and end < start:
            reason = f"{later_label}早于{earlier_label}（{start.isoformat()}）"
            return [Problem((later,), reason)]
        return []

    return rule


def not_above(smaller: str, larger: str, smaller_label: str, larger_label: str) -> RowCheck:
    """The amount `smaller` (when given) is at most the amount `larger`: e.g. 贷款余额 at most
    贷款金额 (both in fen, shown in yuan)."""

    def rule(values: Values) -> list[Problem]:
        low, high = _fen(values, smaller), _fen(values, larger)
        if low is not None and high is not None and low > high:
            return [Problem((smaller,), f"{smaller_label}大于{larger_label}（{yuan_text(high)}）")]
        return []

    return rule


def house_grade_when_dangerous(values: Values) -> list[Problem]:
    """危房等级 is required when 是否危房户=是 (P4)."""
    if values.get("dangerousHouse") is True and values.get("houseGrade") is None:
        return [Problem(("houseGrade",), "是否危房户为「是」时必须填写危房等级", HOUSE_GRADE.shown)]
    return []


def grade_of_a_disability(values: Values) -> list[Problem]:
    """残疾等级 grades a disability: the row records one (残疾类别, or 残疾 among 健康状况; P6)."""
    health = values.get("health")
    disabled = values.get("disability") or (isinstance(health, list) and "残疾" in health)
    if values.get("disabilityGrade") is not None and not disabled:
        return [Problem(("disabilityGrade",), "填写残疾等级时须同时填写残疾类别（或健康状况含「残疾」）")]
    return []


def education_or_schooling(values: Values) -> list[Problem]:
    """A person has 文化程度 or 在校生状况, never both (rosters.md)."""
    if values.get("education") is not None and values.get("schooling") is not None:
        reason = "文化程度与在校生状况只能填一项：在校生填在校生状况，其他人填文化程度"
        return [Problem(("education", "schooling"), reason)]
    return []


def person_matches_id(values: Values) -> list[Problem]:
    """出生日期 and 性别 agree with the 18-digit identity number; when a cell is empty (or the
    column absent) the value the number carries is filled in."""
    number = values.get("idNumber")
    if not isinstance(number, str):
        return []
    born, gender = birth_date_of(number), gender_of(number)
    problems: list[Problem] = []
    if born is not None:
        if "birthDate" in values and values["birthDate"] is not None:
            if values["birthDate"] != born:
                reason = f"与证件号码中的出生日期（{born.isoformat()}）不一致"
                problems.append(Problem(("birthDate",), reason))
        else:
            values["birthDate"] = born
    if gender is not None:
        if "gender" in values and values["gender"] is not None:
            if values["gender"] != gender:
                reason = f"与证件号码第17位表示的性别（{gender}）不一致"
                problems.append(Problem(("gender",), reason))
        else:
            values["gender"] = gender
    return problems


def exit_year_of_poor_village(values: Values) -> list[Problem]:
    if values.get("isPoor") is False and values.get("exitYear") is not None:
        return [Problem(("exitYear",), "是否贫困村为「否」的村不应有退出年度")]
    return []


def township_code(values: Values) -> list[Problem]:
    """Derives `townshipCode`: the first 9 digits of the village code (docs/model.md)."""
    code = values.get("code")
    if isinstance(code, str):
        values["townshipCode"] = code[:9]
    return []


def merger_has_date(values: Values) -> list[Problem]:
    """A row with 并入单位 records a merger: 并入日期 is then required (rosters-extra.md)."""
    merged_into, since = values.get("mergedInto"), values.get("since")
    if merged_into is not None and since is None:
        return [Problem(("since",), "填写了并入单位时必须填写并入日期")]
    if merged_into is None and since is not None:
        return [Problem(("mergedInto",), "填写了并入日期时必须填写并入单位")]
    if merged_into is not None and merged_into == values.get("name"):
        return [Problem(("mergedInto",), "单位不能并入自身")]
    return []


def overdue_amount_needs_overdue(values: Values) -> list[Problem]:
    amount = _fen(values, "overdueAmountFen")
    if values.get("overdue") is False and amount is not None and amount > 0:
        return [Problem(("overdueAmountFen",), "是否逾期为「否」，逾期金额却大于 0")]
    return []


def comparison_names_department(values: Values) -> list[Problem]:
    """线索来源=部门比对 names the department compared with (比对部门, S3)."""
    if values.get("source") == "部门比对" and values.get("sourceDepartment") is None:
        return [Problem(("sourceDepartment",), "线索来源为「部门比对」时必须填写比对部门")]
    return []
