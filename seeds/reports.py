"""返贫新增备案 (S3, S4): a few households found to have fallen back (返贫) or to be newly poor
(新增), verified and recorded; each becomes RED, and every department the county office fed
the household back to has a measure in place (the S4 gaps are injected later)."""

from __future__ import annotations

from seeds import codes
from seeds.county import County, Report
from seeds.dates import between, days
from seeds.kit import Kit

CAUSES = (("因病", 50), ("因灾", 20), ("因残", 15), ("因学", 10), ("缺劳力", 5))
FEEDBACK = {
    "因病": ("县卫生健康局", "县医疗保障局", "县民政局"),
    "因灾": ("县住建局", "县民政局"),
    "因残": ("县残联", "县民政局"),
    "因学": ("县教育局", "县民政局"),
    "缺劳力": ("县人社局", "县民政局"),
}
COMPARED = ("县扶贫办", "县住建局", "县卫生健康局", "县教育局", "县民政局", "县残联")
SOURCES = (("回访", 40), ("部门比对", 40), ("信访", 20))


def build_reports(kit: Kit, county: County) -> None:
    rng = kit.rng
    households = county.households
    returned = max(3, len(households) // 1500)
    new = max(2, len(households) // 3000)
    candidates = [h for h in households if h.status == codes.OUT]
    picked = rng.sample(candidates, min(len(candidates), returned + new))  # a small county has few
    reports: list[Report] = []
    for i, household in enumerate(picked):
        kind = codes.RETURNED if i < returned else "新增"
        found = between(rng, kit.as_of - days(420), kit.as_of - days(100))
        verified = found + days(rng.randint(7, 25))
        source = kit.weighted(SOURCES)
        cause = kit.weighted(CAUSES)
        feedback = list(FEEDBACK[cause])
        reports.append(
            Report(
                id="",
                household=household,
                kind=kind,
                source=source,
                source_department=rng.choice(COMPARED) if source == "部门比对" else "",
                cause=cause,
                found_on=found,
                verified_on=verified,
                feedback=feedback,
                measures=list(feedback),
            )
        )
        # S3: a verified report puts the household on a RED card.
        household.card = codes.RED
        household.income = rng.randint(*codes.RED_INCOME)
        household.main_cause = cause
        household.other_causes = [c for c in household.other_causes if c != cause]
        if kind == codes.RETURNED:
            household.status = codes.RETURNED
        else:
            household.status = codes.NOT_OUT
            household.exit_year = None
            household.identified_on = verified
    reports.sort(key=lambda r: (r.verified_on, r.household.id))
    for seq, report in enumerate(reports, start=1):
        report.id = f"BA{report.verified_on.year}{seq:04d}"
    county.reports.extend(reports)
