"""O3, P1, P4: the project register read back: a project as the API shows it, the `projects` list
(filters, keyset pages, inside the caller's reach) and the projects that benefit a household on a
date (its page and its responsibility chain, graph/chain.py).

A project `(p:Project)` is SITED_IN its village, LED_BY its department (a Unit; dated: since,
until), BENEFITS its households (dated: since, until), keeps its superseded facts as periods
(graph/facts.py, docs/projects.md) and is paid by its disbursements `(d:Disbursement)-[:OF_PROJECT]->
(p)`, each PAID_TO a household or naming its payee entity.
"""

from __future__ import annotations

from graph.entities import Entity, active, batched
from graph.facts import facts_at, facts_on
from graph.led import department_on
from graph.listing import Listing
from graph.reach import Reach
from graph.record_lists import Parts


def disbursement(reach: Reach, d: str = "d") -> str:
    """Disbursement `d` as the API shows it: its payee household's id only when the reach sees it."""
    seen = reach.sees("Household", "ph")
    paid = f"COLLECT {{ MATCH ({d})-[:PAID_TO]->(ph:Household) WHERE {seen} RETURN ph.id }}[0]"
    project = f"COLLECT {{ MATCH ({d})-[:OF_PROJECT]->(pp:Project) RETURN pp.id }}[0]"
    return f"{d} {{.*, householdId: {paid}, projectId: {project}}}"


def _paid(p: str, day: str) -> str:
    """The sum of project `p`'s disbursements dated by `day` (fen). By reduce: a list's projection
    is collected, and aggregates do not nest."""
    amounts = f"[({p})<-[:OF_PROJECT]-(pd:Disbursement) WHERE pd.date <= {day} | pd.amountFen]"
    return f"reduce(paid = 0, fen IN {amounts} | paid + coalesce(fen, 0))"


def project(reach: Reach, p: str = "p", day: str = "$reachOn") -> str:
    """Project `p` as the API shows it on `day` (default today): its facts then (graph/facts.py), its
    village's code, its department then, the households it benefits then and its disbursements dated
    by then (their sum and the list, oldest first)."""
    more = (
        f", villageCode: COLLECT {{ MATCH ({p})-[:SITED_IN]->(pv:Village) RETURN pv.code }}[0], "
        f"department: {department_on(p, day)}, paidFen: {_paid(p, day)}, "
        f"beneficiaries: COUNT {{ MATCH ({p})-[pb:BENEFITS]->(:Household) WHERE {active('pb', day)} }}, "
        f"disbursements: COLLECT {{ MATCH ({p})<-[:OF_PROJECT]-(d:Disbursement) WHERE d.date <= {day} "
        f"RETURN {disbursement(reach)} ORDER BY d.date, d.id }}"
    )
    return facts_on(p, "Project", day, more)


# The project is sited in the township, the village; it benefits the household (ever).
_IN_TOWNSHIP = "EXISTS { (n)-[:SITED_IN]->(:Village)-[:IN_TOWNSHIP]->(:Township {code: $townshipCode}) }"


def _then(fact: str) -> str:
    """Listed project `n`'s `fact` on the list's day ($asOf)."""
    return f"({facts_at('n')}).{fact}"


def projects(reach: Reach, parts: Parts = None) -> Entity:
    """The `projects` list as of the filter's `asOf` (default today): a row is the project as it
    stood then (`parts` unused: one part); the filters read its facts and department then."""
    return Entity(
        label="Project",
        key="id",
        listing=Listing(
            match="MATCH (n:Project)",
            key="n.id",
            carry=", n AS p",
            projection=f"{{project: {project(reach, day='$asOf')}}}",
            sorts={"DATE": "coalesce(n.startOn, date('0001-01-01'))"},
        ),
        filters={
            "asOf": "$asOf IS NOT NULL",  # the list's day: it restricts nothing
            "townshipCode": _IN_TOWNSHIP,
            "villageCode": "EXISTS { (n)-[:SITED_IN]->(:Village {code: $villageCode}) }",
            "householdId": "EXISTS { (n)-[:BENEFITS]->(:Household {id: $householdId}) }",
            "kind": f"{_then('kind')} = $kind",
            "department": f"{department_on('n', '$asOf')} = $department",
            "open": "(n.finishedOn IS NULL OR n.finishedOn > $asOf) = $open",
            "from": f"{_then('startOn')} >= $from",
            "to": f"{_then('startOn')} <= $to",
        },
        anchors={
            "householdId": "MATCH (:Household {id: $householdId})<-[:BENEFITS]-(n:Project)",
            "villageCode": "MATCH (:Village {code: $villageCode})<-[:SITED_IN]-(n:Project)",
        },
        params={"asOf": reach.on},
    )


def benefiting(reach: Reach, h: str, day: str = "$asOf") -> str:
    """The projects that benefit household `h` on `day` (BENEFITS active then), each with its link's
    dates, oldest first."""
    return (
        f"COLLECT {{ MATCH ({h})<-[pl:BENEFITS]-(p:Project) WHERE {active('pl', day)} "
        f"AND {reach.sees('Project', 'p')} "
        f"RETURN {{project: {project(reach, day=day)}, since: pl.since, until: pl.until}} "
        "ORDER BY pl.since, p.id }"
    )


def _of_household(reach: Reach, h: str, items: str) -> str:
    """A household's projects on $asOf (`items` unused: a project is shown whole)."""
    return benefiting(reach, h)


OF_HOUSEHOLD = batched("Household", "id", _of_household)


def listed(p: str = "p", day: str = "$asOf") -> str:
    """Project `p` as a coverage item shows it on `day`: its properties and facts then, village code,
    department then and what it paid by then (its disbursements and payees are read from the
    project's own list, inside the reader's reach)."""
    more = (
        f", villageCode: COLLECT {{ MATCH ({p})-[:SITED_IN]->(pv:Village) RETURN pv.code }}[0], "
        f"department: {department_on(p, day)}, paidFen: {_paid(p, day)}"
    )
    return facts_on(p, "Project", day, more)
