"""Labels derived from a node's own properties, so that the few people a P3 rule looks for are found
in the label index instead of by reading all of the county's people.

A derived label is an index, not data: it is a pure function of the person's undated properties
(never of a date, so it holds for every `asOf`), and it is set in the statement that writes those
properties (the roster loader's persons pass) and repaired by `fupin migrate` for people written any
other way. The county-wide P3 lists start from it; the township and village lists (and the summary
there) read the properties themselves, so a test comparing the two catches a stale label.
"""

from __future__ import annotations

from neo4j import Driver

from graph.coverage.policies import NO_EXAM_RECORD, NO_FAMILY_DOCTOR, UNINSURED

# label -> the condition on person `p` it stands for (graph/coverage/policies.py).
PERSON_LABELS: dict[str, str] = {
    "LacksInsurance": UNINSURED,  # P3: basic medical or serious-illness insurance not recorded true
    "LacksExamRecord": NO_EXAM_RECORD,  # P3: no exam flag and no exam year
    "LacksFamilyDoctor": NO_FAMILY_DOCTOR,  # P3: no family-doctor contract recorded
}


def relabel(var: str = "p") -> str:
    """Cypher clauses that give person `var` exactly the derived labels its properties call for."""
    clauses = []
    for label, condition in PERSON_LABELS.items():
        holds = condition.replace("p.", f"{var}.")
        clauses.append(
            f"FOREACH (_ IN CASE WHEN {holds} THEN [1] ELSE [] END | SET {var}:{label})\n"
            f"FOREACH (_ IN CASE WHEN {holds} THEN [] ELSE [1] END | REMOVE {var}:{label})\n"
        )
    return "".join(clauses)


def _stale(var: str = "p") -> str:
    return " OR ".join(
        f"({var}:{label}) <> coalesce({condition.replace('p.', f'{var}.')}, false)"
        for label, condition in PERSON_LABELS.items()
    )


# Only people whose labels disagree with their properties are written (a read of every person when
# nothing is stale), in batches so that a county's first migration stays within memory.
REPAIR = f"""MATCH (p:Person) WHERE {_stale()}
CALL (p) {{
  {relabel()}
}} IN TRANSACTIONS OF 10000 ROWS
RETURN count(p) AS repaired"""


def stale(driver: Driver, database: str) -> int:
    """How many people have derived labels their properties do not call for (0 is the invariant)."""
    records, _, _ = driver.execute_query(
        f"MATCH (p:Person) WHERE {_stale()} RETURN count(p) AS stale", database_=database
    )
    return int(records[0]["stale"])


def repair(driver: Driver, database: str) -> int:
    """Relabel every person whose derived labels are stale; returns how many were."""
    with driver.session(database=database) as session:
        record = session.run(REPAIR).single()
    return int(record["repaired"]) if record else 0
