"""P1 (产业扶贫, 县农业农村局): every RED or YELLOW household with a member able to work has industry
support (产业) or agricultural-insurance support in the year.

County-wide the candidates are the RED or YELLOW households whose latest support, their own or a
member's, is before the year or after the date (a derived property in an index, graph/derived.py
industryLast), with those whose card or members changed after the date; their workers and
members' support are read from their derived workers while those hold on the date, and only the
others walk to their members. The summary's line counts every RED or YELLOW household.
"""

from graph.coverage.benefits import INDUSTRY, received
from graph.coverage.due import VILLAGE_ON_PAGE
from graph.coverage.fragments import (
    CARD_AT,
    REGISTERED,
    UNCOUNTED,
    WORKERS_CHANGED,
    seek_households,
    unlabelled,
)
from graph.coverage.lines import Line
from graph.coverage.rule import POLICY_AREA, CoverageRule, ItemField, ItemType, Period
from graph.facts import holds
from graph.placement import households_in, members, village_of

# Household h's members on $asOf (graph/placement.py), walked once for both questions below.
_MEMBERS = f"COLLECT {{ {members()} }}"
# Of them (`ms`), those on the register whose 劳动技能 then is 普通 or 技能劳动力 (the skill first:
# the birth date is read for those able to work only).
_WORKERS = (
    f"size([p IN ms WHERE {holds('p', lambda f: f'{f}.labour IN $workingLabour')} "
    "AND (p.birthDate IS NULL OR p.birthDate <= $asOf)])"
)
# Household h holds a RED or YELLOW card on $asOf.
POOR_CARD = f"({CARD_AT}) IN ['RED', 'YELLOW']"
# Household h, or one of its members `ms`, had support in the year.
_SUPPORTED = f"({received('h', INDUSTRY)} OR any(m IN ms WHERE {received('m', INDUSTRY)}))"


def _able(keep: str) -> str:
    """Household `h` with a member able to work (`workers`, more than none) and whether it had
    support (`supported`), with the variables `keep`: its members are read once."""
    return f"""WITH {keep}, {_MEMBERS} AS ms
WITH {keep}, ms, {_WORKERS} AS workers WHERE workers > 0
WITH {keep}, workers, {_SUPPORTED} AS supported
"""


# Household h's `workers` and whether it or a member had support in the year (`supported`), for one
# with a worker (with the variables `keep`): from its derived workers and members' support days
# (graph/derived.py) while those hold on $asOf, else from its members.
def _workers_and_support(keep: str) -> str:
    return f"""CALL ({keep}) {{
  WITH {keep} WHERE h.workersSince <= $asOf AND h.workers > 0
  RETURN h.workers AS workers,
    {received("h", INDUSTRY)} OR any(d IN h.membersIndustryDays WHERE $yearFrom <= d <= $yearTo) AS supported
  UNION ALL
  WITH {keep} WHERE NOT coalesce(h.workersSince <= $asOf, false)
  {_able(keep).strip()}
  RETURN workers, supported
}}
"""


# The registered RED or YELLOW households of village `v` on $asOf.
_POOR_IN_VILLAGE = households_in(where=f"{REGISTERED} AND {POOR_CARD}")
# County-wide: the households whose card on $asOf may be RED or YELLOW.
_CANDIDATES = seek_households(
    " WHERE h.card IN ['RED', 'YELLOW']", " WHERE h.cardSince > $asOf", bodies=[unlabelled("CardDated")]
)
# County-wide, a superset of the offenders, each then judged as any: the RED or YELLOW households
# with a worker whose latest industry support, theirs or a member's (derived industryLast), is
# before the year or after the day (so none in between), all three read from one index; and those
# the derived facts cannot judge: card or members changed after the day, or not derived.
_SUPPORT_LAST = " USING INDEX h:Household(card, industryLast, workers) WHERE h.card IN ['RED', 'YELLOW']"
_OFFENDING = seek_households(
    f"{_SUPPORT_LAST} AND h.industryLast < $yearFrom AND h.workers > 0",
    f"{_SUPPORT_LAST} AND h.industryLast > $yearTo AND h.workers > 0",
    " WHERE h.cardSince > $asOf",
    WORKERS_CHANGED,
    bodies=[unlabelled("CardDated"), UNCOUNTED],
)


def _item(place: str) -> str:
    """The item of household `h` with `place` (the household and village as nodes: their properties
    are read only for the page's rows; county-wide the village is walked up on the page only)."""
    return f"""WITH {{{place}, card: {CARD_AT}, workers: workers, year: $year,
      severity: workers, key: h.id}} AS n
"""


# The households due (RED or YELLOW with a worker) and those of them lacking support, counted per
# village `v` and summed per township `t` (c, d): per township after its villages, county-wide from
# the candidates.
_DUE = f"""{_workers_and_support("h, v")}WITH v, count(CASE WHEN NOT supported THEN 1 END) AS c, count(*) AS d
"""
_COUNTS = f"{_POOR_IN_VILLAGE}{_DUE}RETURN sum(c) AS c, sum(d) AS d"
_COUNTY_COUNTS = (
    f"{_CANDIDATES}WITH h WHERE {REGISTERED} AND {POOR_CARD}\n{village_of()}{_DUE}"
    "MATCH (v)-[:IN_TOWNSHIP]->(t:Township)\nWITH t, sum(c) AS c, sum(d) AS d"
)


RULE = CoverageRule(
    id="P1",
    field="householdsWithoutIndustrySupport",
    reading="P1: registered RED or YELLOW households (card on asOf) with a member able to work "
    "(劳动技能 普通劳动力 or 技能劳动力 on asOf) and no benefit dated in `year` (default the year of "
    "asOf; to asOf) under 产业 nor any whose project names 农业保险, the household's or a member's. "
    "Most workers first.",
    item=ItemType(
        "HouseholdWithoutIndustrySupport",
        "P1: a RED or YELLOW household able to work without industry support in the year.",
        (
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            ItemField("card", "Card!", "The card held on the date."),
            ItemField("workers", "Int!", "Members able to work (普通劳动力, 技能劳动力)."),
            ItemField("year", "Int!", "The year asked about."),
        ),
    ),
    period=Period.YEAR,
    body=f"""{_POOR_IN_VILLAGE}{_able("h, v, t")}WITH * WHERE NOT supported
{_item("household: h, village: v")}""",
    # The members are read only for the households without support of their own whose derived
    # workers do not hold on the date.
    county=f"""{_OFFENDING}WITH h WHERE NOT {received("h", INDUSTRY)}
WITH h WHERE {REGISTERED} AND {POOR_CARD}
{_workers_and_support("h")}WITH h, workers WHERE NOT supported
{_item("household: h")}""",
    county_page=VILLAGE_ON_PAGE,
    alone=True,
    lines=(
        Line(
            "P1",
            "有劳动能力的贫困户产业扶持全覆盖",
            counts=_COUNTS,
            county_counts=_COUNTY_COUNTS,
            apart=True,
        ),
    ),
    readers=POLICY_AREA,
    policy="P1",
)
