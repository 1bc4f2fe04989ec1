"""Coverage fields of the policy checks P2, P3, P4, P5, P9 and P10."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from fupin.context import Context
from graph.coverage import policies as rules
from resolvers.coverage import periods
from resolvers.coverage.base import Asked, offenders_page
from schema.common import Connection, build
from schema.coverage.policies import (
    DangerousHouse,
    LoanOverdueRate,
    MissingFamilyDoctor,
    MissingPhysicalExam,
    PetitionTownship,
    SchoolDropout,
    UninsuredPerson,
    UnsafeWaterHousehold,
)


@strawberry.type
class PolicyCoverage:
    @strawberry.field(
        description="P3: people of registered households without basic medical insurance or serious-"
        "illness insurance (anything but 是 is missing); the more missing, the earlier."
    )
    async def uninsured_persons(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[UninsuredPerson]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.UNINSURED_PERSONS, UninsuredPerson, first, after)

    @strawberry.field(
        description="P3: people of registered households without the free physical exam of `year` "
        "(default the year of asOf). physicalExamYear, when recorded, decides (missing unless it is "
        "`year`); otherwise 本年度是否体检 (physicalExam) is read as being for `year`. People with a "
        "chronic or serious illness first."
    )
    async def missing_physical_exams(
        self,
        info: Info[Context, None],
        year: int | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[MissingPhysicalExam]:
        parent: Asked = self  # type: ignore[assignment]
        rule = rules.MISSING_PHYSICAL_EXAMS
        return await offenders_page(
            info, parent, rule, MissingPhysicalExam, first, after, periods.year(parent, year)
        )

    @strawberry.field(
        description="P3: people of registered households with no family-doctor contract (签约家庭医生 "
        "not 是). People with a chronic or serious illness first."
    )
    async def missing_family_doctor_contracts(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[MissingFamilyDoctor]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(
            info, parent, rules.MISSING_FAMILY_DOCTORS, MissingFamilyDoctor, first, after
        )

    @strawberry.field(
        description="P2: children aged 6–15 on asOf (义务教育) with no 在校生状况, unless the recorded "
        "dropout reason is one of health (contains 身体, 疾病 or 残疾: 因身体原因不能上学). Youngest first."
    )
    async def school_dropouts(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[SchoolDropout]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.SCHOOL_DROPOUTS, SchoolDropout, first, after)

    @strawberry.field(
        description="P4: registered households whose house is graded C or D (dangerous) by an "
        "assessment dated on or before asOf (or undated); D before C."
    )
    async def dangerous_housing(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[DangerousHouse]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.DANGEROUS_HOUSING, DangerousHouse, first, after)

    @strawberry.field(
        description="P5: registered households recorded without safe drinking water (是否解决安全饮用水 "
        "否; unrecorded is not listed); larger households first."
    )
    async def unsafe_water(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[UnsafeWaterHousehold]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.UNSAFE_WATER, UnsafeWaterHousehold, first, after)

    @strawberry.field(
        description="P10: every township in scope with its micro-credit balance and overdue amount "
        "(loans issued by asOf), highest overdue rate first; overLine when the rate is above the line "
        "(setting, default 1%; exactly 1% passes). Figures are the whole township's; the county "
        "total is loanOverdueCounty."
    )
    async def loan_overdue_rates(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[LoanOverdueRate]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(info, parent, rules.LOAN_OVERDUE_RATES, LoanOverdueRate, first, after)

    @strawberry.field(
        description="P10: the county-wide micro-credit figure (township null), as loanOverdueRates "
        "computes it per township; null unless the scope is the county."
    )
    async def loan_overdue_county(self, info: Info[Context, None]) -> LoanOverdueRate | None:
        parent: Asked = self  # type: ignore[assignment]
        if parent.scope.township is not None or parent.scope.village is not None:
            return None
        context = info.context
        context.round_trips += 1
        row = await rules.county_loans(context.driver, context.database, parent.as_of, context.settings.rules)
        return build(LoanOverdueRate, row, context.personal_data)

    @strawberry.field(
        description="P9: townships with cases from the province or above (省级以上) registered in `year` "
        "(default the year of asOf) up to asOf, most first. Ranked county-wide whatever the scope; "
        "the first (ties included) is flagged: it cannot be rated excellent. Figures are the whole "
        "township's; townships without such a case are not listed."
    )
    async def petition_ranking(
        self,
        info: Info[Context, None],
        year: int | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PetitionTownship]:
        parent: Asked = self  # type: ignore[assignment]
        return await offenders_page(
            info, parent, rules.PETITION_RANKING, PetitionTownship, first, after, periods.year(parent, year)
        )
