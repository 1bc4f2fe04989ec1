"""Where and when a coverage question is asked."""

from __future__ import annotations

import datetime as dt

import strawberry


@strawberry.input(description="The county (nothing given), one township, or one village.")
class ScopeInput:
    township_code: str | None = strawberry.field(default=None, description="9-digit township code.")
    village_code: str | None = strawberry.field(default=None, description="12-digit village code.")


@strawberry.type(description="The scope and date every figure below is evaluated on.")
class CoverageScope:
    township_code: str | None = strawberry.field(
        description="乡镇代码 of the scope; null for the county or a village."
    )
    village_code: str | None = strawberry.field(
        description="行政村代码 of the scope; null for the county or a township."
    )
    as_of: dt.date
