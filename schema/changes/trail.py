"""The audit trail: who changed what, when, with which inputs, and the before and after."""

from __future__ import annotations

import datetime as dt
import json
from typing import ClassVar

import strawberry


@strawberry.type(description="One node or relationship a mutation changed: its properties before and after.")
class AuditChange:
    entity: str = strawberry.field(description="A label (`Visit`) or relationship type (`PAIRED_WITH`).")
    key: str = strawberry.field(
        description="The API id of what changed (`cadreUid->householdId` for a pairing)."
    )
    before: str | None = strawberry.field(description="JSON of the properties before; null when created.")
    after: str | None = strawberry.field(description="JSON of the properties after.")


@strawberry.type(
    description="An audit event: one successful mutation. Identity and phone numbers never appear in it."
)
class AuditEvent:
    _props: ClassVar[dict[str, str]] = {"changes_json": "changes"}

    id: strawberry.ID = strawberry.field(description="事件编号.")
    at: dt.datetime = strawberry.field(description="When it committed (UTC).")
    actor: str = strawberry.field(description="The caller's subject.")
    role: str = strawberry.field(description="调用者角色 (COUNTY_ADMIN, TOWNSHIP_OFFICER, …).")
    operation: str = strawberry.field(description="The mutation's GraphQL name, e.g. `pairCadre`.")
    request_id: str | None = strawberry.field(
        description="请求编号 (the response header X-Request-Id), to match the server log."
    )
    inputs: str = strawberry.field(description="JSON of the mutation's arguments (API ids only).")
    changes_json: strawberry.Private[str]

    @strawberry.field(description="What it changed, each with its before and after.")
    def changes(self) -> list[AuditChange]:
        return [
            AuditChange(
                entity=c["entity"],
                key=c["key"],
                before=None if c["before"] is None else json.dumps(c["before"], ensure_ascii=False),
                after=None if c["after"] is None else json.dumps(c["after"], ensure_ascii=False),
            )
            for c in json.loads(self.changes_json)
        ]
