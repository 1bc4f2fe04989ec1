"""auditTrail: the events concerning one entity, newest first."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from core.errors import NotFound, UserError
from graph.changes import trail
from resolvers.common import page_request, paged
from resolvers.context import Context
from schema.changes.trail import AuditEvent
from schema.common import Connection


@strawberry.type
class TrailQuery:
    @strawberry.field(
        description="The audit trail of one entity, named by its API id (household `id`, cadre or person "
        "`id`, team `id`, village or township `code`, unit `name`, visit `id` …): every mutation that "
        "changed it or was about it, and every response that showed its personal data "
        "(`readPersonalData`), newest first, between `from` and `to` (UTC days, both included)."
    )
    async def audit_trail(
        self,
        info: Info[Context, None],
        entity_id: strawberry.ID,
        from_: Annotated[dt.date | None, strawberry.argument(name="from")] = None,
        to: dt.date | None = None,
        first: int | None = None,
        after: str | None = None,
        operations: Annotated[
            list[str] | None,
            strawberry.argument(
                description="操作：keep only events of these operations (mutation names such as "
                "`pairCadre`, or `readPersonalData`); default all."
            ),
        ] = None,
        exclude_reads: Annotated[
            bool,
            strawberry.argument(
                description="不含查阅：leave out the reads of personal data (`readPersonalData`)."
            ),
        ] = False,
    ) -> Connection[AuditEvent]:
        if from_ is not None and to is not None and to < from_:
            raise UserError(f"to（{to}）不能早于 from（{from_}）", argument="to")
        if operations is not None and not operations:
            raise UserError("operations 不能为空列表（不筛选请省略）", argument="operations")
        context = info.context
        reach = info.context.reach
        filters = {"entityId": entity_id, "from": from_, "to": to}
        request = page_request(info, first, after, filters=filters, sort="AT", descending=True)
        context.round_trips += 1
        connection = await paged(
            info,
            trail.events(
                context.driver,
                context.database,
                reach,
                entity_id,
                from_,
                to,
                request,
                operations,
                exclude_reads,
            ),
            AuditEvent,
            request,
        )
        if not connection.edges and after is None:
            context.round_trips += 1
            if not await trail.exists(context.driver, context.database, reach, entity_id):
                raise NotFound(f"未找到编号为 {entity_id} 的对象", argument="entityId", id=entity_id)
        return connection
