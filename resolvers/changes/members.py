"""addPerson, movePerson, recordDeath, removeHousehold (graph/changes/members.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from graph.changes import members
from resolvers.changes.base import changed, not_future
from resolvers.changes.inputs import filled
from resolvers.context import Context
from schema.changes.members import (
    ADD_PERSON,
    MOVE_PERSON,
    RECORD_DEATH,
    REMOVE_HOUSEHOLD,
    NewPerson,
    RemovalReason,
)
from schema.household import Household
from schema.person import Person

_PERSON_ID = Annotated[strawberry.ID, strawberry.argument(description="人员编号 (Person.id).")]


def _given(person: NewPerson) -> dict[str, object]:
    """The fields given (not null), by their property name."""
    return {
        to_camel_case(f.name): getattr(person, f.name)
        for f in dataclasses.fields(person)
        if getattr(person, f.name) is not None
    }


@strawberry.type
class MemberMutation:
    @strawberry.mutation(description=ADD_PERSON)
    async def add_person(
        self,
        info: Info[Context, None],
        household_id: strawberry.ID,
        person: Annotated[NewPerson, strawberry.argument(description="新增人口的信息 (人口花名册 columns).")],
        effective_on: dt.date,
        reason: str,
    ) -> Person:
        day = not_future(effective_on, "effectiveOn")
        work = members.add_person(
            info.context.reach, household_id, _given(person), day, filled(reason, "reason")
        )
        return await changed(info, Person, work)

    @strawberry.mutation(description=MOVE_PERSON)
    async def move_person(
        self,
        info: Info[Context, None],
        person_id: _PERSON_ID,
        to_household_id: Annotated[
            strawberry.ID, strawberry.argument(description="迁入户的户编号 (Household.id).")
        ],
        effective_on: dt.date,
        reason: str,
    ) -> Person:
        day = not_future(effective_on, "effectiveOn")
        work = members.move_person(
            info.context.reach, person_id, to_household_id, day, filled(reason, "reason")
        )
        return await changed(info, Person, work)

    @strawberry.mutation(description=RECORD_DEATH)
    async def record_death(
        self,
        info: Info[Context, None],
        person_id: _PERSON_ID,
        date: Annotated[dt.date, strawberry.argument(description="死亡日期.")],
    ) -> Person:
        day = not_future(date, "date")
        return await changed(info, Person, members.record_death(info.context.reach, person_id, day))

    @strawberry.mutation(description=REMOVE_HOUSEHOLD)
    async def remove_household(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        reason: Annotated[RemovalReason, strawberry.argument(description="销户原因.")],
        date: Annotated[
            dt.date, strawberry.argument(description="销户日期：the first day it is off the register.")
        ],
    ) -> Household:
        day = not_future(date, "date")
        work = members.remove_household(info.context.reach, id, reason.value, day)
        return await changed(info, Household, work)
