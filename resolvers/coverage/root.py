"""`coverage(scope, asOf)`: every rule's offenders (resolvers/coverage/fields.py) and the dashboard,
evaluated in one scope on one date."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.tools import merge_types
from strawberry.types import Info

from resolvers.context import Context
from resolvers.coverage.base import Asked, asked
from resolvers.coverage.fields import RuleCoverage
from resolvers.coverage.summary import SummaryCoverage
from schema.coverage.scope import CoverageScope, ScopeInput


@strawberry.type
class CoverageHeader:
    @strawberry.field(description="The scope and date the figures are for.")
    def scope(self, parent: strawberry.Parent[Asked]) -> CoverageScope:
        return CoverageScope(
            township_code=parent.scope.township, village_code=parent.scope.village, as_of=parent.as_of
        )


Coverage = merge_types("Coverage", (CoverageHeader, RuleCoverage, SummaryCoverage))


@strawberry.type
class CoverageQuery:
    @strawberry.field(
        description="Where the work falls short of the plan (rules.md), for the county, a township or a "
        "village, as it stood on `asOf` (default today): relationships active then, visits and "
        "attendance up to then.",
        graphql_type=Coverage,
    )
    def coverage(
        self, info: Info[Context, None], scope: ScopeInput | None = None, as_of: dt.date | None = None
    ) -> Asked:
        """The parent value of every coverage field: the scope as the caller's reach allows it."""
        given = scope or ScopeInput()
        return asked(given.township_code, given.village_code, as_of, info.context)
