"""suspects, confirmSuspect, dismissSuspect: a comparison's suspects listed and handled
(graph/compare/listing.py, graph/changes/suspects.py)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from core import values
from graph.changes import suspects
from graph.compare import listing
from resolvers.changes.base import changed, not_future
from resolvers.changes.inputs import filled
from resolvers.changes.reports import _new_household
from resolvers.common import page_request, paged
from resolvers.context import Context
from schema.changes.reports import NewHouseholdInput
from schema.common import Connection
from schema.compare import Suspect


@strawberry.type
class SuspectMutation:
    @strawberry.mutation(
        description="S3 数据比对: confirm a suspect on `date`: its proposed change is made to the "
        "register as of `effectiveOn` (default: the department's day) by the checks of updatePerson / "
        "updateHousehold; a 漏评 candidate (MISSED_POOR) opens a poverty report of source 部门比对 for "
        "`newHousehold`. Refused (RULE_VIOLATION, S3) for a suspect handled already; NOT_FOUND outside "
        "the caller's reach."
    )
    async def confirm_suspect(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        date: dt.date,
        reason: str,
        effective_on: dt.date | None = None,
        new_household: NewHouseholdInput | None = None,
    ) -> Suspect:
        new = None if new_household is None else _new_household(new_household)
        effective = None if effective_on is None else not_future(effective_on, "effectiveOn")
        work = suspects.confirm_suspect(
            info.context.reach,
            id,
            not_future(date, "date"),
            filled(reason, "reason", values.text),
            effective,
            new,
        )
        return await changed(info, Suspect, work)

    @strawberry.mutation(
        description="S3 数据比对: dismiss a suspect on `date` with its `reason`; the register stands. "
        "Refused (RULE_VIOLATION, S3) for a suspect handled already."
    )
    async def dismiss_suspect(
        self, info: Info[Context, None], id: strawberry.ID, date: dt.date, reason: str
    ) -> Suspect:
        work = suspects.dismiss_suspect(
            info.context.reach, id, not_future(date, "date"), filled(reason, "reason", values.text)
        )
        return await changed(info, Suspect, work)


@strawberry.type
class SuspectQuery:
    @strawberry.field(
        description="S3 数据比对: the suspects the caller handles (the county office's all, a township "
        "officer's its township's, a village officer's those about its households and people, a "
        "department's its own), of `status` (default OPEN), oldest first (by the department's day); "
        "narrowed to a `department` (医保, 卫健 …) and a `rule` (P3 …)."
    )
    async def suspects(
        self,
        info: Info[Context, None],
        status: str = "OPEN",
        department: str | None = None,
        rule: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Suspect]:
        context = info.context
        filters = {"status": status, "department": department, "rule": rule}
        request = page_request(info, first, after, filters=filters, sort="AGE")
        context.round_trips += 1
        page = listing.suspects(
            context.driver, context.database, context.reach, status, department, rule, request
        )
        return await paged(info, page, Suspect, request)
