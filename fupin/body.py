"""A request's body: read within its size limit, and decoded as a JSON object that can be stored."""

from __future__ import annotations

import json
import re
from typing import Any, NoReturn

from starlette.types import Message, Receive

from fupin.refusals import Refusal

# A JSON escape of a UTF-16 surrogate (\ud800–\udfff): only a pair of them is a character.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class Gone(Exception):
    """The client disconnected before its body arrived: nobody is left to answer."""


async def read(receive: Receive, declared_length: str | None, limit: int, what: str = "请求体") -> bytes:
    """The whole body, refused (413) once it is longer than `limit` bytes: at once when its
    Content-Length says so, else as soon as the bytes received pass the limit (`what`: the body
    named so in the refusal, an upload's as 上传文件)."""
    if declared_length is not None:
        if not declared_length.strip().isdigit():
            raise Refusal(
                400,
                f"Content-Length 不是字节数：{declared_length[:20]!r} (bad Content-Length)",
                "BAD_REQUEST",
            )
        if int(declared_length) > limit:
            raise _too_large(limit, what)
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Gone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit, what)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _too_large(limit: int, what: str) -> Refusal:
    return Refusal(
        413,
        f"{what}超过 {limit} 字节的上限 (the request body exceeds {limit} bytes)",
        "PAYLOAD_TOO_LARGE",
        {"connection": "close"},
    )


def replay(body: bytes, receive: Receive) -> Receive:
    """`receive` for the app behind: the body already read, then whatever the client sends next."""
    given = False

    async def again() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return again


def json_object(data: str | bytes) -> dict[str, Any]:
    """The JSON object `data` holds (a request body, or GET's `variables`), refused (400) when it is
    not UTF-8, not JSON, nested past Python's recursion limit, not an object, or holds a lone
    surrogate (`"\\ud800"`: no text Neo4j can store)."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        _refuse(f"请求不是 UTF-8 文本（第 {error.start} 字节）(not UTF-8 at byte {error.start})")
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        _refuse("请求的 JSON 嵌套过深 (the JSON is nested too deeply)")
    except ValueError as error:
        _refuse(f"请求不是合法的 JSON ({error})")
    if not isinstance(value, dict):
        kind = type(value).__name__
        _refuse(f'请求的 JSON 须是对象 {{"query": …}}，收到 {kind} (a JSON object is expected, not {kind})')
    if _SURROGATE_ESCAPE.search(text) and _lone_surrogate(value):
        _refuse(
            "请求含有不成对的 UTF-16 代理字符（如 \\ud800），不是可保存的文字"
            " (the JSON holds a lone surrogate such as \\ud800)"
        )
    return value


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


def _lone_surrogate(value: Any) -> bool:
    """Whether a string in `value` holds a surrogate that no other completes into a character."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    except RecursionError:
        _refuse("请求的 JSON 嵌套过深 (the JSON is nested too deeply)")
    return False


def _refuse(message: str) -> NoReturn:
    raise Refusal(400, message, "BAD_REQUEST") from None
