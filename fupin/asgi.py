"""The ASGI application: `/graphql` (with GraphiQL), `/healthz`, CORS for the portal."""

from __future__ import annotations

import asyncio
import contextlib
import logging
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
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL

from fupin import auth
from fupin.api import make_schema
from fupin.context import Context
from fupin.settings import Settings
from graph.connection import Target, async_driver

log = logging.getLogger("fupin.auth")

# One answer for every refused token: why it was refused is logged, never told (issue #7).
_REFUSED = {
    "errors": [
        {
            "message": "需要有效的访问令牌 (a valid bearer token is required)",
            "extensions": {"code": "UNAUTHENTICATED"},
        }
    ]
}


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, schema: strawberry.Schema, settings: Settings, state: dict[str, Any]):
        super().__init__(schema, graphql_ide="graphiql" if settings.development else None)
        self.settings = settings
        self.state = state

    async def get_context(self, request: Any, response: Any = None) -> Context:
        return Context(
            driver=self.state["driver"],
            settings=self.settings,
            request_id=request.scope["fupin.request_id"],
            principal=request.scope["fupin.principal"],
        )


class Authenticated:
    """Only a verified bearer token reaches GraphQL; anything else is a 401 (issue #7). The
    GraphiQL page itself (a GET for HTML, development only) holds no data and needs none."""

    def __init__(self, app: ASGIApp, keys: auth.Keys, ide: bool) -> None:
        self.app, self.verify, self.ide = app, auth.Verifier(keys), ide

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex[:12]
        scope["fupin.request_id"] = request_id
        if self.ide and request.method == "GET" and "text/html" in request.headers.get("accept", ""):
            await self.app(scope, receive, send)
            return
        try:
            scope["fupin.principal"] = self.verify(request.headers.get("authorization"))
        except auth.Refused as refused:
            log.info("request %s: token refused (%s)", request_id, refused)
            response = JSONResponse(
                _REFUSED, status_code=401, headers={"www-authenticate": 'Bearer error="invalid_token"'}
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


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

    graphql = GraphQLApp(make_schema(settings.development, settings.security), settings, state)
    endpoint = Authenticated(graphql, auth.keys(settings), ide=settings.development)
    return Starlette(
        routes=[
            Route("/graphql", endpoint, methods=["GET", "POST"]),
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
