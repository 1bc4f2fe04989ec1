"""The shared walks of the dashboard (graph/coverage/summary.py): one walk over a township's
households and their members (or loans, escalated visits) counts the figures of several lines at
once, with the very conditions the rules' lists test; county-wide a walk may count its columns once
for every township from its few candidates instead (the rules' own county bodies, persons, loans).

A line names a walk's column (graph/coverage/lines.py `column`); a rule's line that names none is
counted from the rule's own list.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.coverage import policies
from graph.coverage.fragments import (
    CARD_AT,
    LOW_INCOME_LINE,
    PAIRED_CADRES,
    REGISTERED,
    aggregates,
    corrected,
    expected_card,
    township_sums,
)
from graph.coverage.rule import CoverageRule, tallied
from graph.coverage.rules import (
    card_mismatches,
    dangerous_housing,
    health,
    loan_overdue_rates,
    open_visit_problems,
    unpaired_households,
    unsafe_water,
)
from graph.facts import BOUNDED, changed_after, facts_at, on_register
from graph.placement import household_of, households_in, members, moved_after, village_of


@dataclass(frozen=True)
class Walk:
    """One walk over a township's households or persons that counts several figures: `text` follows
    the scope's villages `v` of township `t` and RETURNs one column per figure (names unique across
    walks). `county`, when given, counts the same columns for the county scope at once: a text
    leaving one row per township `t` with every column."""

    name: str
    text: str
    columns: tuple[str, ...]
    county: str = ""

    def __post_init__(self) -> None:
        for name in self.columns:
            assert f" AS {name}" in self.text, f"{self.name} has no column {name}"
            assert not self.county or f" AS {name}" in self.county, f"{self.name} county lacks {name}"


def _branches(columns: tuple[str, ...], *branches: tuple[str, dict[str, str]]) -> str:
    """A county-wide Walk text from branches that each start from their own candidates: every
    branch is a text binding township `t` and, per row, the values it adds to some columns (the
    others add 0); the rows are summed per township."""
    parts = [
        f"{text}\n  RETURN t, " + ", ".join(f"{values.get(c, '0')} AS {c}" for c in columns)
        for text, values in branches
    ]
    sums = ", ".join(f"sum({c}) AS {c}" for c in columns)
    return "CALL () {\n  " + "\n  UNION ALL\n  ".join(parts) + f"\n}}\nWITH t, {sums}"


def _offenders(rule: CoverageRule, **values: str) -> tuple[str, dict[str, str]]:
    """A county branch adding `values` to its columns for each of `rule`'s county-wide offenders, in
    the offender's township."""
    return tallied(rule), values


# The households walk's columns: of the households, then of their members.
_COLUMNS = (
    "households", "persons", "pairedHouseholds", "pairedCadres", "unpaired", "mismatched", "dangerous",
    "unsafe",
    "uninsured", "noExam", "noDoctor", "schoolAgeChildren", "dropouts", "disabledChildren",
    "disabledOutOfSchool",
)  # fmt: skip
_MEMBERS = "COUNT { (h)<-[:BELONGS_TO]-() }"
_DISTINCT_CADRES = "COUNT { UNWIND cadres AS some UNWIND some AS c RETURN DISTINCT c }"  # of cadre lists
_IN_TOWNSHIP = "-[:BELONGS_TO]->(h:Household)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->(t:Township)"
_BORN = f"({policies.ON_REGISTER})"
_STAYED_MEMBERS = f"COUNT {{ (h)<-[:BELONGS_TO]-(p:Person) WHERE NOT coalesce({moved_after('p')}, false) }}"

# County-wide the walks count by the current links (IN_VILLAGE, BELONGS_TO: degrees, no node read),
# then correct for the few nodes moved after $asOf (graph/placement.py), sought in the placedSince
# indexes: each such household, and each such person or member of such a household, is taken back
# where the current links count it and counted where it was on $asOf, under that day's conditions.
# The other corrections (registered later, off the register) leave them out.
_STAYED_H = f"NOT coalesce({moved_after('h')}, false)"
_STAYED_P = f"NOT coalesce({moved_after('p')}, false)"
_MOVED_H = f"MATCH (h:Household) USING INDEX h:Household(placedSince) WHERE {moved_after('h')}\n"
# People whose household on $asOf may not be their current one's village: moved themselves, or
# members of a household moved.
_MOVED_P = (
    "CALL () {\n"
    f"    MATCH (p:Person) USING INDEX p:Person(placedSince) WHERE {moved_after('p')} RETURN p\n"
    "    UNION\n"
    f"    {_MOVED_H.strip()} MATCH (h)<-[:BELONGS_TO]-(p:Person) RETURN p\n"
    "  }\n"
)
_NOW_IN = "MATCH (h)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->(t:Township)\n"
_THEN_IN = f"{village_of()}MATCH (v)-[:IN_TOWNSHIP]->(t:Township)\n"


# P2: disabled children of compulsory-school age; enrolled when 在校生状况 is recorded (送教上门 too).
def _not_enrolled(f: str) -> str:
    return f"trim(coalesce({f}.schooling, '')) = ''"


def _one_if(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def _now_or_then(label: str, condition: str) -> str:
    """Person p's derived `label` while its facts are current on $asOf (`past` false), else
    `condition` of its facts then (`f`)."""
    return f"(CASE WHEN past THEN {condition} ELSE {label} END)"


_F = "f"
_OUT_THEN = _now_or_then("p:OutOfSchool", policies.out_of_school(_F))
_DISABLED_THEN = _now_or_then("p:Disabled", policies.disabled(_F))


# P2's school-age children on the register county-wide, in their village `v`, each with `sign` 1:
# sought in the birthDate index and placed by the current links; those moved after $asOf (or in a
# household moved) are taken back there (-1) and counted where they were that day.
_SCHOOL_AGE_ON = f"{policies.SCHOOL_AGE} AND {on_register('p')}"
_SCHOOL_AGE_NOW = (
    "    MATCH (p:Person)-[:BELONGS_TO]->(h)-[:IN_VILLAGE]->(v) USING INDEX p:Person(birthDate)\n"
    f"    WHERE {REGISTERED} AND {_SCHOOL_AGE_ON} RETURN v, p, 1 AS sign"
)
_SCHOOL_AGE_MOVED = (
    f"  {_MOVED_P}  WITH p WHERE {_SCHOOL_AGE_ON}\n"
    "  CALL (p) {\n"
    f"    MATCH (p)-[:BELONGS_TO]->(h)-[:IN_VILLAGE]->(v) WHERE {REGISTERED} RETURN v, -1 AS sign\n"
    "    UNION ALL\n"
    f"    {household_of().strip()} WITH h WHERE {REGISTERED} {village_of().strip()} RETURN v, 1 AS sign\n"
    "  }\n  RETURN v, p, sign"
)


# The households and their members, in one walk: registered households, their members born by
# $asOf (P3's denominator), registered and paired (W9's denominator), the cadres of paired households
# (W8's denominator: each cadre once per township), and the W7, S1/S2, P4 and P5 offenders; the card
# history is read only for households whose card the rules judge. Of the members: P3's three lines,
# P2's school-age children, their dropouts and the disabled children's enrolment. Each household and
# each member is read once for all of them (a walk over the persons beside this one would read the
# members twice: bench/README.md, "The dashboard in a township").
#
# County-wide the households, their members and their cadres are counted in one walk (members as
# BELONGS_TO degrees, cadres as recorded: PAIRED_CADRES), less those registered after $asOf and the
# people born after it (index seeks), corrected for the moves after it (W8: the cadres of a household
# moved after $asOf are counted in the township it lived in then, not its present one), and the
# offenders by the rules' own county bodies, from their few candidates. No other member is read but
# the few counted: P3's offenders start from their derived labels, as in the lists (graph/derived.py);
# the school-age children are sought in the Person.birthDate index, their dropouts and disabilities
# read as P2's derived labels, and counted per village before their township is read.
_HOUSEHOLD_BRANCHES: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "MATCH (t:Township)<-[:IN_TOWNSHIP]-(:Village)<-[:IN_VILLAGE]-(h:Household)\n"
        f"  WITH t, count(h) AS households, sum({_MEMBERS}) AS members,\n"
        f"       collect([h, {PAIRED_CADRES}]) AS paired\n"
        f"  WITH t, households, members, paired, COLLECT {{ {_MOVED_H.strip()} RETURN h }} AS moved\n"
        "  WITH t, households, members, [x IN paired WHERE NOT x[0] IN moved | x[1]]\n"
        f"       + COLLECT {{ UNWIND moved AS h {_THEN_IN.strip()} RETURN {PAIRED_CADRES} }} AS cadres\n"
        f"  WITH t, households, members, {_DISTINCT_CADRES} AS cadres",
        {
            "households": "households",
            "persons": "members",
            "pairedHouseholds": "households",
            "pairedCadres": "cadres",
        },
    ),
    # Households not registered on $asOf (registered later, or removed by then: the few carrying
    # the Bounded label), with their members who stayed.
    (
        "MATCH (h:Household)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->(t:Township)\n"
        f"  WHERE h.identifiedOn > $asOf AND {_STAYED_H}",
        {"households": "-1", "persons": f"-{_STAYED_MEMBERS}", "pairedHouseholds": "-1"},
    ),
    (
        f"MATCH (h:{BOUNDED}:Household)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->(t:Township)\n"
        f"  WHERE h.leftOn <= $asOf AND NOT coalesce(h.identifiedOn > $asOf, false) AND {_STAYED_H}",
        {"households": "-1", "persons": f"-{_STAYED_MEMBERS}", "pairedHouseholds": "-1"},
    ),
    # People off the register then (dead, added later) or born after it, in households on it.
    (
        f"MATCH (p:{BOUNDED}:Person){_IN_TOWNSHIP}\n"
        f"  WHERE NOT {on_register('p')} AND {REGISTERED}\n"
        f"  AND (p.birthDate IS NULL OR p.birthDate <= $asOf) AND {_STAYED_P} AND {_STAYED_H}",
        {"persons": "-1"},
    ),
    (
        f"MATCH (p:Person){_IN_TOWNSHIP} USING INDEX p:Person(birthDate)\n"
        f"  WHERE p.birthDate > $asOf AND {REGISTERED} AND {_STAYED_P} AND {_STAYED_H}",
        {"persons": "-1"},
    ),
    # Moved after $asOf: out of the present township, into the one of that day when registered.
    (f"{_MOVED_H}  {_NOW_IN}", {"households": "-1", "pairedHouseholds": "-1"}),
    (
        f"{_MOVED_H}  WITH h WHERE {REGISTERED}\n  {_THEN_IN}",
        {"households": "1", "pairedHouseholds": "1"},
    ),
    (f"{_MOVED_P}  MATCH (p){_IN_TOWNSHIP}", {"persons": "-1"}),
    (
        f"{_MOVED_P}  WITH p WHERE {_BORN}\n  {household_of()}  WITH h WHERE {REGISTERED}\n  {_THEN_IN}",
        {"persons": "1"},
    ),
    _offenders(unpaired_households.RULE, unpaired="1", pairedHouseholds="-1"),
    _offenders(card_mismatches.RULE, mismatched="1"),
    _offenders(dangerous_housing.RULE, dangerous="1"),
    _offenders(unsafe_water.RULE, unsafe="1"),
)
_PERSON_BRANCHES: tuple[tuple[str, dict[str, str]], ...] = (
    _offenders(health.UNINSURED_PERSONS, uninsured="1"),
    _offenders(health.MISSING_PHYSICAL_EXAMS, noExam="1"),
    _offenders(health.MISSING_FAMILY_DOCTORS, noDoctor="1"),
    (
        township_sums(
            f"CALL () {{\n{_SCHOOL_AGE_NOW}\n  UNION ALL\n{_SCHOOL_AGE_MOVED}\n  }}\n"
            f"  WITH v, p, sign, {changed_after('p')} AS past, {facts_at('p')} AS f",
            {
                "children": "sum(sign)",
                "dropouts": f"sum(sign * {_one_if(_OUT_THEN)})",
                "disabled": f"sum(sign * {_one_if(_DISABLED_THEN)})",
                "disabledOut": f"sum(sign * {_one_if(f'{_DISABLED_THEN} AND {_not_enrolled(_F)}')})",
            },
        ),
        {
            "schoolAgeChildren": "children",
            "dropouts": "dropouts",
            "disabledChildren": "disabled",
            "disabledOutOfSchool": "disabledOut",
        },
    ),
)
# A registered household whose workers hold on $asOf (graph/derived.py, graph/coverage/policies.py
# `kept_unknown`) has on $asOf its members now with their facts now. When none of them is uninsured,
# without a family doctor or disabled (their derived labels), may lack the exam of $year, or is a
# child of school age out of school, its figures are its kept count of members (all born and on
# the register on such a day) and of school-age children (by their kept birth dates), and 0 for the
# rest: its members are not read. The others may have a member who offends (`members_may`).
_MAY_OFFEND = policies.members_may(
    "memberCount",
    "any(label IN h.memberLabels WHERE label IN ['LacksInsurance', 'LacksFamilyDoctor', 'Disabled'])"
    f" OR {policies.KEPT_MAY_LACK_EXAM} OR {policies.KEPT_OUT_OF_SCHOOL}",
)
_KEPT_SCHOOL_AGE = f"size([born IN h.memberBirths WHERE {policies.born_of_school_age('born')}])"
HOUSEHOLDS = Walk(
    "households",
    f"""{households_in()}WITH h, {facts_at("h")} AS f, {REGISTERED} AS registered, {PAIRED_CADRES} AS cadres,
     {LOW_INCOME_LINE} AS line
WITH h, f, registered, cadres, cadres <> [] AS paired,
     CASE WHEN registered THEN {expected_card("line", "f")} END AS expected
WITH h, f, registered, cadres, paired, expected, CASE WHEN expected IS NOT NULL THEN {CARD_AT} END AS card
WITH h, f, registered, cadres, paired, expected, card, registered AND {_MAY_OFFEND} AS walked
// The members born by $asOf of each registered household whose kept values do not tell its
// figures, counted per household (hBorn, …); none read of the others.
CALL (h, walked) {{
  WITH h WHERE walked
  CALL (h) {{ {members(where=_BORN)} }}
  WITH p, {facts_at("p")} AS pf, coalesce(({policies.SCHOOL_AGE}), false) AS schoolAge
  WITH p, pf, schoolAge, schoolAge AND {policies.disabled("pf")} AS disabledChild
  RETURN count(p) AS hBorn,
         count(CASE WHEN {policies.uninsured("pf")} THEN 1 END) AS hUninsured,
         count(CASE WHEN {policies.no_exam("pf")} THEN 1 END) AS hNoExam,
         count(CASE WHEN {policies.no_family_doctor("pf")} THEN 1 END) AS hNoDoctor,
         count(CASE WHEN schoolAge THEN 1 END) AS hSchoolAge,
         count(CASE WHEN schoolAge AND {policies.out_of_school("pf")} THEN 1 END) AS hDropouts,
         count(CASE WHEN disabledChild THEN 1 END) AS hDisabled,
         count(CASE WHEN disabledChild AND {_not_enrolled("pf")} THEN 1 END) AS hDisabledOut
}}
WITH h, f, registered, cadres, paired, expected, card, hUninsured, hNoExam, hNoDoctor, hDropouts,
     hDisabled, hDisabledOut,
     CASE WHEN registered AND NOT walked THEN h.memberCount ELSE hBorn END AS hBorn,
     CASE WHEN registered AND NOT walked THEN {_KEPT_SCHOOL_AGE} ELSE hSchoolAge END AS hSchoolAge
WITH count(CASE WHEN registered THEN 1 END) AS households,
     sum(hBorn) AS persons,
     count(CASE WHEN registered AND paired THEN 1 END) AS pairedHouseholds,
     collect(CASE WHEN paired THEN cadres END) AS cadres,
     count(CASE WHEN registered AND NOT paired THEN 1 END) AS unpaired,
     count(CASE WHEN expected IS NOT NULL AND {card_mismatches.MISMATCH} THEN 1 END) AS mismatched,
     count(CASE WHEN registered AND {dangerous_housing.dangerous("f")} THEN 1 END) AS dangerous,
     count(CASE WHEN registered AND {unsafe_water.no_safe_water("f")} THEN 1 END) AS unsafe,
     sum(hUninsured) AS uninsured, sum(hNoExam) AS noExam, sum(hNoDoctor) AS noDoctor,
     sum(hSchoolAge) AS schoolAgeChildren, sum(hDropouts) AS dropouts, sum(hDisabled) AS disabledChildren,
     sum(hDisabledOut) AS disabledOutOfSchool
RETURN households, persons, pairedHouseholds, unpaired, mismatched, dangerous, unsafe,
       {_DISTINCT_CADRES} AS pairedCadres, uninsured, noExam, noDoctor, schoolAgeChildren, dropouts,
       disabledChildren, disabledOutOfSchool""",
    _COLUMNS,
    county=_branches(_COLUMNS, *_HOUSEHOLD_BRANCHES, *_PERSON_BRANCHES),
)


# P10: the township's loans (the whole township's, whatever village the scope names).
LOANS = Walk(
    "loans",
    f"{loan_overdue_rates.RULE.body} RETURN sum(n.overdue) AS loanOverdue, sum(n.balance) AS loanBalance",
    ("loanOverdue", "loanBalance"),
    county=f"{loan_overdue_rates.LOANS_PER_TOWNSHIP}\nWITH t, overdue AS loanOverdue, balance AS loanBalance",
)


# W10: escalated visits up to $asOf, and those whose problem is still open, in one walk. In a township
# they are reached from its households labelled Escalated (graph/derived.py; a date condition in one
# MATCH would let the planner range-seek the county's visits once per township); county-wide they
# are sought once in the Visit.escalate index and counted per village before their township is read.
# A visit counts in the village its household lived in on $asOf (graph/placement.py).
_PROBLEMS = {
    "escalated": "count(x)",
    "openProblems": f"count(CASE WHEN {open_visit_problems.OPEN_PROBLEM} THEN 1 END)",
}
_ESCALATED = "x.escalate = true AND x.date <= $asOf"
ESCALATED = Walk(
    "escalated",
    f"{open_visit_problems.ESCALATED_HOUSEHOLDS}"
    "UNWIND [(h)<-[:TO]-(x:Visit) WHERE x.escalate = true AND x.date <= $asOf | x] AS x\n"
    f"RETURN {aggregates(_PROBLEMS)}",
    ("escalated", "openProblems"),
    county=township_sums(
        corrected(
            f"MATCH (x:Visit)-[:TO]->(h)-[:IN_VILLAGE]->(v) USING INDEX x:Visit(escalate) WHERE {_ESCALATED}",
            f"(h)<-[:TO]-(x:Visit) WHERE {_ESCALATED}",
            "x",
        ),
        {
            "escalated": "sum(sign)",
            "openProblems": f"sum(CASE WHEN {open_visit_problems.OPEN_PROBLEM} THEN sign ELSE 0 END)",
        },
    ),
)


WALKS: dict[str, Walk] = {walk.name: walk for walk in (HOUSEHOLDS, LOANS, ESCALATED)}
