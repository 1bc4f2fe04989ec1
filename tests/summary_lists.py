"""Each summary line against the list it counts: what the manifest test and the kept answers' test
share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from neo4j import Driver

from core.settings import Thresholds
from graph.coverage.summary import LINES, parameters, statement
from graph.reach import COUNTY_REACH
from graph.scope import Scope
from tests.conftest import gql

# The dashboard line of each list field (graph/coverage/summary.py LINES).
SUMMARY_FIELDS = {
    "W7": "unpairedHouseholds",
    "W8": "overAssignedCadres",
    "W1-W3": "villagesWithoutRequiredTeam",
    "W1,W6": "understaffedTeams",
    "W4": "teamsWithoutFirstSecretary",
    "W9": "overdueVisits",
    "W10": "openVisitProblems",
    "W11": "attendanceShortfalls",
    "W12": "openRectifications",
    "S1,S2": "cardMismatches",
    "S4": "feedbackGaps",
    "P1": "householdsWithoutIndustrySupport",
    "P2": "schoolDropouts",
    "P3-insurance": "uninsuredPersons",
    "P3-exam": "missingPhysicalExams",
    "P3-doctor": "missingFamilyDoctorContracts",
    "P4": "dangerousHousing",
    "P5": "unsafeWater",
    "P2-aid": "studentsWithoutAid",
    "P6-subsidy": "disabledWithoutSubsidies",
    "P6-premiums": "severelyDisabledWithoutPaidPremiums",
    "P6-dibao": "dibaoContradictions",
    "S5": "wronglyExited",
    "O2": "villagesWithoutInformationOfficer",
    "O3-beneficiaries": "projectsWithoutBeneficiaries",
    "O3-budget": "projectsOverBudget",
    "O3-overdue": "overdueProjects",
    "P4-card": "renovationSubsidiesOffCard",
}
# A cadre carrying households in two townships counts in each township's figure (W8, W12).
PER_TOWNSHIP_ONLY = {"W8", "W12"}


def summary_counts_lists(client: Any, as_of: str, per_township: bool) -> int:
    """Asserts that every summary line with a list counts exactly the offenders its list pages on
    `as_of`: county-wide or, `per_township`, in each township (the list asked in that township, the
    county's summary's line of it and the township's own summary's).
    Returns how many of the lines compared count offenders (so that equality is not of zeros only)."""
    totals = " ".join(f"{field}(first: 1) {{ totalCount }}" for field in SUMMARY_FIELDS.values())
    query = f"""query($asOf: Date, $scope: ScopeInput) {{ coverage(asOf: $asOf, scope: $scope) {{
      {totals} summary {{ lines {{ key count }}
                          townships {{ township {{ code }} lines {{ key count }} }} }} }} }}"""
    county_wide = gql(client, query, asOf=as_of)["coverage"]
    scopes: list[tuple[dict[str, str] | None, list[dict[str, Any]], set[str]]] = []
    if not per_township:
        scopes.append((None, county_wide["summary"]["lines"], set(SUMMARY_FIELDS) - PER_TOWNSHIP_ONLY))
    else:
        for township in county_wide["summary"]["townships"]:
            scopes.append(
                ({"townshipCode": township["township"]["code"]}, township["lines"], set(SUMMARY_FIELDS))
            )
    checked = 0
    for where, lines, rules in scopes:
        fields = county_wide if where is None else gql(client, query, asOf=as_of, scope=where)["coverage"]
        counts = {line["key"]: line["count"] for line in lines}
        listed = {rule: fields[SUMMARY_FIELDS[rule]]["totalCount"] for rule in rules}
        assert {rule: counts[rule] for rule in rules} == listed, where
        if where is not None:
            # The township's own summary counts by the walks over its households and members
            # (graph/coverage/walks.py), the county's by its candidates: each must match the list.
            own = {line["key"]: line["count"] for line in fields["summary"]["lines"]}
            assert {rule: own[rule] for rule in rules} == listed, ("own summary", where)
        checked += sum(1 for rule in rules if listed[rule] > 0)
    return checked


Figures = dict[str, dict[str, tuple[Any, Any]]]


def township_figures(db: Driver, day: str, township: str | None, keys: Collection[str]) -> Figures:
    """`keys`' (offending, denominator) per township code, as the dashboard's statement counts them
    (graph/coverage/summary.py), asked of the database without the API's time limit. The statement
    holds only those lines: each figure is counted on its own, and planning the whole dashboard is
    slow."""
    lines = tuple(line for line in LINES if line.key in keys)
    assert {line.key for line in lines} == set(keys), "a key names no dashboard line"
    scope = Scope(township=township)
    params = parameters(scope, COUNTY_REACH, dt.date.fromisoformat(day), Thresholds())
    records, _, _ = db.execute_query(statement(scope, lines), params)
    return {
        r["township"]["code"]: {line.key: tuple(r["figures"][i]) for i, line in enumerate(lines)}
        for r in records
    }


def county_figures(
    db: Driver, day: str, township: str | None, keys: Collection[str]
) -> dict[str, tuple[float, float]]:
    """`keys`' (offending, denominator) summed over the townships, as the dashboard totals them."""
    per_township = township_figures(db, day, township, keys).values()
    return {
        key: (sum(f[key][0] or 0 for f in per_township), sum(f[key][1] or 0 for f in per_township))
        for key in keys
    }
