"""Dated edits of who is on the register: a person added to a household (`addPerson`), moved to
another (`movePerson`), dead (`recordDeath`), a household removed (`removeHousehold`, 销户).

Nothing is deleted. A person added is on the register from its `enteredOn`; a person dead, a
household removed, until its `leftOn` (graph/facts.py `on_register`: every rule reads it, so a
past question answers as before). A move ends the person's BELONGS_TO as the loader ends it on
分户 (kept as BELONGED_TO with `until`) and starts one to the new household; each household's size
(家庭人口数, a dated fact) follows from the day. Each is checked as the 人口花名册 checks a row.
"""

from __future__ import annotations

import datetime as dt

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from core.errors import NotFound, UserError
from graph.audit import Change, Event
from graph.changes import locks, lookup, refuse
from graph.changes.facts import parsed, refuse_before, refuse_problems
from graph.changes.lookup import Work
from graph.derived import person_facts, record_workers, record_workers_of
from graph.entities import write_lock
from graph.facts import BOUNDED, keep_facts
from graph.reach import Reach
from graph.rosters import BY_KIND
from graph.rows import Props, plain

PERSON_EXISTS = "PERSON_EXISTS"

# Household `h`'s size as of $day, its former size kept (graph/facts.py).
_RESIZE = (
    "WITH h, h {.*} AS before, {size: coalesce(h.size, 0) + $by} AS resized\n"
    + keep_facts("h", "Household", "resized", "$day", "null", imports="resized")
    + "SET h.size = resized.size\nRETURN before, h {.*} AS after, elementId(h) AS node"
)


async def _resized(tx: AsyncManagedTransaction, household_id: str, by: int, day: dt.date) -> Change:
    row = await lookup.one(tx, "MATCH (h:Household {id: $id})\n" + _RESIZE, id=household_id, by=by, day=day)
    assert row is not None
    return Change("Household", household_id, row["before"], row["after"])


def _person(reach: Reach) -> str:
    """The person in reach, write-locked, with its household's id."""
    return (
        f"MATCH (p:Person {{uid: $id}})-[b:BELONGS_TO]->(h:Household) WHERE {reach.sees('Person', 'p')}\n"
        f"{write_lock('p')}\n"
        "RETURN p {.*} AS props, elementId(p) AS node, h {.*} AS household, b.relation AS relation"
    )


async def _found_person(tx: AsyncManagedTransaction, reach: Reach, person_id: str) -> Props:
    found = await lookup.one(tx, _person(reach), id=person_id, **reach.params())
    if found is None:
        raise NotFound(f"人员 {person_id} 不存在或不在您的管辖范围内", argument="personId", id=person_id)
    return found


# The person, its household and the households in `$also`, for their locks in the global order
# (graph/changes/locks.py).
_HOUSEHOLD_OF = (
    "MATCH (p:Person {uid: $id})-[:BELONGS_TO]->(h:Household)\n"
    "RETURN [h.id] + $also AS Household, [p.uid] AS Person"
)

_ADD = (
    "MATCH (h:Household {id: $householdId})\n"
    "CREATE (p:Person {uid: randomUUID()})-[:BELONGS_TO {relation: $relation, since: $day}]->(h)\n"
    f"SET p += $props, p.enteredOn = $day, p:{BOUNDED}\n"
    f"{person_facts('p')}WITH *\n{record_workers('h')}"
    "RETURN p {.*} AS after, elementId(p) AS node"
)


def _registered() -> UserError:
    return UserError("person.idNumber：该证件号码已登记", code=PERSON_EXISTS, argument="person.idNumber")


def add_person(reach: Reach, household_id: str, given: dict[str, object], day: dt.date, reason: str) -> Work:
    """`addPerson`: a person (人口花名册 columns: name, idNumber, relation required) joins the
    household from `day`; refused as the roster refuses its row, or when the identity number is
    registered already (PERSON_EXISTS)."""
    spec = BY_KIND["persons"]
    person = parsed("persons", given, "person")
    missing = [c for c in spec.columns if c.required and c.on != "ref" and person.get(c.prop) is None]
    if missing:
        column = missing[0]
        raise UserError(f"person.{column.prop}（{column.header}）必须填写", argument=f"person.{column.prop}")
    person = refuse_problems({}, person, spec.row_checks, "person")
    relation = person.pop("relation")

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Household=[household_id])
        found = await lookup.household(tx, reach, household_id, lock=True)
        refuse.removed(household_id, found["household"], "householdId", day)
        refuse_before(f"户 {household_id}", found["household"], day)
        exists = await lookup.one(
            tx, "MATCH (p:Person {idNumber: $n}) RETURN p.uid AS uid", n=person["idNumber"]
        )
        if exists is not None:
            raise _registered()
        try:
            row = await lookup.one(
                tx, _ADD, householdId=household_id, relation=relation, props=person, day=day
            )
        except ConstraintError:
            # Added meanwhile to another household by a change that committed while this one waited
            # on the identity number's unique index entry: the same answer as when it came first.
            raise _registered() from None
        assert row is not None
        size = await _resized(tx, household_id, 1, day)
        after = plain(row["after"])
        # The person's fields at the top, where the audit leaves out identity and phone numbers.
        inputs = {"householdId": household_id, **given, "effectiveOn": day, "reason": reason}
        changes = [Change("Person", after["uid"], None, after), size]
        return after, Event("addPerson", inputs, changes, [found["node"], row["node"]])

    return work


_MOVE = f"""MATCH (p:Person {{uid: $id}})-[old:BELONGS_TO]->(from:Household), (to:Household {{id: $to}})
CREATE (p)-[was:BELONGED_TO]->(from) SET was = properties(old), was.until = $day
CREATE (p)-[:BELONGS_TO {{relation: old.relation, since: $day}}]->(to)
SET p.placedSince = $day,
    from.membersSince = CASE WHEN from.membersSince > $day THEN from.membersSince ELSE $day END,
    to.membersSince = CASE WHEN to.membersSince > $day THEN to.membersSince ELSE $day END
DELETE old
WITH from, to
{record_workers("from")}{record_workers("to")}RETURN elementId(to) AS node"""


def move_person(reach: Reach, person_id: str, to_household: str, day: dt.date, reason: str) -> Work:
    """`movePerson`: the person belongs to `to_household` from `day` (both households in reach)."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take_found(tx, _HOUSEHOLD_OF, id=person_id, also=[to_household])
        found = await _found_person(tx, reach, person_id)
        source = found["household"]["id"]
        target = await lookup.household(tx, reach, to_household, lock=True)
        if source == to_household:
            raise UserError(f"人员 {person_id} 已属于户 {to_household}", argument="toHouseholdId")
        refuse.dead(person_id, found["props"], "personId", day)
        refuse.removed(to_household, target["household"], "toHouseholdId", day)
        for key, props in ((source, found["household"]), (to_household, target["household"])):
            refuse_before(f"户 {key}", props, day)
        await lookup.one(tx, _MOVE, id=person_id, to=to_household, day=day)
        link = {"relation": found["relation"]}
        changes = [
            Change("BELONGS_TO", f"{person_id}->{source}", link, {**link, "until": day}),
            Change("BELONGS_TO", f"{person_id}->{to_household}", None, {**link, "since": day}),
            await _resized(tx, source, -1, day),
            await _resized(tx, to_household, 1, day),
        ]
        inputs = {"personId": person_id, "toHouseholdId": to_household, "effectiveOn": day, "reason": reason}
        event = Event("movePerson", inputs, changes, [found["node"], target["node"]])
        return found["props"], event

    return work


def _leave(label: str, key: str) -> str:
    """Node `label` {`key`: $id} leaves the register on $day for $because (graph/facts.py)."""
    return (
        f"MATCH (n:{label} {{{key}: $id}}) WITH n, n {{.*}} AS before\n"
        f"SET n.leftOn = $day, n.leftBecause = $because, n:{BOUNDED}\nWITH *\n{record_workers_of('n')}"
        "RETURN before, n {.*} AS after"
    )


async def _left(tx: AsyncManagedTransaction, label: str, id_: str, day: dt.date, because: str) -> Change:
    key = "uid" if label == "Person" else "id"
    row = await lookup.one(tx, _leave(label, key), id=id_, day=day, because=because)
    assert row is not None
    return Change(label, id_, row["before"], row["after"])


# Why a person leaves the register (`leftBecause`), and the operation its audit event names.
LEAVING = {"DEATH": "recordDeath", "MOVED_AWAY": "recordMoveAway"}


def record_death(reach: Reach, person_id: str, day: dt.date) -> Work:
    """`recordDeath`: the person leaves the register on `day` (no rule counts it from then on) and
    stays in history; its household's size follows."""
    return leave_register(reach, person_id, day, "DEATH")


def leave_register(reach: Reach, person_id: str, day: dt.date, because: str) -> Work:
    """The person leaves the register on `day` for `because` (LEAVING: dead, or its 户籍 moved out of
    the county, as a comparison with 公安's list finds) and stays in history; its household's size
    follows."""
    operation = LEAVING[because]

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take_found(tx, _HOUSEHOLD_OF, id=person_id, also=[])
        found = await _found_person(tx, reach, person_id)
        refuse.dead(person_id, found["props"], "personId")
        household = found["household"]["id"]
        refuse_before(f"户 {household}", found["household"], day, "date")
        changes = [await _left(tx, "Person", person_id, day, because), await _resized(tx, household, -1, day)]
        inputs = {"personId": person_id, "date": day}
        return changes[0].after or {}, Event(operation, inputs, changes, [found["node"]])

    return work


async def on_register(tx: AsyncManagedTransaction, household_id: str) -> int:
    """How many of the household's members are still on the register (none left it)."""
    row = await lookup.one(
        tx,
        "MATCH (:Household {id: $id})<-[:BELONGS_TO]-(p:Person) WHERE p.leftOn IS NULL RETURN count(p) AS n",
        id=household_id,
    )
    return 0 if row is None else int(row["n"])


def remove_household(reach: Reach, household_id: str, because: str, day: dt.date) -> Work:
    """`removeHousehold` (销户): the household leaves the register on `day` for `because` (DEATH,
    MOVED_AWAY, WRONGLY_REGISTERED) and stays in history."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Household=[household_id])
        found = await lookup.household(tx, reach, household_id, lock=True)
        refuse.removed(household_id, found["household"], "id")
        identified = found["household"].get("identifiedOn")
        if identified is not None and day < identified:
            raise UserError(
                f"销户日期 {day.isoformat()} 不能早于首次识别时间 {identified.isoformat()}",
                argument="date", identifiedOn=identified.isoformat(),
            )  # fmt: skip
        change = await _left(tx, "Household", household_id, day, because)
        inputs = {"id": household_id, "reason": because, "date": day}
        return change.after or {}, Event("removeHousehold", inputs, [change], [found["node"]])

    return work
