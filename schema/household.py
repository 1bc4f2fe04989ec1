"""Registered poor households (建档立卡贫困户) and their members."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from schema.common import Loads, Node, Related, build, labels, many_now, one_now
from schema.enums import Card, HouseholdAttribute, PovertyStatus

if TYPE_CHECKING:
    from schema.cadre import Cadre
    from schema.person import Person
    from schema.projects import ProjectLink
    from schema.village import Village


@strawberry.type(description="S1: one period of a household's card; active while since <= day < until.")
class CardPeriod:
    color: Card = strawberry.field(description="卡色.")
    since: dt.date | None
    until: dt.date | None
    reason: str | None = strawberry.field(description="变更原因.")


@strawberry.type(description="W7: a pairing of a responsible cadre (帮扶责任人) with a household.")
class HouseholdPairing:
    cadre: Annotated[Cadre, strawberry.lazy("schema.cadre")]
    since: dt.date | None
    until: dt.date | None


@strawberry.type(description="A registered poor household (建档立卡贫困户), keyed by 户编号.")
class Household(Node):
    id: strawberry.ID = strawberry.field(description="户编号.")
    head_name: str | None = strawberry.field(description="户主姓名.")
    head_id_number: str | None = strawberry.field(description="户主证件号码; masked unless allowed.")
    hamlet: str | None = strawberry.field(description="自然村(组).")
    size: int | None = strawberry.field(description="家庭人口数.")
    attribute: HouseholdAttribute | None = strawberry.field(description="贫困户属性.")
    status: PovertyStatus | None = strawberry.field(description="S3, S5: 脱贫状态.")
    exit_year: int | None
    identified_on: dt.date | None = strawberry.field(description="首次识别时间.")
    left_on: dt.date | None = strawberry.field(
        description="销户日期：off the register from this day (removeHousehold); null while on it."
    )
    left_because: str | None = strawberry.field(description="销户原因 (a RemovalReason name).")
    main_cause: str | None = strawberry.field(description="主要致贫原因.")
    other_causes: list[str] | None = strawberry.field(description="其他致贫原因.")
    income: float | None = strawberry.field(description="S2: 人均纯收入 (CNY).")
    dangerous_house: bool | None = strawberry.field(description="P4: 是否危房户.")
    house_grade: str | None = strawberry.field(description="P4: 危房等级 A–D; C and D are dangerous.")
    safe_water: bool | None = strawberry.field(description="P5: 是否解决安全饮用水.")
    phone: str | None = strawberry.field(description="户联系电话; masked unless allowed.")
    card: Card | None = strawberry.field(description="S1: the current card.")
    note: str | None = strawberry.field(description="备注.")

    @strawberry.field
    def village(
        self, info: Info[Loads, None]
    ) -> Annotated[Village, strawberry.lazy("schema.village")] | None:
        from schema.village import Village

        return one_now(info.context, Related.HOUSEHOLD_VILLAGE, self.id, Village)  # type: ignore[return-value]

    @strawberry.field(description="Members of the household (人口).")
    def members(self, info: Info[Loads, None]) -> list[Annotated[Person, strawberry.lazy("schema.person")]]:
        from schema.person import Person

        return many_now(info.context, Related.HOUSEHOLD_MEMBERS, self.id, Person)  # type: ignore[return-value]

    @strawberry.field(description="S1: every card period, oldest first.")
    def card_history(self, info: Info[Loads, None]) -> list[CardPeriod]:
        return many_now(info.context, Related.HOUSEHOLD_CARDS, self.id, CardPeriod)  # type: ignore[return-value]

    @strawberry.field(
        description="S1: the card held on `asOf` (default today) by its card history (the end day of a "
        "period is the next one's); null when no period covers the day. A household with no card "
        "history shows its current card."
    )
    async def card_on(self, info: Info[Loads, None], as_of: dt.date | None = None) -> Card | None:
        rows = await info.context.relation(Related.HOUSEHOLD_CARD_ON, as_of).load(self.id)
        return Card(rows[0]["color"]) if rows else None

    @strawberry.field(
        description="O3, P1: the projects (扶贫项目) that benefit the household on `asOf` (default today), "
        "each with its link's dates, oldest first."
    )
    async def projects(
        self, info: Info[Loads, None], as_of: dt.date | None = None
    ) -> list[Annotated[ProjectLink, strawberry.lazy("schema.projects")]]:
        from schema.projects import ProjectLink

        rows = await info.context.relation(Related.HOUSEHOLD_PROJECTS, as_of).load(self.id)
        return [build(ProjectLink, row, info.context.personal_data) for row in rows]

    @strawberry.field(description="W7: the cadres paired with the household on `asOf` (default today).")
    async def pairings(self, info: Info[Loads, None], as_of: dt.date | None = None) -> list[HouseholdPairing]:
        from schema.cadre import Cadre

        rows = await info.context.relation(Related.HOUSEHOLD_CADRES, as_of).load(self.id)
        personal = info.context.personal_data
        return [
            HouseholdPairing(
                cadre=build(Cadre, row["cadre"], personal), since=row["since"], until=row["until"]
            )
            for row in rows
        ]


@strawberry.input(description="Household filters; all given ones must hold.")
class HouseholdFilter:
    township_code: str | None = None
    village_code: str | None = None
    card: Card | None = None
    status: PovertyStatus | None = None
    attribute: HouseholdAttribute | None = None
    dangerous_house: bool | None = None
    head_name_contains: str | None = None
    income_below: float | None = None


@strawberry.enum(description="贫困户列表的排序字段.")
class HouseholdSort(enum.Enum):
    ID = "ID"
    HEAD_NAME = "HEAD_NAME"
    INCOME = "INCOME"
    SIZE = "SIZE"


labels(
    HouseholdSort,
    ID="按户编号.",
    HEAD_NAME="按户主姓名.",
    INCOME="按人均纯收入.",
    SIZE="按家庭人口数.",
)
