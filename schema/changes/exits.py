"""S5: what `exitHousehold` says of itself (it returns the household)."""

EXIT_HOUSEHOLD = (
    "S5: a household exits poverty (退出) in `year` (not after this year), once a year: refused when "
    "it is already out (status OUT) or exited in `year` or later. Refused (RULE_VIOLATION, rule S5) "
    "with `facts.unmet`, every criterion that fails, each with its `rules` (a list of ids) and facts: "
    "INCOME (一超过, "
    "S2: Household.income above the poverty line of `year`; unknown is unmet); FOOD_AND_CLOTHING "
    "(两不愁, P6: a DIBAO household has a member with dibao, a TEKUN one a member with tekun); "
    "COMPULSORY_EDUCATION (P2: no member aged 6–15 without 在校生状况 and without a health reason, "
    "as `schoolDropouts`); BASIC_MEDICAL (P3: every member has medicalInsurance and "
    "seriousIllnessInsurance, as `uninsuredPersons`); SAFE_HOUSING (P4: houseGrade not C or D, and "
    "a dangerousHouse has a grade); SAFE_WATER (P5: safeWater true; unknown is unmet). Members are "
    "judged today, or on 31 December of a past `year`. On success: status OUT, exitYear = `year`, and "
    "from today the card S2 gives (YELLOW below the low-income line, GREEN at or above it); the old "
    "card period ends today and stays in the history."
)
