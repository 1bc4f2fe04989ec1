"""W12: rectification orders (整改通知) issued to a cadre with a deadline, and their closing."""

from __future__ import annotations

import datetime as dt

from neo4j import AsyncManagedTransaction

from graph.audit import Change, Event
from graph.changes import locks, lookup, refuse
from graph.changes.lookup import Work
from graph.entities import write_lock
from graph.reach import Reach
from graph.rows import Props, plain

_ISSUE = """MATCH (c:Cadre {uid: $cadreId})
CREATE (o:Rectification {id: randomUUID(), issuedOn: $day, deadline: $deadline, reason: $reason})
CREATE (o)-[:ISSUED_TO]->(c)
RETURN elementId(o) AS node, o {.*} AS props
"""


def _order(reach: Reach) -> str:
    """The order, if its cadre serves in the caller's reach today (an order of a cadre outside it is
    not found, like an id that names nothing)."""
    return f"""MATCH (o:Rectification {{id: $rectificationId}})-[:ISSUED_TO]->(c:Cadre)
WHERE {reach.serves("c")}
{write_lock("o")}
RETURN elementId(o) AS node, o {{.*}} AS props, c.uid AS cadreId
"""


# The order and its cadre, to lock in the global order (graph/changes/locks.py).
_ENDS = (
    "MATCH (o:Rectification {id: $rectificationId})-[:ISSUED_TO]->(c:Cadre) "
    "RETURN [c.uid] AS Cadre, [o.id] AS Rectification"
)
_CLOSE = "MATCH (o:Rectification {id: $rectificationId}) SET o.closedOn = $day RETURN o {.*} AS props"


def issue_rectification(reach: Reach, cadre_id: str, reason: str, deadline: dt.date, day: dt.date) -> Work:
    """W12 `issueRectification`: an order issued on `day`, to be rectified by `deadline`."""
    inputs = {"cadreId": cadre_id, "reason": reason, "deadline": deadline, "date": day}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Cadre=[cadre_id])
        cadre = await lookup.serving_cadre(tx, reach, cadre_id)
        refuse.in_order("W12", ("date", "下发日期", day), ("deadline", "整改期限", deadline))
        result = await tx.run(_ISSUE, cadreId=cadre_id, day=day, deadline=deadline, reason=reason)
        row = await result.single(strict=True)
        order = plain(row["props"])
        change = Change("Rectification", order["id"], None, {**order, "cadreId": cadre_id})
        return {**order, "cadre": cadre["cadre"]}, Event(
            "issueRectification", inputs, [change], [row["node"], cadre["node"]]
        )

    return work


def close_rectification(reach: Reach, rectification_id: str, day: dt.date) -> Work:
    """W12 `closeRectification`: refuses an order closed already or a day before it was issued."""
    inputs = {"rectificationId": rectification_id, "date": day}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take_found(tx, _ENDS, rectificationId=rectification_id)
        found = await lookup.node(
            tx, reach, _order(reach), f"整改通知 {rectification_id}", "rectificationId",
            rectificationId=rectification_id,
        )  # fmt: skip
        cadre = await lookup.serving_cadre(tx, reach, found["cadreId"])
        order = lookup.props(found)
        subject = f"整改通知 {rectification_id}"
        refuse.done_once(
            "W12", subject, order.get("closedOn"), "完成整改", "closedOn", rectificationId=rectification_id
        )
        refuse.not_before(
            "W12",
            subject,
            day,
            order["issuedOn"],
            "下发",
            "issuedOn",
            "完成日期",
            rectificationId=rectification_id,
        )
        result = await tx.run(_CLOSE, rectificationId=rectification_id, day=day)
        after = plain((await result.single(strict=True))["props"])
        change = Change("Rectification", rectification_id, order, after)
        event = Event("closeRectification", inputs, [change], [found["node"], cadre["node"]])
        return {**after, "cadre": cadre["cadre"]}, event

    return work
