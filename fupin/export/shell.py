"""`fupin export QUERY_FILE --out F.xlsx`: the spreadsheet of /export.xlsx, written from the shell as
a given role (default COUNTY_ADMIN) — through the same schema, reach and audit."""

from __future__ import annotations

import asyncio
import getpass
import json
import uuid
from pathlib import Path
from typing import Any

from core.errors import UserError
from core.principal import Principal, Role
from core.settings import Settings
from fupin.export.listing import export_list
from fupin.export.run import Reader
from graph.connection import Target, async_driver


def principal(role: str, scope: str | None) -> Principal:
    return Principal(subject=f"cli:{getpass.getuser()}", role=Role(role), scope=scope)


def variables_of(text: str | None) -> dict[str, Any]:
    """`--variables`: JSON text, or @FILE holding it."""
    if not text:
        return {}
    raw = Path(text[1:]).read_text(encoding="utf-8") if text.startswith("@") else text
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        raise UserError(f"--variables 不是有效的 JSON：{error}", argument="variables") from None
    if not isinstance(value, dict):
        raise UserError("--variables 须为 JSON 对象", argument="variables")
    return value


async def _export(
    settings: Settings,
    target: Target,
    text: str,
    variables: dict[str, Any],
    operation: str | None,
    who: Principal,
) -> tuple[bytes, int]:
    driver = async_driver(target, settings.security.transaction_timeout)
    try:
        reader = Reader(driver, settings, who, f"cli-{uuid.uuid4().hex[:8]}")
        return await export_list(reader, text, variables, operation)
    finally:
        await driver.close()


def export_file(
    settings: Settings,
    target: Target,
    query_file: Path,
    out: Path,
    variables: dict[str, Any],
    operation: str | None,
    who: Principal,
) -> int:
    """Write the export to `out`; the number of rows."""
    try:
        text = query_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"无法读取查询文件 {query_file}：{error}", argument="QUERY_FILE") from None
    content, rows = asyncio.run(_export(settings, target, text, variables, operation, who))
    out.write_bytes(content)
    return rows
