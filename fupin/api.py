"""The GraphQL schema: the root Query merged from each domain's piece, and error handling."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from strawberry.extensions import AddValidationRules, MaskErrors, ParserCache, ValidationCache
from strawberry.extensions.query_depth_limiter import create_validator
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from fupin.errors import DatabaseUnavailable
from resolvers.cadre import CadreQuery
from resolvers.coverage.root import CoverageQuery
from resolvers.household import HouseholdQuery
from resolvers.person import PersonQuery
from resolvers.policy import PolicyQuery
from resolvers.team import WorkTeamQuery
from resolvers.township import TownshipQuery
from resolvers.unit import UnitQuery
from resolvers.village import VillageQuery

log = logging.getLogger("fupin.api")

Query = merge_types(
    "Query",
    (
        TownshipQuery,
        VillageQuery,
        HouseholdQuery,
        PersonQuery,
        CadreQuery,
        UnitQuery,
        WorkTeamQuery,
        PolicyQuery,
        CoverageQuery,
    ),
)


def _unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class HandleErrors(MaskErrors):
    """Neo4j down → a clear DATABASE_UNAVAILABLE error; other unexpected errors are logged with the
    request id and, outside development, replaced by a message that names only that id."""

    def __init__(self, development: bool) -> None:
        super().__init__(should_mask_error=_unexpected)
        self.development = development

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, ServiceUnavailable | SessionExpired):
            masked: GraphQLError = DatabaseUnavailable()
        else:
            request_id = getattr(self.execution_context.context, "request_id", "-")
            if self.development:
                return error
            masked = GraphQLError(
                f"服务器内部错误，请求编号 {request_id} (internal error; quote the request id)",
                extensions={"code": "INTERNAL_ERROR", "requestId": request_id},
            )
        return GraphQLError(
            masked.message,
            nodes=error.nodes,
            path=error.path,
            extensions=masked.extensions,
        )


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log what needs a developer: one line while Neo4j is down, a traceback for a bug (with the
        request id the caller was given). Errors of the caller's own input are not logged."""
        request_id = getattr(getattr(execution_context, "context", None), "request_id", "-")
        for error in errors:
            original = error.original_error
            if isinstance(original, ServiceUnavailable | SessionExpired):
                log.warning("request %s: Neo4j unavailable (%s)", request_id, type(original).__name__)
            elif _unexpected(error):
                log.error("request %s failed at %s", request_id, error.path, exc_info=original)


# Distinct query texts whose parse and validation are kept (the portal sends a few fixed documents).
DOCUMENTS_CACHED = 256


def make_schema(development: bool = True, max_depth: int = 10) -> strawberry.Schema:
    # The depth rule is built once, not per request (as QueryDepthLimiter does): validation, most
    # of a small request's fixed cost, is then cached by (document, rules) for a repeated query.
    depth = create_validator(max_depth, None)
    return Schema(
        query=Query,
        # Factories, not instances: each request gets its own extension state.
        extensions=[
            lambda: ParserCache(maxsize=DOCUMENTS_CACHED),
            lambda: AddValidationRules([depth]),
            lambda: ValidationCache(maxsize=DOCUMENTS_CACHED),
            lambda: HandleErrors(development),
        ],
    )


SCHEMA = make_schema()
