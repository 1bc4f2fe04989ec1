"""GraphQL documents executed in-process through the app's own schema, as the caller: one Context
per execution (its Reach, its loaders), so reach, access table and masking apply as over HTTP.
Exports page with a larger page than the API's (`PAGE`): the same schema, access and statements,
only `first`'s ceiling and the cost limit raised in proportion."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

import strawberry
from graphql import GraphQLError
from neo4j import AsyncDriver

from core.errors import UserError
from core.principal import Principal
from core.settings import Settings
from fupin.api import coded, make_schema
from fupin.export.query import AFTER, PAGE_INFO, ListQuery, list_query
from graph.audit import record_export
from graph.reach import Reach
from resolvers.context import Context

PAGE = 500  # rows per execution of an export's list


def export_settings(settings: Settings) -> Settings:
    """`settings` with `first` up to PAGE and the cost limit raised by the same factor."""
    factor = max(1, PAGE // settings.max_page_size)
    security = dataclasses.replace(settings.security, max_cost=settings.security.max_cost * factor)
    return dataclasses.replace(settings, max_page_size=max(PAGE, settings.max_page_size), security=security)


_SCHEMAS: dict[Settings, strawberry.Schema] = {}


def export_schema(settings: Settings) -> strawberry.Schema:
    """The app's schema with the export's page, built once per settings."""
    if settings not in _SCHEMAS:
        _SCHEMAS[settings] = make_schema(settings)
    return _SCHEMAS[settings]


def year_of(value: Any) -> int:
    today = dt.date.today().year
    if value is None:
        return today
    if not isinstance(value, int) or isinstance(value, bool) or not 2014 <= value <= today:
        raise UserError(f"year 须为 2014 到 {today} 之间的年份，收到 {value!r}", argument="year")
    return value


def refusal(error: GraphQLError) -> UserError:
    """A GraphQL error as the export's error: its Chinese message and code, as the API sends them."""
    error = coded(error)
    extensions = dict(error.extensions or {})
    code = str(extensions.pop("code", "BAD_USER_INPUT"))
    where = f"（{'.'.join(str(p) for p in error.path)}）" if error.path else ""
    return UserError(f"{error.message}{where}", code, **extensions)


class Reader:
    """Reads for one export: the caller's principal and request id on every execution."""

    def __init__(self, driver: AsyncDriver, settings: Settings, principal: Principal, request_id: str):
        self.settings = export_settings(settings)
        self.schema = export_schema(self.settings)
        self.driver, self.principal, self.request_id = driver, principal, request_id

    def context(self) -> Context:
        return Context(self.driver, self.settings, self.request_id, self.principal)

    async def data(self, text: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The answer's data; the first error (FORBIDDEN, NOT_FOUND, a bad variable …) raised as the
        API words it."""
        result = await self.schema.execute(
            text, variable_values=dict(variables or {}), context_value=self.context()
        )
        if result.errors:
            raise refusal(result.errors[0])
        assert result.data is not None
        return result.data

    def list_query(self, text: str, operation: str | None = None, page: int = PAGE) -> ListQuery:
        return list_query(self.schema._schema, text, operation, page, self.settings.security.max_tokens)

    async def rows(
        self, query: ListQuery, variables: Mapping[str, Any] | None = None
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Every node of the query's list, page after page, and the first page's data."""
        nodes: list[dict[str, Any]] = []
        first: dict[str, Any] | None = None
        after: str | None = None
        while True:
            page = await self.data(query.text, {**(variables or {}), AFTER: after})
            first = first or page
            connection: Any = page
            for key in query.path:
                connection = connection.get(key) if isinstance(connection, dict) else None
            if not connection:
                break
            nodes += [edge[query.node] for edge in connection[query.edges]]
            info = connection[PAGE_INFO]
            if not info["hasNextPage"]:
                break
            after = info["endCursor"]
        return first, nodes

    async def audit(self, kind: str, inputs: dict[str, Any], concerns: list[str]) -> None:
        """The export's audit event (operation `export`)."""
        await record_export(
            self.driver,
            self.settings.neo4j.database,
            self.principal,
            Reach.of(self.principal),
            self.request_id,
            {"export": kind, **inputs},
            concerns,
        )
