"""Inputs of updateHousehold and updatePerson: the dated facts an edit may change, written as the
roster writes them (code-list fields as their Chinese text, e.g. 危房等级 `C级`, 在校生状况 `小学`);
a field left out stays as it is, a null empties it."""

from __future__ import annotations

import strawberry

UPDATE_HOUSEHOLD = (
    "A household's facts change as of `effectiveOn` (the facts they replace are kept: questions about "
    "earlier days answer as before). Each value is checked as the 户花名册 column checks it, and the "
    "household as its rows are (危房等级 required for a 危房户). Refused (BAD_USER_INPUT, argument "
    "`changes.<field>`) with the loader's reason; EFFECTIVE_BEFORE_FACTS when `effectiveOn` is before "
    "the day the current facts hold from; HOUSEHOLD_REMOVED on or after its 销户. 脱贫状态 changes "
    "by exitHousehold (S5) and verifyPovertyReport (S3)."
)
UPDATE_PERSON = (
    "A person's facts change as of `effectiveOn`, as updateHousehold; checked as the 人口花名册 column "
    "and row checks check them (文化程度 and 在校生状况 never both); PERSON_DEAD on or after its death, "
    "HOUSEHOLD_REMOVED on or after its household's 销户."
)


@strawberry.input(description="Facts of a household (户花名册 columns); left out: unchanged.")
class HouseholdChanges:
    size: int | None = strawberry.field(default=strawberry.UNSET, description="家庭人口数.")
    attribute: str | None = strawberry.field(default=strawberry.UNSET, description="贫困户属性.")
    main_cause: str | None = strawberry.field(default=strawberry.UNSET, description="主要致贫原因.")
    income: float | None = strawberry.field(default=strawberry.UNSET, description="人均纯收入 (CNY).")
    dangerous_house: bool | None = strawberry.field(default=strawberry.UNSET, description="是否危房户.")
    house_grade: str | None = strawberry.field(default=strawberry.UNSET, description="P4: 危房等级.")
    safe_water: bool | None = strawberry.field(default=strawberry.UNSET, description="P5: 安全饮用水.")


@strawberry.input(description="Facts of a person (人口花名册 columns); left out: unchanged.")
class PersonChanges:
    education: str | None = strawberry.field(default=strawberry.UNSET, description="文化程度.")
    schooling: str | None = strawberry.field(default=strawberry.UNSET, description="P2: 在校生状况.")
    labour: str | None = strawberry.field(default=strawberry.UNSET, description="劳动技能.")
    migrant_months: float | None = strawberry.field(default=strawberry.UNSET, description="务工时间（月）.")
    health: list[str] | None = strawberry.field(default=strawberry.UNSET, description="健康状况.")
    disability: str | None = strawberry.field(default=strawberry.UNSET, description="残疾类别.")
    dibao: bool | None = strawberry.field(default=strawberry.UNSET, description="P6: 是否低保.")
    tekun: bool | None = strawberry.field(default=strawberry.UNSET, description="P6: 是否特困供养.")
    medical_insurance: bool | None = strawberry.field(
        default=strawberry.UNSET, description="P3: 是否参加基本医疗保险."
    )
    serious_illness_insurance: bool | None = strawberry.field(
        default=strawberry.UNSET, description="P3: 是否参加大病保险."
    )
    pension_insurance: bool | None = strawberry.field(
        default=strawberry.UNSET, description="P6: 是否参加养老保险."
    )
    physical_exam: bool | None = strawberry.field(default=strawberry.UNSET, description="P3: 本年度是否体检.")
    family_doctor: bool | None = strawberry.field(
        default=strawberry.UNSET, description="P3: 是否家庭医生签约."
    )
    dropout_reason: str | None = strawberry.field(default=strawberry.UNSET, description="失学或辍学原因.")
