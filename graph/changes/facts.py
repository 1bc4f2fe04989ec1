"""Dated edits of a household's or a person's facts (`updateHousehold`, `updatePerson`): the facts
given change as of `effectiveOn`, the ones they replace are kept as a period (graph/facts.py), and
the row checks of the roster that describes the household or person (graph/rosters/checks.py)
refuse what they refuse in a file, on the values as they would stand after the change.

脱贫状态 and 退出年度 are not edited here: a household exits by `exitHousehold` (S5) and returns by
`verifyPovertyReport` (S3), each under its rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from core.errors import UserError
from core.names import with_keys
from core.values import Invalid
from graph.audit import Change, Event
from graph.changes import locks, lookup, refuse
from graph.changes.lookup import Work
from graph.derived import person_facts, record_exit_doubt, record_workers_of
from graph.entities import write_lock
from graph.facts import keep_facts
from graph.reach import Reach
from graph.rosters import BY_KIND
from graph.rosters.checks import RowCheck
from graph.rows import Props, plain

BEFORE_FACTS = "EFFECTIVE_BEFORE_FACTS"


def _cell(value: object) -> str:
    """A value as a roster cell writes it (是/否 for a yes-no column)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return str(value).strip()


def parsed(kind: str, changes: dict[str, object], argument: str = "changes") -> Props:
    """`changes` (prop → value as given; null or blank empties it) parsed by the roster's own
    column parsers, as the loader parses a cell: one value rule for both. A value refused is
    BAD_USER_INPUT naming `<argument>.<prop>` and the column, with the loader's reason."""
    columns = {column.prop: column for column in BY_KIND[kind].columns}
    stored: Props = {}
    for prop, value in changes.items():
        column = columns[prop]
        text = "" if value is None else _cell(value)
        try:
            stored[prop] = column.parse(text) if text else None
        except Invalid as invalid:
            raise UserError(
                f"{argument}.{prop}（{column.header}）：{invalid.reason}",
                argument=f"{argument}.{prop}",
                allowed=list(invalid.allowed) or None,
            ) from None
    if not stored:
        raise UserError(f"{argument} 不能为空：请给出要修改的信息", argument=argument)
    return with_keys(stored)


def _write(var: str, label: str, labels: str = "") -> str:
    """Node `var`'s facts set from $changes as of $day (what they replace kept), then `labels`."""
    keep = keep_facts(var, label, "$changes", "$day", "null")
    return (
        f"WITH {var}, {var} {{.*}} AS before\n{keep}SET {var} += $changes\n{labels}"
        f"RETURN before, {var} {{.*}} AS after"
    )


_HOUSEHOLD = "MATCH (h:Household {id: $id})\n" + _write("h", "Household", "WITH *\n" + record_exit_doubt("h"))
_PERSON = "MATCH (p:Person {uid: $id})\n" + _write(
    "p", "Person", person_facts("p") + "WITH *\n" + record_workers_of("p")
)


def _person(reach: Reach) -> str:
    """The person in reach, write-locked, with its household's id and 销户 day."""
    return (
        f"MATCH (p:Person {{uid: $id}}) WHERE {reach.sees('Person', 'p')}\n{write_lock('p')}\n"
        "RETURN p {.*} AS props, elementId(p) AS node,\n"
        "       [(p)-[:BELONGS_TO]->(h:Household) | h {.id, .leftOn}][0] AS household"
    )


def refuse_problems(
    now: Props, changes: Props, checks: tuple[RowCheck, ...], argument: str = "changes"
) -> Props:
    """The roster's row checks on the values as they would stand: the first problem refuses,
    naming the changed field (`<argument>.<field>`) as the loader names the column. Returns the
    values as they would stand, with what a check fills in (the birth date an identity number
    carries)."""
    values: dict[str, Any] = {**now, **changes}
    for check in checks:
        for problem in check(values):
            prop = problem.props[0]
            raise UserError(
                f"{argument}.{prop}：{problem.reason}",
                argument=f"{argument}.{prop}",
                allowed=list(problem.allowed) or None,
            )
    return values


def refuse_before(key: str, now: Props, day: dt.date, argument: str = "effectiveOn") -> None:
    """A change takes effect on or after the day the current facts hold from (history is added to,
    never rewritten)."""
    since = now.get("factsSince")
    if since is not None and day < since:
        raise UserError(
            f"{key} 现有信息自 {since.isoformat()} 起有效，生效日期 {day.isoformat()} 不能早于该日",
            code=BEFORE_FACTS, argument=argument, factsSince=since.isoformat(),
        )  # fmt: skip


@dataclass(frozen=True)
class Edit:
    """One kind of dated edit: its operation, roster, label, statement and how a refusal names it."""

    operation: str
    roster: str
    label: str
    statement: str
    what: str


HOUSEHOLD = Edit("updateHousehold", "households", "Household", _HOUSEHOLD, "户")
PERSON = Edit("updatePerson", "persons", "Person", _PERSON, "人员")


async def _edited(
    tx: AsyncManagedTransaction,
    edit: Edit,
    key: str,
    found: tuple[Props, str],
    changes: Props,
    day: dt.date,
    reason: str,
) -> tuple[Props, Event]:
    """`changes` to the node found (its properties and element id) as of `day`, checked first."""
    now, node = found
    refuse_problems(now, changes, BY_KIND[edit.roster].row_checks)
    refuse_before(f"{edit.what} {key}", now, day)
    result = await tx.run(edit.statement, id=key, changes=changes, day=day)
    row = await result.single(strict=True)
    before, after = plain(row["before"]), plain(row["after"])
    inputs = {"id": key, "changes": changes, "effectiveOn": day, "reason": reason}
    return after, Event(edit.operation, inputs, [Change(edit.label, key, before, after)], [node])


def update_household(reach: Reach, household_id: str, changes: Props, day: dt.date, reason: str) -> Work:
    """`updateHousehold`: `changes` (dated facts of graph/facts.py) as of `day`."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Household=[household_id])
        found = await lookup.household(tx, reach, household_id, lock=True)
        refuse.removed(household_id, found["household"], "id", day)
        return await _edited(
            tx, HOUSEHOLD, household_id, (found["household"], found["node"]), changes, day, reason
        )

    return work


# The person and the household it belongs to (whose workers it counts in, graph/derived.py), for
# their locks in the global order (graph/changes/locks.py).
PERSON_AND_HOUSEHOLD = (
    "MATCH (p:Person {uid: $id}) OPTIONAL MATCH (p)-[:BELONGS_TO]->(h:Household)\n"
    "RETURN [h.id] AS Household, [p.uid] AS Person"
)


def update_person(reach: Reach, person_id: str, changes: Props, day: dt.date, reason: str) -> Work:
    """`updatePerson`: `changes` (dated facts of graph/facts.py) as of `day`; its derived labels
    follow (graph/derived.py)."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take_found(tx, PERSON_AND_HOUSEHOLD, id=person_id)
        found = await lookup.node(tx, reach, _person(reach), f"人员 {person_id}", "id", id=person_id)
        refuse.dead(person_id, lookup.props(found), "id", day)
        household = found["household"] or {}
        refuse.removed(household.get("id", ""), household, "id", day)
        return await _edited(
            tx, PERSON, person_id, (lookup.props(found), found["node"]), changes, day, reason
        )

    return work
