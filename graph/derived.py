"""Facts derived from what a node holds, kept on the node so that coverage reads one property or
label instead of a walk. Each is an index, not data: set in the statement that writes what it is
derived from, repaired by `fupin migrate` for nodes written any other way, and checked after every
test that uses the database.

- People's P3 labels: a pure function of the person's undated properties (never of a date, so they
  hold for every `asOf`). The county-wide P3 lists start from them; the township and village lists
  (and the summary there) read the properties themselves, so a test comparing the two catches a
  stale label.
- A household's `cardSince`: the first day of its open HAS_CARD period, whose colour is `card`. On
  any day from then on, that is the card it held: the loader and reclassifyCard end the open period
  on the day they open the next, so every earlier period has ended by then. S1's "card on a day"
  therefore reads the history only for days before it, or when `cardSince` is absent (no single
  open period, or `card` not its colour: then the history decides, as before).
- A household's `visitMonths`: the calendar months ('YYYY-MM', sorted) of its visits. A visit is
  an event that is never moved or removed, so W9 ("a visit dated inside the period") reads one
  property instead of the visits; a household without it has its visits read, as before.
"""

from __future__ import annotations

from neo4j import Driver

from graph.coverage.policies import NO_EXAM_RECORD, NO_FAMILY_DOCTOR, UNINSURED
from graph.entities import write_lock

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


# S1: household `var`'s open periods as [since, colour] (`open`), and the cardSince they give: the
# one open period's first day when `card` names its colour, else none (the history then decides).
def _open_card(var: str) -> str:
    return f"[({var})-[open:HAS_CARD WHERE open.until IS NULL]->(k) | [open.since, k.color]]"


def _card_since(var: str) -> str:
    return f"CASE WHEN size(open) = 1 AND open[0][1] = {var}.card THEN open[0][0] END"


def record_card_since(var: str = "h") -> str:
    """A clause that sets household `var`'s cardSince from its open card period."""
    return (
        f"CALL ({var}) {{ WITH {var}, {_open_card(var)} AS open SET {var}.cardSince = {_card_since(var)} }}\n"
    )


def _household_fact(prop: str, value: str) -> tuple[str, str]:
    """The statements that count households whose recorded `prop` is not `value` (a WITH after
    `MATCH (h:Household)` binding `value`), and that record it on every household where it differs."""
    computed = f"MATCH (h:Household)\n{value}"
    stale = (
        f"{computed}\nWHERE h.{prop} IS NOT NULL AND NOT coalesce(h.{prop} = value, false)\n"
        "RETURN count(h) AS stale"
    )
    repair = (
        f"{computed}\nWHERE NOT coalesce(h.{prop} = value, h.{prop} IS NULL AND value IS NULL)\n"
        f"CALL (h, value) {{ SET h.{prop} = value }} IN TRANSACTIONS OF 10000 ROWS\n"
        "RETURN count(h) AS repaired"
    )
    return stale, repair


_STALE_CARD, REPAIR_CARDS = _household_fact(
    "cardSince", f"WITH h, {_open_card('h')} AS open\nWITH h, {_card_since('h')} AS value"
)


def month_of(day: str) -> str:
    """W9: the calendar month ('YYYY-MM') of `day`, a Cypher date expression."""
    return f"left(toString({day}), 7)"


def visit_months(var: str = "h") -> str:
    """W9: the sorted calendar months ('YYYY-MM') of household `var`'s visits, read from them (a
    name of its own for the visit: a subquery would take an outer variable of the same name)."""
    return (
        f"COLLECT {{ MATCH ({var})<-[:TO]-(visited:Visit) WHERE visited.date IS NOT NULL "
        f"RETURN DISTINCT {month_of('visited.date')} AS month ORDER BY month }}"
    )


def add_visit_months(var: str, months: str) -> str:
    """Clauses that add `months` (a list expression of 'YYYY-MM') to household `var`'s visitMonths,
    or record all of its visits' months when it has none recorded. The household is locked first,
    so that what another transaction adds meanwhile is read once it commits, not lost."""
    known = f"coalesce({var}.visitMonths, {visit_months(var)})"
    return (
        f"{write_lock(var)}\nSET {var}.visitMonths = "
        f"COLLECT {{ UNWIND {known} + {months} AS month RETURN DISTINCT month ORDER BY month }}\n"
    )


_STALE_VISITS, REPAIR_VISITS = _household_fact("visitMonths", f"WITH h, {visit_months('h')} AS value")


def stale(driver: Driver, database: str) -> int:
    """How many people have derived labels their properties do not call for, and households a
    wrong cardSince or visitMonths (0 is the invariant)."""
    people, _, _ = driver.execute_query(
        f"MATCH (p:Person) WHERE {_stale()} RETURN count(p) AS stale", database_=database
    )
    cards, _, _ = driver.execute_query(_STALE_CARD, database_=database)
    visits, _, _ = driver.execute_query(_STALE_VISITS, database_=database)
    return int(people[0]["stale"]) + int(cards[0]["stale"]) + int(visits[0]["stale"])


def repair(driver: Driver, database: str) -> int:
    """Relabel every person whose derived labels are stale and set every household's cardSince and
    visitMonths; returns how many nodes changed."""
    repaired = 0
    with driver.session(database=database) as session:
        for statement in (REPAIR, REPAIR_CARDS, REPAIR_VISITS):
            record = session.run(statement).single()
            repaired += int(record["repaired"]) if record else 0
    return repaired
