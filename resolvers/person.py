"""Lookups of household members (no list: persons are read through their household)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from core.values import identity_form
from graph.person import PERSON, PERSON_BY_ID_NUMBER
from resolvers.common import lookup
from resolvers.context import Context
from schema.person import Person


@strawberry.type
class PersonQuery:
    @strawberry.field(description="One person by opaque id, or null.")
    async def person(self, info: Info[Context, None], id: strawberry.ID) -> Person | None:
        return await lookup(info, PERSON, Person, id)

    @strawberry.field(
        description="One person by identity number (证件号码, the roster's key), or null; "
        "full-width digits, spaces and a lower-case x are read as the same number."
    )
    async def person_by_id_number(self, info: Info[Context, None], id_number: str) -> Person | None:
        return await lookup(info, PERSON_BY_ID_NUMBER, Person, identity_form(id_number))
