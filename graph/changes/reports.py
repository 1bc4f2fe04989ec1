"""S3/S4: a household found fallen back (返贫) or newly poor (新增) is reported, verified — it becomes
RED and is fed back to the departments concerned — and each department records its measure.

A report of a NEW household carries the household's data (`newHouseholdId`, `newVillageCode`,
`newHeadName`, `newSize`, `newIncome`, `newHamlet`) until verification registers it: a pending
lead is not yet a registered poor household, so no coverage rule (W7, W9 …) may count it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from core.errors import NotFound, RuleRefusal, UserError
from core.names import name_key
from graph.audit import Change, Event
from graph.changes import locks, lookup, refuse
from graph.changes.cards import CARD_NAMES, change_card
from graph.changes.lookup import Work
from graph.derived import record_exit_doubt, record_workers
from graph.entities import write_lock
from graph.reach import Reach
from graph.rows import Props, plain

RETURNED, NEW = "RETURNED", "NEW"
KIND_NAMES = {RETURNED: "返贫", NEW: "新增"}


@dataclass(frozen=True)
class NewHousehold:
    """S3: the data of a newly poor household (新增), registered when its report is verified."""

    id: str  # 户编号
    village_code: str
    head_name: str
    size: int | None = None
    income: float | None = None
    hamlet: str | None = None

    def inputs(self) -> dict[str, Any]:
        """As the mutation was given it (GraphQL names), for the audit event."""
        return {"id": self.id, "villageCode": self.village_code, "headName": self.head_name,
                "size": self.size, "income": self.income, "hamlet": self.hamlet}  # fmt: skip


# The report's village: its household's, or the one a NEW household is to be registered in.
def _report_in(reach: Reach) -> str:
    return f"""MATCH (r:PovertyReport {{id: $reportId}})
CALL (r) {{
  MATCH (r)-[:ABOUT]->(:Household)-[:IN_VILLAGE]->(v:Village) RETURN v
  UNION
  MATCH (v:Village {{code: r.newVillageCode}}) RETURN v
}}
WITH r, v WHERE {reach.sees("Village", "v")}
WITH DISTINCT r
{write_lock("r")}
RETURN elementId(r) AS node, r {{.*}} AS props,
       COLLECT {{ MATCH (r)-[:ABOUT]->(h:Household) RETURN h {{.*}} }}[0] AS household,
       COLLECT {{ MATCH (r)-[f:FEEDBACK_TO]->(u:Unit)
                 RETURN f {{.*, department: u.name}} ORDER BY u.name }} AS feedback
"""


# S3: a report not yet verified about the same household (existing or to be registered).


def _pending(reach: Reach) -> str:
    """The household's reports not yet verified, each saying whether the caller may see it (its
    household's, or for a NEW one its village's, reach)."""
    return f"""RETURN
  COLLECT {{ MATCH (r:PovertyReport)-[:ABOUT]->(h:Household {{id: $householdId}})
            WHERE r.verifiedOn IS NULL RETURN {{id: r.id, seen: {reach.sees("Household", "h")}}} }}
  + COLLECT {{ MATCH (r:PovertyReport {{newHouseholdId: $householdId}}) WHERE r.verifiedOn IS NULL
              OPTIONAL MATCH (v:Village {{code: r.newVillageCode}})
              RETURN {{id: r.id, seen: v IS NOT NULL AND {reach.sees("Village", "v")}}} }} AS ids"""


_EXISTS = "RETURN EXISTS { (:Household {id: $householdId}) } AS exists"


def _registered(reach: Reach) -> str:
    """Whether the 户编号 is registered already, and whether the caller may see that household."""
    return (
        "OPTIONAL MATCH (h:Household {id: $householdId}) "
        f"RETURN h IS NOT NULL AS registered, h IS NOT NULL AND {reach.sees('Household', 'h')} AS seen"
    )


_CREATE = """CREATE (r:PovertyReport {id: randomUUID()})
SET r += $props
WITH r
OPTIONAL MATCH (h:Household {id: $householdId}) WHERE $kind = 'RETURNED'
FOREACH (_ IN CASE WHEN h IS NULL THEN [] ELSE [1] END | CREATE (r)-[:ABOUT]->(h))
RETURN elementId(r) AS node, r {.*} AS props
"""

_REGISTER = f"""MATCH (r:PovertyReport {{id: $reportId}}), (v:Village {{code: r.newVillageCode}})
CREATE (h:Household {{id: r.newHouseholdId}})-[:IN_VILLAGE]->(v)
SET h += $props
CREATE (r)-[:ABOUT]->(h)
WITH h
{record_exit_doubt("h")}{record_workers("h")}RETURN h.id AS id
"""

_VERIFY = """MATCH (r:PovertyReport {id: $reportId})
SET r.verifiedOn = $day
WITH r
UNWIND $departments AS name
MATCH (u:Unit {name: name})
CREATE (r)-[:FEEDBACK_TO {since: $day, measure: false}]->(u)
RETURN elementId(u) AS node
"""

# What verifying a report or recording a measure writes or links, to lock in the global order
# (graph/changes/locks.py): the departments, the village and household, the cards ($cards: those
# a verification changes), the report.
_LOCKED = """MATCH (r:PovertyReport {id: $reportId})
OPTIONAL MATCH (r)-[:ABOUT]->(h:Household)
RETURN $departments AS Unit, [r.newVillageCode] AS Village, [h.id, r.newHouseholdId] AS Household,
       $cards AS Card, [r.id] AS PovertyReport"""

_UNITS = "UNWIND $names AS name OPTIONAL MATCH (u:Unit {name: name}) RETURN name, u IS NOT NULL AS known"

_MEASURE = """MATCH (r:PovertyReport {id: $reportId})-[f:FEEDBACK_TO]->(u:Unit {name: $department})
SET f.measure = true, f.closedOn = $day, f.measureNote = $measure
RETURN elementId(u) AS node, f {.*} AS after
"""


async def _report(tx: AsyncManagedTransaction, reach: Reach, report_id: str) -> dict[str, Any]:
    return await lookup.node(
        tx, reach, _report_in(reach), f"备案 {report_id}", "reportId", reportId=report_id
    )


def _taken(household_id: str) -> UserError:
    """A 户编号 is unique county-wide: one taken outside the caller's reach (registered, or pending
    in a report) cannot be reported again, and the answer says nothing of where or whose it is."""
    return UserError(
        f"户编号 {household_id} 已被占用，不能用于新增备案；请核对编号",
        code="ID_TAKEN",
        argument="newHousehold.id",
    )


async def _value(tx: AsyncManagedTransaction, statement: str, **params: Any) -> Any:
    result = await tx.run(statement, params)
    row = await result.single(strict=True)
    return plain(row[0])


async def _refuse_pending(tx: AsyncManagedTransaction, reach: Reach, household_id: str) -> None:
    """S3: one pending report per household. A pending report outside the caller's reach is not
    named: the number is answered as taken, as one registered elsewhere is."""
    found = await _value(tx, _pending(reach), householdId=household_id, **reach.params())
    pending = [p["id"] for p in found if p["seen"]]
    if pending:
        raise RuleRefusal(
            "S3",
            f"S3：户 {household_id} 已有待核实的备案 {'、'.join(pending)}，请先核实",
            householdId=household_id,
            pendingReports=pending,
        )
    if found:
        raise _taken(household_id)


def report_poverty(
    reach: Reach,
    kind: str,
    household_id: str | None,
    new: NewHousehold | None,
    source: str,
    source_department: str | None,
    cause: str,
    day: dt.date,
) -> Work:
    """S3 `reportPoverty`: a pending report. RETURNED is about an exited (OUT) household; NEW names
    a 户编号 not yet registered and the village it is to be registered in."""
    inputs = {
        "kind": kind, "householdId": household_id, "newHousehold": None if new is None else new.inputs(),
        "source": source, "sourceDepartment": source_department, "cause": cause, "date": day,
    }  # fmt: skip
    props: Props = {
        "kind": kind, "source": source, "sourceDepartment": source_department, "cause": cause,
        "foundOn": day,
    }  # fmt: skip

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(
            tx, Village=[new.village_code] if new else [], Household=[household_id] if household_id else []
        )
        concerns: list[str] = []
        if kind == RETURNED:
            assert household_id is not None
            found = await lookup.household(tx, reach, household_id, lock=True)
            status = found["household"].get("status")
            if status != "OUT":
                raise RuleRefusal(
                    "S3",
                    f"S3：户 {household_id} 脱贫状态为 {status}，只有已脱贫(OUT)的户才能备案返贫",
                    householdId=household_id,
                    status=status,
                )
            target = household_id
            concerns.append(found["node"])
        else:
            assert new is not None
            village = await lookup.village(tx, reach, new.village_code, "newHousehold.villageCode")
            registered = await lookup.one(tx, _registered(reach), householdId=new.id, **reach.params())
            if registered is not None and registered["seen"]:
                raise RuleRefusal(
                    "S3",
                    f"S3：户编号 {new.id} 已是建档立卡户，不能备案为新增；返贫请选择 RETURNED",
                    householdId=new.id,
                )
            if registered is not None and registered["registered"]:
                raise _taken(new.id)
            target = new.id
            props.update(
                newHouseholdId=new.id, newVillageCode=new.village_code, newHeadName=new.head_name,
                newSize=new.size, newIncome=new.income, newHamlet=new.hamlet,
            )  # fmt: skip
            concerns.append(village["node"])
        await _refuse_pending(tx, reach, target)
        result = await tx.run(_CREATE, props=props, householdId=target, kind=kind)
        row = await result.single(strict=True)
        report = plain(row["props"])
        concerns.append(row["node"])
        event = Event(
            "reportPoverty", inputs, [Change("PovertyReport", report["id"], None, report)], concerns
        )
        household = None if kind == NEW else found["household"]
        return {**report, "household": household, "feedback": []}, event

    return work


def _refuse_verify(report: Props, day: dt.date, departments: list[str]) -> None:
    report_id = report["id"]
    subject = f"备案 {report_id}"
    refuse.done_once(
        "S3", subject, report.get("verifiedOn"), "核实，不能重复核实", "verifiedOn", reportId=report_id
    )
    refuse.not_before(
        "S3", subject, day, report["foundOn"], "发现", "foundOn", "核实日期", reportId=report_id
    )
    if not departments:
        raise RuleRefusal(
            "S4", f"S4：核实备案 {report_id} 须反馈至少一个相关部门", reportId=report_id, departments=[]
        )


def verify_poverty_report(reach: Reach, report_id: str, day: dt.date, departments: list[str]) -> Work:
    """S3/S4 `verifyPovertyReport`: the household becomes RED (RETURNED: status 返贫; NEW: registered,
    未脱贫, identified on `day`), and a FEEDBACK_TO opens for each department on `day`."""
    departments = list(dict.fromkeys(departments))
    inputs = {"reportId": report_id, "date": day, "departments": departments}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take_found(
            tx, _LOCKED, reportId=report_id, departments=departments, cards=list(CARD_NAMES)
        )
        found_report = await _report(tx, reach, report_id)
        report = lookup.props(found_report)
        _refuse_verify(report, day, departments)
        result = await tx.run(_UNITS, names=departments)
        unknown = [r["name"] async for r in result if not r["known"]]
        if unknown:
            raise NotFound(f"部门 {'、'.join(unknown)} 不存在", argument="departments", departments=unknown)
        if report["kind"] == NEW:
            household_id = report["newHouseholdId"]
            if await _value(tx, _EXISTS, householdId=household_id):
                raise RuleRefusal(
                    "S3", f"S3：户编号 {household_id} 已登记，不能再按新增登记", householdId=household_id
                )
            registered = {
                "headName": report.get("newHeadName"), "headNameKey": name_key(report.get("newHeadName")),
                "size": report.get("newSize"),
                "income": report.get("newIncome"), "hamlet": report.get("newHamlet"),
                "mainCause": report.get("cause"), "identifiedOn": day,
            }  # fmt: skip
            await tx.run(_REGISTER, reportId=report_id, props=registered)
            status = "NOT_OUT"
        else:
            household_id = found_report["household"]["id"]
            status = "RETURNED"
        found = await lookup.household(tx, reach, household_id, lock=True)
        reason = f"S3 备案 {report_id} 核实为{KIND_NAMES[report['kind']]}"
        household, changes = await change_card(tx, found, "RED", reason, day, {"status": status})
        if report["kind"] == NEW:
            changes[0] = Change("Household", household_id, None, household)
        result = await tx.run(_VERIFY, reportId=report_id, day=day, departments=departments)
        units = [r["node"] async for r in result]
        after = {**report, "verifiedOn": day}
        changes.insert(0, Change("PovertyReport", report_id, report, after))
        feedback = [{"department": d, "since": day, "measure": False} for d in departments]
        changes += [Change("FEEDBACK_TO", f"{report_id}/{f['department']}", None, f) for f in feedback]
        event = Event("verifyPovertyReport", inputs, changes, [found_report["node"], found["node"], *units])
        return {**after, "household": household, "feedback": feedback}, event

    return work


def record_department_measure(
    reach: Reach, report_id: str, department: str, measure: str, day: dt.date
) -> Work:
    """S4 `recordDepartmentMeasure`: closes the department's open feedback of a verified report."""
    inputs = {"reportId": report_id, "department": department, "measure": measure, "date": day}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take_found(tx, _LOCKED, reportId=report_id, departments=[department], cards=[])
        found_report = await _report(tx, reach, report_id)
        report = lookup.props(found_report)
        fed = {f["department"]: f for f in found_report["feedback"]}
        if report.get("verifiedOn") is None:
            raise RuleRefusal(
                "S4", f"S4：备案 {report_id} 尚未核实，未反馈任何部门", reportId=report_id, verifiedOn=None
            )
        if department not in fed:
            raise RuleRefusal(
                "S4",
                f"S4：备案 {report_id} 未反馈给 {department}（已反馈：{'、'.join(fed) or '无'}）",
                reportId=report_id,
                department=department,
                departments=list(fed),
            )
        before = fed[department]
        subject, facts = f"{department} 就备案 {report_id}", {"reportId": report_id, "department": department}
        refuse.done_once("S4", subject, before.get("closedOn"), "落实措施", "closedOn", **facts)
        if before.get("measure"):  # the loader records measures without a date
            raise RuleRefusal("S4", f"S4：{subject} 已落实措施", **facts, closedOn=None)
        refuse.not_before("S4", subject, day, before["since"], "反馈", "since", "措施日期", **facts)
        result = await tx.run(_MEASURE, reportId=report_id, department=department, day=day, measure=measure)
        row = await result.single(strict=True)
        after = {**plain(row["after"]), "department": department}
        fed[department] = after
        change = Change("FEEDBACK_TO", f"{report_id}/{department}", before, after)
        event = Event("recordDepartmentMeasure", inputs, [change], [found_report["node"], row["node"]])
        return {**report, "household": found_report["household"], "feedback": list(fed.values())}, event

    return work
