"""A coverage rule as data: the Cypher that finds offenders, run inside a scope on a date.

Every rule's `body` starts after the scope's anchor, which binds `v` (village) and `t` (township),
and ends with `WITH {…, severity: …, key: …} AS n`: the offending item as a map, how severe it is
(larger first) and a unique key. `graph/listing.py` then pages it like any list (keyset on
severity, key), so a coverage page costs the same as any other page.

Some rules have a `county` body with the same semantics for the county scope: there, reading the
county's few candidates once from an index (escalated visits, a month's check-ins, school-age
people) and walking up to their village costs far less than expanding from every household or
cadre, while inside a township or village the expansion reads less than the index would. A county
body that is `alone` replaces the anchor too: it starts from its own few candidates (the cadres
whose degree allows more than five pairings, the open orders, the loans) and never visits the
villages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver

from fupin.settings import Rules
from graph.listing import Listing, Page, PageRequest, fetch_page
from graph.scope import Scope

# Severity of an offence whose start is unknown: larger than any count of days, so it sorts first.
UNKNOWN_START = 1_000_000


@dataclass(frozen=True)
class Rule:
    id: str  # rules.md id(s), e.g. "W7"
    body: str
    county: str = ""  # the same rule for the county scope, when an index serves it better
    alone: bool = False  # `county` binds what it needs itself: no anchor before it

    def text(self, scope: Scope) -> str:
        return self.county if self.county and scope.is_county else self.body

    def match(self, scope: Scope) -> str:
        """The whole statement up to the item `n`: the scope's anchor and the body."""
        text = self.text(scope)
        return text if self.alone and scope.is_county else scope.anchor + text

    def listing(self, scope: Scope) -> Listing:
        return Listing(
            match=self.match(scope),
            key="n.key",
            projection="n",
            sorts={"SEVERITY": "n.severity"},
            single_pass=True,
        )


def thresholds(rules: Rules) -> dict[str, Any]:
    """The county's settings as query parameters: no threshold is a literal in Cypher."""
    return {
        "maxHouseholds": rules.max_households_per_cadre,
        "minDays": rules.min_days_in_village,
        "minTeamSize": rules.min_team_size,
        "bigVillagePeople": rules.poor_people_for_county_team,
        "lowIncomeFactor": rules.low_income_factor,
        "maxOverdueRate": rules.loan_overdue_max_rate,
        "unknownStart": UNKNOWN_START,
    }


async def offenders(
    driver: AsyncDriver,
    database: str,
    rule: Rule,
    scope: Scope,
    params: dict[str, Any],
    request: PageRequest,
) -> Page:
    """One page of `rule`'s offenders in `scope`; `params` as graph/coverage/params.py gives them."""
    params = {**scope.params(), **params}
    request = PageRequest(
        first=request.first, after=request.after, sort="SEVERITY", descending=True,
        with_total=request.with_total,
    )  # fmt: skip
    return await fetch_page(driver, database, rule.listing(scope), [], params, request)
