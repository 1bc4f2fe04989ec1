"""Write locks in one global order, so that concurrent changes wait for each other but never deadlock.

Neo4j locks what a transaction writes as it writes it (a node's or relationship's properties) and,
at commit, what creating a relationship needs: the exclusive lock of a sparse endpoint, or the
relationship-group locks of a dense one (`db.relationship_grouping_threshold`). Two changes that
take such locks in different orders deadlock (Neo4j detects it and the driver retries the whole
transaction after about a second). So every change first takes `take`: the exclusive lock of every
existing node it will write, connect a relationship to or record its audit event against, in the
order of `ORDER` (label rank, then key). Everything it locks later (the lookups' own write locks,
the derived facts, commit-time relationship and group locks) is then of a node it holds already,
and two changes that share a node run one after the other from their first statement.

A change that learns what else to lock from what it locked first (the household's present cadres,
the team's leaders) calls `take` again with labels ranked after those it holds; taking a lock out
of order is a programming error and raises. Locks take no Reach: they return nothing and change
nothing (a property set and removed in one clause), and the lookups that follow apply the reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from weakref import WeakKeyDictionary

from neo4j import AsyncManagedTransaction, ManagedTransaction

from graph.entities import write_lock
from graph.migrate import KEYS

# The global order: a node discovered from another (a household's cadres, a team's leaders, a
# household's card) ranks after it.
ORDER = (
    # A comparison's suspect comes first: confirming one then locks what its change touches.
    "Suspect",
    "Unit",
    "Township",
    "Village",
    "WorkTeam",
    "Household",
    "Cadre",
    "Card",
    "Person",
    "Visit",
    "Loan",
    "Repayment",
    "Petition",
    "Rectification",
    "PovertyReport",
    # A project is named after the village, unit and households it links; its disbursements after it.
    "Project",
    "Disbursement",
)

# The key a lock names a node by: its API key (cadres and persons go by uid, not identity number).
LOCK_KEYS = {label: "uid" if KEYS[label] == "idNumber" else KEYS[label] for label in ORDER}

# Per transaction: every (rank, key) it has locked.
_held: WeakKeyDictionary[AsyncManagedTransaction, set[tuple[int, str]]] = WeakKeyDictionary()


def clauses(labels: Iterable[str]) -> str:
    """Cypher clauses locking, label by label in `ORDER`, the nodes whose keys are in the parameter
    `$lock<Label>` (a list; keys that name no node are passed over), in key order."""
    ranked = sorted(set(labels), key=ORDER.index)
    return "".join(
        f"CALL () {{ UNWIND $lock{label} AS key MATCH (n:{label} {{{LOCK_KEYS[label]}: key}}) "
        f"WITH n, key ORDER BY key {write_lock('n')} }}\n"
        for label in ranked
    )


def params(keys: Mapping[str, Iterable[str]]) -> dict[str, Any]:
    return {f"lock{label}": sorted(set(given)) for label, given in keys.items()}


async def take(tx: AsyncManagedTransaction, **keys: Iterable[str]) -> None:
    """Write-lock the nodes named by label and key (`take(tx, Household=[id], Cadre=[uid, …])`) until
    `tx` ends, in the global order. Raises AssertionError when one it does not hold yet ranks before
    one it holds (taking a held one again is allowed: locks are re-entrant)."""
    wanted = {label: sorted(set(given)) for label, given in keys.items() if given}
    if not wanted:
        return
    unknown = set(wanted) - set(ORDER)
    assert not unknown, f"no lock order for {sorted(unknown)} (graph/changes/locks.py ORDER)"
    ranked = {(ORDER.index(label), key) for label, given in wanted.items() for key in given}
    held = _held.setdefault(tx, set())
    new = ranked - held
    if held and new:
        assert min(new) > max(held), f"lock {min(new)} taken after {max(held)}: out of the global order"
    result = await tx.run(clauses(wanted) + "RETURN 0 AS done", params(wanted))
    await result.consume()
    held |= ranked


def take_first(tx: ManagedTransaction, **keys: Iterable[str]) -> None:
    """`take` for a synchronous transaction (a comparison's) that takes every lock it needs in one
    statement, before anything else."""
    wanted = {label: sorted(set(given)) for label, given in keys.items() if given}
    unknown = set(wanted) - set(ORDER)
    assert not unknown, f"no lock order for {sorted(unknown)} (graph/changes/locks.py ORDER)"
    if wanted:
        tx.run(clauses(wanted) + "RETURN 0 AS done", params(wanted)).consume()


async def take_found(tx: AsyncManagedTransaction, statement: str, **given: Any) -> None:
    """`take` the nodes a read `statement` names: its columns are labels of `ORDER`, each a list of
    keys (e.g. a loan's household and the loan, found by the loan's id). No row: nothing is locked,
    and the lookup that follows answers NOT_FOUND."""
    result = await tx.run(statement, given)
    record = await result.single()
    if record is not None:
        named = record.data()
        await take(tx, **{label: [k for k in keys if k is not None] for label, keys in named.items()})
