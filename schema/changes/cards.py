"""S1/S2: what `reclassifyCard` says of itself (it returns the household, with its card history)."""

RECLASSIFY_CARD = (
    "S1, S2: give a household another card from `date` (not in the future): the open card period "
    "ends on `date` (its `until`), the new one starts then, and `Household.card` changes. Refused "
    "(RULE_VIOLATION, rule S1) for the card it already holds or a date before the open period "
    "started; (S2) for a card other than the one status and income give: 未脱贫/返贫 RED; 已脱贫 "
    "YELLOW below the low-income line (county setting lowIncomeFactor × the poverty line of "
    "`date`'s year, as coverage `cardMismatches` reads it), GREEN at or above it; a household "
    "whose status or income is unknown cannot be judged and is refused too."
)
