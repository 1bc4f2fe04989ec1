"""Root fields of O1: `responsibilityChain(householdId, asOf)` and `villageChain(villageCode, asOf)`."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

import strawberry
from strawberry.types import Info

from core.errors import NotFound
from graph import chain as q
from graph.rows import Props
from resolvers.context import Context
from resolvers.dates import past_day
from schema.chain import ResponsibilityChain, VillageChain
from schema.common import build

T = TypeVar("T")


def _built(
    info: Info[Context, None], cls: type[T], found: Props | None, day: dt.date, missing: str, argument: str
) -> T:
    if found is None:
        raise NotFound(missing, argument=argument)
    return build(cls, {**found, "asOf": day}, info.context.personal_data)


@strawberry.type
class ChainQuery:
    @strawberry.field(
        description="O1: who was responsible for a household on `asOf` (default today; not in the "
        "future), every link with its dates: the cadre(s) paired on that day (a pairing ending on "
        "D is the successor's on D) → each cadre's unit on that day → the unit that answers for it "
        "on that day and today (W6: a merger counts from its day, which belongs to the successor); "
        "the village → its work team(s) stationed then → their leader / first secretary → the "
        "dispatching unit (→ its successor); the township → its Party secretary and county leader "
        "then; each policy area the household or its members received a benefit in by then → its "
        "lead department(s). Also as `graph`, nodes and edges to draw as they are."
    )
    async def responsibility_chain(
        self, info: Info[Context, None], household_id: strawberry.ID, as_of: dt.date | None = None
    ) -> ResponsibilityChain:
        day = past_day(as_of)
        context = info.context
        context.round_trips += 1
        found = await q.household_chain(context.driver, context.database, household_id, day, context.reach)
        return _built(info, ResponsibilityChain, found, day, f"未找到贫困户：{household_id}", "householdId")

    @strawberry.field(
        description="O1 for a village on `asOf` (default today; not in the future): its work team(s) "
        "stationed then → their leader / first secretary → the dispatching unit (→ the unit that "
        "answers for it then and today, W6); the township → its Party secretary and county leader "
        "then. Also as `graph`."
    )
    async def village_chain(
        self, info: Info[Context, None], village_code: str, as_of: dt.date | None = None
    ) -> VillageChain:
        day = past_day(as_of)
        context = info.context
        context.round_trips += 1
        found = await q.village_chain(context.driver, context.database, village_code, day, context.reach)
        return _built(info, VillageChain, found, day, f"未找到行政村：{village_code}", "villageCode")
