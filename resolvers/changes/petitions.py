"""`recordPetition`, `closePetition` (P9)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from core import values
from graph.changes import petitions
from resolvers.changes.base import changed, not_future
from resolvers.changes.inputs import filled, optional
from resolvers.context import Context
from schema.changes.petitions import RECORD_PETITION
from schema.records import Petition, PetitionLevel


@strawberry.type
class PetitionMutation:
    @strawberry.mutation(description=RECORD_PETITION)
    async def record_petition(
        self,
        info: Info[Context, None],
        case_no: str,
        registered_on: dt.date,
        level: PetitionLevel,
        township_code: str,
        claim: str,
        village_code: str | None = None,
        household_id: strawberry.ID | None = None,
        assigned_unit: str | None = None,
        leader_name: str | None = None,
    ) -> Petition:
        new = petitions.NewPetition(
            case_no=filled(case_no, "caseNo", values.key),
            registered_on=not_future(registered_on, "registeredOn"),
            level=level.value,
            township_code=township_code,
            village_code=optional(village_code, "villageCode", values.village_code),
            household_id=optional(household_id, "householdId", values.household_id),
            claim=filled(claim, "claim"),
            assigned_unit=optional(assigned_unit, "assignedUnit", values.name),
            leader_name=optional(leader_name, "leaderName", values.name),
        )
        work = petitions.record_petition(info.context.reach, new)
        return await changed(info, Petition, work)

    @strawberry.mutation(
        description="P9: the case was closed (办结) on `date` with `reply` (答复意见). Refused "
        "(RULE_VIOLATION, rule P9) for a case closed already or a date before it was registered."
    )
    async def close_petition(
        self, info: Info[Context, None], case_no: str, date: dt.date, reply: str
    ) -> Petition:
        work = petitions.close_petition(
            info.context.reach, case_no, not_future(date, "date"), filled(reply, "reply")
        )
        return await changed(info, Petition, work)
