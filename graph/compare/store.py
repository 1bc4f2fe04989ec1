"""Suspects and their comparison run in the graph, written in one transaction with the run's audit
event: all of a comparison or none of it.

    (:ComparisonRun {id, department, roster, file, sha256, asOf, rows, …})
    (:Suspect {id, department, rule, kind, match, status: OPEN|CONFIRMED|DISMISSED, foundOn,
               villageCode, …})
        -[:FOUND_IN]->(run)  -[:ABOUT]->(Person|Household)  -[:ASSIGNED_TO]->(Township)

A run is keyed by its department, file content and day, a suspect by its department, kind, subject
and proposed change (rules.Suspect.id): a rerun of the same file finds both and creates nothing; a
later list raising the same suspect links it to its run too, and a suspect once dismissed stays so.
The department's row and the register's facts are kept as JSON text (`departmentRow`, `register`,
`proposed`), the identity number apart (`idNumber`, personal: shown masked, never audited). A
suspect is found on the day of the first list raising it (`foundOn`, its age counts from there) and
lies in the village of the household it is about (`villageCode`, none for an unregistered person).
"""

from __future__ import annotations

import json
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.audit import json_text
from graph.changes import locks
from graph.compare.rules import KINDS, Suspect

_RUN = """MERGE (r:ComparisonRun {id: $run.id})
ON CREATE SET r += $run, r.at = datetime()
RETURN elementId(r) AS node
"""

_KNOWN = "UNWIND $ids AS id MATCH (s:Suspect {id: id}) RETURN id"

_CREATE = """UNWIND $suspects AS x
CREATE (s:Suspect)
SET s = x.props, s.status = 'OPEN', s.createdAt = datetime(), s.foundOn = $found
WITH s, x
OPTIONAL MATCH (p:Person {uid: x.person})
OPTIONAL MATCH (h:Household {id: x.household})
OPTIONAL MATCH (t:Township {code: x.township})
OPTIONAL MATCH (h)-[:IN_VILLAGE]->(hv:Village)
SET s.villageCode = hv.code
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | CREATE (s)-[:ABOUT]->(p))
FOREACH (_ IN CASE WHEN p IS NULL AND h IS NOT NULL THEN [1] ELSE [] END | CREATE (s)-[:ABOUT]->(h))
FOREACH (_ IN CASE WHEN t IS NULL THEN [] ELSE [1] END | CREATE (s)-[:ASSIGNED_TO]->(t))
"""

_LINK = """MATCH (r:ComparisonRun {id: $run})
UNWIND $ids AS id
MATCH (s:Suspect {id: id})
MERGE (s)-[:FOUND_IN]->(r)
"""

_EVENT = """MATCH (r:ComparisonRun {id: $run})
CREATE (e:AuditEvent {id: randomUUID(), at: datetime(), operation: 'compare', actor: $actor,
                      role: $role, inputs: $inputs, changes: '[]'})
CREATE (e)-[:CONCERNS]->(r)
"""

BATCH = 5000


def props(suspect: Suspect) -> dict[str, Any]:
    """A suspect's node properties (the department's row without the identity number)."""
    row = {k: v for k, v in suspect.cells.items() if k != "idNumber"}
    return {
        "id": suspect.id, "department": suspect.department, "unit": suspect.unit, "roster": suspect.roster,
        "rule": suspect.rule,
        "kind": suspect.kind, "reason": KINDS[suspect.kind][1], "match": suspect.match, "row": suspect.row,
        "departmentRow": json_text(row), "register": json_text(suspect.register),
        "proposed": json_text(suspect.proposed), "effectiveOn": suspect.effective,
        "personUid": suspect.person, "householdId": suspect.household, "townshipCode": suspect.township,
        "idNumber": suspect.id_number, "name": suspect.name,
    }  # fmt: skip


def decoded(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def save(
    driver: Driver, database: str, run: dict[str, Any], suspects: list[Suspect], actor: str, role: str
) -> tuple[int, int]:
    """Write the run and its suspects; (suspects created, suspects found again)."""
    unique = {s.id: s for s in suspects}

    def work(tx: ManagedTransaction) -> tuple[int, int]:
        # The suspects found again and the nodes new ones link to, locked first in the global order
        # (docs/concurrency.md), so that a comparison beside the portal's changes never deadlocks.
        locks.take_first(
            tx,
            Suspect=unique,
            Township=[s.township for s in suspects if s.township],
            Household=[s.household for s in suspects if s.household],
            Person=[s.person for s in suspects if s.person],
        )
        tx.run(_RUN, run=run).consume()
        ids = list(unique)
        known = {r["id"] for r in tx.run(_KNOWN, ids=ids)}
        new = [unique[i] for i in ids if i not in known]
        for start in range(0, len(new), BATCH):
            batch = [
                {"props": props(s), "person": s.person, "household": s.household, "township": s.township}
                for s in new[start : start + BATCH]
            ]
            tx.run(_CREATE, suspects=batch, found=run["asOf"]).consume()
        for start in range(0, len(ids), BATCH):
            tx.run(_LINK, run=run["id"], ids=ids[start : start + BATCH]).consume()
        inputs = json_text({**run, "created": len(new), "again": len(known)})
        tx.run(_EVENT, run=run["id"], actor=actor, role=role, inputs=inputs).consume()
        return len(new), len(known)

    with driver.session(database=database) as session:
        return session.execute_write(work)
