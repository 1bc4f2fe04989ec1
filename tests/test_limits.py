"""A document's depth, aliases, fields and cost (fupin/limits.py), measured in
one pass with each fragment measured once, and refused with QUERY_TOO_COMPLEX before graphql-core's
rules or any resolver run. Expected measures are worked out by hand from the schema (default page
20, largest page 100)."""

from __future__ import annotations

import logging

import pytest
from graphql import parse

from core.principal import Role
from fupin.api import SCHEMA
from fupin.limits import CEILING, Limits, Measure, measure
from tests.conftest import bearer

LIMITS = Limits(max_depth=10, max_aliases=30, max_fields=300, max_cost=50_000, default_page=20, max_page=100)


def measured(query: str) -> Measure:
    [(_, size)] = measure(SCHEMA._schema, LIMITS, parse(query))
    return size


def chain(fragments: int, spreads: int) -> str:
    """The issue's document: fragment Fi selects `townships { totalCount }` and spreads F(i+1)
    `spreads` times; the last one selects `townships { totalCount }` twice."""
    parts = []
    for i in range(fragments):
        inner = f"...F{i + 1} " * spreads if i < fragments - 1 else "townships { totalCount }"
        parts.append(f"fragment F{i} on Query {{ townships {{ totalCount }} ... on Query {{ {inner} }} }}")
    return "{ ...F0 } " + " ".join(parts)


ISSUE = chain(8, 8)  # about 900 bytes


def test_a_paged_field_weighs_its_first():
    # households: 1 + 7 × (edges 1 + node 1 + id 1) — the edges are the page, not another list.
    assert measured("{ households(first: 7) { edges { node { id } } } }") == Measure(3, 0, 4, 22)
    # No first: the default page (20); first as a variable: the largest page (100).
    assert measured("{ households { edges { node { id } } } }").cost == 1 + 20 * 3
    assert measured("query($n: Int) { households(first: $n) { edges { node { id } } } }").cost == 1 + 100 * 3
    # A first beyond the largest page is refused when it resolves; it weighs the largest page.
    assert measured("{ households(first: 5000) { totalCount } }").cost == 1 + 100 * 1


def test_lists_multiply_their_children():
    # An unpaged list (a household's members) holds a default page; nested lists multiply.
    assert measured('{ household(id: "H1") { members { id name } } }').cost == 1 + (1 + 20 * 2)
    query = "{ townships(first: 3) { edges { node { villages { code } } } } }"
    assert measured(query) == Measure(depth=4, aliases=0, fields=5, cost=1 + 3 * (1 + (1 + (1 + 20 * 1))))


def test_the_issue_document_is_measured_as_the_query_it_expands_to():
    # F7 = townships { totalCount } twice: 4 fields costing 2 × (1 + 20 × 1) = 42;
    # F(i) = townships { totalCount } (2 fields, cost 21) and 8 × F(i+1).
    fields, cost = 4, 42
    for _ in range(7):
        fields, cost = 2 + 8 * fields, 21 + 8 * cost
    assert measured(ISSUE) == Measure(depth=1, aliases=0, fields=fields, cost=cost)
    assert (fields, cost) == (8_987_794, 94_371_837)


def test_each_fragment_is_measured_once():
    """60 fragments each spreading the next 8 times stand for 8^59 selections: measured by walking
    each fragment once, the cost saturates at the ceiling instead of never finishing."""
    assert measured(chain(60, 8)) == Measure(depth=1, aliases=0, fields=CEILING, cost=CEILING)


def test_aliases_count_once_per_spread():
    query = """{ ...A ... on Query { ...A } ... on Query { ...A } }
        fragment A on Query { a: policies { totalCount } b: policies { totalCount } }"""
    assert measured(query).aliases == 6


def test_depth_of_fragments_adds_to_where_they_are_spread():
    query = """{ households(first: 1) { edges { node { ...H } } } }
        fragment H on Household { members { household { members { id } } } }"""
    # households, edges, node, members, household, members above id.
    assert measured(query).depth == 6
    # Introspection does not count for depth (GraphiQL's own query nests deeper than 10).
    assert measured("{ __schema { types { fields { type { ofType { name } } } } } }").depth == 0


def test_a_chain_of_fragments_longer_than_the_stack_and_a_cycle_are_measured():
    long_chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(3000))
    query = "{ ...F0 } " + long_chain + " fragment F3000 on Query { policies { totalCount } }"
    assert measured(query) == Measure(depth=1, aliases=0, fields=2, cost=1 + 20 * 1)
    cycle = "{ ...A } fragment A on Query { policies { totalCount } ...B } fragment B on Query { ...A }"
    assert measured(cycle).cost == 21  # the spread closing the cycle measures nothing


ROLES = [
    (Role.COUNTY_ADMIN, None),
    (Role.TOWNSHIP_OFFICER, "430624101"),
    (Role.VILLAGE_OFFICER, "430624101201"),
    (Role.CADRE, "c-a"),
    (Role.DEPARTMENT, "县卫生健康局"),
    (Role.INVESTIGATOR, None),
]


@pytest.mark.parametrize(("role", "scope"), ROLES, ids=[r.value for r, _ in ROLES])
def test_the_issue_document_is_refused_for_every_role(client, settings, role, scope, caplog):
    caplog.set_level(logging.INFO)
    headers = {"authorization": bearer(settings, role, scope)}
    response = client.post("/graphql", json={"query": ISSUE}, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    fields, cost = body["errors"]
    assert fields["extensions"] == {
        "code": "QUERY_TOO_COMPLEX", "limit": "fields", "measured": 8_987_794, "maximum": 300
    }  # fmt: skip
    assert cost["extensions"] == {
        "code": "QUERY_TOO_COMPLEX", "limit": "cost", "measured": 94_371_837, "maximum": 50_000
    }  # fmt: skip
    assert "估算代价" in cost["message"] and "字段" in fields["message"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_depth_and_aliases_are_refused_with_the_code(client):
    aliases = "{ " + " ".join(f"a{i}: policies {{ totalCount }}" for i in range(31)) + " }"
    [error] = client.post("/graphql", json={"query": aliases}).json()["errors"]
    assert error["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "limit": "aliases",
        "measured": 31,
        "maximum": 30,
    }
    assert "别名" in error["message"]


def test_repeated_fields_are_refused_before_graphql_core_validates_them(client):
    """1,240 times `townships { totalCount }`: within the token limit, cheap by cost (26,040), but
    graphql-core's check that they merge compares every pair (a second or more of CPU)."""
    query = "{ " + "townships { totalCount } " * 1240 + "}"
    assert measured(query) == Measure(depth=1, aliases=0, fields=2480, cost=1240 * 21)
    [error] = client.post("/graphql", json={"query": query}).json()["errors"]
    assert error["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "limit": "fields",
        "measured": 2480,
        "maximum": 300,
    }


def test_a_heavy_query_within_the_limits_is_not_refused(client, db):
    """Ten root pages of a hundred households with their members: 24,010, under the limit."""
    page = "households(first: 100) { edges { node { id members { name } } } }"
    query = "{ " + " ".join(f"h{i}: {page}" for i in range(10)) + " }"
    assert measured(query).cost == 10 * (1 + 100 * (1 + (1 + (1 + (1 + 20 * 1)))))
    body = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in body and body["data"]["h0"] == {"edges": []}


def test_a_document_past_the_token_limit_is_refused_in_chinese_with_a_code(client, settings):
    limit = settings.security.max_tokens
    query = "{ " + "a " * limit + "}"
    body = client.post("/graphql", json={"query": query}).json()
    [error] = body["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "tokens", "maximum": limit}
    assert f"超过 {limit} 个词法单元" in error["message"]
