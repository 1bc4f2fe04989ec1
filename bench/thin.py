"""The thinnest server of a coverage field: its statement through HTTP and the async driver, with
no GraphQL. bench/coverage.py times it beside `fupin serve` and the driver alone, so the table
shows what HTTP and the async driver cost by themselves, before any GraphQL work.

    python -m bench.thin --port N [--township CODE]   (started by bench/coverage.py)

`POST /field/NAME` runs NAME's statement and parameters (bench/coverage.Field.cypher, as of
2020-06-30, in the given scope) with the driver `fupin serve` uses (graph/connection.async_driver),
read as it reads (graph/reads.read), and answers `{"records": [...]}`, the records' values made
plain (graph/rows.plain) and dates as ISO text. `summary` runs what its resolver runs: every statement
of graph/coverage/summary.PARTS side by side (`per_township`), one record per township. Starlette
under uvicorn with httptools, as `fupin serve`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench.common import served, server_env
from core.settings import Settings
from graph import reads
from graph.rows import plain


def thin_server(settings: Settings, log: Path, township: str | None) -> AbstractContextManager[str]:
    """This module's server in its own process, against the managed Neo4j of `settings.home`."""
    command = [sys.executable, "-m", "bench.thin", *(["--township", township] if township else [])]
    return served(command, server_env(settings), log, "the thin server")


def app(township: str | None) -> Starlette:
    from bench.coverage import AS_OF, FIELDS  # the benchmark's own fields; imported by the child only
    from core.settings import load_settings
    from graph.connection import async_driver, target
    from graph.coverage import summary
    from graph.coverage.rule import Scope
    from graph.reach import COUNTY_REACH

    settings = load_settings()
    database = settings.neo4j.database
    scope = Scope(township=township)
    statements = {f.name: f.cypher(AS_OF, settings.thresholds, scope) for f in FIELDS}
    state: dict[str, AsyncDriver] = {}

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        state["driver"] = async_driver(target(settings))
        try:
            yield
        finally:
            await state["driver"].close()

    async def dashboard() -> list[dict[str, Any]]:
        """The summary as its resolver reads it (its main statement and the lines counted apart)."""
        rows = await summary.per_township(  # no kept answers: the statements' own time
            state["driver"], database, scope, COUNTY_REACH, AS_OF, settings.thresholds, None
        )
        return [{"township": township, "figures": figures} for township, figures in rows]

    async def field(request: Request) -> Response:
        name = request.path_params["name"]
        await request.body()
        if name == "summary":
            records = await dashboard()
        else:
            statement, params = statements[name]
            found = await reads.read(state["driver"], database, statement, params)
            records = [plain(r.data()) for r in found]
        body = json.dumps({"records": records}, default=_iso)
        return Response(body, media_type="application/json")

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[Route("/field/{name}", field, methods=["POST"]), Route("/healthz", healthz)],
        lifespan=lifespan,
    )


def _iso(value: Any) -> str:
    return str(value.isoformat())


def main(argv: Sequence[str] | None = None) -> int:
    import uvicorn

    doc = (__doc__ or "").split("\n\n")[0]
    parser = argparse.ArgumentParser(prog="python -m bench.thin", description=doc)
    parser.add_argument("--township")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    uvicorn.run(app(args.township), host="127.0.0.1", port=args.port, log_config=None, http="httptools")
    return 0


if __name__ == "__main__":
    sys.exit(main())
