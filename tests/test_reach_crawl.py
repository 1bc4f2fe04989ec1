"""Nothing a role is shown lies outside its reach, whatever path it follows.

A generated county of 150 households (seeds.generate, dated today; 考勤 left out, it names no one
not named otherwise) is loaded once. The county office then builds where reaches meet, so that
every role's walk crosses a boundary:
- cadre X, paired with households of township A, joins a work team stationed in village V of
  township B: X is then in the reach of A's and of V's officers, its households only in A's, the
  team only in V's (and B's);
- a visit of X to one of its households is recorded (an audit event about the household);
- one response shows the county office the identity numbers of X's households and of V's (a
  `readPersonalData` audit event about households, persons and cadres of both townships).
The roles: COUNTY_ADMIN, TOWNSHIP_OFFICER of A, VILLAGE_OFFICER of V, CADRE X, DEPARTMENT (a unit
leading P3). An INVESTIGATOR's reach is the county office's (graph/reach.py), so its walk would be
the county office's again: the walk selects no personal field, and tests/test_access.py holds which
root fields each role may ask and that its lists hold the whole county. Each crawls the whole
schema (tests/crawl.py) on today and on a past day, four levels of objects deep, with sample keys
inside and outside its reach (X's and the team's first), and every Household, Person, Cadre,
WorkTeam, Village, Township, Unit and AuditEvent it was shown must lie in its reach as
tests/reach.py computes it with plain Cypher. Refusals (FORBIDDEN, NOT_FOUND) are fine; any other
error fails the test too, since it hides what the walk would have shown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, replace

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from core.principal import Role
from core.settings import Settings
from fupin.api import SCHEMA
from fupin.asgi import create_app
from graph.connection import Target
from tests.conftest import bearer, gql, roomy, seed_county
from tests.crawl import Crawl, Found, Plan, crawl, query_type
from tests.reach import Reach, reach, spread

HOUSEHOLDS, SEED = 150, 7
TODAY = dt.date.today()
PAST = TODAY - dt.timedelta(days=200)  # before X joined the team; some households had another cadre
JOINED = TODAY - dt.timedelta(days=30)
START = TODAY - dt.timedelta(days=540)  # `from` of a period: the seed's 18 months of work
DEPTH, SWEEP_DEPTH, SWEEP_PAGE = 4, 3, 10
INSIDE, OUTSIDE = 4, 2  # sample keys per label inside and outside the caller's reach
# Values of arguments whose type alone does not say (tests/crawl.py).
VALUES: dict[str, list[object]] = {
    "nameContains": ["村", "王"],
    "headNameContains": ["王"],
    "type": ["县直部门"],
    "area": ["健康"],
    "incomeBelow": [5000.0],
    "operations": [["pairCadre", "recordVisit"], ["readPersonalData"]],
    "status": ["OPEN", "CONFIRMED"],
    "department": ["医保", "县住建局"],
    "rule": ["P3"],
    "kind": ["危房改造"],
}

ROLES = [Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER, Role.VILLAGE_OFFICER, Role.CADRE, Role.DEPARTMENT]


@dataclass(frozen=True)
class County:
    township: str  # A
    village: str  # V, in B
    cadre: str  # X's uid
    team: str  # the team X joined
    department: str
    households: tuple[str, ...]  # X's

    def scope(self, role: Role) -> str | None:
        return {
            Role.TOWNSHIP_OFFICER: self.township,
            Role.VILLAGE_OFFICER: self.village,
            Role.CADRE: self.cadre,
            Role.DEPARTMENT: self.department,
        }.get(role)

    @property
    def focus(self) -> list[str]:
        """The keys of the entities where reaches meet: sampled first."""
        return [self.township, self.village, self.cadre, self.team, *self.households]


BOUNDARY = """
MATCH (a:Township) WITH a ORDER BY a.code LIMIT 1
MATCH (x:Cadre)-[p:PAIRED_WITH]->(:Household)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->(a)
WHERE p.until IS NULL AND NOT EXISTS { (x)-[:MEMBER_OF]->() }
WITH a, x ORDER BY x.idNumber LIMIT 1
MATCH (w:WorkTeam)-[s:STATIONED_IN]->(v:Village)-[:IN_TOWNSHIP]->(b:Township)
WHERE b <> a AND s.since <= $joined AND s.until IS NULL
WITH a, x, w, v ORDER BY w.id LIMIT 1
MATCH (x)-[p:PAIRED_WITH]->(h:Household) WHERE p.until IS NULL
MATCH (u:Unit)-[:LEADS]->(:Policy {code: 'P3'})
RETURN a.code AS township, v.code AS village, x.uid AS cadre, w.id AS team,
       min(u.name) AS department, collect(DISTINCT h.id) AS households
"""
STATION = """mutation($team: ID!, $cadre: ID!, $since: Date!) {
  stationMember(teamId: $team, cadreId: $cadre, since: $since) { role } }"""
VISIT = """mutation($cadre: ID!, $household: ID!, $date: Date!) {
  recordVisit(cadreId: $cadre, householdId: $household, date: $date, findings: "正常", actions: "无") {
    visit { id } } }"""
SHOWN = "{ id headIdNumber members { id idNumber } pairings { cadre { id phone } } }"


def unvisited(driver: Driver, household: str) -> str:
    """The latest day of the last month without a visit to `household` (one a day at most)."""
    records, _, _ = driver.execute_query(
        "MATCH (:Household {id: $id})<-[:TO]-(v:Visit) RETURN v.date AS date", id=household
    )
    visited = {r["date"].to_native() for r in records}
    return next(d for d in (TODAY - dt.timedelta(days=n) for n in range(31)) if d not in visited).isoformat()


@pytest.fixture(scope="module")
def county(
    driver: Driver, neo4j_target: Target, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> County:
    out = tmp_path_factory.mktemp("seed-county")
    seed_county(driver, neo4j_target, settings, out, HOUSEHOLDS, SEED, TODAY, frozenset({"考勤.csv"}))

    records, _, _ = driver.execute_query(BOUNDARY, joined=JOINED)
    assert records, "the seed county has no paired cadre of one township and no team stationed in another"
    row = records[0]
    county = County(
        row["township"],
        row["village"],
        row["cadre"],
        row["team"],
        row["department"],
        tuple(row["households"]),
    )
    with TestClient(create_app(settings, neo4j_target)) as client:
        client.headers["authorization"] = bearer(settings, Role.COUNTY_ADMIN)
        gql(client, STATION, team=county.team, cadre=county.cadre, since=JOINED.isoformat())
        first = county.households[0]
        gql(client, VISIT, cadre=county.cadre, household=first, date=unvisited(driver, first))
        own = " ".join(f'x{i}: household(id: "{h}") {SHOWN}' for i, h in enumerate(county.households))
        village = f'v: households(filter: {{villageCode: "{county.village}"}}) {{ edges {{ node {SHOWN} }} }}'
        gql(client, f"{{ {own} {village} }}")
    return county


def sample(r: Reach, focus: list[str], label: str, inside: int, outside: int) -> list[str]:
    """Keys of `label`: `inside` keys inside the reach and `outside` keys outside it, the focus's
    first, then spread over the sorted keys."""
    mine = [k for k in focus if k in r.keys[label]] + spread(r.inside(label), inside)
    others = [k for k in focus if k in r.every[label] - r.keys[label]] + spread(r.outside(label), outside)
    return list(dict.fromkeys(mine[:inside] + others[:outside]))


def plan_keys(driver: Driver, r: Reach, focus: list[str], inside: int, outside: int) -> dict[str, list[str]]:
    """Sample keys of every label, policies' codes and the sampled persons' and cadres' identity numbers."""
    keys = {label: sample(r, focus, label, inside, outside) for label in r.keys}
    records, _, _ = driver.execute_query("MATCH (p:Policy) RETURN p.code AS key")
    keys["Policy"] = spread((record["key"] for record in records), 2)
    for label in ("Person", "Cadre"):
        records, _, _ = driver.execute_query(
            f"MATCH (n:{label}) WHERE n.uid IN $uids RETURN n.idNumber AS key", uids=keys[label]
        )
        keys[f"{label}.idNumber"] = sorted(record["key"] for record in records)
    return keys


def plans(driver: Driver, r: Reach, focus: list[str], settings: Settings) -> list[Plan]:
    """Today, with a sweep of every argument value; a past day, defaults only."""
    base = Plan(
        day=TODAY,
        start=START,
        keys=plan_keys(driver, r, focus, INSIDE, OUTSIDE),
        values=VALUES,
        page=settings.max_page_size,
        depth=DEPTH,
        max_tokens=settings.security.max_tokens,
        max_aliases=settings.security.max_aliases,
    )
    sweep = replace(base, keys=plan_keys(driver, r, focus, 1, 1), page=SWEEP_PAGE, depth=SWEEP_DEPTH)
    return [replace(base, sweep=sweep), base.on(PAST)]


def route(where: str) -> str:
    """`where` without alias, arguments and list indices: the path a developer follows."""
    return re.sub(r"\[\d+\]", "", re.sub(r"^(\w+: )?(\w+)\([^)]*\)", r"\2", where))


def report(caller: str, escaped: list[tuple[Found, str]], result: Crawl) -> str:
    """The escapes grouped by label and route, most frequent first, two examples each; then the errors."""
    lines = [
        f"{caller}: {len(escaped)} objects outside its reach, {len(result.errors)} errors other than "
        f"refusals ({result.requests} requests, {result.refused} refusals)"
    ]
    by_route: dict[tuple[str, str], list[tuple[Found, str]]] = defaultdict(list)
    for found, why in escaped:
        by_route[(found.label, route(found.where))].append((found, why))
    for (label, path), items in sorted(by_route.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        distinct = len({found.key for found, _ in items})
        lines.append(f"- {label} ×{len(items)} ({distinct} distinct) via {path}")
        lines += [f"    {found.label} {found.key} at {found.where}: {why}" for found, why in items[:2]]
    lines += [f"- error: {e}" for e in result.errors[:10]]
    return "\n".join(lines)


@pytest.mark.parametrize("role", ROLES, ids=[r.value.lower() for r in ROLES])
def test_every_object_shown_lies_in_the_callers_reach(
    role: Role, county: County, driver: Driver, settings: Settings, neo4j_target: Target
) -> None:
    scope = county.scope(role)
    r = reach(driver, role, scope, TODAY)
    # The limits would refuse the deepest documents of the walk: they are tested on their own.
    with TestClient(create_app(roomy(settings), neo4j_target)) as client:
        result = crawl(
            client, bearer(settings, role, scope), SCHEMA._schema, plans(driver, r, county.focus, settings)
        )

    # The walk saw something: a county role every key of every label (every page followed) and
    # data from every root field; any role some households, villages, townships and units.
    seen: dict[str, set[str]] = defaultdict(set)
    for found in result.found:
        seen[found.label].add(found.key)
    if r.kind == "county":
        assert {label: seen[label] for label in r.every} == r.every
        assert seen["AuditEvent"]
        # node(id) answers what the types' own lookups answer (tests/crawl.py leaves it to them);
        # the crawled county has no department comparison (tests/test_compare_suspects.py holds
        # each role's suspects).
        unsure = {"node", "suspects"}
        assert result.answered - unsure == set(query_type(SCHEMA._schema).fields) - unsure
    assert all(seen[label] for label in ("Household", "Village", "Township", "Unit")), seen.keys()

    escaped = [(found, why) for found in result.found if (why := r.escapes(found)) is not None]
    assert not escaped and not result.errors, report(f"{role.value} (scope {scope})", escaped, result)
