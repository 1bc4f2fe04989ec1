"""Where a household lives and to which household a person belongs on a day (docs/facts.md).

`IN_VILLAGE` and `BELONGS_TO` hold the household's village and the person's household now. When a
load or `movePerson` moves one on day D, the link it replaces is kept as `WAS_IN_VILLAGE` /
`BELONGED_TO` (its properties, `until` D), the new link starts `since` D and the node moved carries
`placedSince` D (the household for its village, the person for its household), and the village or
household it left and the one it entered carry D as `householdsSince` / `membersSince`. So the
current link answers for every day on or after `placedSince` (none: for every day) — today and most
past days, one property read, as `factsSince` for the facts — and a kept link (`since` <= day <
`until`) for the days before the move; walking down from a village or a household, one read of its
mark tells whether any of its links needs more. County-wide the nodes moved after a day are sought
in the `placedSince` index: the few whose placement that day is not the current one.
"""

from __future__ import annotations

# The current link and the kind it is kept as when a move replaces it.
KEPT = {"IN_VILLAGE": "WAS_IN_VILLAGE", "BELONGS_TO": "BELONGED_TO"}
# The label of the node moved by each link (the one carrying `placedSince`), and of its container.
MOVED = {"IN_VILLAGE": "Household", "BELONGS_TO": "Person"}
CONTAINER = {"IN_VILLAGE": "Village", "BELONGS_TO": "Household"}
# The mark of the node a move leaves or enters (a village, a household): the last day one did.
ARRIVALS = {"IN_VILLAGE": "householdsSince", "BELONGS_TO": "membersSince"}


def held(rel: str, day: str = "$asOf") -> str:
    """Kept link `rel` held on `day` (a `since` of none: from the start of records)."""
    return f"coalesce({rel}.since <= {day}, true) AND {day} < {rel}.until"


def moved_after(var: str, day: str = "$asOf") -> str:
    """Node `var` moved after `day`: its current link did not hold then (a seek of the index)."""
    return f"{var}.placedSince > {day}"


def placed_now(var: str, day: str = "$asOf") -> str:
    """Node `var`'s current link holds on `day`."""
    return f"coalesce({var}.placedSince <= {day}, true)"


def _arrow(start: str, rel: str, end: str, up: bool) -> str:
    return f"({start})-[{rel}]->({end})" if up else f"({start})<-[{rel}]-({end})"


def _linked(start: str, link: str, end: str, up: bool, day: str, where: str) -> str:
    """The nodes `end` (a variable) linked to `start` by `link` on `day`, RETURNed when `where`
    holds too: a subquery's body. Up (from the node moved) the kept links are read only when it
    moved after `day`. Down (a village's households, a household's members) the current links
    answer alone while nothing moved in or out of `start` after `day` (its ARRIVALS mark, one
    read); else each node's own mark is read, and the kept links that end at `start`."""
    label = CONTAINER[link] if up else MOVED[link]
    node = f"{end}:{label}"
    extra = f" AND {where}" if where else ""
    now = _arrow(start, ":" + link, node, up)
    kept = _arrow(start, "kept:" + KEPT[link], node, up)
    if up:
        return (
            f"MATCH {now} WHERE {placed_now(start, day)}{extra} RETURN {end}\n"
            "  UNION ALL\n"
            f"  MATCH {kept} WHERE {moved_after(start, day)} AND {held('kept', day)}{extra} RETURN {end}"
        )
    mark = f"{start}.{ARRIVALS[link]}"
    current = f"[{now} | {end}]"
    then = f"[{now} WHERE {placed_now(end, day)} | {end}] + [{kept} WHERE {held('kept', day)} | {end}]"
    return (
        f"UNWIND CASE WHEN coalesce({mark} <= {day}, true) THEN {current}\n"
        f"         ELSE {then} END AS {end}\n"
        f"  {'WITH * WHERE ' + where + ' ' if where else ''}RETURN {end}"
    )


def _call(start: str, body: str) -> str:
    return f"CALL ({start}) {{\n  {body}\n}}\n"


def village_of(h: str = "h", v: str = "v", day: str = "$asOf") -> str:
    """A CALL binding `v`, household `h`'s village on `day` (none: the household is dropped)."""
    return _call(h, _linked(h, "IN_VILLAGE", v, True, day, ""))


def households_in(v: str = "v", h: str = "h", day: str = "$asOf", where: str = "") -> str:
    """A CALL binding `h`, each household of village `v` on `day` (for which `where` holds)."""
    return _call(v, _linked(v, "IN_VILLAGE", h, False, day, where))


def household_of(p: str = "p", h: str = "h", day: str = "$asOf") -> str:
    """A CALL binding `h`, person `p`'s household on `day`."""
    return _call(p, _linked(p, "BELONGS_TO", h, True, day, ""))


def members(h: str = "h", p: str = "p", day: str = "$asOf", where: str = "") -> str:
    """A subquery body of the members `p` of household `h` on `day` (for which `where` holds), for
    COUNT { … } or a CALL."""
    return _linked(h, "BELONGS_TO", p, False, day, where)


def placing(link: str) -> str:
    """The relationship types of `link` and its kept kind, for a pattern's relationship `[l:…]` that
    `placed_by` then tests: one pattern the planner may start from either end, as from the current
    link alone (a household with no kept link adds nothing to expand)."""
    return f"{link}|{KEPT[link]}"


def placed_by(rel: str, var: str, link: str, day: str = "$asOf") -> str:
    """Relationship `rel` (matched as `placing(link)`) placed node `var` on `day`: the current link
    while `var` has not moved since (one property read), else the kept link that held then."""
    return f"CASE WHEN type({rel}) = '{link}' THEN {placed_now(var, day)} ELSE {held(rel, day)} END"


def over_households(
    kind: str, tail: str, v: str = "v", h: str = "h", day: str = "$asOf", where: str = "true"
) -> str:
    """`kind` (COUNT, EXISTS, COLLECT) of a subquery over village `v`'s households `h` on `day` for
    which `where` holds, ending with `tail` (its RETURN): while nothing moved in or out of `v` after
    `day` (its mark, one read), a plain pattern that an EXISTS stops at the first household of;
    else `households_in`."""
    now = f"MATCH ({v})<-[:IN_VILLAGE]-({h}:Household) WHERE {where} {tail}"
    then = f"{households_in(v, h, day, where).strip()} {tail}"
    return (
        f"CASE WHEN coalesce({v}.{ARRIVALS['IN_VILLAGE']} <= {day}, true) "
        f"THEN {kind} {{ {now} }} ELSE {kind} {{ {then} }} END"
    )


def seek_moved(var: str, label: str, day: str = "$asOf") -> str:
    """A MATCH of the nodes `var` of `label` (Household, Person) moved after `day`: a seek of the
    `placedSince` index, empty for today."""
    return f"MATCH ({var}:{label}) USING INDEX {var}:{label}(placedSince) WHERE {moved_after(var, day)}\n"


def moved_back(start: str, link: str, end: str, day: str = "$asOf") -> str:
    """A CALL binding `end` and `sign` for node `start` moved after `day` (`seek_moved`): its
    current container with -1, where a count by the current links put it, and its container on
    `day` with +1. A count by the current links (degrees, no node read) plus these signs counts
    every node where it was on `day`."""
    label = CONTAINER[link]
    return _call(
        start,
        f"MATCH ({start})-[:{link}]->({end}:{label}) RETURN {end}, -1 AS sign\n"
        "  UNION ALL\n"
        f"  MATCH ({start})-[kept:{KEPT[link]}]->({end}:{label}) WHERE {held('kept', day)}"
        f" RETURN {end}, 1 AS sign",
    )


def marking(link: str) -> str:
    """Marks what a move by `link` recorded before the marks existed (its kept links only): the
    node moved gets `placedSince` (its latest move), its current link that `since`, and the
    containers it left and is in now at least that day (a later mark only sends a walk down the
    slower, still exact, path). Idempotent: a node marked already is passed over."""
    moved, mark = MOVED[link], ARRIVALS[link]
    latest = f"CASE WHEN y.{mark} > moved THEN y.{mark} ELSE moved END"
    return (
        f"MATCH (n:{moved})-[k:{KEPT[link]}]->(x) WHERE n.placedSince IS NULL\n"
        "WITH n, max(k.until) AS moved, collect(x) AS left\n"
        f"MATCH (n)-[now:{link}]->(here)\n"
        "SET n.placedSince = moved, now.since = coalesce(now.since, moved)\n"
        f"FOREACH (y IN left + [here] | SET y.{mark} = {latest})"
    )
