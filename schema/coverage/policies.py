"""Items of the policy checks P2, P3, P4, P5, P9 and P10."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from schema.household import Household
from schema.person import Person
from schema.township import Township
from schema.village import Village


@strawberry.enum(description="P3: 城乡居民基本医疗保险 BASIC_MEDICAL, 大病保险 SERIOUS_ILLNESS.")
class Insurance(enum.Enum):
    BASIC_MEDICAL = "BASIC_MEDICAL"
    SERIOUS_ILLNESS = "SERIOUS_ILLNESS"


@strawberry.type(description="P3: a member of a registered household lacking basic medical or "
                 "serious-illness insurance.")  # fmt: skip
class UninsuredPerson:
    person: Person
    household: Household
    village: Village
    missing: list[Insurance] = strawberry.field(description="The insurances not recorded as held.")


@strawberry.type(description="P3: a member of a registered household without the year's free physical exam.")
class MissingPhysicalExam:
    person: Person
    household: Household
    village: Village
    year: int = strawberry.field(description="The year asked about.")
    exam_year: int | None = strawberry.field(
        description="physicalExamYear: the year of the last recorded exam, when the roster has it."
    )


@strawberry.type(description="P3: a member of a registered household with no family-doctor contract.")
class MissingFamilyDoctor:
    person: Person
    household: Household
    village: Village


@strawberry.type(description="P2: a child of compulsory-school age (义务教育) not at school.")
class SchoolDropout:
    person: Person
    household: Household
    village: Village
    age: int = strawberry.field(description="Completed years on the date.")
    reason: str | None = strawberry.field(description="失学或辍学原因 as recorded; null if none.")


@strawberry.type(description="P4: a registered household whose house is graded C or D (dangerous).")
class DangerousHouse:
    household: Household
    village: Village
    grade: str = strawberry.field(description="危房等级: C or D.")
    assessed_on: dt.date | None = strawberry.field(description="houseAssessedOn, when recorded.")
    renovation: str | None = strawberry.field(description="Renovation state (危改进度), when recorded.")


@strawberry.type(description="P5: a registered household recorded without safe drinking water.")
class UnsafeWaterHousehold:
    household: Household
    village: Village
    township: Township


@strawberry.type(
    description="P10: micro-credit (扶贫小额信贷) of a township, or of the county when township is null."
)
class LoanOverdueRate:
    township: Township | None = strawberry.field(description="Null for the county-wide figure.")
    balance: float = strawberry.field(description="贷款余额: balance of loans issued by the date (CNY).")
    overdue: float = strawberry.field(description="逾期金额: overdue amount of those marked overdue (CNY).")
    rate: float = strawberry.field(description="overdue / balance; 0 when there is no balance.")
    over_line: bool = strawberry.field(
        description="rate above the line (setting, default 1%); exactly 1% passes."
    )


@strawberry.type(description="P9: a township with petitions from the province or above in the year.")
class PetitionTownship:
    township: Township
    cases: int = strawberry.field(description="省级以上 cases registered in the year, up to the date.")
    rank: int = strawberry.field(description="County-wide: 1 + the townships with more cases.")
    flagged: bool = strawberry.field(
        description="Most cases in the county (ties included): cannot be rated excellent."
    )
