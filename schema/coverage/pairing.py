"""Items of W7 and W8."""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.cadre import Cadre
from schema.enums import Card
from schema.household import Household
from schema.township import Township
from schema.unit import Unit
from schema.village import Village


@strawberry.type(description="W7: a registered household with no responsible cadre on the date.")
class UnpairedHousehold:
    household: Household
    village: Village
    township: Township
    card: Card | None = strawberry.field(description="S1: the card it held on the date.")
    since: dt.date | None = strawberry.field(
        description="Unpaired since: the end of its last pairing, else its registration (首次识别时间)."
    )
    days: int | None = strawberry.field(description="Days unpaired on the date.")


@strawberry.type(description="W8: a cadre carrying more households than the limit (default 5).")
class OverAssignedCadre:
    cadre: Cadre
    unit: Unit | None = strawberry.field(description="O1: the cadre's unit on the date.")
    count: int = strawberry.field(description="Active pairings on the date.")
    households: list[Household]
