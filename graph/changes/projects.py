"""O3, P1, P4: the project register changed by hand: a project created, corrected and finished, the
households it benefits linked (dated BENEFITS, ended on a day, never deleted), and its fund
disbursements recorded. Amounts are integer fen (core/values.py).

Each change first locks, in the global order (graph/changes/locks.py), the unit, village and
households it links, then the project, then the disbursement; the lookups then keep to the
caller's reach (a project lies in its village's, graph/reach.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from core.errors import RuleRefusal, UserError
from core.values import yuan
from graph.audit import Change, Event
from graph.changes import locks, lookup, refuse
from graph.changes.facts import refuse_before
from graph.changes.lookup import Work
from graph.entities import write_lock
from graph.facts import keep_facts
from graph.led import department_on, lead
from graph.projects import disbursement, project
from graph.reach import Reach
from graph.rows import Props


@dataclass(frozen=True)
class ProjectFacts:
    """What a project's form gives (amounts in fen); None leaves a property as it is on update."""

    name: str | None = None
    kind: str | None = None
    funding_source: str | None = None
    budget: int | None = None
    start_on: dt.date | None = None
    finish_on: dt.date | None = None

    def props(self) -> Props:
        given = {
            "name": self.name,
            "kind": self.kind,
            "fundingSource": self.funding_source,
            "budgetFen": self.budget,
            "startOn": self.start_on,
            "finishOn": self.finish_on,
        }
        return {k: v for k, v in given.items() if v is not None}


def _find(reach: Reach) -> str:
    """The project, write-locked, inside the reach."""
    return f"""MATCH (p:Project {{id: $projectId}})
WHERE {reach.sees("Project", "p")}
{write_lock("p")}
RETURN elementId(p) AS node, p {{.*}} AS props, {department_on("p", "$reachOn")} AS department,
       COLLECT {{ MATCH (p)-[l:LED_BY WHERE l.until IS NULL]->() RETURN l.since }}[0] AS ledSince
"""


def _shown(reach: Reach) -> str:
    return f"MATCH (p:Project {{id: $projectId}}) RETURN {project(reach)} AS project"


async def _project(tx: AsyncManagedTransaction, reach: Reach, project_id: str) -> Props:
    return await lookup.node(tx, reach, _find(reach), f"项目 {project_id}", "projectId", projectId=project_id)


async def _answer(tx: AsyncManagedTransaction, reach: Reach, project_id: str) -> Props:
    row = await lookup.one(tx, _shown(reach), projectId=project_id, **reach.params())
    assert row is not None  # found and locked in this transaction
    shown: Props = row["project"]
    return shown


def _dates(start: dt.date, finish: dt.date) -> None:
    refuse.in_order("O3", ("startOn", "开工日期", start), ("finishOn", "计划完工日期", finish))


def _created(label: str, owner: str, rel: str, link: str, linked: str) -> str:
    """A statement creating the `label` node `$key` (with `$props`), `rel` to `owner` (a pattern
    binding `o`), and `linked` to `link` (a pattern binding `x`) when that matches a node."""
    return f"""MATCH {owner}
CREATE (n:{label} {{id: $key}})-[:{rel}]->(o)
SET n += $props
WITH n
CALL (n) {{ MATCH {link} CREATE (n)-[:{linked}]->(x) }}
RETURN elementId(n) AS node
"""


_CREATE = _created(
    "Project", "(o:Village {code: $villageCode})", "SITED_IN", "(x:Unit {name: $department})", "LED_BY"
)


def create_project(
    reach: Reach, project_id: str, village_code: str, facts: ProjectFacts, department: str | None
) -> Work:
    """O3 `createProject`: refuses a 项目编号 registered already and a finish date before the start."""
    inputs = {"projectId": project_id, "villageCode": village_code, **facts.props(), "department": department}
    inputs["budget"] = yuan(inputs.pop("budgetFen", None))

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(
            tx, Unit=[department] if department else [], Village=[village_code], Project=[project_id]
        )
        village = await lookup.village(tx, reach, village_code)
        unit = await lookup.unit(tx, department, "department") if department else None
        assert facts.start_on is not None and facts.finish_on is not None
        _dates(facts.start_on, facts.finish_on)
        taken = await lookup.one(tx, "MATCH (p:Project {id: $id}) RETURN p.id AS id", id=project_id)
        if taken is not None:
            raise RuleRefusal("O3", f"O3：项目编号 {project_id} 已登记", projectId=project_id)
        row = await lookup.one(
            tx, _CREATE, villageCode=village_code, key=project_id, props=facts.props(), department=department,
        )  # fmt: skip
        assert row is not None
        after = await _answer(tx, reach, project_id)
        concerns = [row["node"], village["node"], *([unit["node"]] if unit else [])]
        change = Change("Project", project_id, None, _kept(after))
        return after, Event("createProject", inputs, [change], concerns)

    return work


# The project's facts as of $day (those replaced kept as a period recorded by the event: null, the
# event keeps before and after itself), then its department from $day when one is given.
_UPDATE = f"""MATCH (p:Project {{id: $projectId}})
{keep_facts("p", "Project", "$props", "$day", "null")}SET p += $props
WITH p
OPTIONAL MATCH (u:Unit {{name: $department}})
CALL (p, u) {{
  WITH p, u WHERE u IS NOT NULL
{lead("p", "u", "$day")}}}
RETURN elementId(p) AS node
"""


# What an update locks: the project and its department, old and new (the link moves between them).
_HELD = """MATCH (p:Project {id: $projectId})
RETURN [p.id] AS Project,
       COLLECT { MATCH (p)-[l:LED_BY WHERE l.until IS NULL]->(u:Unit) RETURN u.name } + $units AS Unit
"""


def update_project(
    reach: Reach, project_id: str, facts: ProjectFacts, department: str | None, day: dt.date
) -> Work:
    """O3 `updateProject`: what is given (name, kind, funding source, budget, dates, department)
    changes as of `day`; what it replaces is kept (the facts as a period, the department's link
    ended on `day`), so the project asked as of an earlier day reads what held then, and the event
    keeps the project as it was. Refuses a finish date before the start, and a day before the one
    the current facts or department hold from (history is added to, never rewritten)."""
    inputs = {"projectId": project_id, **facts.props(), "department": department, "effectiveOn": day}
    if "budgetFen" in inputs:
        inputs["budget"] = yuan(inputs.pop("budgetFen"))

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take_found(tx, _HELD, projectId=project_id, units=[department] if department else [])
        unit = await lookup.unit(tx, department, "department") if department else None
        found = await _project(tx, reach, project_id)
        before = {**lookup.props(found), "department": found["department"]}
        start = facts.start_on or before["startOn"]
        finish = facts.finish_on or before["finishOn"]
        _dates(start, finish)
        held = [d for d in (before.get("factsSince"), department and found["ledSince"]) if d is not None]
        refuse_before(f"项目 {project_id}", {"factsSince": max(held, default=None)}, day)
        await lookup.one(
            tx, _UPDATE, projectId=project_id, props=facts.props(), department=department, day=day
        )
        after = await _answer(tx, reach, project_id)
        concerns = [found["node"], *([unit["node"]] if unit else [])]
        change = Change("Project", project_id, _kept(before), _kept(after))
        return after, Event("updateProject", inputs, [change], concerns)

    return work


def end_project(reach: Reach, project_id: str, finished_on: dt.date) -> Work:
    """O3 `endProject`: the project finished (实际完工日期) on `finished_on`; refuses one finished
    already or a day before its start."""
    inputs = {"projectId": project_id, "finishedOn": finished_on}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Project=[project_id])
        found = await _project(tx, reach, project_id)
        before = lookup.props(found)
        subject = f"项目 {project_id}"
        refuse.done_once("O3", subject, before.get("finishedOn"), "完工", "finishedOn", projectId=project_id)
        refuse.not_before(
            "O3",
            subject,
            finished_on,
            before["startOn"],
            "开工",
            "startOn",
            "实际完工日期",
            projectId=project_id,
        )
        await lookup.one(
            tx,
            "MATCH (p:Project {id: $projectId}) SET p.finishedOn = $day",
            projectId=project_id,
            day=finished_on,
        )
        after = await _answer(tx, reach, project_id)
        change = Change("Project", project_id, {**before, "department": found["department"]}, _kept(after))
        return after, Event("endProject", inputs, [change], [found["node"]])

    return work


# The households' links to the project active on $since or starting after it (an overlap).
_OPEN_LINKS = """UNWIND $householdIds AS householdId
MATCH (:Project {id: $projectId})-[b:BENEFITS]->(h:Household {id: householdId})
WHERE b.until IS NULL OR b.until > $since
RETURN h.id AS householdId, b.since AS since
"""
_LINK = """MATCH (p:Project {id: $projectId})
UNWIND $householdIds AS householdId
MATCH (h:Household {id: householdId})
CREATE (p)-[:BENEFITS {since: $since}]->(h)
"""


def add_beneficiaries(reach: Reach, project_id: str, household_ids: list[str], since: dt.date) -> Work:
    """O3, P1 `addProjectBeneficiaries`: the households benefit from the project from `since` on;
    refuses one that benefits from it on that day or later already (a link not ended by then)."""
    ids = sorted(set(household_ids))
    inputs = {"projectId": project_id, "householdIds": ids, "since": since}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Household=ids, Project=[project_id])
        households = [await lookup.household(tx, reach, household_id) for household_id in ids]
        found = await _project(tx, reach, project_id)
        held = await lookup.rows(tx, _OPEN_LINKS, projectId=project_id, householdIds=ids, since=since)
        if held:
            first = held[0]
            raise RuleRefusal(
                "O3",
                f"O3：户 {first['householdId']} 自 {first['since'].isoformat()} 起"
                f"已是项目 {project_id} 的受益户",
                projectId=project_id,
                householdId=first["householdId"],
                since=first["since"].isoformat(),
            )
        await lookup.one(tx, _LINK, projectId=project_id, householdIds=ids, since=since)
        after = await _answer(tx, reach, project_id)
        changes = [Change("BENEFITS", f"{project_id}->{h}", None, {"since": since}) for h in ids]
        concerns = [found["node"], *(h["node"] for h in households)]
        return after, Event("addProjectBeneficiaries", inputs, changes, concerns)

    return work


_OPEN_LINK = """MATCH (:Project {id: $projectId})-[b:BENEFITS]->(:Household {id: $householdId})
WHERE b.until IS NULL
RETURN elementId(b) AS link, b.since AS since
"""


def end_beneficiary(reach: Reach, project_id: str, household_id: str, until: dt.date) -> Work:
    """O3 `endProjectBeneficiary`: the household's open link to the project ends on `until` (the
    link is kept, with its dates). Refuses a household with no open link, or a day before its start."""
    inputs = {"projectId": project_id, "householdId": household_id, "until": until}

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Household=[household_id], Project=[project_id])
        household = await lookup.household(tx, reach, household_id)
        found = await _project(tx, reach, project_id)
        link = await lookup.one(tx, _OPEN_LINK, projectId=project_id, householdId=household_id)
        if link is None:
            raise RuleRefusal(
                "O3",
                f"O3：户 {household_id} 不是项目 {project_id} 的受益户（或已结束）",
                projectId=project_id,
                householdId=household_id,
            )
        refuse.not_before(
            "O3", f"户 {household_id}", until, link["since"], "受益", "since", "受益结束日期",
            projectId=project_id, householdId=household_id,
        )  # fmt: skip
        await lookup.one(
            tx, "MATCH ()-[b:BENEFITS]->() WHERE elementId(b) = $link SET b.until = $until",
            link=link["link"], until=until,
        )  # fmt: skip
        after = await _answer(tx, reach, project_id)
        change = Change(
            "BENEFITS", f"{project_id}->{household_id}", {"since": link["since"]},
            {"since": link["since"], "until": until},
        )  # fmt: skip
        return after, Event("endProjectBeneficiary", inputs, [change], [found["node"], household["node"]])

    return work


@dataclass(frozen=True)
class Payment:
    """A disbursement's form: its voucher number (拨付编号), day, amount (fen), payee (a household or
    an entity's name) and channel (PAYMENT_CHANNEL's code)."""

    id: str
    date: dt.date
    amount: int
    channel: str
    household_id: str | None = None
    payee: str | None = None


_PAY = _created(
    "Disbursement",
    "(o:Project {id: $projectId})",
    "OF_PROJECT",
    "(x:Household {id: $householdId})",
    "PAID_TO",
)


def record_disbursement(reach: Reach, project_id: str, payment: Payment) -> Work:
    """O3 `recordDisbursement`: a payment of the project's funds to a household (in the caller's
    reach) or an entity, exactly one of them. Refuses a 拨付编号 recorded already. A payment above the
    budget is recorded (it happened) and shows in projectsOverBudget."""
    if (payment.household_id is None) == (payment.payee is None):
        raise UserError(
            "收款户编号（householdId）和收款单位（payee）须且只须填写一项", argument="householdId"
        )
    inputs = {
        "projectId": project_id, "id": payment.id, "date": payment.date, "amount": yuan(payment.amount),
        "channel": payment.channel, "householdId": payment.household_id, "payee": payment.payee,
    }  # fmt: skip

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        payee = [payment.household_id] if payment.household_id else []
        await locks.take(tx, Household=payee, Project=[project_id], Disbursement=[payment.id])
        household = await lookup.household(tx, reach, payment.household_id) if payment.household_id else None
        found = await _project(tx, reach, project_id)
        taken = await lookup.one(tx, "MATCH (d:Disbursement {id: $id}) RETURN d.id AS id", id=payment.id)
        if taken is not None:
            raise RuleRefusal("O3", f"O3：拨付编号 {payment.id} 已登记", id=payment.id)
        props = {"date": payment.date, "amountFen": payment.amount, "channel": payment.channel}
        if payment.payee:
            props["payee"] = payment.payee
        row = await lookup.one(
            tx, _PAY, projectId=project_id, key=payment.id, props=props, householdId=payment.household_id
        )
        assert row is not None
        shown = await lookup.one(
            tx, f"MATCH (d:Disbursement {{id: $id}}) RETURN {disbursement(reach)} AS d", id=payment.id,
            **reach.params(),
        )  # fmt: skip
        assert shown is not None
        after: Props = shown["d"]
        concerns = [row["node"], found["node"], *([household["node"]] if household else [])]
        change = Change("Disbursement", payment.id, None, after)
        return after, Event("recordDisbursement", inputs, [change], concerns)

    return work


def _kept(shown: Props) -> Props:
    """A project as its audit event keeps it: its disbursements are records of their own."""
    return {k: v for k, v in shown.items() if k != "disbursements"}
