"""Policy areas (政策落实) P1–P10."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry.types import Info

from schema.common import Loads, Node, Related, labels, many

if TYPE_CHECKING:
    from schema.unit import Unit


@strawberry.type(description="A policy area of rules.md (P1 产业 … P10 金融) and who leads it.")
class Policy(Node):
    _props: ClassVar[dict[str, str]] = {"id": "code"}
    id: strawberry.ID = strawberry.field(description="政策编号 P1–P10（同 code）.")
    code: str = strawberry.field(description="Rule id, P1–P10.")
    area: str = strawberry.field(
        description="产业, 教育, 健康, 住房, 饮水, 综合保障, 就业, 扶志, 信访, 金融."
    )

    @strawberry.field(description="The lead department(s) of rules.md.")
    async def lead_departments(
        self, info: Info[Loads, None]
    ) -> list[Annotated[Unit, strawberry.lazy("schema.unit")]]:
        from schema.unit import Unit

        return await many(info.context, Related.POLICY_LEAD_DEPARTMENTS, self.code, Unit)


@strawberry.input(description="Policy filters.")
class PolicyFilter:
    area: str | None = None


@strawberry.enum(description="政策领域列表的排序字段.")
class PolicySort(enum.Enum):
    CODE = "CODE"


labels(
    PolicySort,
    CODE="按政策编号 (P1–P10).",
)
