"""A list filtered to a scope (a township's households) reads that scope on every page: its last page
does not walk the rest of the county's key index from the cursor (graph/listing.build)."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph import derived
from graph.connection import Target
from graph.household import HOUSEHOLD
from graph.listing import PageRequest, build
from graph.reach import COUNTY_REACH
from tests.conftest import gql
from tests.plans import operators

SMALL, LARGE = "430624101", "430624102"  # a township of 30 households, one of 600 after it by id
PAGE = """query($after: String) { households(first: 20, sort: ID, direction: ASC,
  filter: { townshipCode: "430624101" }, after: $after) {
  edges { node { id } } pageInfo { hasNextPage endCursor } } }"""


def _county(db: Driver) -> None:
    db.execute_query(
        """UNWIND [[$small, 30], [$large, 600]] AS t
CREATE (town:Township {code: t[0], name: t[0]})<-[:IN_TOWNSHIP]-(v:Village {code: t[0] + '001', name: t[0]})
WITH v, t UNWIND range(1, t[1]) AS i
CREATE (:Household {id: v.code + right('000' + toString(i), 4), headName: '户'})-[:IN_VILLAGE]->(v)""",
        small=SMALL,
        large=LARGE,
    )
    derived.repair(db, "neo4j")


def test_the_last_page_of_a_township_holds_its_last_households(db: Driver, client: Any) -> None:
    _county(db)
    first = gql(client, PAGE)["households"]
    second = gql(client, PAGE, after=first["pageInfo"]["endCursor"])["households"]
    ids = [e["node"]["id"] for e in first["edges"] + second["edges"]]
    assert ids == [f"{SMALL}001{i:04d}" for i in range(1, 31)]
    assert not second["pageInfo"]["hasNextPage"]


def test_a_page_after_a_cursor_reads_the_scope_not_the_key_index(db: Driver, neo4j_target: Target) -> None:
    _county(db)
    # The statement list_entities (graph/entities.py) sends for page 2 of the township's households.
    request = PageRequest(first=20, sort="ID", after="a cursor", with_total=False)
    conditions = [COUNTY_REACH.sees("Household", "n"), HOUSEHOLD.listed or "true"]
    text = build(HOUSEHOLD.listing, conditions, request, HOUSEHOLD.anchors["townshipCode"])
    params = {"townshipCode": SMALL, "afterSort": None, "afterKey": f"{SMALL}0010020", "limit": 21}
    with db.session(database=neo4j_target.database) as session:
        plan = session.run(f"EXPLAIN {text}", params).consume().plan
    found = operators(plan)
    assert "NodeUniqueIndexSeek" in found, found  # from the township's code
    assert not {op for op in found if "SeekByRange" in op or "IndexScan" in op}, found
