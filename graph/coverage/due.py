"""The county-wide statements of the policy rules that judge what is due to a person (P2 aid, P6):
the candidates sought apart (each index or label seek a branch of a UNION in a CALL, so that the
planner cannot turn the seek into an expansion from every village), then walked up to their
household and village; and the dashboard counts: the people due it and those of them lacking it,
per township after its villages, and county-wide from those candidates in one pass
(graph/coverage/lines.py `counts`, `county_counts`)."""

from __future__ import annotations

from graph.coverage.fragments import REGISTERED, VILLAGE_OF
from graph.coverage.policies import ON_REGISTER, people
from graph.facts import changed_after
from graph.placement import household_of


def seek(now: str, also: str = "true") -> str:
    """The people `p` for whom `now` holds (a derived label, an index) or whose facts changed after
    $asOf, and for whom `also` holds; then `MATCH (p)` for the pattern that follows."""
    branches = (f"{now}", changed_after("p"))
    union = "\n  UNION\n  ".join(f"MATCH (p:Person) WHERE ({b}) AND {also} RETURN p" for b in branches)
    return f"CALL () {{\n  {union}\n}}\n"


def _members(due: str) -> str:
    """After seek(): the candidates that are members of a registered household on the register on
    $asOf for whom `due` holds, with their household `h`."""
    return f"{household_of()}WITH * WHERE {REGISTERED} AND {ON_REGISTER} AND {due}\n"


def county_body(now: str, due: str, lacking: str, item: str) -> str:
    """A rule's county body (alone): the candidates lacking what is due, each as the map `item`."""
    return f"{seek(now, lacking)}{_members(due)}{VILLAGE_OF}{item}"


def person_counts(due: str, lacking: str, now: str) -> tuple[str, str]:
    """(counts, county_counts) of a Line (graph/coverage/lines.py): per township after its villages
    and county-wide from the candidates, the people due (d) and those lacking it (c), in one pass."""
    counted = f"RETURN count(CASE WHEN {lacking} THEN 1 END) AS c, count(p) AS d"
    local = f"{people(f'{ON_REGISTER} AND {due}')}{counted}"
    county = (
        f"{seek(now)}{_members(due)}WITH h, CASE WHEN {lacking} THEN 1 ELSE 0 END AS lacking\n"
        "MATCH (h)-[:IN_VILLAGE]->(v:Village)\nWITH v, sum(lacking) AS c, count(*) AS d\n"
        "MATCH (v)-[:IN_TOWNSHIP]->(t:Township)\nWITH t, sum(c) AS c, sum(d) AS d"
    )
    return local, county
