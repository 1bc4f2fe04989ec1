"""三率一度 (错退率): households recorded as out of poverty (已脱贫) that fail S5's exit criteria on
the date — the third-party assessment's wrongly-exited candidates, each with its unmet criteria (the
exit check's own definition, graph/coverage/exit_criteria.py).

County-wide the candidates are the households out of poverty now one of whose own facts may fail,
each case sought in an index (a low income; an income or water unknown or unsafe, derived as
`exitInDoubt`; a dangerous house; a 低保 or 特困 household without such a member now, derived as
`membersDibao`, `membersTekun`: graph/derived.py), joined with the households of the members whose
derived labels say they lack insurance or, of school age (the Person.birthDate index), schooling,
and those whose facts changed after the date; only those are judged on their members. In a township
or village, the households walked are judged on their members only when in doubt by what they keep
(their own cases, and their members' insurance and schooling, derived with their workers)."""

from graph.coverage.due import VILLAGE_ON_PAGE
from graph.coverage.exit_criteria import CRITERIA, PEOPLE, UNMET
from graph.coverage.fragments import REGISTERED, UNCOUNTED, VILLAGE_OF, seek_households, unlabelled
from graph.coverage.lines import Line
from graph.coverage.policies import (
    KEPT_OUT_OF_SCHOOL,
    OUT_OF_SCHOOL_NOW,
    member_labelled,
    members_may,
)
from graph.coverage.rule import CoverageRule, EnumType, ItemField, ItemType
from graph.facts import changed_after, facts_at
from graph.placement import household_of, households_in, moved_after, village_of

# A household out of poverty now one of whose own criteria may fail on a day its facts are current:
# its income low (an index) or unknown, or its water unknown or unsafe (exitInDoubt, derived by the
# writers of those facts, graph/derived.py; the households it is not derived for are read), its
# house graded C or D or dangerous (their indexes); a 低保 (特困) one none of whose members is on 低保
# (特困) now (members whose facts changed after the day are candidates of their own). Each case as the
# index that finds it county-wide and its condition.
_OUT = "h.status = 'OUT'"


def _unsupported(attribute: str, derived: str) -> tuple[str, str]:
    """Its members now have no one with the fact (`derived`, graph/derived.py: an index seek; the
    households it is not derived for are candidates of their own, UNCOUNTED)."""
    return (
        f"h:Household(attribute, status, {derived})",
        f"h.attribute = '{attribute}' AND h.status = 'OUT' AND h.{derived} = false",
    )


_OWN_DOUBT = (
    ("h:Household(status, income)", f"{_OUT} AND h.income <= $povertyLine"),
    ("h:Household(status, exitInDoubt)", f"{_OUT} AND h.exitInDoubt = true"),
    ("h:Household(houseGrade)", f"h.houseGrade IN keys($gradeSeverity) AND {_OUT}"),
    ("h:Household(dangerousHouse)", f"h.dangerousHouse = true AND {_OUT}"),
    _unsupported("DIBAO", "membersDibao"),
    _unsupported("TEKUN", "membersTekun"),
)

# In a township or village, the households whose own facts may fail on $asOf or whose members may
# (read from the household alone): its facts changed after $asOf or its exitInDoubt is not derived,
# one of its own cases above, or by what it keeps of its members (`members_may`: their facts on
# $asOf not known from it, or a member lacks an insurance or is out of school, born in the years of
# school age on $asOf). Only those are judged on their members.
_IN_DOUBT = (
    f"({changed_after('h')} OR NOT h:ExitChecked\n"
    + "".join(f"  OR ({condition})\n" for _, condition in _OWN_DOUBT)
    + f"  OR {member_labelled('LacksInsurance')}\n"
    f"  OR {members_may('outOfSchoolBirths', KEPT_OUT_OF_SCHOOL)})"
)

_HOUSEHOLDS = (
    *(f" USING INDEX {index} WHERE {condition}" for index, condition in _OWN_DOUBT),
    f" WHERE {changed_after('h')}",
)
# The households on $asOf (graph/placement.py) of the members the derived labels say lack insurance
# or, of school age, schooling, and of those whose facts changed after $asOf.
_MEMBERS = (
    "MATCH (p:LacksInsurance)",
    OUT_OF_SCHOOL_NOW,
    f"MATCH (p:Person) WHERE {changed_after('p')}",
)
# The households people moved into after $asOf (the Person.placedSince index): one whose members on
# $asOf had no one on 低保 (特困) may have one now.
_JOINED = f"MATCH (p:Person) WHERE {moved_after('p')}\n  MATCH (p)-[:BELONGS_TO]->(h:Household) RETURN h"
_CANDIDATES = seek_households(
    *_HOUSEHOLDS,
    bodies=[
        unlabelled("ExitChecked"),
        UNCOUNTED,
        *(f"{m}\n  {household_of()}  RETURN h" for m in _MEMBERS),
        _JOINED,
    ],
)


def _judged(keep: str, doubt: str = "") -> str:
    """The households `h` out of poverty on $asOf that fail a criterion then (`unmet`), with their
    facts `hf` and the variables `keep`; of those for which `doubt` holds, when given."""
    return f"""WITH {keep}, {facts_at("h")} AS hf
WHERE hf.status = 'OUT'{f" AND {doubt}" if doubt else ""}
WITH {keep}, hf, {PEOPLE} AS people
WITH {keep}, hf, {UNMET} AS unmet
WHERE unmet <> []
"""


def _item(place: str) -> str:
    """The item of household `h` with `place` (the household and village as nodes: their properties
    are read only for the page's rows; county-wide the village is walked up on the page only)."""
    return f"""WITH {{{place}, exitYear: hf.exitYear, unmet: unmet,
      severity: size(unmet), key: h.id}} AS n
"""


# The households out of poverty on $asOf: the line's denominator; county-wide those out of poverty
# now (the Household.status index) and those whose facts changed after $asOf.
_REGISTERED_OUT = f"{REGISTERED} AND ({facts_at('h')}).status = 'OUT'"
_OUT_NOW = seek_households(
    " USING INDEX h:Household(status) WHERE h.status = 'OUT'", f" WHERE {changed_after('h')}"
)

# County-wide the offenders, each with its township `t`.
_TALLY = f"{_CANDIDATES}WITH h WHERE {REGISTERED}\n{_judged('h')}{VILLAGE_OF}"

RULE = CoverageRule(
    id="S5",
    field="wronglyExited",
    reading="S5 (错退): registered households whose status on asOf is 已脱贫 (OUT) and that fail one of "
    "S5's exit criteria on asOf, as exitHousehold checks them (income above the poverty line of "
    "asOf's year; 两不愁; no dropout; basic medical and serious-illness insurance; no C/D house; safe "
    "water; unknown is unmet). The more criteria unmet, the earlier.",
    types=(
        EnumType(
            "ExitCriterion",
            "S5: 一超过 INCOME, 两不愁 FOOD_AND_CLOTHING, 三保障 COMPULSORY_EDUCATION, BASIC_MEDICAL, "
            "SAFE_HOUSING, and SAFE_WATER.",
            CRITERIA,
            (
                "一超过：人均纯收入超过贫困线.",
                "两不愁：吃穿不愁（低保、特困户享受相应保障）.",
                "义务教育有保障：无失学辍学.",
                "基本医疗有保障：基本医保、大病保险.",
                "住房安全有保障：无 C、D 级危房.",
                "饮水安全有保障.",
            ),
        ),
    ),
    item=ItemType(
        "WronglyExitedHousehold",
        "S5: a household out of poverty that fails an exit criterion on the date (错退 candidate).",
        (
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            ItemField("exitYear", "Int", "脱贫年度 on the date, when recorded."),
            ItemField("unmet", "[ExitCriterion!]!", "The criteria that fail on the date."),
        ),
    ),
    body=f"""{households_in(where=REGISTERED)}{_judged("h, v, t", _IN_DOUBT)}
{_item("household: h, village: v")}""",
    county=f"""{_CANDIDATES}WITH h WHERE {REGISTERED}
{_judged("h")}{_item("household: h")}""",
    county_page=VILLAGE_ON_PAGE,
    alone=True,
    tally=_TALLY,
    lines=(
        Line(
            "S5",
            "无错退（错退率）",
            counts=f"{households_in(where=_REGISTERED_OUT)}CALL (h) {{\n"
            f"  WITH h WHERE {_IN_DOUBT}\n{_judged('h')}  RETURN count(*) AS failing\n}}\n"
            "RETURN sum(failing) AS c, count(*) AS d",
            county_counts=f"""CALL () {{
  {_OUT_NOW}WITH h WHERE {_REGISTERED_OUT}
  {village_of()}  WITH v, count(h) AS d
  MATCH (v)-[:IN_TOWNSHIP]->(t:Township)
  RETURN t, 0 AS c, sum(d) AS d
  UNION ALL
  {_TALLY}
  RETURN t, count(h) AS c, 0 AS d
}}
WITH t, sum(c) AS c, sum(d) AS d""",
            apart=True,
        ),
    ),
)
