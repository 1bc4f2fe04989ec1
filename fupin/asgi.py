"""The ASGI application: `/graphql` behind its edge, `/healthz`, CORS for the portal; in development
GraphiQL's page and the reference dashboard at `/`, from files of this package (fupin/static)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import Any

import strawberry
from cross_web import HTTPException
from neo4j import AsyncDriver, AsyncSession
from neo4j.exceptions import Neo4jError, ServiceUnavailable
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from core.settings import Security, Serving, Settings
from fupin import auth, body, persisted
from fupin.api import coded, make_schema, timeout_error
from fupin.export import http as export
from fupin.lanes import Lanes
from fupin.overload import Gate
from fupin.refusals import Refusal, utf8_json
from fupin.worker import Worker
from graph.connection import Target, async_driver
from graph.coverage.cache import Answers
from resolvers.context import Context

log = logging.getLogger("fupin.auth")

# GraphiQL's page, the dashboard and the vendored scripts they load (no CDN: county networks are
# often without internet); scripts/vendor-assets rebuilds fupin/static/vendor.
STATIC = Path(__file__).parent / "static"
# Where the edge leaves the verified caller in a request's scope for the GraphQL app behind it.
PRINCIPAL = "core.principal"
# ... and the request's query text, for the app to choose the loop it runs on (fupin/lanes.py).
TEXT = "fupin.text"
# True when the request runs on the server's loop, with the server's driver.
ON_SERVER = "fupin.on_server"

# One answer for every refused token: why it was refused is logged, never told.
_REFUSED = Refusal(
    401,
    "需要有效的访问令牌 (a valid bearer token is required)",
    "UNAUTHENTICATED",
    {"www-authenticate": 'Bearer error="invalid_token"'},
)


class GraphQLApp(GraphQL[Context, None]):
    """strawberry's view, answering what it cannot read with a JSON error and a code (never a 500):
    a body that is not a JSON object, a lone surrogate, no query, a wrong content type."""

    def __init__(self, schema: strawberry.Schema, settings: Settings, state: dict[str, Any]):
        # The edge serves GraphiQL's page; a department's list arrives as a multipart request (the
        # GraphQL multipart request spec), its body within its own limit (Edge).
        super().__init__(schema, graphql_ide=None, multipart_uploads_enabled=True)
        self.settings = settings
        self.state = state
        self.lanes = Lanes(settings.serving.quick_ms / 1000)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if PRINCIPAL not in scope:  # only the edge lets a request in, with its verified caller
            await _REFUSED.response()(scope, receive, send)
            return
        worker: Worker = self.state["worker"]
        text = scope.get(TEXT)
        on_server = self.lanes.quick(text)
        scope[ON_SERVER] = on_server
        try:
            # Executed and encoded here when known to be quick, else on the worker's loop
            # (fupin/lanes.py); sent from the server's.
            run = self._timed(text, self.run(Request(scope, receive)))
            response = await (run if on_server else worker.run(run))
        except HTTPException as error:
            response = Refusal.of(error).response()
        await response(scope, receive, send)

    async def _timed(self, text: str | None, run: Awaitable[Response]) -> Response:
        """`run`'s response; the CPU time its loop's thread spent meanwhile, what held that loop
        (waiting on Neo4j does not), recorded for its text (fupin/lanes.py)."""
        started = time.thread_time()
        try:
            return await run
        finally:  # a run stopped by the time limit counts too
            self.lanes.ran(text, time.thread_time() - started)

    def decode_json(self, data: str | bytes) -> object:
        return body.json_object(data)

    def encode_json(self, data: object) -> bytes:
        """UTF-8 JSON with Chinese as it is, not escaped as \\uXXXX."""
        return utf8_json(data)

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = "application/json; charset=utf-8"
        return response

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        if result.errors:
            result.errors = [coded(error) for error in result.errors]
        return await super().process_result(request, result)

    async def get_context(self, request: Any, response: Any = None) -> Context:
        on_server = request.scope.get(ON_SERVER, False)
        return Context(
            # The driver of the loop the request runs on (a driver serves one loop).
            driver=self.state["driver"] if on_server else self.state["worker"].driver,
            settings=self.settings,
            request_id=request.scope["fupin.request_id"],
            principal=request.scope[PRINCIPAL],
            target=self.state["worker"].target,
            answers=self.state["answers"],
        )


def query_text(scope: Scope, data: bytes) -> str | None:
    """The request's query text, to choose its loop by; None when it has none that reads plainly
    (GraphQL's own reading of the request then says what is wrong)."""
    if scope["method"] == "GET":
        texts = Request(scope).query_params.getlist("query")
        return texts[0] if len(texts) == 1 else None
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return None
    text = value.get("query") if isinstance(value, dict) else None
    return text if isinstance(text, str) else None


def _asks_for_ide(request: Request) -> bool:
    """A browser opening /graphql: a GET for HTML that carries no query (strawberry's test), nor the
    hash of a persisted one."""
    accept = request.headers.get("accept", "")
    return (
        request.method == "GET"
        and "query" not in request.query_params
        and "extensions" not in request.query_params
        and ("text/html" in accept or "*/*" in accept)
    )


def _uploads(request: Request) -> bool:
    """A multipart request: a department's list uploaded for comparison (docs/compare.md)."""
    return request.headers.get("content-type", "").startswith("multipart/form-data")


class Edge:
    """What every request to /graphql passes before GraphQL. GraphiQL's page, when
    enabled, is served to anyone: it runs nothing by itself. Every other request needs a verified
    token (else 401), a place in the process's bound on requests held (else 503, fupin/overload.py),
    a body within its limit (else 413), and is answered within the request's time limit (else a
    TIMEOUT error; waiting for a slot counts)."""

    def __init__(
        self,
        app: GraphQLApp,
        keys: auth.Keys,
        security: Security,
        serving: Serving,
        queries: persisted.Store | None,
    ) -> None:
        self.app, self.security, self.queries = app, security, queries
        self.gate = Gate(serving)
        self.verify = auth.Verifier(keys, max_bytes=security.max_token_bytes)
        self.ide = (STATIC / "graphiql" / "index.html").read_text("utf-8") if security.graphiql else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        request_id = (request.headers.get("x-request-id") or uuid.uuid4().hex[:12])[:64]
        scope["fupin.request_id"] = request_id
        if self.ide is not None and _asks_for_ide(request):
            await HTMLResponse(self.ide)(scope, receive, send)
            return
        try:
            scope[PRINCIPAL] = self.verify(request.headers.get("authorization"))
        except auth.Refused as refused:
            log.info("request %s: token refused (%s)", request_id, refused)
            await _REFUSED.response()(scope, receive, send)
            return
        answered = False

        async def sent(message: Message) -> None:
            nonlocal answered
            answered = True
            await send(message)

        limit = self.security.request_timeout
        try:
            async with asyncio.timeout(limit), self.gate.admit(request_id):
                length = request.headers.get("content-length")
                if _uploads(request):  # its own limit, and no persisted query
                    data = await body.read(receive, length, self.security.max_upload_bytes, "上传文件")
                else:
                    data = await body.read(receive, length, self.security.max_body_bytes)
                    scope, data = persisted.apply(self.queries, scope, data)
                    scope[TEXT] = query_text(scope, data)
                await self.app(scope, body.replay(data, receive), sent)
        except Refusal as refusal:
            await refusal.response()(scope, receive, send)
        except body.Gone:
            return
        except TimeoutError:
            log.warning("request %s: stopped after %g s", request_id, limit)
            if not answered:
                answer = {"data": None, "errors": [timeout_error(limit).formatted]}
                await JSONResponse(answer)(scope, receive, send)


async def _ping(session: AsyncSession) -> None:
    result = await session.run("RETURN 1")
    await result.consume()


def create_app(settings: Settings, target: Target) -> Starlette:
    # The process's dashboard answers (graph/coverage/cache.py), shared by its requests.
    state: dict[str, Any] = {"answers": Answers(settings.summary_cache_rows)}

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # The server's own driver answers /healthz; GraphQL has the worker's (fupin/worker.py).
        driver = async_driver(target, settings.security.transaction_timeout)
        worker = Worker(target, settings.security.transaction_timeout)
        await worker.start()
        state["driver"], state["worker"] = driver, worker
        try:
            yield
        finally:
            await worker.stop()
            await driver.close()

    async def healthz(_: Request) -> Response:
        driver: AsyncDriver = state["driver"]
        try:
            await asyncio.wait_for(driver.execute_query("RETURN 1", database_=settings.neo4j.database), 5.0)
        except (ServiceUnavailable, Neo4jError, OSError, TimeoutError) as error:
            reason = f"Neo4j at {target.uri} does not answer: {type(error).__name__}"
            return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
        return JSONResponse({"status": "ok", "neo4j": target.uri})

    graphql = GraphQLApp(make_schema(settings), settings, state)
    queries = persisted.Store(settings.home / "persisted-queries") if settings.persisted_queries else None
    endpoint = Edge(graphql, auth.keys(settings), settings.security, settings.serving, queries)
    routes: list[BaseRoute] = [
        # Every method reaches the edge, so a wrong one is answered in JSON too (405).
        Route("/graphql", endpoint),
        Route("/healthz", healthz),
        *export.routes(settings, state),
    ]
    if settings.security.graphiql or settings.dashboard:
        routes.append(Mount("/static", StaticFiles(directory=STATIC), name="static"))
    if settings.dashboard:

        async def dashboard(_: Request) -> Response:
            return FileResponse(STATIC / "dashboard" / "index.html")

        routes.append(Route("/", dashboard))
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=list(settings.cors_headers),
            )
        ],
        lifespan=lifespan,
    )
    app.state.answers = state["answers"]
    return app
