"""Facts derived from what a node holds, kept on the node so that coverage reads one property or
label instead of a walk. Each is an index, not data: set in the statement that writes what it is
derived from, repaired by `fupin migrate --repair` for nodes written any other way (and by a start
at a new `version()` of them), and checked after every test that uses the database.

- People's P3 and P2 labels: a pure function of the person's undated properties (never of a date,
  so they hold for every `asOf`). The county-wide P3 lists start from them, and the county-wide
  summary reads them for its P2 lines; the township and village lists (and the summary there) read
  the properties themselves, so a test comparing the two catches a stale label.
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
- A household's `cadresSince` and `pairedCadres`: the last day any of its pairings started or
  ended, and the uids of its open pairings' cadres. On any day from then on those are exactly its
  cadres, so W8's denominator (the summary's walk over the households) reads them instead of every
  pairing; for earlier days, or when they are absent, its pairings are read.

- Benefits of the kinds the policy rules ask about (graph/coverage/benefits.py), on the household or
  person receiving them: `industryDays` (P1), `aidDays` (P2), `subsidyDays` and `premiumDays`
  (P6), `twoAfterDays` and `trainingDays` (P7, with the labels `TwoAfter` and `Trained` while not
  empty): the first day of each year with such a benefit, so that "had one in the year" reads one
  property; empty when it has benefits of other kinds only (so that a member with other benefits
  is not read for them), absent when it has none at all (reading them then costs no more). The
  loader records them after each benefits roster. P2's and P6's also keep their latest day
  (`aidLast`, `subsidyLast`, `premiumLast`; EVER for none, which every writer of a person gives
  it, `person_facts`), labelled `AidDated` and so on: county-wide, the people due one whose latest
  lies outside the year are found in one index seek.
- A visit's label `Unresolved` (W10): escalated, with neither a resolution day nor a 解决情况.
  A household's label `Escalated` (W10): one of its visits escalated a problem, whatever its day
  (visits are never moved or removed). A township's or village's escalated visits are then read
  from the households labelled only, not from every visit of every household.
- A cadre's `pairings` (W8): its pairings ever (labelled `PairingsCounted`), which bound those
  active on any day, so that county-wide the cadres over the limit are an index seek.

- A household's workers (P1, P7): `workers`, `workMonths`, `workMonthsTop`,
  `membersIndustryDays` and `industryLast` (the latest of those days and the household's own),
  what its members able to work on the register and their benefits give,
  valid on any day from `workersSince` (labelled `LabourDated`): the last day the household or a
  member changed in a way they read (the start of records when nothing is dated). The household's
  writers and those of its members' facts, placement, register dates and benefits recount it. With
  them, whatever the day, whether a member on the register is on 低保 or 特困 now (`membersDibao`,
  `membersTekun`: 错退's and P6 两线融合's candidates), and what the person lists of a township or
  village read of the members: the derived labels they hold (`memberLabels`), their schooling,
  disability grades and exam years (`memberSchooling`, `memberGrades`, `memberExamYears`), the
  birth dates of those out of school (`outOfSchoolBirths`) and the kinds of benefit they have had
  (`memberBenefits`). On a day from `workersSince` those lists walk the members of the households
  that may have an offender only.
  County-wide P7 counts the placed labourers of the households whose workers hold (an index), in a
  township those of the households whose workers hold and whose members had no training, and P1
  reads a candidate's members only when they do not.
- A household's `exitInDoubt` (错退): its current income unrecorded or its water not recorded safe,
  true or false (labelled `ExitChecked` once derived), set by the writers of its facts, so that the
  households out of poverty whose own facts may fail are found in an index (none holds an unknown).

Households without `LabourDated` or `ExitChecked` (and, for P1, `CardDated`) are sought county-wide
only when the count store says some household lacks the label (graph/coverage/fragments.py
`unlabelled`): after `fupin migrate` and with every writer keeping them, none does.

A household holding `cardSince` is labelled `CardDated`, and one holding `pairedSince` `Paired`:
county-wide, the households W7 and S1/S2 must read the history of are then those without the label
(a label-index subtraction, no property read) and those whose date is after `asOf` (a range seek).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from neo4j import Driver

from graph.coverage.benefits import (
    HOUSEHOLD_SUPPORTS,
    INDUSTRY,
    PERSON_SUPPORTS,
    Support,
    days_of_any,
    first_days,
)
from graph.coverage.policies import (
    WORKING_LABOUR,
    disabled,
    no_exam_record,
    no_family_doctor,
    out_of_school_now,
    uninsured,
)
from graph.entities import write_lock

# A day before any other: a latest day of none (industryLast, aidLast), the start of records.
EVER = "date('0001-01-01')"

# label -> the condition it stands for, of a person (graph/coverage/policies.py).
PERSON_LABELS: dict[str, Callable[[str], str]] = {
    "LacksInsurance": uninsured,  # P3: basic medical or serious-illness insurance not recorded true
    "LacksExamRecord": no_exam_record,  # P3: no exam flag and no exam year
    "LacksFamilyDoctor": no_family_doctor,  # P3: no family-doctor contract recorded
    "OutOfSchool": out_of_school_now,  # P2: no schooling recorded, and no health reason given
    "Disabled": disabled,  # P2: a disability recorded
}


def _mark(var: str, label: str, holds: str) -> str:
    """Clauses that give node `var` `label` exactly when `holds` (a condition; null: it does not)."""
    return (
        f"FOREACH (_ IN CASE WHEN {holds} THEN [1] ELSE [] END | SET {var}:{label})\n"
        f"FOREACH (_ IN CASE WHEN {holds} THEN [] ELSE [1] END | REMOVE {var}:{label})\n"
    )


def relabel(var: str = "p") -> str:
    """Cypher clauses that give person `var` exactly the derived labels its properties call for (the
    conditions read person `p`: `var` is named so first)."""
    marks = "".join(_mark("p", label, condition("p")) for label, condition in PERSON_LABELS.items())
    return marks if var == "p" else f"WITH *, {var} AS p\n{marks}"


def person_facts(var: str = "p") -> str:
    """Cypher clauses for the writers of person `var`: its derived labels (`relabel`) and, where it
    has none, its latest day of each benefit kind that keeps one (P2 aid, P6): EVER (none). Those
    days are written with its benefits (`record_benefits`), which a person's writer does not
    change, and before them it has none."""
    kinds = [s for s in PERSON_SUPPORTS if s.last]
    days = ", ".join(f"p.{s.last} = coalesce(p.{s.last}, {EVER})" for s in kinds)
    return f"{relabel(var)}SET {days}, p{''.join(f':{s.label}' for s in kinds)}\n"


# Person `p`'s derived labels disagree with its properties.
_STALE = " OR ".join(
    f"(p:{label}) <> coalesce({condition('p')}, false)" for label, condition in PERSON_LABELS.items()
)


# Only people whose labels disagree with their properties are written (a read of every person when
# nothing is stale), in batches so that a county's first migration stays within memory.
REPAIR = f"""MATCH (p:Person) WHERE {_STALE}
CALL (p) {{
  {relabel()}
}} IN TRANSACTIONS OF 10000 ROWS
RETURN count(p) AS repaired"""


def unresolved(x: str) -> str:
    """W10: visit `x` reported a problem upward that nothing resolves: neither a day (resolvedOn) nor
    a 解决情况, so that it is open on every day from its visit's on. A pure function of the visit's
    properties, like the people's labels."""
    return f"({x}.escalate = true AND {x}.resolvedOn IS NULL AND trim(coalesce({x}.resolution, '')) = '')"


def mark_unresolved(var: str) -> str:
    """Clauses that give visit `var` the label Unresolved exactly when `unresolved` holds."""
    return _mark(var, "Unresolved", unresolved(var))


def _label_fact(var: str, label: str, seek: str, holds: str) -> tuple[str, str]:
    """The statements that count the nodes `var` whose `label` disagrees with `holds` (a condition;
    null: it does not) and that mark them. The candidates are those `seek` finds (a MATCH binding
    `var`, an index seek: the nodes that may be due the label) and those labelled; no other node can
    be either labelled or due it."""
    mismarked = (
        f"CALL () {{\n  {seek} RETURN {var}\n  UNION\n  MATCH ({var}:{label}) RETURN {var}\n}}\n"
        f"WITH {var} WHERE ({var}:{label}) <> coalesce({holds}, false)\n"
    )
    stale = f"{mismarked}RETURN count({var}) AS stale"
    repair = (
        f"{mismarked}CALL ({var}) {{\n  {_mark(var, label, holds)}}} IN TRANSACTIONS OF 10000 ROWS\n"
        f"RETURN count({var}) AS repaired"
    )
    return stale, repair


_STALE_UNRESOLVED, REPAIR_UNRESOLVED = _label_fact(
    "x", "Unresolved", "MATCH (x:Visit) WHERE x.escalate = true", unresolved("x")
)


def escalated(h: str) -> str:
    """W10: household `h` has a visit that escalated a problem (是否需上报), of any day."""
    return f"EXISTS {{ ({h})<-[:TO]-(e:Visit) WHERE e.escalate = true }}"


def mark_escalated(var: str) -> str:
    """Clauses that give household `var` the label Escalated exactly when `escalated` holds: run by
    every writer of its visits, after the write."""
    return _mark(var, "Escalated", escalated(var))


_STALE_ESCALATED, REPAIR_ESCALATED = _label_fact(
    "h", "Escalated", "MATCH (:Visit {escalate: true})-[:TO]->(h:Household)", escalated("h")
)


# S1: household `var`'s open periods as [since, colour] (`open`), and the cardSince they give: the
# one open period's first day when `card` names its colour, else none (the history then decides).
def _open_card(var: str) -> str:
    return f"[({var})-[open:HAS_CARD WHERE open.until IS NULL]->(k) | [open.since, k.color]]"


def _card_since(var: str) -> str:
    return f"CASE WHEN size(open) = 1 AND open[0][1] = {var}.card THEN open[0][0] END"


def _has(holder: str, fact: str) -> str:
    """Node or map `holder` holds `fact`, the fact a derived label stands for: recorded and not the
    empty list (a benefit kind derived as none, graph/coverage/benefits.py)."""
    return f"({holder}.{fact} IS NOT NULL AND NOT {holder}.{fact} = [])"


def _record(var: str, value: str, label: tuple[str, str] | None = None, lock: bool = True) -> str:
    """A clause that sets node `var`'s facts to `value` (WITH clauses binding a map of them; a null
    removes one) and, with `label` (a label, the fact it stands for), gives it that label exactly
    when it holds that fact (`_has`). The node is locked first (unless the caller has), so that what
    another transaction writes meanwhile is read."""
    mark = _mark(var, label[0], _has("value", label[1])) if label else ""
    locked = f"{write_lock(var)}\n" if lock else ""
    return f"CALL ({var}) {{ {locked}{value}\nSET {var} += value\n{mark}}}\n"


def _card_value(var: str) -> str:
    return f"WITH {var}, {_open_card(var)} AS open\nWITH {var}, {{cardSince: {_card_since(var)}}} AS value"


_CARD_DATED = ("CardDated", "cardSince")


def record_card_since(var: str = "h") -> str:
    """A clause that sets household `var`'s cardSince (and CardDated) from its open card period. Its
    callers (the households pass, reclassifyCard) have just written the household, which holds its
    lock already."""
    return _record(var, _card_value(var), _CARD_DATED, lock=False)


# W7: the first day of household `var`'s open pairings (pairedSince, null when it has none). W8: the
# last day any of its pairings started or ended (cadresSince) and the uids of its open pairings'
# cadres (pairedCadres); both null when it has no pairing, or one with a cadre without a uid.
def _pairings_value(var: str) -> str:
    # The pairings are read once, as [since, until, cadre uid] rows; the three facts come from them.
    rows = (
        f"COLLECT {{ MATCH ({var})<-[some:PAIRED_WITH]-(c:Cadre) "
        "RETURN [some.since, some.until, coalesce(c.uid, '')] AS row }"
    )
    first = "COLLECT { UNWIND openRows AS r RETURN r[0] AS since ORDER BY since LIMIT 1 }[0]"
    changed = (  # the latest day of them all: null sorts first descending, so it is left out
        "COLLECT { UNWIND rows AS r UNWIND r[0..2] AS day WITH day WHERE day IS NOT NULL "
        "RETURN day ORDER BY day DESC LIMIT 1 }[0]"
    )
    cadres = "COLLECT { UNWIND openRows AS r RETURN DISTINCT r[2] AS uid ORDER BY uid }"
    known = "changed IS NOT NULL AND NOT '' IN cadres"
    return (
        f"WITH {var}, {rows} AS rows\n"
        f"WITH {var}, rows, [r IN rows WHERE r[1] IS NULL] AS openRows\n"
        f"WITH {var}, {first} AS first, {changed} AS changed, {cadres} AS cadres\n"
        f"WITH {var}, {{pairedSince: first, cadresSince: CASE WHEN {known} THEN changed END,\n"
        f"     pairedCadres: CASE WHEN {known} THEN cadres END}} AS value"
    )


PAIRINGS = ("pairedSince", "cadresSince", "pairedCadres")
_PAIRED = ("Paired", "pairedSince")


# W8: cadre `var`'s pairings ever (its PAIRED_WITH degree, read without a relationship): a pairing
# ends on a date and is kept, so the count only grows, and it bounds the pairings active on any day.
def _pairing_count_value(var: str) -> str:
    return f"WITH {var}, {{pairings: COUNT {{ ({var})-[:PAIRED_WITH]->() }}}} AS value"


_COUNTED = ("PairingsCounted", "pairings")


def record_pairing_count(var: str = "c") -> str:
    """A clause that sets cadre `var`'s count of pairings ever (and PairingsCounted), locked first:
    for the writers of cadres and of their pairings."""
    return _record(var, _pairing_count_value(var), _COUNTED)


def record_pairings(var: str = "h") -> str:
    """A clause that sets household `var`'s pairedSince (and Paired), cadresSince and pairedCadres
    from its pairings."""
    return _record(var, _pairings_value(var), _PAIRED)


def _node_fact(
    node: str, facts: tuple[str, ...], value: str, label: tuple[str, str] | None = None
) -> tuple[str, str]:
    """The statements that count the nodes `node` (e.g. "h:Household") one of whose recorded
    `facts` is not that of `value` (WITH clauses after the MATCH binding a map of them), or whose
    `label` disagrees with holding its fact, and that record them all on every node where they
    differ. An absent fact is not stale: it is read the long way."""
    var = node.split(":")[0]
    computed = f"MATCH ({node})\n{value}"

    def mislabelled(holder: str) -> list[str]:  # the label disagrees with `holder` holding its fact
        return [f"({var}:{label[0]}) <> {_has(holder, label[1])}"] if label else []

    wrong = " OR ".join(
        [f"({var}.{f} IS NOT NULL AND NOT coalesce({var}.{f} = value.{f}, false))" for f in facts]
        + mislabelled(var)
    )
    differs = " OR ".join(
        [f"NOT coalesce({var}.{f} = value.{f}, {var}.{f} IS NULL AND value.{f} IS NULL)" for f in facts]
        + mislabelled("value")
    )
    mark = _mark(var, label[0], _has("value", label[1])) if label else ""
    stale = f"{computed}\nWHERE {wrong}\nRETURN count({var}) AS stale"
    repair = (
        f"{computed}\nWHERE {differs}\n"
        f"CALL ({var}, value) {{ SET {var} += value\n{mark}}} IN TRANSACTIONS OF 10000 ROWS\n"
        f"RETURN count({var}) AS repaired"
    )
    return stale, repair


_STALE_CARD, REPAIR_CARDS = _node_fact("h:Household", ("cardSince",), _card_value("h"), _CARD_DATED)
_STALE_PAIRED, REPAIR_PAIRED = _node_fact("h:Household", PAIRINGS, _pairings_value("h"), _PAIRED)
_STALE_COUNTED, REPAIR_COUNTED = _node_fact("c:Cadre", ("pairings",), _pairing_count_value("c"), _COUNTED)


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
_VISITED = ("Visited", "visitMonthsTo")  # the label, and the fact it stands for


def add_visit_months(var: str, months: str) -> str:
    """Clauses that add `months` (a list expression of 'YYYY-MM') to household `var`'s visitMonths,
    or record all of its visits' months when it has none recorded, and its visit streaks. The
    household is locked first, so that what another transaction adds meanwhile is read once it
    commits, not lost."""
    known = f"coalesce({var}.visitMonths, {visit_months(var)})"
    return (
        f"{write_lock(var)}\nSET {var}.visitMonths = "
        f"COLLECT {{ UNWIND {known} + {months} AS month RETURN DISTINCT month ORDER BY month }}\n"
        f"WITH *\n{_record(var, _streak_value(var), _VISITED, lock=False)}"
    )


_STALE_VISITS, REPAIR_VISITS = _node_fact(
    "h:Household", ("visitMonths",), f"WITH h, {{visitMonths: {visit_months('h')}}} AS value"
)
# W9: the streaks agree with visitMonths (which agree with the visits), and `Visited` with them.
_STALE_STREAKS, REPAIR_STREAKS = _node_fact("h:Household", STREAKS, _streak_value("h"), _VISITED)


# W11: cadre `var`'s distinct in-village check-in dates per calendar month, as yyyymm * 100 + days
# (a month has at most 31), sorted; a month without any is absent (0 days), and a cadre without any
# has no villageDays at all (never an empty list: one representation, whichever path records it).
def _village_days(var: str) -> str:
    days = (
        f"COLLECT {{ MATCH ({var})-[:CHECKED_IN]->(checkIn) WHERE checkIn.inVillage = true "
        "AND checkIn.date IS NOT NULL WITH DISTINCT checkIn.date AS d "
        "WITH d.year * 100 + d.month AS month, count(*) AS days RETURN month * 100 + days AS entry "
        "ORDER BY entry }"
    )
    return (
        f"WITH {var}, {days} AS days\n"
        f"WITH {var}, {{villageDays: CASE WHEN size(days) = 0 THEN null ELSE days END}} AS value"
    )


def record_village_days(var: str = "c") -> str:
    """A clause that sets cadre `var`'s villageDays from its check-ins (locked first, as above)."""
    return _record(var, _village_days(var))


_STALE_DAYS, REPAIR_DAYS = _node_fact("c:Cadre", ("villageDays",), _village_days("c"))


# P1, P7: household `var`'s members able to work (劳动技能 普通/技能劳动力, WORKING_LABOUR) on the
# register, as the household's current village, register dates and members and their current facts
# give them. `workersSince` is the last day one of those changed: the household was registered
# (identifiedOn), entered, left the register or moved (enteredOn, leftOn, placedSince), a member
# moved in or out (membersSince), a member's facts were dated (factsSince), it was born, added or
# gone (birthDate, enteredOn, leftOn); when none is dated, the start of records (EVER). On any day
# from then on the household is in its current village, registered unless it has a leftOn, and
# every current member is in it with its current facts, born and entered, and gone when it has a
# leftOn: `workers` counts the members able to work of a registered household (none of one that
# left), `workMonths` holds their known months of work (务工时间, as floats: a property's list holds
# one type) sorted, `workMonthsTop` the most,
# `membersIndustryDays` the first day of each year in which a member had a benefit of P1's kind
# (graph/coverage/benefits.py INDUSTRY: every member, as P1 reads them), so that those benefits'
# writers keep it too; `industryLast` the latest of those and the household's own `industryDays`
# (EVER for none): P1's county-wide candidates are the households whose latest is before the year
# or after the day, an index seek. Beside them, whatever the day, whether a member on the register
# is on 低保 or 特困 now (`membersDibao`, `membersTekun`: 错退's and P6's candidates, judged on the
# day after); and what the lists of a township or village read of its members, so that on a day from
# `workersSince` they walk only the members of the households that may have an offender: the
# derived labels some member holds (`memberLabels`, graph/coverage/policies.py `members_may`), the
# schooling, disability grades and exam years they have (`memberSchooling`, `memberGrades`,
# `memberExamYears`, each value once, sorted), the birth dates of those out of school
# (`outOfSchoolBirths`, sorted: of school age on the day or not) and the kinds of benefit one has
# had (`memberBenefits`: P7's trainings); and for the dashboard's walk of a township, how many they
# are (`memberCount`) and when each was born (`memberBirths`: its school-age children on the day).
_WORKING = "[" + ", ".join(f"'{x}'" for x in WORKING_LABOUR) + "]"


def _workers_value(var: str) -> str:
    own = f"[{var}.identifiedOn, {var}.enteredOn, {var}.leftOn, {var}.placedSince, {var}.membersSince]"
    since = _latest(
        f"{own} + reduce(ds = [], m IN ms | ds + [m.factsSince, m.birthDate, m.enteredOn, m.leftOn])"
    )
    months = (
        "COLLECT { UNWIND ws AS w WITH w.migrantMonths AS months WHERE months IS NOT NULL "
        "RETURN toFloat(months) AS months ORDER BY months }"
    )
    last = _latest(f"coalesce({var}.industryDays, []) + industry")
    return (
        f"WITH {var}, COLLECT {{ MATCH ({var})<-[:BELONGS_TO]-(m:Person) RETURN m }} AS ms\n"
        f"WITH {var}, ms, [m IN ms WHERE {var}.leftOn IS NULL AND m.leftOn IS NULL "
        f"AND m.labour IN {_WORKING}] AS ws\n"
        f"WITH {var}, {since} AS since, size(ws) AS workers, {months} AS months, "
        f"{days_of_any('ms', INDUSTRY)} AS industry, {_any_member('dibao')} AS dibao, "
        f"{_any_member('tekun')} AS tekun, {_MEMBER_LABELS} AS labels, "
        f"{_values('schooling')} AS schooling, {_values('disabilityGrade')} AS grades, "
        f"{_values('physicalExamYear')} AS examYears, "
        f"{_OUT_OF_SCHOOL_BIRTHS} AS outOfSchool, {_MEMBER_BENEFITS} AS benefits, "
        f"size([m IN ms WHERE m.leftOn IS NULL]) AS count, {_BIRTHS} AS births\n"
        f"WITH {var}, {{workersSince: since, workers: workers, workMonths: months, "
        "workMonthsTop: months[-1], membersIndustryDays: industry, membersDibao: dibao, "
        "membersTekun: tekun, memberLabels: labels, memberSchooling: schooling, memberGrades: grades, "
        "memberExamYears: examYears, "
        "outOfSchoolBirths: outOfSchool, memberBenefits: benefits, memberCount: count, "
        "memberBirths: births, "
        f"industryLast: {last}}} AS value"
    )


def _latest(days: str) -> str:
    """The latest of `days` (a list of dates, nulls left out), EVER when none is."""
    return (
        f"coalesce(COLLECT {{ UNWIND {days} AS d WITH d WHERE d IS NOT NULL "
        f"RETURN d ORDER BY d DESC LIMIT 1 }}[0], {EVER})"
    )


def _some_member(condition: str) -> str:
    """One of the members `ms` still on the register (not dead or gone) meets `condition` (of member
    `m`): on any day from `workersSince` they are the household's members on the register, so a
    member on 低保 who died before the day does not count."""
    return f"any(m IN ms WHERE m.leftOn IS NULL AND {condition})"


def _any_member(fact: str) -> str:
    """One of the members `ms` still on the register has `fact` recorded true (false, never null,
    when none has)."""
    return _some_member(f"coalesce(m.{fact} = true, false)")


def _held(conditions: dict[str, str]) -> str:
    """The names (in order) of `conditions` (name -> a condition on member `m`) that one of the
    members `ms` still on the register meets."""
    cases = ", ".join(
        f"CASE WHEN {_some_member(condition)} THEN '{name}' END" for name, condition in conditions.items()
    )
    return f"[x IN [{cases}] WHERE x IS NOT NULL]"


# Of the members `ms` still on the register: the derived labels one of them holds; the kinds of
# benefit (PERSON_SUPPORTS, by their days' property) one of them has had; below, the birth dates of
# those out of school (the label OutOfSchool's condition).
_MEMBER_LABELS = _held({label: condition("m") for label, condition in PERSON_LABELS.items()})
_MEMBER_BENEFITS = _held({s.prop: f"m.{s.prop} <> []" for s in PERSON_SUPPORTS})


def _values(fact: str, where: str = "", once: bool = True) -> str:
    """The values of `fact` the members `ms` still on the register have (those for whom `where`
    holds, when given), sorted: each once, or one per member (`once` false)."""
    also = f" AND {where}" if where else ""
    distinct = "DISTINCT " if once else ""
    return (
        f"COLLECT {{ UNWIND ms AS m WITH m WHERE m.leftOn IS NULL AND m.{fact} IS NOT NULL{also} "
        f"RETURN {distinct}m.{fact} AS value ORDER BY value }}"
    )


_OUT_OF_SCHOOL_BIRTHS = _values("birthDate", out_of_school_now("m"))
# The birth dates of the members still on the register, one per member (so that members of an age
# are counted: twins share a day); members without one are in `memberCount` only.
_BIRTHS = _values("birthDate", once=False)


WORKERS = (
    "workersSince", "workers", "workMonths", "workMonthsTop", "membersIndustryDays", "membersDibao",
    "membersTekun", "memberLabels", "memberSchooling", "memberGrades", "outOfSchoolBirths",
    "memberExamYears", "memberBenefits", "memberCount", "memberBirths", "industryLast",
)  # fmt: skip
_LABOUR_DATED = ("LabourDated", "workersSince")


def record_workers(var: str = "h") -> str:
    """A clause that sets household `var`'s workersSince (and LabourDated), workers, workMonths and
    workMonthsTop from its current members (locked first, as above)."""
    return _record(var, _workers_value(var), _LABOUR_DATED)


def record_workers_of(var: str) -> str:
    """The same for household `var`, or the household person `var` belongs to now (a household that
    left or a person that left or changed, written by a statement for both)."""
    homes = (
        f"WITH {var} AS home WHERE home:Household RETURN home\n"
        f"  UNION\n  MATCH ({var}:Person)-[:BELONGS_TO]->(home:Household) RETURN home"
    )
    return f"CALL ({var}) {{\n  CALL ({var}) {{\n  {homes}\n  }}\n{record_workers('home')}}}\n"


_STALE_WORKERS, REPAIR_WORKERS = _node_fact("h:Household", WORKERS, _workers_value("h"), _LABOUR_DATED)


# 错退 (S5): household `var`'s income unrecorded or its water not recorded safe, by its current facts
# (`exitInDoubt`, true or false: never absent once derived, and labelled `ExitChecked` then), so
# that county-wide the households out of poverty whose own criteria may fail are sought in an index
# (an unknown has none).
def _exit_value(var: str) -> str:
    doubt = f"{var}.income IS NULL OR coalesce({var}.safeWater <> true, true)"
    return f"WITH {var}, {{exitInDoubt: ({doubt})}} AS value"


_EXIT_CHECKED = ("ExitChecked", "exitInDoubt")


def record_exit_doubt(var: str = "h") -> str:
    """A clause that sets household `var`'s exitInDoubt (and ExitChecked) from its facts. Its
    callers have just written the household, which holds its lock already."""
    return _record(var, _exit_value(var), _EXIT_CHECKED, lock=False)


_STALE_EXIT, REPAIR_EXIT = _node_fact("h:Household", ("exitInDoubt",), _exit_value("h"), _EXIT_CHECKED)


# P1, P2, P6, P7: the days of each kind of benefit (graph/coverage/benefits.py).
def _support_value(var: str, support: Support) -> str:
    if not support.last:
        return f"WITH {var}, {{{support.prop}: {first_days(var, support)}}} AS value"
    return (
        f"WITH {var}, {first_days(var, support)} AS days\n"
        f"WITH {var}, {{{support.prop}: days, {support.last}: coalesce(days[-1], {EVER})}} AS value"
    )


def _support_facts(support: Support) -> tuple[str, ...]:
    return (support.prop, support.last) if support.last else (support.prop,)


def _support_label(support: Support) -> tuple[str, str] | None:
    return (support.label, support.last or support.prop) if support.label else None


def record_supports(var: str, supports: tuple[Support, ...]) -> str:
    """Clauses that set node `var`'s benefit days of each of `supports` (and their labels), locked
    first."""
    return "".join(_record(var, _support_value(var, s), _support_label(s)) for s in supports)


def record_benefits(holder: str) -> str:
    """Clauses that record the benefit days of `holder`, a household or a person receiving benefits."""
    return (
        f"CALL ({holder}) {{ WITH {holder} WHERE {holder}:Household\n"
        f"{record_supports(holder, HOUSEHOLD_SUPPORTS)}}}\n"
        f"CALL ({holder}) {{ WITH {holder} WHERE {holder}:Person\n"
        f"{record_supports(holder, PERSON_SUPPORTS)}}}\n"
    )


_SUPPORT_FACTS = [
    _node_fact(node, _support_facts(s), _support_value(node.split(":")[0], s), _support_label(s))
    for node, supports in (("h:Household", HOUSEHOLD_SUPPORTS), ("p:Person", PERSON_SUPPORTS))
    for s in supports
]


def stale(driver: Driver, database: str) -> int:
    """How many people have derived labels their properties do not call for, households a wrong
    cardSince, pairedSince, visitMonths, visit streak, workers or exitInDoubt or a label that
    disagrees, and cadres a wrong villageDays (0 is the invariant)."""
    people, _, _ = driver.execute_query(
        f"MATCH (p:Person) WHERE {_STALE} RETURN count(p) AS stale", database_=database
    )
    nodes = [
        driver.execute_query(statement, database_=database).records[0]["stale"]
        for statement in (
            _STALE_CARD, _STALE_PAIRED, _STALE_COUNTED, _STALE_VISITS, _STALE_STREAKS, _STALE_DAYS,
            _STALE_WORKERS, _STALE_EXIT, _STALE_UNRESOLVED, _STALE_ESCALATED,
            *(stale for stale, _ in _SUPPORT_FACTS),
        )
    ]  # fmt: skip
    return int(people[0]["stale"]) + sum(int(n) for n in nodes)


# Their order: the benefit days first, since a household's industryLast (with its workers) reads
# its own.
REPAIRS = (
    REPAIR, *(repair for _, repair in _SUPPORT_FACTS), REPAIR_CARDS, REPAIR_PAIRED, REPAIR_COUNTED,
    REPAIR_VISITS, REPAIR_STREAKS, REPAIR_DAYS, REPAIR_WORKERS, REPAIR_EXIT, REPAIR_UNRESOLVED,
    REPAIR_ESCALATED,
)  # fmt: skip

# Raised when a writer that recorded a derived fact wrongly is mended: the next start then repairs
# every node once, as it does when a fact's definition (a repair statement's text) changes.
REVISION = 1


def version() -> str:
    """The derived facts' version: a digest of the statements that compute them and of REVISION."""
    text = "\n".join((str(REVISION), *REPAIRS))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def repair(driver: Driver, database: str) -> int:
    """Relabel every person whose derived labels are stale and set every household's cardSince,
    pairedSince, visitMonths, visit streaks, workers and exitInDoubt and every cadre's villageDays
    where they differ; returns how many nodes changed."""
    repaired = 0
    with driver.session(database=database) as session:
        for statement in REPAIRS:
            record = session.run(statement).single()
            repaired += int(record["repaired"]) if record else 0
    return repaired
