"""The ASGI application: `/graphql` (with GraphiQL), `/healthz`, CORS for the portal."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import strawberry
from neo4j import AsyncDriver, AsyncSession
from neo4j.exceptions import Neo4jError, ServiceUnavailable
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from fupin.api import make_schema
from fupin.context import Context
from fupin.settings import Settings
from graph.connection import Target, async_driver


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, schema: strawberry.Schema, settings: Settings, state: dict[str, Any]):
        super().__init__(schema, graphql_ide="graphiql" if settings.development else None)
        self.settings = settings
        self.state = state

    async def get_context(self, request: Any, response: Any = None) -> Context:
        return Context(
            driver=self.state["driver"],
            settings=self.settings,
            request_id=request.headers.get("x-request-id") or uuid.uuid4().hex[:12],
        )


async def _ping(session: AsyncSession) -> None:
    result = await session.run("RETURN 1")
    await result.consume()


def create_app(settings: Settings, target: Target) -> Starlette:
    state: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        driver = async_driver(target)
        state["driver"] = driver
        try:
            yield
        finally:
            await driver.close()

    async def healthz(_: Request) -> Response:
        driver: AsyncDriver = state["driver"]
        try:
            await asyncio.wait_for(driver.execute_query("RETURN 1", database_=settings.neo4j.database), 5.0)
        except (ServiceUnavailable, Neo4jError, OSError, TimeoutError) as error:
            reason = f"Neo4j at {target.uri} does not answer: {type(error).__name__}"
            return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
        return JSONResponse({"status": "ok", "neo4j": target.uri})

    graphql = GraphQLApp(make_schema(development=settings.development), settings, state)
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["authorization", "content-type", "x-request-id"],
            )
        ],
        lifespan=lifespan,
    )
