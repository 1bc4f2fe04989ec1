"""P9: petitions (信访), one case one file (一案一档): recorded IN_TOWNSHIP, IN_VILLAGE and ABOUT a
household when known, and closed with a reply.

A case from the province or above is handled by the township's county leader (包联, RESPONSIBLE_FOR)
and its Party secretary (SECRETARY_OF): its 包案领导 is the county leader active on the day it is
registered unless given, and a given one must be one of the two.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from core.errors import NotFound, RuleRefusal, UserError
from graph.audit import Change, Event
from graph.changes import locks, lookup, refuse
from graph.changes.lookup import Work
from graph.coverage.policies import PROVINCE
from graph.entities import write_lock
from graph.reach import Reach
from graph.rows import Props, plain


@dataclass(frozen=True)
class NewPetition:
    case_no: str
    registered_on: dt.date
    level: str  # PROVINCE / CITY / COUNTY
    township_code: str
    village_code: str | None
    household_id: str | None
    claim: str
    assigned_unit: str | None
    leader_name: str | None


# The places a new case is linked to, to lock in the global order (graph/changes/locks.py).
_PLACES = """OPTIONAL MATCH (t:Township {code: $townshipCode})
OPTIONAL MATCH (h:Household {id: $householdId})-[:IN_VILLAGE]->(hv:Village)
RETURN [t.code] AS Township, [$villageCode, hv.code] AS Village, [h.id] AS Household"""


def _place(reach: Reach) -> str:
    """The township, its village and household when given, and its leaders on $day (P9): the
    village when one is given, else the township, must lie in the caller's reach."""
    return f"""MATCH (t:Township {{code: $townshipCode}})
OPTIONAL MATCH (v:Village {{code: $villageCode}})-[:IN_TOWNSHIP]->(t)
OPTIONAL MATCH (h:Household {{id: $householdId}})-[:IN_VILLAGE]->(hv:Village)-[:IN_TOWNSHIP]->(t)
WITH t, coalesce(v, hv) AS v, h, hv
WHERE CASE WHEN v IS NULL THEN {reach.sees("Township", "t")} ELSE {reach.sees("Village", "v")} END
RETURN elementId(t) AS township, elementId(v) AS village, v.code AS villageCode,
       elementId(h) AS household, hv.code AS householdVillage,
       [(c:Cadre)-[r:RESPONSIBLE_FOR|SECRETARY_OF]->(t)
        WHERE r.since <= $day AND (r.until IS NULL OR r.until > $day)
        | {{name: c.name, duty: type(r)}}] AS leaders
"""


_CREATE = """MATCH (t:Township {code: $townshipCode})
CREATE (p:Petition {caseNo: $caseNo})-[:IN_TOWNSHIP]->(t)
SET p += $props
WITH p
OPTIONAL MATCH (v:Village {code: $villageCode})
FOREACH (_ IN CASE WHEN v IS NULL THEN [] ELSE [1] END | CREATE (p)-[:IN_VILLAGE]->(v))
WITH p
OPTIONAL MATCH (h:Household {id: $householdId})
FOREACH (_ IN CASE WHEN h IS NULL THEN [] ELSE [1] END | CREATE (p)-[:ABOUT]->(h))
RETURN elementId(p) AS node, p {.*} AS props
"""


def _petition(reach: Reach) -> str:
    return f"""MATCH (p:Petition {{caseNo: $caseNo}})-[:IN_TOWNSHIP]->(t:Township)
OPTIONAL MATCH (p)-[:IN_VILLAGE]->(v:Village)
WITH p, t, v
WHERE CASE WHEN v IS NULL THEN {reach.sees("Township", "t")} ELSE {reach.sees("Village", "v")} END
{write_lock("p")}
RETURN elementId(p) AS node, p {{.*}} AS props
"""


_CLOSE = "MATCH (p:Petition {caseNo: $caseNo}) SET p.closedOn = $day, p.reply = $reply RETURN p {.*} AS props"

_EXISTS = "RETURN EXISTS { (:Petition {caseNo: $caseNo}) } AS exists"


def _leader(new: NewPetition, leaders: list[dict[str, str]]) -> str | None:
    """P9: the 包案领导 of a province-level case: the county leader unless one of the two is given."""
    if new.level != PROVINCE:
        return new.leader_name
    names = [x["name"] for x in leaders]
    if new.leader_name is None:
        return next((x["name"] for x in leaders if x["duty"] == "RESPONSIBLE_FOR"), None)
    if new.leader_name not in names:
        raise RuleRefusal(
            "P9",
            f"P9：省级以上信访件由乡镇县级联系领导或乡镇党委书记包案，{new.leader_name} "
            f"不是 {new.township_code} 在 {new.registered_on.isoformat()} 的包联领导或党委书记"
            f"（{'、'.join(names) or '未登记'}）",
            caseNo=new.case_no,
            leaderName=new.leader_name,
            leaders=names,
        )
    return new.leader_name


def record_petition(reach: Reach, new: NewPetition) -> Work:
    """P9 `recordPetition`: a new case file; refuses a case number already filed."""
    inputs = {
        "caseNo": new.case_no, "registeredOn": new.registered_on, "level": new.level,
        "townshipCode": new.township_code, "villageCode": new.village_code, "householdId": new.household_id,
        "claim": new.claim, "assignedUnit": new.assigned_unit, "leaderName": new.leader_name,
    }  # fmt: skip

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take_found(
            tx,
            _PLACES,
            townshipCode=new.township_code,
            villageCode=new.village_code,
            householdId=new.household_id,
        )
        # The place first: a caller is told nothing of case numbers outside its reach.
        place_params = {"townshipCode": new.township_code, "villageCode": new.village_code,
                        "householdId": new.household_id, "day": new.registered_on}  # fmt: skip
        result = await tx.run(_place(reach), {**reach.params(), **place_params})
        place = await result.single()
        if place is None:
            raise NotFound(f"乡镇 {new.township_code} 不存在或不在您的管辖范围内", argument="townshipCode")
        result = await tx.run(_EXISTS, caseNo=new.case_no)
        if (await result.single(strict=True))["exists"]:
            raise RuleRefusal(
                "P9", f"P9：案件编号 {new.case_no} 已建档（一案一档），不能重复登记", caseNo=new.case_no
            )
        if new.village_code is not None and place["village"] is None:
            raise NotFound(f"行政村 {new.village_code} 不在乡镇 {new.township_code}", argument="villageCode")
        if new.household_id is not None:
            if place["household"] is None:
                raise NotFound(
                    f"户编号 {new.household_id} 不在乡镇 {new.township_code}", argument="householdId"
                )
            if new.village_code is not None and place["householdVillage"] != new.village_code:
                raise UserError(
                    f"户 {new.household_id} 不属于行政村 {new.village_code}", argument="householdId"
                )
        props = {
            "registeredOn": new.registered_on, "level": new.level, "claim": new.claim,
            "assignedUnit": new.assigned_unit, "leaderName": _leader(new, plain(place["leaders"])),
        }  # fmt: skip
        result = await tx.run(
            _CREATE, caseNo=new.case_no, townshipCode=new.township_code, props=props,
            villageCode=place["villageCode"], householdId=new.household_id,
        )  # fmt: skip
        row = await result.single(strict=True)
        petition = plain(row["props"])
        concerns = [row["node"], place["township"], place["village"], place["household"]]
        change = Change("Petition", new.case_no, None, petition)
        return petition, Event("recordPetition", inputs, [change], [c for c in concerns if c])

    return work


def close_petition(reach: Reach, case_no: str, day: dt.date, reply: str) -> Work:
    """P9 `closePetition`: 办结 with the reply; refuses a closed case or a day before registration."""
    inputs = {"caseNo": case_no, "date": day, "reply": reply}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Petition=[case_no])
        found = await lookup.node(tx, reach, _petition(reach), f"信访件 {case_no}", "caseNo", caseNo=case_no)
        petition = lookup.props(found)
        subject = f"信访件 {case_no}"
        refuse.done_once("P9", subject, petition.get("closedOn"), "办结", "closedOn", caseNo=case_no)
        refuse.not_before(
            "P9", subject, day, petition["registeredOn"], "登记", "registeredOn", "办结日期", caseNo=case_no
        )
        result = await tx.run(_CLOSE, caseNo=case_no, day=day, reply=reply)
        after = plain((await result.single(strict=True))["props"])
        change = Change("Petition", case_no, petition, after)
        return after, Event("closePetition", inputs, [change], [found["node"]])

    return work
