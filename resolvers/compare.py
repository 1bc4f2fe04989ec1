"""suspects, confirmSuspect, dismissSuspect: a comparison's suspects listed and handled
(graph/compare/listing.py, graph/changes/suspects.py); compareDepartmentFile: a department's list
uploaded (the GraphQL multipart request spec) and compared as `fupin compare` compares it."""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from collections import Counter
from pathlib import Path, PurePath
from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from core import values
from core.errors import UserError, forbidden
from core.principal import Role
from graph.changes import suspects
from graph.compare import listing
from graph.compare.formats import DEPARTMENTS, Department
from graph.compare.rules import KINDS
from graph.compare.run import CompareResult, run_compare
from graph.connection import sync_driver
from graph.rosters import FileError
from resolvers.changes.base import changed, not_future
from resolvers.changes.inputs import filled
from resolvers.changes.reports import _new_household
from resolvers.common import page_request, paged
from resolvers.context import Context
from schema.changes.reports import NewHouseholdInput
from schema.common import Connection
from schema.compare import DepartmentComparison, ListRowError, Suspect, SuspectCount

SHOWN_ERRORS = 50
# The list formats the roster reader opens (graph/rosters/read.py).
SUFFIXES = (".csv", ".xlsx")


def _department(info: Info[Context, None], name: str) -> Department:
    """The department named, which a DEPARTMENT token must be (its unit)."""
    department = DEPARTMENTS.get(name.strip())
    if department is None:
        raise UserError(
            f"department：没有部门「{name}」；可选：{'、'.join(DEPARTMENTS)}", argument="department"
        )
    principal = info.context.principal
    if principal.role is Role.DEPARTMENT and department.unit != principal.scope:
        raise forbidden(principal.role, f"上传其他部门（{department.name}，{department.unit}）的名单")
    return department


def _file_name(upload: Any) -> str:
    """The uploaded file's own name (no folder), refused unless the reader opens its kind."""
    name = PurePath(str(getattr(upload, "filename", "") or "").replace("\\", "/")).name
    if Path(name).suffix.lower() not in SUFFIXES:
        raise UserError(
            f"file：「{name or '（无文件名）'}」不是 .xlsx 或 .csv 文件", code="BAD_FILE", argument="file"
        )
    return name


def _comparison(result: CompareResult, name: str) -> DepartmentComparison:
    unique = {s.id: s for s in result.suspects}.values()
    kinds = Counter(s.kind for s in unique)
    return DepartmentComparison(
        id=strawberry.ID(result.run_id),
        department=result.department.name,
        roster=result.roster.name,
        file=name,
        as_of=result.day,
        rows=result.roster.rows_read,
        rejected=len(result.roster.bad_rows),
        other_county=result.outcome.other_county,
        suspects=len(unique),
        created=result.created,
        again=result.again,
        kinds=[
            SuspectCount(kind=k, rule=KINDS[k][0], reason=KINDS[k][1], count=n)
            for k, n in sorted(kinds.items())
        ],
        errors=[
            ListRowError(row=e.row, column=e.column, reason=e.reason)
            for e in result.roster.errors[:SHOWN_ERRORS]
        ],
    )


@strawberry.type
class SuspectMutation:
    @strawberry.mutation(
        description="S3 数据比对: confirm a suspect on `date`: its proposed change is made to the "
        "register as of `effectiveOn` (default: the department's day) by the checks of updatePerson / "
        "updateHousehold; a 漏评 candidate (MISSED_POOR) opens a poverty report of source 部门比对 for "
        "`newHousehold`. Refused (RULE_VIOLATION, S3) for a suspect handled already; NOT_FOUND outside "
        "the caller's reach."
    )
    async def confirm_suspect(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        date: dt.date,
        reason: str,
        effective_on: dt.date | None = None,
        new_household: NewHouseholdInput | None = None,
    ) -> Suspect:
        new = None if new_household is None else _new_household(new_household)
        effective = None if effective_on is None else not_future(effective_on, "effectiveOn")
        work = suspects.confirm_suspect(
            info.context.reach,
            id,
            not_future(date, "date"),
            filled(reason, "reason", values.text),
            effective,
            new,
        )
        return await changed(info, Suspect, work)

    @strawberry.mutation(
        description="S3 数据比对: dismiss a suspect on `date` with its `reason`; the register stands. "
        "Refused (RULE_VIOLATION, S3) for a suspect handled already."
    )
    async def dismiss_suspect(
        self, info: Info[Context, None], id: strawberry.ID, date: dt.date, reason: str
    ) -> Suspect:
        work = suspects.dismiss_suspect(
            info.context.reach, id, not_future(date, "date"), filled(reason, "reason", values.text)
        )
        return await changed(info, Suspect, work)


@strawberry.type
class ComparisonMutation:
    @strawberry.mutation(
        description="S3 数据比对: upload a department's list (.xlsx or .csv, a multipart request) and "
        "compare it with the register as `fupin compare` does, on the day its title row states or "
        "`asOf`; its suspects are kept (a rerun of the same file creates none) and the comparison is "
        "audited. A department's token uploads its own department's lists only (FORBIDDEN); a file "
        "that cannot be read is refused (BAD_FILE, with its `problem`); a body over the upload limit "
        "is refused before it is read (413 PAYLOAD_TOO_LARGE)."
    )
    async def compare_department_file(
        self,
        info: Info[Context, None],
        department: Annotated[
            str, strawberry.argument(description="比对部门：医保, 卫健, 教育, 住建, 民政, 残联 or 公安.")
        ],
        file: Annotated[Upload, strawberry.argument(description="部门名单 (.xlsx or .csv).")],
        as_of: Annotated[
            dt.date | None, strawberry.argument(description="数据日期, when the file states none (wins).")
        ] = None,
    ) -> DepartmentComparison:
        context = info.context
        chosen = _department(info, department)
        name = _file_name(file)
        day = None if as_of is None else not_future(as_of, "asOf")
        received: Any = file  # starlette's UploadFile
        data = await received.read()
        address = context.target
        assert address is not None, "the app gives every request the database's address"
        principal = context.principal
        with tempfile.TemporaryDirectory(prefix="fupin-compare-") as folder:
            path = Path(folder) / name
            path.write_bytes(data)

            def compare() -> CompareResult:
                with sync_driver(address) as driver:
                    return run_compare(
                        path, chosen, driver, context.database, context.settings.county_code,
                        as_of=day, actor=principal.subject, role=principal.role.value,
                    )  # fmt: skip

            try:
                result = await asyncio.to_thread(compare)
            except FileError as error:
                raise UserError(
                    f"file：{error.message}", code="BAD_FILE", argument="file", problem=str(error.problem)
                ) from None
        return _comparison(result, name)


@strawberry.type
class SuspectQuery:
    @strawberry.field(
        description="S3 数据比对: the suspects the caller handles (the county office's all, a township "
        "officer's its township's, a village officer's those about its households and people, a "
        "department's its own), of `status` (default OPEN), oldest first (by the department's day); "
        "narrowed to a `department` (医保, 卫健 …) and a `rule` (P3 …)."
    )
    async def suspects(
        self,
        info: Info[Context, None],
        status: str = "OPEN",
        department: str | None = None,
        rule: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Suspect]:
        context = info.context
        filters = {"status": status, "department": department, "rule": rule}
        request = page_request(info, first, after, filters=filters, sort="AGE")
        context.round_trips += 1
        page = listing.suspects(
            context.driver, context.database, context.reach, status, department, rule, request
        )
        return await paged(info, page, Suspect, request)
