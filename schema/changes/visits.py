"""Payload of the visit mutations (W9, W10): the visit with its cadre and household."""

from __future__ import annotations

import strawberry

from schema.cadre import Cadre
from schema.household import Household
from schema.records import Visit


@strawberry.type(
    description="W9, W10: a visit (扶贫手册 entry) as recorded. An escalated problem stays open until "
    "its `resolvedOn`/`resolution` are recorded."
)
class VisitRecord:
    visit: Visit
    cadre: Cadre
    household: Household
