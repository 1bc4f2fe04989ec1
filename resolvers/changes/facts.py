"""updateHousehold, updatePerson: dated edits of facts (graph/changes/facts.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from graph.changes import facts
from resolvers.changes.base import changed, not_future
from resolvers.changes.inputs import filled
from resolvers.context import Context
from schema.changes.facts import UPDATE_HOUSEHOLD, UPDATE_PERSON, HouseholdChanges, PersonChanges
from schema.household import Household
from schema.person import Person


def _given(changes: Any) -> dict[str, object]:
    """The fields of an input that were given (a null too), by their property name."""
    return {
        to_camel_case(f.name): getattr(changes, f.name)
        for f in dataclasses.fields(changes)
        if getattr(changes, f.name) is not strawberry.UNSET
    }


@strawberry.type
class FactMutation:
    @strawberry.mutation(description=UPDATE_HOUSEHOLD)
    async def update_household(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        changes: HouseholdChanges,
        effective_on: dt.date,
        reason: str,
    ) -> Household:
        day = not_future(effective_on, "effectiveOn")
        stored = facts.parsed("households", _given(changes))
        work = facts.update_household(info.context.reach, id, stored, day, filled(reason, "reason"))
        return await changed(info, Household, work)

    @strawberry.mutation(description=UPDATE_PERSON)
    async def update_person(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        changes: PersonChanges,
        effective_on: dt.date,
        reason: str,
    ) -> Person:
        day = not_future(effective_on, "effectiveOn")
        stored = facts.parsed("persons", _given(changes))
        work = facts.update_person(info.context.reach, id, stored, day, filled(reason, "reason"))
        return await changed(info, Person, work)
