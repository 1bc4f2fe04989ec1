"""W12: a rectification order as the mutations return it."""

from __future__ import annotations

import strawberry

from schema.cadre import Cadre
from schema.records import Rectification


@strawberry.type(description="W12: a rectification order (整改通知) and the cadre it is issued to.")
class RectificationDetail(Rectification):
    cadre: Cadre = strawberry.field(description="The cadre the order is issued to (ISSUED_TO).")
