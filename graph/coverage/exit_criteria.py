"""S5's exit criteria ("一超过、两不愁、三保障") as Cypher expressions of a household's facts `hf`
and its members `people` (maps {p, f}: each person and its facts) on $asOf: one definition read by
the exit check (graph/changes/exits.py, which refuses an exit for what fails) and by the 错退 list
(graph/coverage/rules/wrongly_exited.py, exited households for which some fails)."""

from __future__ import annotations

from graph.coverage.policies import ON_REGISTER, dropout, missing_insurance
from graph.facts import facts_at
from graph.placement import members

# The members of household `h` on the register on $asOf, each with its facts then.
# The household's members on the day (graph/placement.py), each with its facts then.
PEOPLE = f"[p IN COLLECT {{ {members(where=ON_REGISTER)} }} | {{p: p, f: {facts_at('p')}}}]"
_MISSING = missing_insurance("x.f")

# Each criterion by the name the exit check reads: a condition that holds when it is met, or the list
# of members that make it fail.
CHECKS: dict[str, str] = {
    "income": "(hf.income IS NOT NULL AND hf.income > $povertyLine)",
    "foodAndClothing": "CASE hf.attribute WHEN 'DIBAO' THEN any(x IN people WHERE x.f.dibao = true) "
    "WHEN 'TEKUN' THEN any(x IN people WHERE x.f.tekun = true) ELSE true END",
    "dropouts": f"[x IN people WHERE {dropout('x.p', 'x.f')} | {{uid: x.p.uid, name: x.p.name}}]",
    "uninsured": f"[x IN people WHERE size({_MISSING}) > 0 "
    f"| {{uid: x.p.uid, name: x.p.name, missing: {_MISSING}}}]",
    "safeHousing": "NOT (hf.houseGrade IN keys($gradeSeverity) "
    "OR (hf.dangerousHouse = true AND hf.houseGrade IS NULL))",
    "safeWater": "hf.safeWater = true",
}

# The criteria (their API names) and when each fails: a condition not known to hold fails, as the
# exit check reads it.
_FAILS = {
    "INCOME": f"NOT coalesce({CHECKS['income']}, false)",
    "FOOD_AND_CLOTHING": f"NOT coalesce({CHECKS['foodAndClothing']}, false)",
    "COMPULSORY_EDUCATION": f"{CHECKS['dropouts']} <> []",
    "BASIC_MEDICAL": f"{CHECKS['uninsured']} <> []",
    "SAFE_HOUSING": f"NOT coalesce({CHECKS['safeHousing']}, false)",
    "SAFE_WATER": f"NOT coalesce({CHECKS['safeWater']}, false)",
}
CRITERIA = tuple(_FAILS)
# The criteria that fail, as a list of their names.
UNMET = (
    "[c IN ["
    + ", ".join(f"CASE WHEN {fails} THEN '{name}' END" for name, fails in _FAILS.items())
    + "] WHERE c IS NOT NULL]"
)
