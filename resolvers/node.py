"""`node(id)`: any entity by its own key (Relay's Node), through the caller's reach."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from strawberry.types import Info

from core.errors import NotFound
from graph.cadre import CADRE
from graph.entities import Entity
from graph.household import HOUSEHOLD
from graph.person import PERSON
from graph.policy import POLICY
from graph.team import TEAM
from graph.township import TOWNSHIP
from graph.unit import UNIT
from graph.village import VILLAGE
from resolvers.common import lookup
from resolvers.context import Context
from schema.cadre import Cadre
from schema.common import Node
from schema.household import Household
from schema.person import Person
from schema.policy import Policy
from schema.team import WorkTeam
from schema.township import Township
from schema.unit import Unit
from schema.village import Village

# The ids are the entities' own keys, whose shapes do not overlap (户编号, 12- and 9-digit codes,
# uids, `{villageCode}:{unit}`, P1–P10, unit names); were one key found under two labels, the
# first of this order answers.
NODES: tuple[tuple[Entity, type[Any]], ...] = (
    (HOUSEHOLD, Household),
    (PERSON, Person),
    (CADRE, Cadre),
    (VILLAGE, Village),
    (TOWNSHIP, Township),
    (TEAM, WorkTeam),
    (UNIT, Unit),
    (POLICY, Policy),
)


@strawberry.type
class NodeQuery:
    @strawberry.field(
        description="按编号取任一实体（Relay）：户编号、人员或干部的 uid、行政村或乡镇代码、工作队编号、"
        "单位名称、政策编号。只在调用者可见范围内查找；范围外的编号与不存在的编号一样答 NOT_FOUND。"
    )
    async def node(self, info: Info[Context, None], id: strawberry.ID) -> Node | None:
        found = await asyncio.gather(*(lookup(info, entity, cls, id) for entity, cls in NODES))
        for item in found:
            if item is not None:
                return item  # type: ignore[no-any-return]
        raise NotFound(f"未找到编号为 {id} 的对象", argument="id", id=id)
