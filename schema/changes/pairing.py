"""Payloads of pairCadre and endPairing (W7, W8)."""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.cadre import Cadre
from schema.changes.visits import VisitRecord
from schema.household import Household


@strawberry.type(
    description="W7, W8: one pairing of a cadre with a household; active while since <= D < until."
)
class Pairing:
    household: Household
    cadre: Cadre
    since: dt.date
    until: dt.date | None
    end_reason: str | None = strawberry.field(
        description="结束原因：why it ended (endPairing, or a replacement by pairCadre); null while open."
    )


@strawberry.type(description="pairCadre: the new pairing and those it ended (replace).")
class PairingChange:
    pairing: Pairing = strawberry.field(description="新结对.")
    ended: list[Pairing] = strawberry.field(description="Pairings of the household ended on `since`.")
    later_visits: list[VisitRecord] = strawberry.field(
        description="结束后的走访：visits the replaced cadre(s) made to the household on or after `since` "
        "(a back-dated replacement), oldest first; W9 no longer counts them for that cadre."
    )
