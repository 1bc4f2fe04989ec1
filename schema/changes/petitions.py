"""P9: petitions (信访) as the mutations take and return them."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry


@strawberry.enum(description="P9: 来源层级 — 省级以上 PROVINCE, 市级 CITY, 县级 COUNTY.")
class PetitionLevel(enum.Enum):
    PROVINCE = "PROVINCE"
    CITY = "CITY"
    COUNTY = "COUNTY"


@strawberry.type(description="P9: a petition case file (一案一档).")
class Petition:
    case_no: str = strawberry.field(description="案件编号.")
    registered_on: dt.date = strawberry.field(description="登记日期.")
    level: PetitionLevel | None = strawberry.field(description="来源层级.")
    claim: str | None = strawberry.field(description="诉求.")
    assigned_unit: str | None = strawberry.field(description="交办单位.")
    leader_name: str | None = strawberry.field(description="包案领导.")
    closed_on: dt.date | None = strawberry.field(description="办结日期.")
    reply: str | None = strawberry.field(description="答复意见.")


RECORD_PETITION = (
    "P9: file a petition case (一案一档) IN_TOWNSHIP `townshipCode`, IN_VILLAGE `villageCode` (or the "
    "household's village) and ABOUT `householdId` when given. Refused (RULE_VIOLATION, rule P9) for a "
    "case number already filed, and for a PROVINCE case whose given 包案领导 is neither the "
    "township's county leader (RESPONSIBLE_FOR) nor its Party secretary (SECRETARY_OF) on "
    "`registeredOn`; left out, a PROVINCE case's leader is the county leader then."
)
