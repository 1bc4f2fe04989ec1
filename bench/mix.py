"""A weighted mix of GraphQL reads and writes over a county's own data, looked up first.

`Pool.look_up` reads what the operations need (households with their responsible cadre, stationed
cadres, teams, escalated visits); `Pool.draw` picks one operation at random by weight, and
`Pool.learn` keeps the pool in step with what a successful write changed. Refusals (W7, W8, W9,
S1, S2, ALREADY_EXISTS, …) are part of the mix: a refused write takes its locks too. Used by
`bench/soak.py` over HTTP and by the concurrent-writes test.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

# kind -> weight. Writes: 30 % of the default mix.
READS = {"households": 20, "household": 15, "chain": 15, "coverage": 10, "summary": 5, "cadres": 5}
WRITES = {"attendance": 8, "visit": 8, "pair": 5, "endPairing": 3, "card": 2, "stationing": 2, "resolve": 2}
WRITE_KINDS = frozenset(WRITES)

_HOUSEHOLDS = """query($v: String) { households(filter: {villageCode: $v}, first: 20) {
  edges { node { id headName card status village { code name } } } } }"""
_HOUSEHOLD = """query($h: ID!) { household(id: $h) { id headName card status income
  members { id name } } }"""
_CHAIN = """query($h: ID!) { responsibilityChain(householdId: $h) { asOf card household { id }
  pairings { cadre { id name } since until unit { unit { name } } }
  teams { team { id level } leaders { cadre { id name } role } }
  secretaries { cadre { id name } } countyLeaders { cadre { id name } } } }"""
_COVERAGE = """query($v: String!) { coverage(scope: {villageCode: $v}) {
  unpairedHouseholds(first: 20) { edges { node { household { id } } } }
  overdueVisits(first: 20) { edges { node { household { id } } } }
  attendanceShortfalls(first: 20) { edges { node { cadre { id } days } } } } }"""
_SUMMARY = "query { coverage { summary { lines { key title count denominator } } } }"
_CADRES = "query { cadres(first: 20) { edges { node { id name } } } }"

_ATTENDANCE = """mutation($entries: [CheckInInput!]!) { recordAttendance(entries: $entries) {
  created updated unchanged } }"""
_VISIT = """mutation($c: ID!, $h: ID!, $d: Date!, $escalate: Boolean!) {
  recordVisit(cadreId: $c, householdId: $h, date: $d, findings: "走访了解生产生活情况",
              actions: "宣讲政策", escalate: $escalate) { visit { id } } }"""
_PAIR = """mutation($h: ID!, $c: ID!, $d: Date!) {
  pairCadre(householdId: $h, cadreId: $c, since: $d, replace: true, reason: "工作调整") {
    pairing { since } ended { cadre { id } } } }"""
_END_PAIRING = """mutation($h: ID!, $c: ID!, $d: Date!) {
  endPairing(householdId: $h, cadreId: $c, until: $d, reason: "工作调整") { until } }"""
_CARD = """mutation($h: ID!, $card: Card!, $d: Date!) {
  reclassifyCard(householdId: $h, card: $card, reason: "动态调整", date: $d) { id card } }"""
_END_STATIONING = """mutation($t: ID!, $c: ID!, $d: Date!) {
  endStationing(teamId: $t, cadreId: $c, until: $d) { until } }"""
_STATION = """mutation($t: ID!, $c: ID!, $d: Date!) {
  stationMember(teamId: $t, cadreId: $c, since: $d) { since } }"""
_RESOLVE = """mutation($x: ID!, $d: Date!) {
  resolveVisitProblem(visitId: $x, resolution: "已协调解决", resolvedOn: $d) { visit { id } } }"""


@dataclass(frozen=True)
class Operation:
    kind: str
    query: str
    variables: dict[str, Any]
    facts: dict[str, Any] = field(default_factory=dict)  # what `learn` needs of a success

    @property
    def writes(self) -> bool:
        return self.kind in WRITE_KINDS


_LOOK_UP = """
CALL () {
  MATCH (h:Household)-[:IN_VILLAGE]->(v:Village)
  OPTIONAL MATCH (h)<-[r:PAIRED_WITH WHERE r.until IS NULL]-(c:Cadre)
  RETURN collect({id: h.id, village: v.code, cadre: c.uid, since: r.since}) AS households
}
CALL () {
  MATCH (c:Cadre)-[m:MEMBER_OF WHERE m.until IS NULL]->(w:WorkTeam)-[s:STATIONED_IN WHERE s.until IS NULL]->()
  RETURN collect({cadre: c.uid, team: w.id, since: m.since, role: m.role}) AS members
}
CALL () { MATCH (c:Cadre) RETURN collect(c.uid) AS cadres }
CALL () {
  MATCH (x:Visit {escalate: true}) WHERE x.resolvedOn IS NULL
  RETURN collect(x.id)[..500] AS open
}
RETURN households, members, cadres, open
"""


@dataclass
class Pool:
    """What the mix draws from, shared by the clients of one run (guarded by `lock`)."""

    today: dt.date
    households: list[dict[str, Any]]
    members: list[dict[str, Any]]  # open team memberships: cadre, team, since, role
    cadres: list[str]
    open_problems: list[str]
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def look_up(cls, driver: Driver, database: str, today: dt.date) -> Pool:
        records, _, _ = driver.execute_query(_LOOK_UP, database_=database)
        row = records[0]
        plain = [{k: _native(v) for k, v in h.items()} for h in row["households"]]
        members = [{k: _native(v) for k, v in m.items()} for m in row["members"]]
        members = [m for m in members if m["role"] == "MEMBER"]  # leaders stay (W4)
        return cls(today, plain, members, list(row["cadres"]), list(row["open"]))

    def draw(self, rng: random.Random, weights: dict[str, int]) -> Operation:
        kind = rng.choices(list(weights), list(weights.values()))[0]
        with self.lock:
            return getattr(self, f"_{kind}")(rng)

    def learn(self, op: Operation) -> None:
        """Keep the pool true to a write that succeeded."""
        with self.lock:
            h = op.facts.get("household")
            if op.kind == "pair" and h is not None:
                h["cadre"], h["since"] = op.variables["c"], self.today
            elif op.kind == "endPairing" and h is not None:
                h["cadre"] = None
            elif op.kind == "stationing":
                m = op.facts["member"]
                m["open"] = not m.get("open", True)
                m["since"] = self.today if m["open"] else m["since"]
            elif op.kind == "resolve" and op.variables["x"] in self.open_problems:
                self.open_problems.remove(op.variables["x"])

    def _day(self, rng: random.Random, since: dt.date | None, span: int = 120) -> dt.date:
        first = max(since or self.today, self.today - dt.timedelta(days=span))
        return first + dt.timedelta(days=rng.randint(0, (self.today - first).days))

    # Reads.
    def _households(self, rng: random.Random) -> Operation:
        return Operation("households", _HOUSEHOLDS, {"v": rng.choice(self.households)["village"]})

    def _household(self, rng: random.Random) -> Operation:
        return Operation("household", _HOUSEHOLD, {"h": rng.choice(self.households)["id"]})

    def _chain(self, rng: random.Random) -> Operation:
        return Operation("chain", _CHAIN, {"h": rng.choice(self.households)["id"]})

    def _coverage(self, rng: random.Random) -> Operation:
        return Operation("coverage", _COVERAGE, {"v": rng.choice(self.households)["village"]})

    def _summary(self, rng: random.Random) -> Operation:
        return Operation("summary", _SUMMARY, {})

    def _cadres(self, rng: random.Random) -> Operation:
        return Operation("cadres", _CADRES, {})

    # Writes.
    def _attendance(self, rng: random.Random) -> Operation:
        """Two to four stationed cadres, one to three days each, in no particular order."""
        open_members = [m for m in self.members if m.get("open", True)] or self.members
        chosen = rng.sample(open_members, min(len(open_members), rng.randint(2, 4)))
        entries = [
            {"cadreId": m["cadre"], "date": day.isoformat(), "inVillage": rng.random() < 0.9}
            for m in chosen
            for day in {self._day(rng, m["since"], 60) for _ in range(rng.randint(1, 3))}
        ]
        rng.shuffle(entries)
        return Operation("attendance", _ATTENDANCE, {"entries": entries})

    def _paired(self, rng: random.Random) -> dict[str, Any]:
        paired = [h for h in self.households if h["cadre"] is not None]
        return rng.choice(paired or self.households)

    def _visit(self, rng: random.Random) -> Operation:
        h = self._paired(rng)
        variables = {
            "c": h["cadre"] or rng.choice(self.cadres),
            "h": h["id"],
            "d": self._day(rng, h["since"], 365).isoformat(),
            "escalate": rng.random() < 0.2,
        }
        return Operation("visit", _VISIT, variables)

    def _pair(self, rng: random.Random) -> Operation:
        h = rng.choice(self.households)
        variables = {"h": h["id"], "c": rng.choice(self.cadres), "d": self.today.isoformat()}
        return Operation("pair", _PAIR, variables, {"household": h})

    def _endPairing(self, rng: random.Random) -> Operation:
        h = self._paired(rng)
        variables = {"h": h["id"], "c": h["cadre"] or rng.choice(self.cadres), "d": self.today.isoformat()}
        return Operation("endPairing", _END_PAIRING, variables, {"household": h})

    def _card(self, rng: random.Random) -> Operation:
        h = rng.choice(self.households)
        variables = {
            "h": h["id"],
            "card": rng.choice(["RED", "YELLOW", "GREEN"]),
            "d": self.today.isoformat(),
        }
        return Operation("card", _CARD, variables)

    def _stationing(self, rng: random.Random) -> Operation:
        """A member leaves its team today, or one who left comes back today."""
        m = rng.choice(self.members)
        variables = {"t": m["team"], "c": m["cadre"], "d": self.today.isoformat()}
        query = _END_STATIONING if m.get("open", True) else _STATION
        return Operation("stationing", query, variables, {"member": m})

    def _resolve(self, rng: random.Random) -> Operation:
        if not self.open_problems:
            return self._visit(rng)
        return Operation(
            "resolve", _RESOLVE, {"x": rng.choice(self.open_problems), "d": self.today.isoformat()}
        )


def _native(value: Any) -> Any:
    to_native = getattr(value, "to_native", None)  # neo4j.time.Date
    return to_native() if to_native is not None else value
