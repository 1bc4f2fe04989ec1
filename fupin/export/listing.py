"""Any list or coverage field as a spreadsheet: every page of the query's one list, its nodes
flattened into columns headed in Chinese, and the query, scope, asOf and time on a second sheet."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from core.principal import Principal
from fupin.export.labels import shown
from fupin.export.query import ListQuery, cell_value
from fupin.export.run import Reader
from fupin.export.xlsx import Table, about, workbook

COUNTY_TIME = ZoneInfo("Asia/Shanghai")


def scope_words(principal: Principal) -> str:
    """Whose reach the export holds, as the caller's token says."""
    return (
        f"{principal.role.value}（{principal.scope}）"
        if principal.scope
        else f"{principal.role.value}（全县）"
    )


def as_of(variables: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    """The day the figures are for: the variables' `asOf`, a coverage scope's, else today."""
    found = variables.get("asOf") or _scope_as_of(data)
    return str(found) if found else f"{dt.datetime.now(COUNTY_TIME).date().isoformat()}（当日）"


def _scope_as_of(data: Any) -> Any:
    if isinstance(data, dict):
        if isinstance(data.get("scope"), dict) and data["scope"].get("asOf"):
            return data["scope"]["asOf"]
        return next((found for value in data.values() if (found := _scope_as_of(value))), None)
    return None


def exported_at() -> str:
    return dt.datetime.now(COUNTY_TIME).strftime("%Y-%m-%d %H:%M:%S（北京时间）")


def rows(query: ListQuery, nodes: list[dict[str, Any]]) -> list[list[Any]]:
    return [[shown(cell_value(node, c.keys), c.enum) for c in query.columns] for node in nodes]


async def export_list(
    reader: Reader, text: str, variables: Mapping[str, Any] | None, operation: str | None
) -> tuple[bytes, int]:
    """The workbook of the query's list and its row count; audited."""
    query = reader.list_query(text, operation)
    variables = dict(variables or {})
    first, nodes = await reader.rows(query, variables)
    table = Table(
        "数据", [c.header for c in query.columns], rows(query, nodes), [c.text for c in query.columns]
    )
    facts = [
        ("查询", text),
        ("变量", json.dumps(variables, ensure_ascii=False)),
        ("列表", ".".join(query.path)),
        ("范围", scope_words(reader.principal)),
        ("数据日期（asOf）", as_of(variables, first)),
        ("导出时间", exported_at()),
        ("导出人", reader.principal.subject),
        ("行数", len(nodes)),
    ]
    content = await asyncio.to_thread(workbook, [table, about(facts)])
    await reader.audit(
        "xlsx",
        {"operation": operation, "list": ".".join(query.path), "variables": variables, "rows": len(nodes)},
        [],
    )
    return content, len(nodes)
