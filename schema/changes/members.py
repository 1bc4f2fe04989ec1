"""Inputs and texts of addPerson, movePerson, recordDeath and removeHousehold: who is on the register
from and until which day (graph/changes/members.py)."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from schema.common import labels

ADD_PERSON = (
    "新增人口：the person belongs to the household from `effectiveOn` (no rule counts it before). "
    "Checked as a 人口花名册 row is (姓名, 证件号码, 与户主关系 required; 出生日期 and 性别 as the "
    "identity number says): BAD_USER_INPUT naming `person.<field>`; PERSON_EXISTS when the identity "
    "number is registered already (also when added concurrently); HOUSEHOLD_REMOVED into a "
    "household removed by `effectiveOn`. The household's 家庭人口数 grows by one from that day."
)
MOVE_PERSON = (
    "人员迁移（分户、并户）：the person belongs to `toHouseholdId` from `effectiveOn`; its former "
    "membership is kept, ending that day (BELONGED_TO), and both households' 家庭人口数 follow. Both "
    "households in the caller's reach (NOT_FOUND otherwise); PERSON_DEAD for a person dead by "
    "`effectiveOn`, HOUSEHOLD_REMOVED into a household removed by then; EFFECTIVE_BEFORE_FACTS "
    "before the day a household's facts hold from."
)
RECORD_DEATH = (
    "登记死亡：the person leaves the register on `date`: from then on no rule counts it (P-rules, "
    "members counted, S5's members), before it every answer stays as it was. Its household's "
    "家庭人口数 drops by one from that day; PERSON_DEAD when already recorded."
)
REMOVE_HOUSEHOLD = (
    "销户：the household leaves the register on `date` for `reason`: from then on the coverage rules, "
    "the summary and the lists leave it out; it stays in history and answers for earlier days. "
    "HOUSEHOLD_REMOVED when already removed; `date` not before its 首次识别时间."
)


@strawberry.enum(description="销户原因.")
class RemovalReason(enum.Enum):
    DEATH = "DEATH"
    MOVED_AWAY = "MOVED_AWAY"
    WRONGLY_REGISTERED = "WRONGLY_REGISTERED"


labels(
    RemovalReason,
    DEATH="死亡：户内人员全部死亡.",
    MOVED_AWAY="迁出：the household moved out of the county.",
    WRONGLY_REGISTERED="错误识别：registered by mistake (not poor by the standard).",
)


@strawberry.input(description="新增人口：人口花名册 columns of the person added.")
class NewPerson:
    name: str = strawberry.field(description="姓名.")
    id_number: str = strawberry.field(description="证件号码 (18 digits; 出生日期 and 性别 follow from it).")
    relation: str = strawberry.field(description="与户主关系.")
    gender: str | None = strawberry.field(default=None, description="性别 (男/女).")
    birth_date: dt.date | None = strawberry.field(default=None, description="出生日期.")
    ethnicity: str | None = strawberry.field(default=None, description="民族.")
    education: str | None = strawberry.field(default=None, description="文化程度.")
    schooling: str | None = strawberry.field(default=None, description="P2: 在校生状况.")
    health: list[str] | None = strawberry.field(default=None, description="健康状况.")
    medical_insurance: bool | None = strawberry.field(default=None, description="P3: 是否参加基本医疗保险.")
    serious_illness_insurance: bool | None = strawberry.field(
        default=None, description="P3: 是否参加大病保险."
    )
    physical_exam: bool | None = strawberry.field(default=None, description="P3: 本年度是否体检.")
    family_doctor: bool | None = strawberry.field(default=None, description="P3: 是否家庭医生签约.")
    phone: str | None = strawberry.field(default=None, description="联系电话; masked unless allowed.")
