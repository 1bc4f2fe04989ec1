"""`--snapshot DATE` for 结对帮扶花名册, 驻村工作队花名册 and 项目受益户: the roster is the complete
list on DATE, so an active PAIRED_WITH / MEMBER_OF / BENEFITS (since <= DATE < until,
docs/model.md) that it does not hold ends on DATE (until = DATE). Likewise for 户花名册 and
人口花名册: a household or person on the register on DATE that the roster no longer lists (销户, a
death, a move out of the county) leaves it on DATE (`leftOn`, as `removeHousehold` and
`recordDeath` record it; graph/facts.py `on_register`). Nothing is deleted; a rerun finds nothing
more to end."""

from __future__ import annotations

from datetime import date
from typing import Any

from neo4j import Driver

from graph.derived import record_pairings, record_workers_of
from graph.facts import BOUNDED, on_register
from graph.load.audit import concern
from graph.load.base import Checked

ACTIVE = "r.since <= $date AND (r.until IS NULL OR r.until > $date)"
# Per roster: every relationship it completes, the one of a key (k: [a's key, b's id, since]) and
# a's key property.
PATTERNS = {
    "pairings": (
        "(a:Cadre)-[r:PAIRED_WITH]->(b:Household)",
        "(a:Cadre {idNumber: k[0]})-[r:PAIRED_WITH]->(b:Household {id: k[1]})",
        "idNumber",
    ),
    "teams": (
        "(a:Cadre)-[r:MEMBER_OF]->(b:WorkTeam)",
        "(a:Cadre {idNumber: k[0]})-[r:MEMBER_OF]->(b:WorkTeam {id: k[1]})",
        "idNumber",
    ),
    "project_beneficiaries": (
        "(a:Project)-[r:BENEFITS]->(b:Household)",
        "(a:Project {id: k[0]})-[r:BENEFITS]->(b:Household {id: k[1]})",
        "id",
    ),
}
NAMES = {"pairings": "结对帮扶关系", "teams": "驻村工作队队员关系", "project_beneficiaries": "项目受益关系"}
# How a load's notes name an ended relationship's ends.
ENDS_SHOWN = {
    "pairings": ("帮扶责任人", "户"),
    "teams": ("帮扶责任人", "工作队"),
    "project_beneficiaries": ("项目", "受益户"),
}
# The register's rosters: the node and its key. A node entered after DATE, or (a household)
# identified after it, is not on that day's register, so an older roster cannot end it.
REGISTERS = {
    "households": ("Household", "id", "coalesce(n.identifiedOn <= $date, true)"),
    "persons": ("Person", "idNumber", "true"),
}
ENDS = (*PATTERNS, *REGISTERS)  # the rosters a snapshot completes
LEFT_UNLISTED = "NOT_LISTED"  # leftBecause: the roster no longer lists it (the reason is not given)


def present(kind: str, rows: list[Checked]) -> set[tuple[Any, ...]]:
    """The (cadre or project, household or team, since) keys the roster's rows hold; a register's keys."""
    if kind in REGISTERS:
        return {(r.values[REGISTERS[kind][1]],) for r in rows}
    if kind == "pairings":
        return {(r.values["cadreIdNumber"], r.values["householdId"], r.values["since"]) for r in rows}
    if kind == "project_beneficiaries":
        return {(r.values["projectId"], r.values["householdId"], r.values["since"]) for r in rows}
    return {(r.values["cadreIdNumber"], r.resolved["teamId"], r.values["since"]) for r in rows}


def end_absent(
    driver: Driver,
    database: str,
    kind: str,
    held: set[tuple[Any, ...]],
    day: date,
    dry_run: bool,
    event: str | None = None,
) -> list[tuple[Any, ...]]:
    """End (in a dry run: list) the relationships active on `day` that the roster does not hold —
    their (cadre or project, household or team, since) keys; the load's audit `event` concerns both
    ends of each."""
    everything, keyed, key = PATTERNS[kind]
    records, _, _ = driver.execute_query(
        f"MATCH {everything} WHERE {ACTIVE} RETURN a.{key} AS a, b.id AS b, r.since AS since",
        date=day,
        database_=database,
    )
    active = [(r["a"], r["b"], r["since"].to_native()) for r in records]
    absent = [list(key) for key in active if key not in held]
    if dry_run or not absent:
        return [tuple(key) for key in absent]
    cypher = (
        f"UNWIND $keys AS k MATCH {keyed} WHERE r.since = k[2] AND {ACTIVE} SET r.until = $date\n"
        f"{concern('true', 'a', 'b')}"
    )
    if kind == "pairings":  # W7 (graph/derived.py): the households' open pairings' start
        cypher += f"WITH r, b\n{record_pairings('b')}"
    cypher += "RETURN count(r) AS ended"
    _write(driver, database, cypher, keys=absent, date=day, event=event)
    return [tuple(key) for key in absent]


def leave_absent(
    driver: Driver,
    database: str,
    kind: str,
    held: set[tuple[Any, ...]],
    day: date,
    dry_run: bool,
    event: str | None = None,
) -> list[str]:
    """Households or persons on the register on `day` that the roster does not hold leave it on
    `day` (in a dry run: are listed); their keys. The load's audit `event` concerns each."""
    label, key, listed_then = REGISTERS[kind]
    records, _, _ = driver.execute_query(
        f"MATCH (n:{label}) WHERE n.leftOn IS NULL AND {on_register('n', '$date')} AND {listed_then}\n"
        f"RETURN n.{key} AS key",
        date=day,
        database_=database,
    )
    listed = {k for (k,) in held}
    absent = sorted(r["key"] for r in records if r["key"] not in listed)
    if dry_run or not absent:
        return absent
    cypher = (
        f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) WHERE n.leftOn IS NULL\n"
        f"SET n.leftOn = $date, n.leftBecause = $because, n:{BOUNDED}\nWITH *\n"
        f"{record_workers_of('n')}{concern('true', 'n')}RETURN count(n) AS left"
    )
    _write(driver, database, cypher, keys=absent, date=day, because=LEFT_UNLISTED, event=event)
    return absent


def _write(driver: Driver, database: str, cypher: str, **params: Any) -> None:
    """One transaction: the snapshot's ends are written whole or not at all."""
    with driver.session(database=database) as session:
        session.execute_write(lambda tx: tx.run(cypher, **params).single(strict=True))
