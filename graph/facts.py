"""Valid-time facts of households and people (docs/facts.md).

A household's or person's dated facts (its income, status, house, water; a person's insurance,
exam, schooling, health …) are kept on the node as they are now, valid from the node's
`factsSince` (none: valid for every day, nothing superseded yet). When a load or an edit changes one
of them as of day D, the values they replace are first copied to a period node
`(n)-[:HAD]->(:HouseholdFacts|PersonFacts {since, until, recordedBy, …the facts})` with `since` the
old `factsSince` (none: from the start of records) and `until` D, and `factsSince` becomes D.
Nothing is overwritten: every value the node held is on the node or in one of its periods.

A reader asks for the facts valid on a day (`facts_at`): the node itself when the day is on or
after `factsSince` — every question about today and most about the past, one property read — and
the period holding the day otherwise. The indexes (and the derived labels, graph/derived.py) serve
the node's values; county-wide a rule reads the periods only of the few nodes whose `factsSince`
is after the day asked (a range seek on the `factsSince` index), as S1 does with `cardSince`.
"""

from __future__ import annotations

from collections.abc import Callable

# The facts each kind of node dates (the rest — names, identity numbers, hamlet, phone, 首次识别时间
# — describe it rather than its situation, or are dated by relationships: the card, the village).
HOUSEHOLD_FACTS = (
    "size", "attribute", "status", "exitYear", "mainCause", "otherCauses", "income",
    "dangerousHouse", "houseGrade", "houseAssessedOn", "renovation", "safeWater",
)  # fmt: skip
PERSON_FACTS = (
    "education", "schooling", "labour", "migrantMonths", "health", "disability", "disabilityGrade",
    "dibao", "tekun",
    "medicalInsurance", "seriousIllnessInsurance", "pensionInsurance", "physicalExam",
    "physicalExamYear", "familyDoctor", "dropoutReason",
)  # fmt: skip
# A project's register entry (O3): what `updateProject` or a reloaded 项目库 changes on a day; its
# 实际完工日期 dates itself, its village and department are links (LED_BY is dated, graph/led.py).
PROJECT_FACTS = ("name", "kind", "fundingSource", "budgetFen", "startOn", "finishOn")
FACTS = {"Household": HOUSEHOLD_FACTS, "Person": PERSON_FACTS, "Project": PROJECT_FACTS}
PERIOD_LABELS = {"Household": "HouseholdFacts", "Person": "PersonFacts", "Project": "ProjectFacts"}


def facts_at(var: str, day: str = "$asOf") -> str:
    """The node or period holding node `var`'s facts on `day` (Cypher expressions): read its dated
    facts from it (`f.income`), its other properties from `var`. A day before every period is
    answered by the earliest (its `since` is none)."""
    held = f"coalesce(was.since <= {day}, true) AND {day} < was.until"
    period = f"[({var})-[:HAD]->(was) WHERE {held} | was][0]"
    return (
        f"CASE WHEN coalesce({var}.factsSince <= {day}, true) THEN {var} ELSE coalesce({period}, {var}) END"
    )


# A household or person whose time on the register is bounded by an edit (`enteredOn`: a person
# added from that day; `leftOn`: a death, a household removed 销户) carries this label, so that the
# county-wide counts seek the few of them instead of reading every node.
BOUNDED = "Bounded"


def on_register(var: str, day: str = "$asOf") -> str:
    """Node `var` (a household or a person) is on the register on `day`: entered by then (a person
    added by `addPerson`, from its `enteredOn`) and not left on or before it (a person dead, a
    household removed: `leftOn`). Nodes without these dates are on it every day."""
    return f"(coalesce({var}.enteredOn <= {day}, true) AND coalesce({var}.leftOn > {day}, true))"


def holds(var: str, condition: Callable[[str], str], day: str = "$asOf") -> str:
    """`condition` (a function of the facts' variable) of node `var`'s facts on `day`, for a WHERE:
    of the node itself while its facts are current then, else of the period holding the day (one
    pattern comprehension, however often the condition reads the facts: cheaper to plan than
    reading each fact through `facts_at`). A node off the register on `day` (`on_register`) holds
    nothing: a dead person is no rule's offender (tested after the condition, so that only the
    few who meet it read their register dates)."""
    held = f"coalesce(was.since <= {day}, true) AND {day} < was.until"
    # One CASE, not a conjunction the planner would reorder to read the register dates first.
    return (
        f"(CASE WHEN (CASE WHEN coalesce({var}.factsSince <= {day}, true) THEN {condition(var)} "
        f"ELSE any(then IN [({var})-[:HAD]->(was) WHERE {held} | was] WHERE {condition('then')}) END) "
        f"THEN {on_register(var, day)} ELSE false END)"
    )


def facts_on(var: str, label: str, day: str = "$asOf", more: str = "") -> str:
    """Node `var` (a `label`) as a map of its properties, its dated facts those of `day`, and the
    map items `more` (", key: expression …")."""
    facts = ", ".join(f"{f}: stood.{f}" for f in FACTS[label])
    return f"[stood IN [{facts_at(var, day)}] | {var} {{.*, {facts}{more}}}][0]"


def changed_after(var: str, day: str = "$asOf") -> str:
    """Node `var`'s facts on `day` are not its current ones (a seek of the `factsSince` index)."""
    return f"{var}.factsSince > {day}"


def seek_changed(var: str, label: str, day: str = "$asOf") -> str:
    """A pattern's hint and WHERE: the nodes `var` (of `label`) whose facts changed after `day`,
    sought in the `factsSince` index."""
    return f" USING INDEX {var}:{label}(factsSince) WHERE {changed_after(var, day)}"


def _differs(facts: tuple[str, ...]) -> str:
    """Map `old` and map `next` disagree on one of `facts` (null equals null)."""
    names = "[" + ", ".join(f"'{f}'" for f in facts) + "]"
    return f"any(k IN {names} WHERE NOT coalesce(old[k] = next[k], old[k] IS NULL AND next[k] IS NULL))"


def keep_facts(
    var: str, label: str, changes: str, day: str, by: str, imports: str = "", unless: str = "false"
) -> str:
    """A clause that, before node `var` (a `label`) is SET from the map `changes` (keys present are
    set; a null removes), keeps the dated facts it would change as a period ending on `day`, recorded
    by the audit event id `by`, and dates the node's facts from `day`. On the day they already start
    from, a change replaces them (a period of no day is none); a `day` before that start is taken as
    that start, so that no period is inverted. `imports`: more variables the expressions read;
    nothing is kept when `unless` holds (a node just created has no facts to keep)."""
    facts = FACTS[label]
    old = f"{var} {{" + ", ".join(f".{f}" for f in facts) + "}"
    after = ", ".join(
        f"{f}: CASE WHEN '{f}' IN keys({changes}) THEN {changes}.{f} ELSE {var}.{f} END" for f in facts
    )
    scope = ", ".join(x for x in (var, imports) if x)
    return (
        f"CALL ({scope}) {{\n"
        f"  WITH {var}, {old} AS old, {{{after}}} AS next,\n"
        f"       CASE WHEN {var}.factsSince > {day} THEN {var}.factsSince ELSE {day} END AS day\n"
        f"  WITH * WHERE NOT ({unless}) AND {_differs(facts)} AND coalesce({var}.factsSince <> day, true)\n"
        f"  CREATE ({var})-[:HAD]->(was:{PERIOD_LABELS[label]})\n"
        f"  SET was = old, was.since = {var}.factsSince, was.until = day, was.recordedBy = {by},\n"
        f"      {var}.factsSince = day\n"
        "}\n"
    )
