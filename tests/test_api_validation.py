"""Validation of a query is cached per document (fupin/api.py): a repeated query is refused for the
same reasons as the first time, and the depth limit still holds. Nothing here reaches Neo4j:
validation refuses the queries before any resolver runs."""

from __future__ import annotations

from tests.conftest import gql_errors

# 11 levels: households, edges, node, then members/household four times, and id.
TOO_DEEP = (
    "{ households(first: 1) { edges { node { members { household { members { household "
    "{ members { household { members { household { id } } } } } } } } } } } }"
)


def test_a_query_deeper_than_the_limit_is_refused_every_time(client):
    for _ in range(2):
        # Its nested lists of members make it too costly as well.
        error, cost = gql_errors(client, TOO_DEEP)
        assert cost["extensions"]["limit"] == "cost"
        assert error["message"].endswith("('anonymous' exceeds maximum operation depth of 10)")
        assert error["extensions"] == {
            "code": "QUERY_TOO_COMPLEX",
            "limit": "depth",
            "measured": 11,
            "maximum": 10,
        }


def test_an_invalid_query_is_refused_every_time(client):
    for _ in range(2):
        [error] = gql_errors(client, "{ coverage { scope { nope } } }")
        assert error["message"] == "查询语句或其变量无效 (Cannot query field 'nope' on type 'CoverageScope'.)"
        assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
