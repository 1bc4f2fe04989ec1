"""The rows of the record lists (visits, petitions, 返贫/新增 reports, benefits, loans, rectification
orders): each record with what it is about, and the lists' filters and sort."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from schema.cadre import Cadre
from schema.common import labels
from schema.household import Household
from schema.person import Person
from schema.records import Benefit, Loan, Petition, PovertyReport, Rectification, Visit


@strawberry.type(description="A visit (走访记录) with its household and the cadre who made it.")
class ListedVisit:
    visit: Visit
    household: Household | None = strawberry.field(description="The household visited.")
    cadre: Cadre | None = strawberry.field(
        description="The cadre who made it; null when outside the caller's reach."
    )


@strawberry.type(description="A petition (信访件) with the household it is about, if any.")
class ListedPetition:
    petition: Petition
    household: Household | None = strawberry.field(description="The household it is about, if any.")


@strawberry.type(description="A 返贫/新增 report with its household (null for a NEW one not yet registered).")
class ListedPovertyReport:
    report: PovertyReport
    household: Household | None = strawberry.field(description="The household it is about, once registered.")


@strawberry.type(
    description="A benefit (政策享受) with its household and, when a member received it, the member."
)
class ListedBenefit:
    benefit: Benefit
    household: Household | None = strawberry.field(description="The household (the receiver's).")
    person: Person | None = strawberry.field(
        description="The member who received it; null for the household."
    )
    policy: str | None = strawberry.field(description="The policy area (P1–P10) it falls under.")


@strawberry.type(description="A loan (扶贫小额信贷) with its borrowing household.")
class ListedLoan:
    loan: Loan
    household: Household | None = strawberry.field(description="The borrowing household.")


@strawberry.type(description="A rectification order (整改通知) with the cadre it was issued to.")
class ListedRectification:
    rectification: Rectification
    cadre: Cadre | None = strawberry.field(
        description="The cadre it was issued to; null when outside the caller's reach."
    )


@strawberry.input(description="Filters of a list of dated records; all given ones must hold.")
class DatedFilter:
    from_: dt.date | None = strawberry.field(
        name="from", default=None, description="On or after this day (the record's own day)."
    )
    to: dt.date | None = strawberry.field(default=None, description="On or before this day.")


@strawberry.input(
    description="Filters of benefits: the household's (or its member's) township, village, the "
    "household, a cadre paired with it on the benefit's day, its day."
)
class BenefitFilter(DatedFilter):
    township_code: str | None = None
    village_code: str | None = None
    household_id: strawberry.ID | None = None
    cadre_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A visit made by this cadre; for another record, one about a household paired "
        "with the cadre on the record's day.",
    )


@strawberry.input(
    description="Filters of visits, petitions, 返贫/新增 reports and loans; all given ones must hold."
)
class RecordFilter(BenefitFilter):
    open: bool | None = strawberry.field(
        default=None,
        description="true: still open (a petition not closed, a report not verified, a loan not voided "
        "with a balance left, a visit's problem escalated and not resolved); false: the others.",
    )


@strawberry.input(description="Filters of rectification orders; all given ones must hold.")
class RectificationFilter(DatedFilter):
    cadre_id: strawberry.ID | None = strawberry.field(default=None, description="Issued to this cadre.")
    open: bool | None = strawberry.field(default=None, description="true: not closed; false: closed.")


@strawberry.enum(description="Order of a list of dated records.")
class RecordSort(enum.Enum):
    DATE = "DATE"


labels(RecordSort, DATE="按日期：the record's own day (visited, registered, found, received, issued).")
