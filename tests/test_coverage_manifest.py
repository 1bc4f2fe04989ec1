"""The seed county's manifest of injected violations is found exactly.

A ~400-household county (seeds.generate, fixed seed, as_of 2020-06-30) is loaded once for the
module; for every rule id of its manifest the coverage field(s) that report the rule are read
through GraphQL at the manifest's as_of (every page, `first: 100` and cursors), each item is
mapped to the manifest's key for the rule (seeds/violations/picker.py NOTES), and the set must
equal the manifest's: nothing injected is missed and the clean data raises nothing.

Identity numbers are masked in responses, so cadres and persons are mapped from their `id` (uid)
to their 证件号码 with one Cypher lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from neo4j import Driver

from core.settings import Settings
from graph.connection import Target
from seeds.manifest import RULE_ORDER, Manifest
from tests.conftest import gql, seed_county
from tests.summary_lists import summary_counts_lists

HOUSEHOLDS = 400
SEED = 1  # its W6 team lost two members and gained one: one gap (W6 matches departures to joins)
AS_OF = date(2020, 6, 30)

Node = dict[str, Any]


@dataclass
class County:
    manifest: Manifest
    id_numbers: dict[str, str]  # uid -> 证件号码 of every Cadre and Person


@pytest.fixture(scope="module")
def county(
    driver: Driver, neo4j_target: Target, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> County:
    out = tmp_path_factory.mktemp("seed-county")
    manifest, result = seed_county(driver, neo4j_target, settings, out, HOUSEHOLDS, SEED, AS_OF)
    assert not result.errors
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE n:Cadre OR n:Person RETURN n.uid AS uid, n.idNumber AS idNumber",
        database_=neo4j_target.database,
    )
    ids = {r["uid"]: r["idNumber"] for r in records}
    return County(manifest, ids)


def every(client: Any, field: str, selection: str, as_of: date, args: str = "") -> list[Node]:
    """All items of a county-wide coverage field on `as_of`, page by page (100 a page); `args`: more
    of the field's arguments."""
    query = (
        f"query($asOf: Date, $after: String) {{ coverage(asOf: $asOf) {{ "
        f"{field}(first: 100, after: $after{args}) {{ "
        f"edges {{ node {{ {selection} }} }} pageInfo {{ hasNextPage endCursor }} }} }} }}"
    )
    found: list[Node] = []
    after: str | None = None
    while True:
        page = gql(client, query, asOf=as_of.isoformat(), after=after)["coverage"][field]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]
        assert after is not None


@dataclass(frozen=True)
class Probe:
    """Where a rule's offenders show: a field, what to select, and each item's manifest key."""

    field: str
    selection: str
    key: Callable[[Node, dict[str, str]], str]  # (item, uid -> 证件号码) -> manifest key
    keep: Callable[[Node], bool] = lambda node: True
    label: str = ""  # names the probe when a rule has several on one field
    year_before: bool = False  # asks for the year before as_of's (when the seed's benefits fall)

    @property
    def name(self) -> str:
        return self.label or self.field

    def found(self, client: Any, as_of: date, id_numbers: dict[str, str]) -> set[str]:
        args = f", year: {as_of.year - 1}" if self.year_before else ""
        nodes = every(client, self.field, self.selection, as_of, args)
        return {self.key(node, id_numbers) for node in nodes if self.keep(node)}


def _village(node: Node, ids: dict[str, str]) -> str:
    return str(node["village"]["code"])


def _household(node: Node, ids: dict[str, str]) -> str:
    return str(node["household"]["id"])


def _cadre(node: Node, ids: dict[str, str]) -> str:
    return ids[node["cadre"]["id"]]


def _person(node: Node, ids: dict[str, str]) -> str:
    return ids[node["person"]["id"]]


def _township_name(node: Node, ids: dict[str, str]) -> str:
    return str(node["township"]["name"])


def _visit(node: Node, ids: dict[str, str]) -> str:
    cadre = ids[node["cadre"]["id"]] if node["cadre"] else "?"
    return f"{cadre}:{node['household']['id']}:{node['visit']['date']}"


REQUIRED_TEAM = "village { code } rule"
UNDERSTAFFED = "village { code } rules"


def _required(rule: str) -> Probe:
    return Probe(
        "villagesWithoutRequiredTeam", REQUIRED_TEAM, _village, lambda n: n["rule"] == rule,
        label=f"villagesWithoutRequiredTeam[{rule}]",
    )  # fmt: skip


def _understaffed(rule: str) -> Probe:
    return Probe(
        "understaffedTeams", UNDERSTAFFED, _village, lambda n: rule in n["rules"],
        label=f"understaffedTeams[{rule}]",
    )  # fmt: skip


PERSON = "person { id }"

# What a probe must find of the rule's manifest: all of it, nothing, or a part (the parts of a
# rule's probes together are the manifest, each key found once).
ALL, NONE, PART = "all", "none", "part"


def _flag(name: str) -> Callable[[Node], bool]:
    return lambda node: bool(node[name])


def _id(entity: str) -> Callable[[Node, dict[str, str]], str]:
    return lambda node, ids: str(node[entity]["id"])


# Rule id -> the probes that report it. Where a field serves several rules, the manifest's
# injection (seeds/violations/, picker.py NOTES) decides which one must find it.
PROBES: dict[str, list[tuple[Probe, str]]] = {
    # W1 is injected as a poverty village whose COUNTY team keeps 2 members: the team is still
    # stationed there (villagesWithoutRequiredTeam stays silent) and too small (understaffedTeams).
    "W1": [(_understaffed("W1"), ALL), (_required("W1"), NONE)],
    "W2": [(_required("W2"), ALL)],
    "W3": [(_required("W3"), ALL)],
    "W4": [(Probe("teamsWithoutFirstSecretary", "village { code }", _village), ALL)],
    # W6: a member left 70–150 days before as_of, nobody joined after; a county team keeps >= 3 (not W1).
    "W6": [(_understaffed("W6"), ALL)],
    "O2": [(Probe("villagesWithoutInformationOfficer", "village { code }", _village), ALL)],
    "W7": [(Probe("unpairedHouseholds", "household { id }", _household), ALL)],
    "W8": [(Probe("overAssignedCadres", "cadre { id }", _cadre), ALL)],
    "W9": [(Probe("overdueVisits", "household { id }", _household), ALL)],
    "W10": [(Probe("openVisitProblems", "cadre { id } household { id } visit { date }", _visit), ALL)],
    # The default month: the calendar month before as_of's.
    "W11": [(Probe("attendanceShortfalls", "cadre { id }", _cadre), ALL)],
    "W12-satisfaction": [(Probe("lowSatisfaction", "cadre { id }", _cadre), ALL)],
    "W12": [(Probe("openRectifications", "order { id }", _id("order")), ALL)],
    "S2": [(Probe("cardMismatches", "household { id }", _household), ALL)],
    "S4": [(Probe("feedbackGaps", "report { id }", _id("report")), ALL)],
    "P1": [
        (Probe("householdsWithoutIndustrySupport", "household { id }", _household, year_before=True), ALL)
    ],
    "P2": [(Probe("schoolDropouts", PERSON, _person), ALL)],
    "P2-aid": [(Probe("studentsWithoutAid", PERSON, _person, year_before=True), ALL)],
    "P6": [(Probe("disabledWithoutSubsidies", PERSON, _person, year_before=True), ALL)],
    "P6-premiums": [(Probe("severelyDisabledWithoutPaidPremiums", PERSON, _person, year_before=True), ALL)],
    # P3: four household heads with one flag 否 each: insurance (two), exam, family doctor.
    "P3": [
        (Probe("uninsuredPersons", PERSON, _person), PART),
        (Probe("missingPhysicalExams", PERSON, _person), PART),
        (Probe("missingFamilyDoctorContracts", PERSON, _person), PART),
    ],
    "P6-dibao": [(Probe("dibaoContradictions", "household { id }", _household), ALL)],
    # S5: the exited households whose income was lowered to the poverty line; the other injections
    # (P2–P5) are in households not out of poverty, so 错退 finds these alone.
    "S5": [(Probe("wronglyExited", "household { id }", _household), ALL)],
    "P4": [(Probe("dangerousHousing", "household { id }", _household), ALL)],
    "P5": [(Probe("unsafeWater", "household { id }", _household), ALL)],
    "P9": [(Probe("petitionRanking", "township { name } flagged", _township_name, _flag("flagged")), ALL)],
    "P10": [
        (Probe("loanOverdueRates", "township { name } overLine", _township_name, _flag("overLine")), ALL)
    ],
    # O3: three projects' faults by 项目编号, and renovation subsidies off the card by 拨付编号.
    "O3": [
        (Probe("projectsWithoutBeneficiaries", "project { id }", _id("project")), PART),
        (Probe("projectsOverBudget", "project { id }", _id("project")), PART),
        (Probe("overdueProjects", "project { id }", _id("project")), PART),
        (Probe("renovationSubsidiesOffCard", "disbursement { id }", _id("disbursement")), PART),
    ],
}


def test_every_rule_of_the_manifest_is_probed(county: County) -> None:
    assert set(county.manifest.violations) == set(PROBES) == set(RULE_ORDER)
    empty = [rule for rule, keys in county.manifest.violations.items() if not keys]
    assert not empty, f"rules with nothing injected (seed {SEED}, {HOUSEHOLDS} households): {empty}"


@pytest.mark.parametrize("rule", RULE_ORDER)
def test_the_manifest_of_the_rule_is_found_exactly(
    county: County, client: Any, rule: str, request: pytest.FixtureRequest
) -> None:
    manifest = county.manifest
    expected = set(manifest.violations[rule])
    found = {probe.name: probe.found(client, manifest.as_of, county.id_numbers) for probe, _ in PROBES[rule]}
    shares = {probe.name: share for probe, share in PROBES[rule]}
    parts = [found[name] for name, share in shares.items() if share == PART]
    if parts:  # together exactly the manifest, each key found once
        assert (set().union(*parts), sum(map(len, parts))) == (expected, len(expected)), found
    wanted = {
        name: found[name] if share == PART else expected if share == ALL else set()
        for name, share in shares.items()
    }
    assert found == wanted, f"{rule} on {manifest.as_of}: found {found}, manifest {wanted}"


def test_p10_the_county_wide_rate_stays_below_the_line(county: County, client: Any) -> None:
    """P10's injection keeps the county-wide overdue rate below 1 % (picker.py NOTES)."""
    query = "query($asOf: Date) { coverage(asOf: $asOf) { loanOverdueCounty { rate overLine } } }"
    row = gql(client, query, asOf=county.manifest.as_of.isoformat())["coverage"]["loanOverdueCounty"]
    assert row["overLine"] is False, row


@pytest.mark.parametrize("scope", [None, "township"])
def test_summary_counts_what_the_lists_find(county: County, client: Any, scope: str | None) -> None:
    """The summary counts its lines in walks, county-wide tallies and per township (for speed);
    every line with a list must count exactly the offenders its list pages, for the county and for
    each township, with injected violations present."""
    checked = summary_counts_lists(client, county.manifest.as_of.isoformat(), per_township=scope is not None)
    assert checked > 0  # some lines count offenders, so equality is not of zeros only


def test_village_summaries_are_each_villages_own_summary(county: County, client: Any) -> None:
    """`villageSummaries` (one statement grouped by village) gives each village the lines that
    `summary` gives when the scope is that village alone, on the generated county."""
    as_of = county.manifest.as_of.isoformat()
    line = "key count denominator passes"
    grouped = gql(
        client,
        f'{{ coverage(asOf: "{as_of}") {{ villageSummaries {{ village {{ code }} lines {{ {line} }} }} }} }}',
    )
    villages = grouped["coverage"]["villageSummaries"]
    assert len(villages) > 10
    one = (
        f'query($v: String) {{ coverage(asOf: "{as_of}", scope: {{villageCode: $v}}) {{ '
        f"summary {{ lines {{ {line} }} }} }} }}"
    )
    offending = 0
    for village in villages[::3]:  # a third of them: each alone is a summary of its own
        alone = gql(client, one, v=village["village"]["code"])["coverage"]["summary"]["lines"]
        assert village["lines"] == alone, village["village"]["code"]
        offending += sum(1 for x in alone if (x["count"] or 0) > 0)
    assert offending > 0
