"""The GraphQL schema: the root Query merged from each domain's piece, and error handling."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from neo4j.exceptions import ClientError, ServiceUnavailable, SessionExpired
from strawberry.extensions import MaskErrors
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from core.errors import UserError
from core.settings import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Security, Settings
from fupin import access
from fupin.disclosures import AuditDisclosures
from fupin.documents import Documents, ParseAndValidate, rules
from fupin.execution import PlainFieldsExecution
from fupin.limits import Limits
from resolvers.accountability import AccountabilityQuery
from resolvers.cadre import CadreQuery
from resolvers.chain import ChainQuery
from resolvers.changes.attendance import AttendanceMutation
from resolvers.changes.cards import CardMutation
from resolvers.changes.exits import ExitMutation
from resolvers.changes.facts import FactMutation
from resolvers.changes.loans import LoanMutation
from resolvers.changes.members import MemberMutation
from resolvers.changes.pairing import PairingMutation
from resolvers.changes.petitions import PetitionMutation
from resolvers.changes.projects import ProjectMutation
from resolvers.changes.rectifications import RectificationMutation
from resolvers.changes.reports import ReportMutation
from resolvers.changes.teams import TeamMutation
from resolvers.changes.trail import TrailQuery
from resolvers.changes.transfers import TransferMutation
from resolvers.changes.units import UnitMutation
from resolvers.changes.visits import VisitMutation
from resolvers.changes.voids import VoidMutation
from resolvers.compare import ComparisonMutation, SuspectMutation, SuspectQuery
from resolvers.coverage.root import Coverage, CoverageQuery
from resolvers.history import HistoryQuery
from resolvers.household import HouseholdQuery
from resolvers.node import NodeQuery
from resolvers.person import PersonQuery
from resolvers.policy import PolicyQuery
from resolvers.projects import ProjectQuery
from resolvers.record_lists import RecordListQuery
from resolvers.team import WorkTeamQuery
from resolvers.township import TownshipQuery
from resolvers.unit import UnitQuery
from resolvers.village import VillageQuery
from schema.descriptions import describe_recurring
from schema.names import KeptNames
from schema.scalars import DATE

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
        NodeQuery,
        CoverageQuery,
        RecordListQuery,
        ProjectQuery,
        # Investigators and the audit trail
        ChainQuery,
        HistoryQuery,
        AccountabilityQuery,
        TrailQuery,
        # Department comparisons' suspects (数据比对).
        SuspectQuery,
    ),
)
access.guard(Query, access.QUERY)
access.guard(Coverage, access.COVERAGE)

# Mutations: each one audited transaction (resolvers/changes/).
Mutation = merge_types(
    "Mutation",
    (
        # Pairing, teams, units, visits, attendance.
        PairingMutation,
        TeamMutation,
        UnitMutation,
        VisitMutation,
        AttendanceMutation,
        # Cards, poverty reports, exits, rectifications, petitions, loans; voids of wrong records.
        CardMutation,
        ReportMutation,
        ExitMutation,
        FactMutation,
        MemberMutation,
        TransferMutation,
        RectificationMutation,
        PetitionMutation,
        LoanMutation,
        ProjectMutation,
        VoidMutation,
        # Department comparisons (数据比对): a list uploaded, its suspects handled.
        ComparisonMutation,
        SuspectMutation,
    ),
)
access.guard(Mutation, access.MUTATION)


def _unexpected(error: GraphQLError) -> bool:
    """Neither GraphQL's own error nor a domain error (core/errors.py) the caller can act on."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | UserError)


def database_unavailable() -> GraphQLError:
    return GraphQLError(
        "数据库暂时无法连接，请稍后重试 (Neo4j is unavailable; retry later)",
        extensions={"code": "DATABASE_UNAVAILABLE"},
    )


def _timed_out(error: BaseException | None) -> bool:
    """A Neo4j transaction ended by its timeout (graph/connection.py)."""
    return isinstance(error, ClientError) and "TransactionTimedOut" in (error.code or "")


def timeout_error(seconds: float) -> GraphQLError:
    return GraphQLError(
        f"请求处理超过 {seconds:g} 秒，已中止；如为修改，请先查看是否已生效再重试"
        f" (the request took longer than {seconds:g} s and was stopped)",
        extensions={"code": "TIMEOUT", "seconds": seconds},
    )


def coded(error: GraphQLError) -> GraphQLError:
    """`error` with an `extensions.code`: graphql-core's own errors (a document that does not parse,
    a field that does not exist, a variable of the wrong type) have none, nor a Chinese word.
    Applied to every response (fupin/asgi.py): a parse error passes no extension."""
    cause = error.original_error
    while isinstance(cause, GraphQLError) and cause.original_error is not None:
        cause = cause.original_error
    if error.extensions and "code" in error.extensions and (error.path or not isinstance(cause, UserError)):
        return error
    if isinstance(cause, UserError):  # a value a scalar refused (schema/scalars.py)
        variable = re.match(r"Variable '\$(\w+)'", error.message)
        where = f"变量 ${variable.group(1)} 的值无效：" if variable else ""
        message, code = where + cause.message, cause.extensions["code"]
    elif isinstance(error, GraphQLSyntaxError):
        message, code = f"查询语句无法解析 ({error.message})", "GRAPHQL_PARSE_FAILED"
    elif error.path is None:
        message, code = f"查询语句或其变量无效 ({error.message})", "GRAPHQL_VALIDATION_FAILED"
    else:
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={
            **(error.extensions or {}),
            **(cause.extensions if isinstance(cause, UserError) else {}),
            "code": code,
        },
    )


class HandleErrors(MaskErrors):
    """Neo4j down → a clear DATABASE_UNAVAILABLE error, a statement past its transaction timeout →
    TIMEOUT; other unexpected errors are logged with the request id and, outside development,
    replaced by a message that names only that id."""

    def __init__(self, development: bool, transaction_timeout: float) -> None:
        super().__init__(should_mask_error=_unexpected)
        self.development, self.transaction_timeout = development, transaction_timeout

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, ServiceUnavailable | SessionExpired):
            masked: GraphQLError = database_unavailable()
        elif _timed_out(original):
            masked = timeout_error(self.transaction_timeout)
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
            elif _timed_out(original):
                log.warning("request %s: a Neo4j transaction timed out at %s", request_id, error.path)
            elif _unexpected(error):
                log.error("request %s failed at %s", request_id, error.path, exc_info=original)


# Distinct query texts whose parse and validation are kept (the portal sends a few fixed documents).
DOCUMENTS_CACHED = 256


def make_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with the limits of `settings` (production's limits, development's error details
    and page sizes by default)."""
    development = settings.development if settings else True
    security = settings.security if settings else Security()
    limits = Limits(
        max_depth=security.max_depth,
        max_aliases=security.max_aliases,
        max_fields=security.max_fields,
        max_cost=security.max_cost,
        default_page=settings.default_page_size if settings else DEFAULT_PAGE_SIZE,
        max_page=settings.max_page_size if settings else MAX_PAGE_SIZE,
    )
    # Built once, not per request: parsing and validation, most of a small request's fixed cost,
    # are then kept per query text for a repeated query. Results are never cached.
    documents = Documents(limits, rules(security.introspection), security.max_tokens, DOCUMENTS_CACHED)
    # Factories, not instances: each request gets its own extension state.
    extensions: list[Any] = [
        lambda: ParseAndValidate(documents),
        lambda: HandleErrors(development, security.transaction_timeout),
        AuditDisclosures,
    ]
    schema = Schema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        execution_context_class=PlainFieldsExecution,
        config=StrawberryConfig(scalar_map={dt.date: DATE}, name_converter=KeptNames()),
    )
    describe_recurring(schema._schema)
    return schema


SCHEMA = make_schema()
