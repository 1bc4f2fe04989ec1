"""The dated records a portal shows and an investigator pages through (visits, petitions, 返贫/新增
reports, benefits, loans, rectification orders), as lists: filters, a date sort, keyset pages.

Each list binds the record `n` and what it is about (`h`, its household, where it has one); a row
is the record with its household, and its cadre where it names one, each shown only when the
caller's reach sees it (the record itself is in the reach by `Reach.sees`, graph/entities). The
filters `from`/`to` bound the record's own day; `cadreId` keeps a visit or order of that cadre, or a
record about a household the cadre was paired with on the record's day; `open` keeps the records
still open (a petition or an order not closed, a report not verified, a loan not voided with a
balance left, a visit's problem escalated and not resolved).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from graph.changes.loans import LOAN
from graph.entities import Entity
from graph.listing import Listing
from graph.reach import Reach

# The record's household is in the township, the village (of the household, or of the petition).
_IN_TOWNSHIP = "EXISTS { (h)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->(:Township {code: $townshipCode}) }"
_IN_VILLAGE = "EXISTS { (h)-[:IN_VILLAGE]->(:Village {code: $villageCode}) }"


def _dated(day: str) -> dict[str, str]:
    return {"from": f"{day} >= $from", "to": f"{day} <= $to"}


def _paired_on(day: str) -> str:
    """The record's household `h` was paired with cadre $cadreId on the record's `day`."""
    return (
        "EXISTS { MATCH (:Cadre {uid: $cadreId})-[_p:PAIRED_WITH]->(h) "
        f"WHERE _p.since <= {day} AND (_p.until IS NULL OR _p.until > {day}) }}"
    )


# A part of a row, given the properties of it to show (".*", or ".a, .b").
Part = Callable[[str], str]


def _node(var: str) -> Part:
    return lambda shown: f"{var} {{{shown}}}"


def _seen(reach: Reach, label: str, var: str) -> Part:
    """`var` when it is a `label` node the reach sees (not null), else null."""
    seen = f"{var}:{label} AND {reach.sees(label, var)}"
    return lambda shown: f"CASE WHEN {seen} THEN {var} {{{shown}}} END"


def _household(reach: Reach) -> Part:
    return _seen(reach, "Household", "h")


def _cadre(reach: Reach, pattern: str) -> Part:
    """The first cadre `c` of `pattern` the reach sees, or null."""
    seen = reach.sees("Cadre", "c")
    return lambda shown: (
        f"COLLECT {{ MATCH {pattern} WHERE {seen} RETURN c {{{shown}}} ORDER BY c.uid LIMIT 1 }}[0]"
    )


def _fixed(expression: str) -> Part:
    """A part computed whole (its shape is not a node's properties)."""
    return lambda _: expression


def _row(parts: Parts, **items: Part) -> str:
    """The row's map: the record (its first item) and those of the other `items` asked for (all
    when `parts` is None), each with the properties asked of it."""
    record, *others = items
    asked = [name for name in others if parts is None or name in parts]
    shown = {} if parts is None else parts
    return "{" + ", ".join(f"{name}: {items[name](shown.get(name, '.*'))}" for name in [record, *asked]) + "}"


# The parts of a row a query asks for, each with the properties to show of it (".*" or ".a, .b");
# None: all of every part.
Parts = Mapping[str, str] | None

_DAY_SORT = {"DATE": "coalesce({day}, date('0001-01-01'))"}


def _sorts(day: str) -> dict[str, str]:
    return {name: expression.format(day=day) for name, expression in _DAY_SORT.items()}


def visits(reach: Reach, parts: Parts = None) -> Entity:
    return Entity(
        label="Visit",
        key="id",
        listing=Listing(
            match="MATCH (n:Visit)-[:TO]->(h:Household)",
            key="n.id",
            carry=", h",
            projection=_row(
                parts,
                visit=_node("n"),
                household=_household(reach),
                cadre=_cadre(reach, "(c:Cadre)-[:MADE]->(n)"),
            ),
            sorts=_sorts("n.date"),
        ),
        filters={
            "townshipCode": _IN_TOWNSHIP,
            "villageCode": _IN_VILLAGE,
            "householdId": "h.id = $householdId",
            "cadreId": "EXISTS { (:Cadre {uid: $cadreId})-[:MADE]->(n) }",
            "open": "(coalesce(n.escalate, false) AND n.resolvedOn IS NULL) = $open",
            **_dated("n.date"),
        },
        anchors={
            "householdId": "MATCH (h:Household {id: $householdId})<-[:TO]-(n:Visit)",
            "cadreId": "MATCH (:Cadre {uid: $cadreId})-[:MADE]->(n:Visit)-[:TO]->(h:Household)",
        },
    )


def petitions(reach: Reach, parts: Parts = None) -> Entity:
    about = "OPTIONAL MATCH (n)-[:ABOUT]->(h:Household) WITH n, h"  # the conditions filter n
    return Entity(
        label="Petition",
        key="caseNo",
        listing=Listing(
            match=f"MATCH (n:Petition) {about}",
            key="n.caseNo",
            carry=", h",
            projection=_row(parts, petition=_node("n"), household=_household(reach)),
            sorts=_sorts("n.registeredOn"),
        ),
        filters={
            "townshipCode": "EXISTS { (n)-[:IN_TOWNSHIP]->(:Township {code: $townshipCode}) }",
            "villageCode": "EXISTS { (n)-[:IN_VILLAGE]->(:Village {code: $villageCode}) }",
            "householdId": "h.id = $householdId",
            "cadreId": _paired_on("n.registeredOn"),
            "open": "(n.closedOn IS NULL) = $open",
            **_dated("n.registeredOn"),
        },
        anchors={
            "householdId": "MATCH (h:Household {id: $householdId})<-[:ABOUT]-(n:Petition)",
            "townshipCode": f"MATCH (:Township {{code: $townshipCode}})<-[:IN_TOWNSHIP]-(n:Petition) {about}",
        },
    )


def poverty_reports(reach: Reach, parts: Parts = None) -> Entity:
    # A NEW report not yet registered names the village its household is to be registered in.
    village = "coalesce(COLLECT { MATCH (h)-[:IN_VILLAGE]->(v:Village) RETURN v.code }[0], n.newVillageCode)"
    about = "OPTIONAL MATCH (n)-[:ABOUT]->(h:Household) WITH n, h"  # the conditions filter n
    return Entity(
        label="PovertyReport",
        key="id",
        listing=Listing(
            match=f"MATCH (n:PovertyReport) {about}",
            key="n.id",
            carry=", h",
            projection=_row(parts, report=_node("n"), household=_household(reach)),
            sorts=_sorts("n.foundOn"),
        ),
        filters={
            "townshipCode": f"EXISTS {{ MATCH (v:Village {{code: {village}}})"
            "-[:IN_TOWNSHIP]->(:Township {code: $townshipCode}) }",
            "villageCode": f"{village} = $villageCode",
            "householdId": "coalesce(h.id, n.newHouseholdId) = $householdId",
            "cadreId": _paired_on("n.foundOn"),
            "open": "(n.verifiedOn IS NULL) = $open",
            **_dated("n.foundOn"),
        },
    )


def benefits(reach: Reach, parts: Parts = None) -> Entity:
    return Entity(
        label="Benefit",
        key="id",
        listing=Listing(
            # The receiver: the household itself, or a member of it.
            match="MATCH (n:Benefit)<-[:RECEIVES]-(r:Household|Person)-[:BELONGS_TO*0..1]->(h:Household)",
            key="n.id",
            carry=", h, r",
            projection=_row(
                parts,
                benefit=_node("n"),
                household=_household(reach),
                person=_seen(reach, "Person", "r"),
                policy=_fixed("COLLECT { MATCH (n)-[:UNDER]->(p:Policy) RETURN p.code LIMIT 1 }[0]"),
            ),
            sorts=_sorts("n.date"),
        ),
        filters={
            "townshipCode": _IN_TOWNSHIP,
            "villageCode": _IN_VILLAGE,
            "householdId": "h.id = $householdId",
            "cadreId": _paired_on("n.date"),
            **_dated("n.date"),
        },
        anchors={
            "householdId": "MATCH (n:Benefit)<-[:RECEIVES]-(r:Household|Person)"
            "-[:BELONGS_TO*0..1]->(h:Household {id: $householdId})",
        },
    )


def loans(reach: Reach, parts: Parts = None) -> Entity:
    return Entity(
        label="Loan",
        key="id",
        listing=Listing(
            match="MATCH (h:Household)-[:BORROWED]->(n:Loan)",
            key="n.id",
            projection=_row(parts, loan=_fixed(LOAN), household=_household(reach)),
            carry=", h, n AS l",
            sorts=_sorts("n.issuedOn"),
        ),
        filters={
            "townshipCode": _IN_TOWNSHIP,
            "villageCode": _IN_VILLAGE,
            "householdId": "h.id = $householdId",
            "cadreId": _paired_on("n.issuedOn"),
            "open": "(n.voidedOn IS NULL AND coalesce(n.balanceFen, 0) > 0) = $open",
            **_dated("n.issuedOn"),
        },
        anchors={"householdId": "MATCH (h:Household {id: $householdId})-[:BORROWED]->(n:Loan)"},
    )


def rectifications(reach: Reach, parts: Parts = None) -> Entity:
    return Entity(
        label="Rectification",
        key="id",
        listing=Listing(
            match="MATCH (n:Rectification)-[:ISSUED_TO]->(c:Cadre)",
            key="n.id",
            carry=", c",
            projection=_row(parts, rectification=_node("n"), cadre=_seen(reach, "Cadre", "c")),
            sorts=_sorts("n.issuedOn"),
        ),
        filters={
            "cadreId": "c.uid = $cadreId",
            "open": "(n.closedOn IS NULL) = $open",
            **_dated("n.issuedOn"),
        },
        anchors={"cadreId": "MATCH (n:Rectification)-[:ISSUED_TO]->(c:Cadre {uid: $cadreId})"},
    )
