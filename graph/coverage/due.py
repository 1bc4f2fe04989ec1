"""The county-wide statements of the policy rules that judge what is due to a person (P2 aid, P6):
the candidates sought apart (each index or label seek a branch of a UNION in a CALL, so that the
planner cannot turn the seek into an expansion from every village), tested on their own facts, and
only then walked up to their household and village on $asOf (policies.in_household, the walk of
people_from; graph/placement.py); and the dashboard counts: the people due it and those of them
lacking it, per township after its villages, and county-wide from those candidates in one pass
(graph/coverage/lines.py `counts`, `county_counts`), each household and village walked up once."""

from __future__ import annotations

from collections.abc import Sequence

from graph.coverage.benefits import Support
from graph.coverage.fragments import seek_nodes, unlabelled
from graph.coverage.policies import BORN, ON_REGISTER, in_household, people
from graph.facts import changed_after
from graph.placement import village_of


def seek_branches(branches: Sequence[str], also: str = "true", bodies: Sequence[str] = ()) -> str:
    """The people `p` each of `branches` (a pattern's hint and WHERE) finds and for whom `also`
    holds, with those `bodies` return (graph/coverage/fragments.py seek_nodes), once each."""
    changed = f" WHERE {changed_after('p')}"
    return seek_nodes("p:Person", [f"{b} AND {also}" for b in (*branches, changed)], bodies)


def seek_unreceived(due_now: str, support: Support, lacking: str) -> str:
    """County-wide, a superset of the people lacking `support` in the year, each then judged as any:
    those for whom the benefit is due now (`due_now`, a pattern's hint and WHERE) whose latest day
    of it (derived `support.last`, EVER for none) is before the year or after the day, so none in
    between, both from one index; those whose facts changed after the day; those not derived
    (without `support.label`)."""
    last = f"p.{support.last}"
    return seek_branches(
        [f"{due_now} AND {last} < $yearFrom", f"{due_now} AND {last} > $yearTo"],
        lacking,
        bodies=[unlabelled(support.label, "p:Person")],
    )


def seek(now: str, also: str = "true") -> str:
    """The people `p` for whom `now` holds (a derived label, an index) or whose facts changed after
    $asOf, and for whom `also` holds."""
    return seek_branches([f" WHERE ({now})"], also)


# A county body's page (CoverageRule.county_page): each item's village on $asOf, walked up from its
# household once the page is cut (the count and the order of every offender do not need it).
VILLAGE_ON_PAGE = f"WITH n, n.household AS h\n{village_of()}WITH n {{.*, village: v}} AS n\n"


def county_body(candidates: str, due: str, lacking: str, item: str) -> str:
    """A rule's county body (alone): the `candidates` (a seek of people `p`, a superset of those
    lacking what is due) lacking it (tested before any walk), members of a registered household on
    $asOf, each as the map `item` (its village added on the page, VILLAGE_ON_PAGE). `due` is a
    `holds` (graph/facts.py), which tests the time on the register."""
    return f"{candidates}WITH p WHERE {lacking} AND {BORN} AND {due}\n{in_household()}{item}"


def person_counts(due: str, lacking: str, now: str, may: str) -> tuple[str, str]:
    """(counts, county_counts) of a Line (graph/coverage/lines.py): per township after its villages
    (the members of the households for which `may` holds: graph/coverage/policies.py
    `members_may`) and county-wide from the candidates, the people due (d) and those lacking it (c),
    in one pass."""
    counted = f"RETURN count(CASE WHEN {lacking} THEN 1 END) AS c, count(p) AS d"
    local = f"{people(f'{ON_REGISTER} AND {due}', may)}{counted}"
    county = (
        f"{seek(now)}WITH p WHERE {BORN} AND {due}\n{in_household()}"
        f"WITH h, count(CASE WHEN {lacking} THEN 1 END) AS c, count(p) AS d\n"
        f"{village_of()}WITH v, sum(c) AS c, sum(d) AS d\n"
        "MATCH (v)-[:IN_TOWNSHIP]->(t:Township)\nWITH t, sum(c) AS c, sum(d) AS d"
    )
    return local, county
