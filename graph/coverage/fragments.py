"""Cypher fragments shared by coverage rules (text constants, never user input)."""

from collections.abc import Mapping, Sequence

from graph.entities import active
from graph.facts import on_register
from graph.placement import moved_back, over_households, placed_by, placing, seek_moved, village_of


def card_on(day: str) -> str:
    """S1: household `h`'s card on `day` (a Cypher expression): its current card from its open
    period's first day on (cardSince, graph/derived.py), else from its history, else the current card
    when the history has none. HAS_CARD leads only to a Card, so its end is not label-checked."""
    return (
        f"CASE WHEN h.cardSince <= {day} THEN h.card ELSE "
        f"coalesce([(h)-[c:HAS_CARD]->(k) WHERE {active('c', day)} | k.color][0], h.card) END"
    )


# S1: the household's card on $asOf.
CARD_AT = card_on("$asOf")

# County bodies that start from a few households (graph/coverage/rule.py) walk up to their village
# `v` and township `t` only for those.
# `v` is the household's village on $asOf (graph/placement.py).
VILLAGE_OF = f"{village_of()}MATCH (v)-[:IN_TOWNSHIP]->(t:Township)\n"


def aggregates(sums: Mapping[str, str]) -> str:
    """`column → aggregate` as a projection: `agg AS column, …`."""
    return ", ".join(f"{aggregate} AS {column}" for column, aggregate in sums.items())


def township_sums(rows: str, sums: Mapping[str, str]) -> str:
    """`rows` (a MATCH binding each row's village `v`) aggregated per village by `sums`, then summed
    per township `t` (one row each, columns named as in `sums`): a few hundred village rows walk up
    to their township, not every row (county-wide P2, W10 and P10)."""
    totals = ", ".join(f"sum({column}) AS {column}" for column in sums)
    return f"{rows}\n  WITH v, {aggregates(sums)}\n  MATCH (v)-[:IN_TOWNSHIP]->(t)\n  WITH t, {totals}"


def corrected(now: str, moved: str, item: str) -> str:
    """County-wide rows binding `item`, its household's village `v` on $asOf and a `sign`, to be
    summed with it: `now` (a MATCH binding `item` and `v` by the current IN_VILLAGE, as before
    households moved) with 1, corrected for the households `h` moved after $asOf (graph/placement.py;
    none for today, so today's plan is `now`'s): `moved` (a pattern from such an `h` to its items
    and its WHERE, expanded from `h`) taken back (-1) from h's present village and counted (+1) in
    its village then."""
    return (
        "CALL () {\n"
        f"    {now} RETURN {item}, v, 1 AS sign\n"
        "    UNION ALL\n"
        f"    {seek_moved('h', 'Household').strip()}\n"
        f"    UNWIND [{moved} | {item}] AS {item}\n"
        f"    {moved_back('h', 'IN_VILLAGE', 'v').strip()}\n"
        f"    RETURN {item}, v, sign\n"
        "  }"
    )


def seek_nodes(node: str, branches: Sequence[str], bodies: Sequence[str] = (), imports: str = "") -> str:
    """County-wide candidates: the nodes `node` (e.g. "h:Household") each branch (a pattern's hint
    and WHERE, or a label subtraction) finds from an index, and each of `bodies` (whole subquery
    bodies returning the variable), once each; the rule then tests them as it tests any. `imports`:
    the variables the subquery takes (none read; after an aggregation, so that the plan applies it
    to that one row instead of crossing it with the candidates)."""
    var = node.split(":")[0]
    union = "\n  UNION\n  ".join([*(f"MATCH ({node}){b} RETURN {var}" for b in branches), *bodies])
    return f"CALL ({imports}) {{\n  {union}\n}}\n"


def seek_households(*branches: str, bodies: Sequence[str] = ()) -> str:
    """County-wide candidate households `h` (`seek_nodes`)."""
    return seek_nodes("h:Household", branches, bodies)


def unlabelled(label: str, node: str = "h:Household") -> str:
    """A subquery's body: the nodes `node` (households unless named) without the derived label
    `label` (graph/derived.py: the loader and the mutations derive it, `fupin migrate` the rest),
    none to scan for when every one carries it (two counts of the count store)."""
    var, of = node.split(":")
    return (
        f"WITH COUNT {{ (:{of}) }} > COUNT {{ (:{label}) }} AS some WHERE some\n"
        f"  MATCH ({node}) WHERE NOT {var}:{label} RETURN {var}"
    )


# P1, P7: the households whose workers are not derived.
UNCOUNTED = unlabelled("LabourDated")
# With UNCOUNTED (a body), the households whose derived workers do not hold on $asOf: a branch of
# seek_households, the households whose workers changed after it.
WORKERS_CHANGED = " USING INDEX h:Household(workersSince) WHERE h.workersSince > $asOf"


def unit_at(day: str) -> str:
    """O1: the unit cadre `c` works for on `day` (a Cypher expression)."""
    return (
        "COLLECT { MATCH (c)-[worksFor:WORKS_FOR]->(unitAt:Unit) WHERE "
        + active("worksFor", day)
        + " RETURN unitAt {.*} }[0]"
    )


# O1: the unit a cadre works for on $asOf.
UNIT_AT = unit_at("$asOf")


def registered(h: str) -> str:
    """Household `h` (a node or a map) counts from its first registration (首次识别时间) on; unknown
    means always; until it leaves the register (销户, graph/facts.py `on_register`)."""
    return f"(({h}.identifiedOn IS NULL OR {h}.identifiedOn <= $asOf) AND {on_register(h)})"


REGISTERED = registered("h")

# W7: household h has a cadre on $asOf: from its open pairings' start on (pairedSince,
# graph/derived.py), else as its pairings say.
PAIRED = (
    "(coalesce(h.pairedSince <= $asOf, false) OR "
    f"EXISTS {{ (h)<-[r:PAIRED_WITH]-(:Cadre) WHERE {active('r')} }})"
)
# W8: the cadres household h has on $asOf, by uid (non-empty exactly when PAIRED holds): from the last
# day any of its pairings started or ended on (cadresSince, graph/derived.py) those of its open
# pairings, recorded as pairedCadres; else as its pairings say.
PAIRED_CADRES = (
    "CASE WHEN h.cadresSince <= $asOf THEN h.pairedCadres ELSE "
    f"[(h)<-[r:PAIRED_WITH]-(c:Cadre) WHERE {active('r')} | coalesce(c.uid, elementId(c))] END"
)


def paired_cadre() -> str:
    """Cadre `c` paired on $asOf with a household of a village of a township (a pattern and its
    WHERE, for an EXISTS: county-wide, which village the household lived in that day does not
    matter)."""
    return (
        "(c)-[r:PAIRED_WITH]->(:Household)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->(:Township) "
        f"WHERE {active('r')}"
    )


# Household h's village on $asOf as one pattern from h (`placed_in`) and its WHERE (`PLACED`): the
# planner may start from either end, as from IN_VILLAGE alone (graph/placement.py `placing`).
PLACED = placed_by("pl", "h", "IN_VILLAGE")


def placed_in(village: str = "v:Village") -> str:
    """The relationship from household h to `village` (a node pattern), its current or kept link."""
    return f"-[pl:{placing('IN_VILLAGE')}]->({village})"


# W8, W12: each township `t` of a household cadre `c` is paired with on $asOf, the household placed
# in its village on $asOf (graph/placement.py): one row per pairing.
PAIRED_TOWNSHIPS = (
    f"MATCH (c)-[r:PAIRED_WITH]->(ph:Household) WHERE {active('r')}\n"
    f"{village_of('ph', 'pv')}MATCH (pv)-[:IN_TOWNSHIP]->(t:Township)\n"
)


# S2: the low-income line of $povertyLine's year (graph/coverage/params.py gives both parameters).
LOW_INCOME_LINE = "$lowIncomeFactor * $povertyLine"


def expected_card(line: str, h: str = "h") -> str:
    """S1/S2: the card the rules give household `h` (a node or a map with status and income) against
    the low-income line `line` (a Cypher expression): 未脱贫/返贫 → RED; 已脱贫 below the line →
    YELLOW, at or above it → GREEN; null when not judged."""
    return (
        f"CASE WHEN {h}.status IN ['NOT_OUT', 'RETURNED'] THEN 'RED' "
        f"WHEN {h}.status = 'OUT' AND {h}.income < {line} THEN 'YELLOW' "
        f"WHEN {h}.status = 'OUT' AND {h}.income IS NOT NULL THEN 'GREEN' END"
    )


# W2, O2: people of village v's households registered by $asOf, each household and person placed on
# $asOf (graph/placement.py): each household's BELONGS_TO degree (only persons belong to a household;
# no person read), corrected for the people moved after $asOf (none for today): -1 in the household
# the degree counted them in, +1 in the one they belonged to then, when that household is one of
# v's then.
_DEGREES = over_households(
    "COLLECT", "RETURN sum(COUNT { (h)<-[:BELONGS_TO]-() }) AS people", where=REGISTERED
)
_MOVED_PEOPLE = (
    f"COLLECT {{ {seek_moved('p', 'Person').strip()} {moved_back('p', 'BELONGS_TO', 'h').strip()}\n"
    f"  {village_of('h', 'pv').strip()}\n"
    f"  RETURN sum(CASE WHEN pv = v AND {REGISTERED} THEN sign ELSE 0 END) AS people }}[0]"
)
POOR_PEOPLE = f"({_DEGREES})[0] + {_MOVED_PEOPLE}"
# O2: village v's households registered by $asOf (placed on $asOf): their number, whether it has one.
POOR_HOUSEHOLDS = over_households("COUNT", "RETURN h", where=REGISTERED)
HAS_POOR_HOUSEHOLD = over_households("EXISTS", "RETURN h", where=REGISTERED)
# W1: members of team wt on $asOf.
MEMBERS = f"COUNT {{ (wt)<-[m:MEMBER_OF]-(:Cadre) WHERE {active('m')} }}"
# O1, W6: the unit that dispatched team wt (the latest dispatch by $asOf when there are several).
DISPATCHER = (
    "COLLECT { MATCH (u:Unit)-[d:DISPATCHED]->(wt) WHERE d.since IS NULL OR d.since <= $asOf "
    "RETURN u {.*} ORDER BY d.since DESC }[0]"
)
# An item's township `t`.
TOWNSHIP = "t {.code, .name}"
