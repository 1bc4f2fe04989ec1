"""P9: the petition mutations' descriptions; Petition and PetitionLevel are schema/records.py's."""

from __future__ import annotations

RECORD_PETITION = (
    "P9: file a petition case (一案一档) IN_TOWNSHIP `townshipCode`, IN_VILLAGE `villageCode` (or the "
    "household's village) and ABOUT `householdId` when given. Refused (RULE_VIOLATION, rule P9) for a "
    "case number already filed, and for a PROVINCE case whose given 包案领导 is neither the "
    "township's county leader (RESPONSIBLE_FOR) nor its Party secretary (SECRETARY_OF) on "
    "`registeredOn`; left out, a PROVINCE case's leader is the county leader then."
)
