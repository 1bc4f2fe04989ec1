"""A coverage rule declared once (`CoverageRule`): its rules.md id, the API field that lists its
offenders and the reading that field gives, the offender item's fields, the Cypher that finds the
offenders in a scope on a date, its dashboard lines, and who may read it. The API's field, item
type and resolver (resolvers/coverage/fields.py, schema/coverage/items.py), the access table
(fupin/access.py) and the dashboard (graph/coverage/summary.py) are produced from the declarations
in the registry, graph/coverage/rules/__init__.py.

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

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from neo4j import AsyncDriver

from core.principal import Role
from core.settings import Thresholds
from graph import reads
from graph.coverage.lines import Line
from graph.listing import Listing, Page, PageRequest, fetch_page
from graph.reach import Reach
from graph.rows import Props, plain
from graph.scope import Scope

# Severity of an offence whose start is unknown: larger than any count of days, so it sorts first.
UNKNOWN_START = 1_000_000

# Who reads coverage: the county office, the area officers and the investigators (a township or
# village officer within its own area, resolvers/coverage/base.py).
AREA = frozenset({Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER, Role.VILLAGE_OFFICER, Role.INVESTIGATOR})
# A policy area's lists (P1–P10) are also read by the departments that lead it (`policy`).
POLICY_AREA = AREA | {Role.DEPARTMENT}


class ItemField(NamedTuple):
    """A field of an item as the API shows it: `name` is also the key of the offender map the
    Cypher builds; `type` is in GraphQL notation ("Int!", "Card", "[Cadre!]!"), naming a scalar
    (Int, Float, String, Boolean, Date), a type of the API or one the rule declares."""

    name: str
    type: str
    description: str = ""


class ItemType(NamedTuple):
    """An object type of the API that a rule's list returns (or that its item holds)."""

    name: str
    description: str
    fields: tuple[ItemField, ...]


class EnumType(NamedTuple):
    """An enum of the API that only a rule's item uses."""

    name: str
    description: str
    values: tuple[str, ...]
    labels: tuple[str, ...] = ()  # each value's description, in order (Chinese first)


class Period(enum.Enum):
    """An argument by which a rule's field names a period of its own (graph/coverage/params.py
    gives its parameters, resolvers/coverage/periods.py reads the argument)."""

    YEAR = "year"  # `year`, default asOf's: $year, $yearFrom, $yearTo (year_window)
    MONTH = "month"  # `month`, default the month before asOf's (month_params)


@dataclass(frozen=True)
class Total:
    """A field giving the rule's figure for the whole county as one item (null in a smaller scope):
    `statement` returns it as `n`."""

    field: str
    description: str
    statement: str


@dataclass(frozen=True)
class CoverageRule:
    """One coverage rule, declared once (a module of graph/coverage/rules/)."""

    id: str  # rules.md id(s), e.g. "W7"
    field: str  # the `coverage` field listing the offenders, e.g. "unpairedHouseholds"
    reading: str  # what the field lists, as the API describes it
    item: ItemType  # one offender
    body: str
    county: str = ""  # the same rule for the county scope, when an index serves it better
    alone: bool = False  # `county` binds what it needs itself: no anchor before it
    # Clauses that finish the county body's items on the page only, once it is cut (graph/listing.py
    # `page`): what an item shows but the count and order do not need (its village, walked up).
    county_page: str = ""
    # The county body while the period asked is not over (W11: the month so far, its check-ins
    # sought in the date index); the whole period is counted from recorded facts in every scope.
    county_so_far: str = ""
    period: Period | None = None  # an argument naming the period the rule judges
    types: tuple[ItemType | EnumType, ...] = ()  # types only the item uses, declared before it
    lines: tuple[Line, ...] = ()  # its lines on the dashboard (graph/coverage/summary.py)
    # County-wide, the offenders each with the township `t` it is counted in, for a line counting
    # the rule's own list when the county body is alone (it then may bind no township).
    tally: str = ""
    total: Total | None = None
    readers: frozenset[Role] = AREA  # the roles that may read its fields
    policy: str = ""  # the policy area (P1–P10) a DEPARTMENT must lead to read them

    @property
    def fields(self) -> tuple[str, ...]:
        """The `coverage` fields the rule adds."""
        return (self.field, self.total.field) if self.total else (self.field,)

    def for_period(self, params: Mapping[str, Any]) -> CoverageRule:
        """The rule as run with `params`: with its county body for a period not yet over when the
        parameters say so (month_params' wholeMonth)."""
        if self.county_so_far and not params.get("wholeMonth", True):
            return dataclasses.replace(self, county=self.county_so_far, county_so_far="")
        return self

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
            page=self.county_page if self.county and scope.is_county else "",
        )


def with_township(match: str) -> str:
    """A statement up to the item `n` that binds township `t` too, as a tally: each `n` with its `t`."""
    return f"{match.rstrip()}, t"


def tallied(rule: CoverageRule) -> str:
    """`rule`'s county-wide offenders `n`, each with its township `t` (for a county body that binds
    `t`: after the county's anchor, or walking up from its candidates)."""
    return with_township(rule.match(Scope()))


def threshold_params(thresholds: Thresholds) -> dict[str, Any]:
    """The county's settings as query parameters: no threshold is a literal in Cypher."""
    return {
        "maxHouseholds": thresholds.max_households_per_cadre,
        "minDays": thresholds.min_days_in_village,
        "minTeamSize": thresholds.min_team_size,
        "bigVillagePeople": thresholds.poor_people_for_county_team,
        "lowIncomeFactor": thresholds.low_income_factor,
        "maxOverdueRate": thresholds.loan_overdue_max_rate,
        "employmentMonths": thresholds.employment_min_months,
        "employmentTarget": thresholds.employment_target,
        "twoAfterTarget": thresholds.two_after_target,
        "trainingTarget": thresholds.skills_training_target,
        "dibaoStandard": thresholds.dibao_standard,
        "satisfactionMin": thresholds.satisfaction_min,
        "unknownStart": UNKNOWN_START,
    }


async def offenders(
    driver: AsyncDriver,
    database: str,
    rule: CoverageRule,
    scope: Scope,
    reach: Reach,
    params: dict[str, Any],
    request: PageRequest,
) -> Page:
    """One page of `rule`'s offenders in `scope` (which `reach` has narrowed; a rule about a
    department's records reads the reach's parameters too, graph/reach.py `own_department`);
    `params` as graph/coverage/params.py gives them."""
    params = {**scope.params(), **reach.params(), **params}
    request = dataclasses.replace(request, sort="SEVERITY", descending=True)
    return await fetch_page(driver, database, rule.for_period(params).listing(scope), [], params, request)


async def county_total(
    driver: AsyncDriver, database: str, rule: CoverageRule, as_of: dt.date, thresholds: Thresholds
) -> Props:
    """`rule`'s figure for the whole county (its `total`)."""
    assert rule.total is not None, f"{rule.id} has no county total"
    records = await reads.read(
        driver, database, rule.total.statement, {**threshold_params(thresholds), "asOf": as_of}
    )
    row: Props = plain(records[0]["n"])
    return row
