"""The export routes: a POSTed JSON body in, a file out. The token is verified and the body read
as for /graphql (auth.Verifier, fupin/body.py), with a time limit of its own; the export runs on
the GraphQL worker's loop with its driver. Bad input is a JSON error with a Chinese message and a
code, never a 500."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from neo4j.exceptions import ServiceUnavailable, SessionExpired
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from core.errors import UserError
from core.principal import Principal
from core.settings import Settings
from fupin import auth, body
from fupin.export.ledger import ledger
from fupin.export.listing import export_list
from fupin.export.run import Reader, year_of
from fupin.refusals import Refusal

log = logging.getLogger("fupin.export")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
TIMEOUT = 300.0  # seconds for one export: a county's whole list takes longer than a page
STATUS = {"FORBIDDEN": 403, "NOT_FOUND": 404, "DATABASE_UNAVAILABLE": 503, "TIMEOUT": 504}
REFUSED = Refusal(
    401,
    "需要有效的访问令牌 (a valid bearer token is required)",
    "UNAUTHENTICATED",
    {"www-authenticate": 'Bearer error="invalid_token"'},
)

Made = tuple[bytes, str]


def text_argument(given: dict[str, Any], name: str, required: bool = False) -> str | None:
    value = given.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"参数 {name} 须为非空字符串，收到 {value!r}", argument=name)
    return value.strip()


def one_of_household_or_village(given: dict[str, Any]) -> tuple[str | None, str | None]:
    household, village = text_argument(given, "householdId"), text_argument(given, "villageCode")
    if (household is None) == (village is None):
        raise UserError("须给出 householdId（一户）或 villageCode（全村）之一", argument="householdId")
    return household, village


async def _list(reader: Reader, given: dict[str, Any]) -> Made:
    query = text_argument(given, "query", required=True)
    assert query is not None
    variables = given.get("variables") or {}
    if not isinstance(variables, dict):
        raise UserError("variables 须为 JSON 对象", argument="variables")
    content, _ = await export_list(reader, query, variables, text_argument(given, "operationName"))
    return content, "导出.xlsx"


# The PDF makers import fpdf2 and fontTools (seconds on a loaded machine): on first use, not at start.


async def _household_file(reader: Reader, given: dict[str, Any]) -> Made:
    from fupin.export.household_file import household_file

    household, village = one_of_household_or_village(given)
    return await household_file(reader, household, village, text_argument(given, "asOf"))


async def _card(reader: Reader, given: dict[str, Any]) -> Made:
    from fupin.export.card import card

    household, village = one_of_household_or_village(given)
    return await card(reader, household, village, year_of(given.get("year")), text_argument(given, "asOf"))


async def _ledger(reader: Reader, given: dict[str, Any]) -> Made:
    code = text_argument(given, "villageCode", required=True)
    assert code is not None
    return await ledger(reader, code, year_of(given.get("year")))


def _report(suffix: str) -> Callable[[Reader, dict[str, Any]], Awaitable[Made]]:
    async def make(reader: Reader, given: dict[str, Any]) -> Made:
        from fupin.export.report_files import monthly_report

        month = text_argument(given, "month", required=True)
        assert month is not None
        return await monthly_report(reader, month, suffix)

    return make


# path → (what makes it, its media type)
EXPORTS: dict[str, tuple[Callable[[Reader, dict[str, Any]], Awaitable[Made]], str]] = {
    "/export.xlsx": (_list, XLSX),
    "/export/household-file.pdf": (_household_file, PDF),
    "/export/card.pdf": (_card, PDF),
    "/export/village-ledger.xlsx": (_ledger, XLSX),
    "/export/report.xlsx": (_report("xlsx"), XLSX),
    "/export/report.pdf": (_report("pdf"), PDF),
}


def error_response(error: UserError) -> JSONResponse:
    code = str(error.extensions.get("code", "BAD_USER_INPUT"))
    answer = {"errors": [{"message": error.message, "extensions": error.extensions}]}
    return JSONResponse(answer, status_code=STATUS.get(code, 400))


class ExportApp:
    """The export routes' edge and answer: a verified token (else 401, one answer for every refused
    token, as /graphql's), a POSTed JSON object within the body limit (else 405, 400, 413), the
    export made on the GraphQL worker's loop within `TIMEOUT` (else 504)."""

    def __init__(self, settings: Settings, state: dict[str, Any]) -> None:
        self.settings, self.state = settings, state
        security = settings.security
        self.verify = auth.Verifier(auth.keys(settings), max_bytes=security.max_token_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        request_id = (request.headers.get("x-request-id") or uuid.uuid4().hex[:12])[:64]
        try:
            principal = self.verify(request.headers.get("authorization"))
        except auth.Refused as refused:
            log.info("request %s: token refused (%s)", request_id, refused)
            await REFUSED.response()(scope, receive, send)
            return
        try:
            if request.method != "POST":
                raise Refusal(405, "导出请使用 POST，正文为 JSON 对象", "METHOD_NOT_ALLOWED")
            async with asyncio.timeout(TIMEOUT):
                length = request.headers.get("content-length")
                given = body.json_object(
                    await body.read(receive, length, self.settings.security.max_body_bytes)
                )
                worker = self.state["worker"]
                response = await worker.run(
                    self.answer(scope["path"], given, principal, request_id, worker.driver)
                )
        except Refusal as refusal:
            response = refusal.response()
        except body.Gone:
            return
        except TimeoutError:
            log.warning("request %s: export stopped after %g s", request_id, TIMEOUT)
            response = error_response(
                UserError(f"导出超过 {TIMEOUT:g} 秒，已中止；请缩小范围后重试", "TIMEOUT")
            )
        await response(scope, receive, send)

    async def answer(
        self, path: str, given: dict[str, Any], principal: Principal, request_id: str, driver: Any
    ) -> Response:
        make, media = EXPORTS[path]
        reader = Reader(driver, self.settings, principal, request_id)
        try:
            content, name = await make(reader, given)
        except UserError as error:
            return error_response(error)
        except (ServiceUnavailable, SessionExpired):
            unavailable = UserError("数据库暂时无法连接，请稍后重试", "DATABASE_UNAVAILABLE")
            return error_response(unavailable)
        except Exception:
            log.exception("request %s: export %s failed", request_id, path)
            failed = UserError(f"导出失败（服务器内部错误），请求编号 {request_id}", "INTERNAL_ERROR")
            return JSONResponse(
                {"errors": [{"message": failed.message, "extensions": failed.extensions}]}, 500
            )
        disposition = f"attachment; filename=\"export\"; filename*=UTF-8''{quote(name)}"
        return Response(content, media_type=media, headers={"content-disposition": disposition})


def routes(settings: Settings, state: dict[str, Any]) -> list[Route]:
    """The export routes of the app whose lifespan fills `state` (its GraphQL worker)."""
    app = ExportApp(settings, state)
    return [Route(path, app) for path in EXPORTS]
