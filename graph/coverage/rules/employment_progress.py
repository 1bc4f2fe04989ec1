"""P7 (就业扶贫, 县人社局): each township's progress in the year towards the county's employment
targets: registered labourers placed in work, 两后生 trained, skills trainings. Township-level: a
township is in scope when one of its villages is, and its figures are the whole township's.

County-wide every township's figures are counted from their few candidates: the households whose
derived workers (graph/derived.py) hold a labourer placed and hold on the date (an index), the
members of those whose workers changed after the date or are not derived, the people labelled
TwoAfter or Trained, and those whose facts changed after the date. In a township, each household
is counted from its derived workers while they hold and no member has had a training; the members
of the others are read."""

from graph.coverage.benefits import TRAINING, TWO_AFTER, Support, received
from graph.coverage.due import seek
from graph.coverage.fragments import REGISTERED, UNCOUNTED, WORKERS_CHANGED, seek_households
from graph.coverage.policies import BORN, ON_REGISTER, members_may
from graph.coverage.rule import POLICY_AREA, CoverageRule, ItemField, ItemType, Period
from graph.facts import holds
from graph.placement import household_of, households_in, members, village_of

# Placed: able to work with at least the setting's months of work, by the facts on $asOf.
_PLACED = holds("p", lambda f: f"{f}.labour IN $workingLabour AND {f}.migrantMonths >= $employmentMonths")


def _trained(support: Support) -> str:
    return received("p", support)


# The labourers placed on $asOf of household h while its derived workers hold then (graph/derived.py):
# its members' kept months of work.
_KEPT_PLACED = "size([m IN h.workMonths WHERE m >= $employmentMonths])"
# Household h may have a member who had a 两后生 or training benefit, or its workers do not hold on
# $asOf (by the kinds of benefit kept with them, `memberBenefits`): else its figures are its kept
# placed labourers and none trained.
_MAY_TRAIN = members_may(
    "memberBenefits", f"any(kind IN h.memberBenefits WHERE kind IN ['{TWO_AFTER.prop}', '{TRAINING.prop}'])"
)

# Township t's registered households on $asOf (graph/placement.py), walked once for the three
# figures: each counted from what it keeps, or else from its members on the register then.
_TOWNSHIP = f"""CALL (t) {{
  MATCH (t)<-[:IN_TOWNSHIP]-(v:Village)
  {households_in(where=REGISTERED)}  CALL (h) {{
    WITH h WHERE NOT {_MAY_TRAIN}
    RETURN {_KEPT_PLACED} AS placed, 0 AS twoAfter, 0 AS trained
    UNION ALL
    WITH h WHERE {_MAY_TRAIN}
    CALL (h) {{ {members(where=ON_REGISTER)} }}
    RETURN count(CASE WHEN {_PLACED} THEN 1 END) AS placed,
           count(CASE WHEN {_trained(TWO_AFTER)} THEN 1 END) AS twoAfter,
           count(CASE WHEN {_trained(TRAINING)} THEN 1 END) AS trained
  }}
  RETURN sum(placed) AS placed, sum(twoAfter) AS twoAfter, sum(trained) AS trained
}}
"""


def _county(now: str, condition: str) -> str:
    """The same for every township at once, from the people for whom `now` holds (an index, a
    derived label) and those whose facts changed after $asOf, for whom `condition` holds (tested
    before any walk, with the person's time on the register): [township code, count]s. Each
    household is tested for its registration and walked up once, each village once."""
    return (
        f"COLLECT {{ {seek(now)}  WITH p WHERE {condition}\n  {household_of()}"
        f"  WITH h, count(p) AS k WHERE {REGISTERED}\n  {village_of()}  WITH v, sum(k) AS k\n"
        "  MATCH (v)-[:IN_TOWNSHIP]->(t:Township)\n"
        "  WITH t, sum(k) AS k RETURN [t.code, k] AS row }"
    )


# Placed: each village's labourers placed on $asOf ([village, count]s), from its households' derived
# workers (graph/derived.py) while those hold on $asOf (the index of the most months of work: a
# registered household in its current village), else from their members on $asOf (the households
# the derived facts do not date, or whose workers changed after $asOf).
_PLACED_VILLAGES = f"""CALL () {{
  MATCH (h:Household) USING INDEX h:Household(workMonthsTop, workersSince)
    WHERE h.workMonthsTop >= $employmentMonths AND h.workersSince <= $asOf
  MATCH (h)-[:IN_VILLAGE]->(v)
  RETURN v, {_KEPT_PLACED} AS k
  UNION ALL
  {seek_households(WORKERS_CHANGED, bodies=[UNCOUNTED]).strip()}
  WITH h, COUNT {{ {members(where=f"{BORN} AND {_PLACED}")} }} AS k WHERE k > 0 AND {REGISTERED}
  {village_of().strip()}
  RETURN v, k
}}
"""
_PLACED_COUNTY = (
    f"COLLECT {{ {_PLACED_VILLAGES}  WITH v, sum(k) AS k\n"
    "  MATCH (v)-[:IN_TOWNSHIP]->(t:Township)\n"
    "  WITH t, sum(k) AS k RETURN [t.code, k] AS row }"
)

_ITEM = """WITH {township: t {.code, .name}, placed: placed, twoAfter: twoAfter, trained: trained,
      placedTarget: $employmentTarget, twoAfterTarget: $twoAfterTarget, trainingTarget: $trainingTarget,
      severity: -placed, key: t.code} AS n
"""


def _of(rows: str) -> str:
    return f"coalesce([x IN {rows} WHERE x[0] = t.code | x[1]][0], 0)"


RULE = CoverageRule(
    id="P7",
    field="employmentProgress",
    reading="P7: every township in scope (its figures the whole township's) with, in `year` (default "
    "the year of asOf; to asOf): members of registered households able to work (普通劳动力, "
    "技能劳动力) with at least the setting's months of work (务工时间, default 3) on asOf; those with a "
    "就业 benefit naming 两后生; those with one naming 培训 (skills training); and the county's targets "
    "(settings: 700, 135, 200). Fewest placed first.",
    item=ItemType(
        "EmploymentProgress",
        "P7: a township's employment figures of the year beside the county's targets.",
        (
            ItemField("township", "Township!"),
            ItemField("placed", "Int!", "Labourers placed in work (务工时间 at least the setting's months)."),
            ItemField("twoAfter", "Int!", "两后生 with a 就业 benefit naming 两后生 in the year."),
            ItemField("trained", "Int!", "People with a 就业 benefit naming 培训 in the year."),
            ItemField("placedTarget", "Int!", "The county's target of labourers placed (setting)."),
            ItemField("twoAfterTarget", "Int!", "The county's target of 两后生 trained (setting)."),
            ItemField("trainingTarget", "Int!", "The county's target of skills trainings (setting)."),
        ),
    ),
    period=Period.YEAR,
    body=f"""WITH DISTINCT t
{_TOWNSHIP}{_ITEM}""",
    county=f"""WITH {_PLACED_COUNTY} AS placed,
     {_county("p:TwoAfter", f"{ON_REGISTER} AND {_trained(TWO_AFTER)}")} AS twoAfter,
     {_county("p:Trained", f"{ON_REGISTER} AND {_trained(TRAINING)}")} AS trained
MATCH (t:Township)
WITH t, {_of("placed")} AS placed, {_of("twoAfter")} AS twoAfter, {_of("trained")} AS trained
{_ITEM}""",
    alone=True,
    readers=POLICY_AREA,
    policy="P7",
)
