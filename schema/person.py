"""Members of registered households (P2, P3, P6)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry.types import Info

from schema.common import Loads, Node, Related, one

if TYPE_CHECKING:
    from schema.household import Household


@strawberry.type(
    description="A member of a registered household. `id` is opaque: identity numbers "
    "are personal data, shown masked unless the caller may see them."
)
class Person(Node):
    _props: ClassVar[dict[str, str]] = {"id": "uid"}

    id: strawberry.ID = strawberry.field(description="Stable opaque id (uid).")
    id_number: str | None = strawberry.field(description="证件号码; masked unless allowed.")
    person_no: str | None = strawberry.field(description="人口编号.")
    name: str
    gender: str | None
    birth_date: dt.date | None = strawberry.field(description="出生日期.")
    ethnicity: str | None = strawberry.field(description="民族.")
    relation: str | None = strawberry.field(description="与户主关系.")
    entered_on: dt.date | None = strawberry.field(
        description="加入本户日期：on the register from this day (addPerson); null: always."
    )
    left_on: dt.date | None = strawberry.field(
        description="死亡日期：off the register from this day (recordDeath); null while on it."
    )
    education: str | None = strawberry.field(description="文化程度 (never with schooling).")
    schooling: str | None = strawberry.field(description="P2: 在校生状况.")
    labour: str | None = strawberry.field(description="劳动技能.")
    migrant_months: float | None = strawberry.field(description="务工时间（月）.")
    health: list[str] | None = strawberry.field(description="健康状况.")
    disability: str | None = strawberry.field(description="残疾类别.")
    dibao: bool | None = strawberry.field(description="P6: 是否享受低保.")
    tekun: bool | None = strawberry.field(description="P6: 是否特困供养人员.")
    medical_insurance: bool | None = strawberry.field(description="P3: 城乡居民基本医疗保险.")
    serious_illness_insurance: bool | None = strawberry.field(description="P3: 大病保险.")
    pension_insurance: bool | None = strawberry.field(description="城乡居民基本养老保险.")
    physical_exam: bool | None = strawberry.field(description="P3: 本年度是否体检.")
    family_doctor: bool | None = strawberry.field(description="P3: 是否签约家庭医生.")
    dropout_reason: str | None = strawberry.field(description="P2: 失学或辍学原因.")
    phone: str | None = strawberry.field(description="联系电话; masked unless allowed.")

    @strawberry.field
    async def household(
        self, info: Info[Loads, None]
    ) -> Annotated[Household, strawberry.lazy("schema.household")] | None:
        from schema.household import Household

        return await one(info.context, Related.PERSON_HOUSEHOLD, self.id, Household)
