"""A comparison's suspect (graph/compare) handled: `confirmSuspect` applies the department's value
to the register as a dated fact, through the same checked write as `updatePerson` /
`updateHousehold` (graph/changes/facts.py), or, for a 漏评 candidate (S3), opens a poverty report of
source 部门比对 naming the department (graph/changes/reports.py); `dismissSuspect` closes it with
its reason. Either only for a suspect the caller's reach handles (graph/reach.py, `Suspect`), once.

A death or a move out of the county (公安) takes the person off the register on the department's
day through `recordDeath`'s own write (graph/changes/members.py), and closes (销户) a household left
with nobody through `removeHousehold`'s. A suspect proposing no change (a pupil without aid) is
confirmed as found: the measure is the department's, and the confirmation records it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from neo4j import AsyncManagedTransaction

from core.errors import RuleRefusal, UserError
from graph.audit import Change, Event
from graph.changes import locks, lookup
from graph.changes.facts import update_household, update_person
from graph.changes.lookup import Work
from graph.changes.members import leave_register, on_register, remove_household
from graph.changes.reports import NEW, NewHousehold, report_poverty
from graph.entities import write_lock
from graph.reach import Reach
from graph.rows import Props

SOURCE = "部门比对"


def _suspect(reach: Reach) -> str:
    return (
        f"MATCH (s:Suspect {{id: $id}}) WHERE {reach.sees('Suspect', 's')}\n{write_lock('s')}\n"
        "RETURN s {.*} AS props, elementId(s) AS node"
    )


_CLOSE = """MATCH (s:Suspect {id: $id})
SET s.status = $status, s.closedOn = $day, s.closeReason = $reason, s.reportId = $reportId
RETURN s {.*} AS after
"""


def _stored(proposed: dict[str, Any]) -> Props:
    """The proposed change as stored values (its days were kept as ISO text)."""
    return {k: dt.date.fromisoformat(v) if k.endswith("On") and v else v for k, v in proposed.items()}


async def _open(tx: AsyncManagedTransaction, reach: Reach, suspect_id: str) -> Props:
    found = await lookup.node(tx, reach, _suspect(reach), f"疑点 {suspect_id}", "id", id=suspect_id)
    status = lookup.props(found)["status"]
    if status != "OPEN":
        raise RuleRefusal(
            "S3", f"S3：疑点 {suspect_id} 已处理（{status}），不能重复处理", id=suspect_id, status=status
        )
    return found


async def _close(
    tx: AsyncManagedTransaction,
    found: Props,
    status: str,
    day: dt.date,
    reason: str,
    report_id: str | None = None,
) -> tuple[Props, Change]:
    before = lookup.props(found)
    result = await tx.run(_CLOSE, id=before["id"], status=status, day=day, reason=reason, reportId=report_id)
    after: Props = dict((await result.single(strict=True))["after"])
    return after, Change("Suspect", before["id"], before, after)


# A death or a move out of the county (公安's list): the person leaves the register for this reason.
LEAVES = {"DEAD": "DEATH", "MOVED_OUT": "MOVED_AWAY"}


async def _leave(tx: AsyncManagedTransaction, reach: Reach, suspect: Props, day: dt.date) -> list[Event]:
    """The person leaves the register on `day` as `recordDeath` records it; a household left with
    nobody on the register is closed (销户) that day as `removeHousehold` closes it."""
    because = LEAVES[suspect["kind"]]
    _, left = await leave_register(reach, suspect["personUid"], day, because)(tx)
    household = suspect.get("householdId")
    if household is None or await on_register(tx, household) > 0:
        return [left]
    _, closed = await remove_household(reach, household, because, day)(tx)
    return [left, closed]


def confirm_suspect(
    reach: Reach,
    suspect_id: str,
    day: dt.date,
    reason: str,
    effective_on: dt.date | None = None,
    new: NewHousehold | None = None,
) -> Work:
    """`confirmSuspect`: the suspect's change made (as of `effective_on`, else the day the
    department's list gives), or its S3 report opened (`new`: the household to register)."""
    inputs = {"id": suspect_id, "date": day, "reason": reason, "effectiveOn": effective_on,
              "newHousehold": None if new is None else new.inputs()}  # fmt: skip

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Suspect=[suspect_id])
        found = await _open(tx, reach, suspect_id)
        suspect = lookup.props(found)
        proposed = _stored(json.loads(suspect["proposed"]))
        effective = effective_on or suspect["effectiveOn"]
        why = f"部门比对疑点 {suspect_id}（{suspect['department']}，{suspect['rule']}）：{reason}"
        made: list[Event] = []
        report_id = None
        if suspect["kind"] in LEAVES and suspect.get("personUid"):
            made += await _leave(tx, reach, suspect, effective)
        elif suspect["kind"] == "MISSED_POOR":
            if new is None:
                raise UserError(
                    "确认漏评疑点须给出拟登记的户（newHousehold：户编号、行政村代码、户主姓名）",
                    argument="newHousehold",
                )
            cause = f"{suspect['department']}比对：{suspect['reason']}"
            department = suspect.get("unit")
            report, opened = await report_poverty(reach, NEW, None, new, SOURCE, department, cause, day)(tx)
            report_id, made = report["id"], [opened]
        elif proposed and suspect.get("personUid"):
            made.append((await update_person(reach, suspect["personUid"], proposed, effective, why)(tx))[1])
        elif proposed and suspect.get("householdId"):
            made.append(
                (await update_household(reach, suspect["householdId"], proposed, effective, why)(tx))[1]
            )
        after, change = await _close(tx, found, "CONFIRMED", day, reason, report_id)
        changes, concerns = [change], [found["node"]]
        if made:
            inputs["applied"] = [{"operation": m.operation, **m.inputs} for m in made]
        for m in made:
            changes += m.changes
            concerns += m.concerns
        return after, Event("confirmSuspect", inputs, changes, concerns)

    return work


def dismiss_suspect(reach: Reach, suspect_id: str, day: dt.date, reason: str) -> Work:
    """`dismissSuspect`: closed with its reason (the register stands as it is)."""
    if not reason.strip():
        raise UserError("驳回疑点须说明理由", argument="reason")
    inputs = {"id": suspect_id, "date": day, "reason": reason}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Suspect=[suspect_id])
        found = await _open(tx, reach, suspect_id)
        after, change = await _close(tx, found, "DISMISSED", day, reason)
        return after, Event("dismissSuspect", inputs, [change], [found["node"]])

    return work
