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
  property instead of the visits; a household without it has its visits read, as before. With it,
  its visit streaks: the first and last months of its last run of consecutive visited months
  (visitMonthsFrom, visitMonthsTo), and the same of quarters; a household with any visit is labelled
  `Visited`. Every month (quarter) between a streak's ends has a visit, so county-wide W9 reads only
  the households whose streak does not cover the period judged (range seeks) and those without one.
- A cadre's `villageDays`: its in-village days in each calendar month (W11), so that a month's
  shortfall reads one property per member instead of its check-ins; a cadre without it has its
  check-ins read, as does a month not yet over.
- A household's `pairedSince`: the first day of its open pairings (W7). An open pairing is active on
  every day from its start, so the household is paired on any day from then on; for earlier days,
  or when it is absent, its pairings are read.

A household holding `cardSince` is labelled `CardDated`, and one holding `pairedSince` `Paired`:
county-wide, the households W7 and S1/S2 must read the history of are then those without the label
(a label-index subtraction, no property read) and those whose date is after `asOf` (a range seek).
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


def _mark(var: str, label: str, holds: str) -> str:
    """Clauses that give node `var` `label` exactly when `holds` (a condition; null: it does not)."""
    return (
        f"FOREACH (_ IN CASE WHEN {holds} THEN [1] ELSE [] END | SET {var}:{label})\n"
        f"FOREACH (_ IN CASE WHEN {holds} THEN [] ELSE [1] END | REMOVE {var}:{label})\n"
    )


def relabel(var: str = "p") -> str:
    """Cypher clauses that give person `var` exactly the derived labels its properties call for."""
    return "".join(
        _mark(var, label, condition.replace("p.", f"{var}.")) for label, condition in PERSON_LABELS.items()
    )


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


def _record(var: str, prop: str, value: str, label: str = "") -> str:
    """A clause that sets node `var`'s `prop` to `value` (WITH clauses binding it) and, with `label`,
    gives it that label exactly when the value is not null. The node is locked first, so that what
    another transaction writes meanwhile is read."""
    mark = _mark(var, label, "value IS NOT NULL") if label else ""
    return f"CALL ({var}) {{ {write_lock(var)}\n{value}\nSET {var}.{prop} = value\n{mark}}}\n"


def _card_value(var: str) -> str:
    return f"WITH {var}, {_open_card(var)} AS open\nWITH {var}, {_card_since(var)} AS value"


def record_card_since(var: str = "h") -> str:
    """A clause that sets household `var`'s cardSince (and CardDated) from its open card period."""
    return _record(var, "cardSince", _card_value(var), "CardDated")


# W7: the first day of household `var`'s open pairings (null when it has none).
def _paired_value(var: str) -> str:
    first = (
        f"COLLECT {{ MATCH ({var})<-[open:PAIRED_WITH]-(:Cadre) WHERE open.until IS NULL "
        "RETURN open.since AS since ORDER BY since LIMIT 1 }[0]"
    )
    return f"WITH {var}, {first} AS value"


def record_paired_since(var: str = "h") -> str:
    """A clause that sets household `var`'s pairedSince (and Paired) from its open pairings."""
    return _record(var, "pairedSince", _paired_value(var), "Paired")


def _node_fact(node: str, prop: str, value: str, label: str = "") -> tuple[str, str]:
    """The statements that count the nodes `node` (e.g. "h:Household") whose recorded `prop` is not
    `value` (WITH clauses after the MATCH binding `value`), or whose `label` disagrees with holding
    `prop`, and that record both on every node where they differ."""
    var = node.split(":")[0]
    computed = f"MATCH ({node})\n{value}"
    mislabelled = f" OR ({var}:{label}) <> ({var}.{prop} IS NOT NULL)" if label else ""
    stale = (
        f"{computed}\nWHERE ({var}.{prop} IS NOT NULL AND NOT coalesce({var}.{prop} = value, false))"
        f"{mislabelled}\nRETURN count({var}) AS stale"
    )
    mark = _mark(var, label, "value IS NOT NULL") if label else ""
    repair = (
        f"{computed}\nWHERE NOT coalesce({var}.{prop} = value, {var}.{prop} IS NULL AND value IS NULL)"
        f"{mislabelled.replace(f'{var}.{prop} IS NOT NULL', 'value IS NOT NULL')}\n"
        f"CALL ({var}, value) {{ SET {var}.{prop} = value\n{mark}}} IN TRANSACTIONS OF 10000 ROWS\n"
        f"RETURN count({var}) AS repaired"
    )
    return stale, repair


_STALE_CARD, REPAIR_CARDS = _node_fact("h:Household", "cardSince", _card_value("h"), "CardDated")
_STALE_PAIRED, REPAIR_PAIRED = _node_fact("h:Household", "pairedSince", _paired_value("h"), "Paired")


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


def _run_start(ints: str) -> str:
    """The first of the last run of consecutive integers of the sorted list `ints` (null if empty)."""
    return (
        f"reduce(s = null, k IN range(0, size({ints}) - 1) | "
        f"CASE WHEN k = 0 OR {ints}[k] - {ints}[k - 1] > 1 THEN {ints}[k] ELSE s END)"
    )


def _first_day(index: str, months: int) -> str:
    """The first day of the month (months=1) or quarter (3) numbered `index` (null stays null)."""
    per_year = 12 // months
    return (
        f"CASE WHEN {index} IS NULL THEN null ELSE "
        f"date({{year: {index} / {per_year}, month: {index} % {per_year} * {months} + 1, day: 1}}) END"
    )


def _streak_value(var: str) -> str:
    """WITH clauses binding `value`: household `var`'s visit streaks, from its visitMonths. A month
    is numbered year * 12 + month - 1, its quarter that number / 3; each streak is given by the
    first days of its first and last months (quarters)."""
    quarters = "reduce(q = [], i IN mi | CASE WHEN q <> [] AND q[-1] = i / 3 THEN q ELSE q + [i / 3] END)"
    return (
        f"WITH {var}, [m IN coalesce({var}.visitMonths, []) | "
        "toInteger(left(m, 4)) * 12 + toInteger(right(m, 2)) - 1] AS mi\n"
        f"WITH {var}, mi, {quarters} AS qi\n"
        f"WITH {var}, {_run_start('mi')} AS m0, mi[-1] AS m1, {_run_start('qi')} AS q0, qi[-1] AS q1\n"
        f"WITH {var}, {{visitMonthsFrom: {_first_day('m0', 1)}, visitMonthsTo: {_first_day('m1', 1)},\n"
        f"     visitQuartersFrom: {_first_day('q0', 3)}, visitQuartersTo: {_first_day('q1', 3)}}} AS value"
    )


STREAKS = ("visitMonthsFrom", "visitMonthsTo", "visitQuartersFrom", "visitQuartersTo")
_VISITED = ("Visited", "value.visitMonthsTo IS NOT NULL")  # the label, and what it stands for


def _record_streaks(var: str) -> str:
    return f"CALL ({var}) {{ {_streak_value(var)}\nSET {var} += value\n{_mark(var, *_VISITED)}}}\n"


def add_visit_months(var: str, months: str) -> str:
    """Clauses that add `months` (a list expression of 'YYYY-MM') to household `var`'s visitMonths,
    or record all of its visits' months when it has none recorded, and its visit streaks. The
    household is locked first, so that what another transaction adds meanwhile is read once it
    commits, not lost."""
    known = f"coalesce({var}.visitMonths, {visit_months(var)})"
    return (
        f"{write_lock(var)}\nSET {var}.visitMonths = "
        f"COLLECT {{ UNWIND {known} + {months} AS month RETURN DISTINCT month ORDER BY month }}\n"
        f"WITH *\n{_record_streaks(var)}"
    )


_STALE_VISITS, REPAIR_VISITS = _node_fact(
    "h:Household", "visitMonths", f"WITH h, {visit_months('h')} AS value"
)

# W9: the streaks agree with visitMonths (which agree with the visits), and `Visited` with having any.
_STREAK_DIFFERS = " OR ".join(
    [f"NOT coalesce(h.{p} = value.{p}, h.{p} IS NULL AND value.{p} IS NULL)" for p in STREAKS]
    + [f"(h:{_VISITED[0]}) <> ({_VISITED[1]})"]
)
_STREAKS = f"MATCH (h:Household)\n{_streak_value('h')}\nWHERE {_STREAK_DIFFERS}\n"
_STALE_STREAKS = f"{_STREAKS}RETURN count(h) AS stale"
REPAIR_STREAKS = (
    f"{_STREAKS}CALL (h, value) {{ SET h += value\n{_mark('h', *_VISITED)}}} IN TRANSACTIONS OF 10000 ROWS\n"
    "RETURN count(h) AS repaired"
)


# W11: cadre `var`'s distinct in-village check-in dates per calendar month, as yyyymm * 100 + days
# (a month has at most 31), sorted; a month without any is absent (0 days).
def _village_days(var: str) -> str:
    days = (
        f"COLLECT {{ MATCH ({var})-[:CHECKED_IN]->(checkIn) WHERE checkIn.inVillage = true "
        "AND checkIn.date IS NOT NULL WITH DISTINCT checkIn.date AS d "
        "WITH d.year * 100 + d.month AS month, count(*) AS days RETURN month * 100 + days AS entry "
        "ORDER BY entry }"
    )
    return f"WITH {var}, {days} AS value"


def record_village_days(var: str = "c") -> str:
    """A clause that sets cadre `var`'s villageDays from its check-ins (locked first, as above)."""
    return _record(var, "villageDays", _village_days(var))


_STALE_DAYS, REPAIR_DAYS = _node_fact("c:Cadre", "villageDays", _village_days("c"))


def stale(driver: Driver, database: str) -> int:
    """How many people have derived labels their properties do not call for, households a wrong
    cardSince, pairedSince, visitMonths or visit streak or a label that disagrees, and cadres a wrong
    villageDays (0 is the invariant)."""
    people, _, _ = driver.execute_query(
        f"MATCH (p:Person) WHERE {_stale()} RETURN count(p) AS stale", database_=database
    )
    nodes = [
        driver.execute_query(statement, database_=database).records[0]["stale"]
        for statement in (_STALE_CARD, _STALE_PAIRED, _STALE_VISITS, _STALE_STREAKS, _STALE_DAYS)
    ]
    return int(people[0]["stale"]) + sum(int(n) for n in nodes)


def repair(driver: Driver, database: str) -> int:
    """Relabel every person whose derived labels are stale and set every household's cardSince,
    pairedSince, visitMonths and visit streaks and every cadre's villageDays where they differ;
    returns how many nodes changed."""
    repaired = 0
    with driver.session(database=database) as session:
        for statement in (REPAIR, REPAIR_CARDS, REPAIR_PAIRED, REPAIR_VISITS, REPAIR_STREAKS, REPAIR_DAYS):
            record = session.run(statement).single()
            repaired += int(record["repaired"]) if record else 0
    return repaired
