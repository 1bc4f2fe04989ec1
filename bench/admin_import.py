"""The offline limit: the validated rosters written as neo4j-admin CSV files and imported with
`neo4j-admin database import full` into a stopped server's home.

The CSVs hold the nodes of every roster (ids in one id space per label, properties typed in the
headers: `income:double`, `since:date`, `otherCauses:string[]`) and the main relationships of
docs/model.md. Only the import command is timed: the files are written before the clock starts.
Schema (constraints, indexes) is not part of the import (Community Edition cannot build it there).
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.settings import Settings
from graph import server
from graph.load.base import stable_id
from graph.migrate import CARDS, POLICIES
from graph.rosters import ParsedRoster, ParsedRow
from graph.rosters.values import Value
from graph.runtime import Neo4jSetupError, classpath, java_executable, resolve

# The flags Neo4j's launcher gives every JVM it starts (the importer uses off-heap memory too).
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
]
ARRAY_DELIMITER = ";"
_IMPORT_DONE = re.compile(r"IMPORT DONE in (?:(\d+)m )?(\d+)s (\d+)ms")

Props = dict[str, Value]


@dataclass
class _Label:
    key: str
    nodes: dict[str, Props] = field(default_factory=dict)


@dataclass
class _Rels:
    start: str
    end: str
    rows: list[tuple[str, str, Props]] = field(default_factory=list)


@dataclass
class ImportFiles:
    """The CSV files written, as `(label or type, path)`, and what they hold."""

    nodes: list[tuple[str, Path]]
    relationships: list[tuple[str, Path]]
    node_count: int
    relationship_count: int
    skipped: dict[str, int]  # relationship type → rows left out because an end node is unknown


@dataclass
class ImportRun:
    seconds: float  # wall time of the admin command, JVM start included
    reported_seconds: float | None  # the tool's own "IMPORT DONE in …"
    output: str


class Graph:
    """Nodes by label and natural key, relationships by (type, start label, end label)."""

    def __init__(self) -> None:
        self.labels: dict[str, _Label] = {}
        self.rels: dict[tuple[str, str, str], _Rels] = {}
        self.skipped: dict[str, int] = {}

    def node(self, label: str, key: str, ident: object, props: Props | None = None) -> str:
        """Add (or complete: first value of a property wins) a node; return its id."""
        nodes = self.labels.setdefault(label, _Label(key)).nodes
        name = str(ident)
        have = nodes.setdefault(name, {})
        for prop, value in (props or {}).items():
            if value is not None and have.get(prop) is None:
                have[prop] = value
        return name

    def has(self, label: str, ident: object) -> bool:
        return label in self.labels and str(ident) in self.labels[label].nodes

    def rel(
        self, rtype: str, start: tuple[str, object], end: tuple[str, object], props: Props | None = None
    ) -> None:
        """A relationship between two nodes that must exist; otherwise it is counted as skipped."""
        if start[1] is None or end[1] is None or not self.has(*start) or not self.has(*end):
            self.skipped[rtype] = self.skipped.get(rtype, 0) + 1
            return
        group = self.rels.setdefault((rtype, start[0], end[0]), _Rels(start[0], end[0]))
        group.rows.append((str(start[1]), str(end[1]), props or {}))

    def write(self, out: Path) -> ImportFiles:
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.csv"):
            old.unlink()
        nodes: list[tuple[str, Path]] = []
        for label, group in self.labels.items():
            path = out / f"node-{label}.csv"
            props = _columns(group.nodes.values(), skip=group.key)
            header = [f"{group.key}:ID({label})", *(f"{p}:{t}" for p, t in props)]
            rows = ([ident, *(_cell(n.get(p)) for p, _ in props)] for ident, n in group.nodes.items())
            _write(path, header, rows)
            nodes.append((label, path))
        relationships: list[tuple[str, Path]] = []
        for (rtype, start, end), rels in self.rels.items():
            path = out / f"rel-{rtype}-{start}-{end}.csv"
            props = _columns(p for _, _, p in rels.rows)
            header = [f":START_ID({start})", f":END_ID({end})", *(f"{p}:{t}" for p, t in props)]
            rows = ([s, e, *(_cell(r.get(p)) for p, _ in props)] for s, e, r in rels.rows)
            _write(path, header, rows)
            relationships.append((rtype, path))
        return ImportFiles(
            nodes,
            relationships,
            sum(len(g.nodes) for g in self.labels.values()),
            sum(len(r.rows) for r in self.rels.values()),
            dict(self.skipped),
        )


def _type(value: Value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, date):
        return "date"
    if isinstance(value, list):
        return "string[]"
    return "string"


def _columns(rows: Iterable[Props], skip: str = "") -> list[tuple[str, str]]:
    """Every property of the rows with the type of its first value (ints of float columns widen)."""
    found: dict[str, str] = {}
    for props in rows:
        for prop, value in props.items():
            if prop == skip or value is None:
                continue
            kind, seen = _type(value), found.get(prop)
            if seen is None:
                found[prop] = kind
            elif {seen, kind} == {"long", "double"}:
                found[prop] = "double"
    return list(found.items())


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(value)
    return str(value)


def _write(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _pick(values: Props, props: Iterable[str], rename: dict[str, str] | None = None) -> Props:
    names = rename or {}
    return {names.get(p, p): values.get(p) for p in props if p in values}


class _Builder:
    """Turns the validated rows of each roster into nodes and relationships."""

    def __init__(self, county_code: str, county_name: str) -> None:
        self.g = Graph()
        self.villages: dict[tuple[str, str], str] = {}  # (township name, village name) → code
        self.townships: dict[str, str] = {}  # township name → code
        self.g.node("County", "code", county_code, {"name": county_name})
        for color in CARDS:
            self.g.node("Card", "color", color)
        self.policy_of_area: dict[str, str] = {}
        for code, area, departments in POLICIES:
            self.g.node("Policy", "code", code, {"area": area})
            self.policy_of_area.setdefault(area, code)
            for department in departments:
                self.g.node("Unit", "name", department, {"type": "县直部门"})
                self.g.rel("LEADS", ("Unit", department), ("Policy", code))
        self.county = county_code

    def add(self, roster: ParsedRoster) -> None:
        handler = getattr(self, f"_{roster.kind}")
        for row in roster.rows:
            handler(roster, row)

    def _unit(self, name: Value, props: Props | None = None) -> tuple[str, object]:
        if name is not None:
            self.g.node("Unit", "name", name, props)
        return ("Unit", name)

    def _village(self, township: Value, village: Value) -> tuple[str, object]:
        return ("Village", self.villages.get((str(township), str(village))))

    def _units(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        self._unit(v["name"], _pick(v, roster.spec.props_on("Unit")))
        if v.get("mergedInto") is not None:
            target = self._unit(v["mergedInto"])
            self.g.rel("MERGED_INTO", ("Unit", v["name"]), target, {"since": v.get("since")})

    def _villages(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        township, code = str(v["townshipName"]), str(v["townshipCode"])
        self.villages[(township, str(v["name"]))] = str(v["code"])
        if township not in self.townships:
            self.townships[township] = code
            self.g.node("Township", "code", code, {"name": township})
            self.g.rel("IN_COUNTY", ("Township", code), ("County", self.county))
        self.g.node("Village", "code", v["code"], _pick(v, roster.spec.props_on("Village")))
        self.g.rel("IN_TOWNSHIP", ("Village", v["code"]), ("Township", code))

    def _cadres(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        props = _pick(v, roster.spec.props_on("Cadre"))
        props["uid"] = str(uuid.uuid4())
        self.g.node("Cadre", "idNumber", v["idNumber"], props)
        unit = self._unit(
            v["unitName"],
            _pick(v, ("unitType", "unitAffiliation"), {"unitType": "type", "unitAffiliation": "affiliation"}),
        )
        self.g.rel("WORKS_FOR", ("Cadre", v["idNumber"]), unit)

    def _township_leaders(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        cadre = v["cadreIdNumber"]
        if not self.g.has("Cadre", cadre):
            props: Props = {"name": v["cadreName"], "post": v.get("cadrePost"), "uid": str(uuid.uuid4())}
            self.g.node("Cadre", "idNumber", cadre, props)
        township = ("Township", self.townships.get(str(v["townshipName"])))
        self.g.rel(str(v["duty"]), ("Cadre", cadre), township, _pick(v, ("since", "until")))

    def _households(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        self.g.node("Household", "id", v["id"], _pick(v, roster.spec.props_on("Household")))
        self.g.rel("IN_VILLAGE", ("Household", v["id"]), self._village(v["townshipName"], v["villageName"]))
        self.g.rel("HAS_CARD", ("Household", v["id"]), ("Card", v["card"]), {"since": v.get("identifiedOn")})

    def _persons(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        props = _pick(v, roster.spec.props_on("Person"))
        props["uid"] = str(uuid.uuid4())
        self.g.node("Person", "idNumber", v["idNumber"], props)
        household = ("Household", v["householdId"])
        self.g.rel("BELONGS_TO", ("Person", v["idNumber"]), household, {"relation": v["relation"]})

    def _pairings(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        props = _pick(v, ("since", "until"))
        self.g.rel("PAIRED_WITH", ("Cadre", v["cadreIdNumber"]), ("Household", v["householdId"]), props)

    def _teams(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        station = str(v["station"])
        if station.isdigit():
            village: tuple[str, object] = ("Village", station)
        else:
            village = self._village(*station.split("+", 1))
        if village[1] is None:
            self.g.skipped["MEMBER_OF"] = self.g.skipped.get("MEMBER_OF", 0) + 1
            return
        team = f"{village[1]}:{v['unitName']}"
        first = not self.g.has("WorkTeam", team)
        self.g.node("WorkTeam", "id", team, {"level": v.get("level")})
        if first:
            since = {"since": v.get("since")}
            self.g.rel(
                "DISPATCHED",
                self._unit(v["unitName"]),
                ("WorkTeam", team),
                {"level": v.get("level"), **since},
            )
            self.g.rel("STATIONED_IN", ("WorkTeam", team), village, since)
        props = _pick(v, ("role", "since", "until"))
        self.g.rel("MEMBER_OF", ("Cadre", v["cadreIdNumber"]), ("WorkTeam", team), props)

    def _visits(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        visit = stable_id(v["cadreIdNumber"], v["householdId"], v["date"])
        self.g.node("Visit", "id", visit, _pick(v, roster.spec.props_on("Visit")))
        self.g.rel("MADE", ("Cadre", v["cadreIdNumber"]), ("Visit", visit))
        self.g.rel("TO", ("Visit", visit), ("Household", v["householdId"]))

    def _attendance(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        ident = stable_id(v.get("cadreIdNumber") or v.get("dingtalk"), v["date"])
        self.g.node("Attendance", "id", ident, _pick(v, roster.spec.props_on("Attendance")))
        self.g.rel("CHECKED_IN", ("Cadre", v.get("cadreIdNumber")), ("Attendance", ident))

    def _benefits(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        person = v.get("personIdNumber")
        ident = stable_id(v["householdId"], person, v["area"], v["project"], v["date"])
        self.g.node("Benefit", "id", ident, _pick(v, roster.spec.props_on("Benefit")))
        receiver = ("Person", person) if person is not None else ("Household", v["householdId"])
        self.g.rel("RECEIVES", receiver, ("Benefit", ident))
        self.g.rel("UNDER", ("Benefit", ident), ("Policy", self.policy_of_area.get(str(v["area"]))))

    def _loans(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        ident = stable_id(v["householdId"], v["bank"], v["issuedOn"])
        self.g.node("Loan", "id", ident, _pick(v, roster.spec.props_on("Loan")))
        self.g.rel("BORROWED", ("Household", v["householdId"]), ("Loan", ident))

    def _petitions(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        case = ("Petition", v["caseNo"])
        self.g.node("Petition", "caseNo", v["caseNo"], _pick(v, roster.spec.props_on("Petition")))
        self.g.rel("IN_TOWNSHIP", case, ("Township", self.townships.get(str(v["townshipName"]))))
        if v.get("villageName") is not None:
            self.g.rel("IN_VILLAGE", case, self._village(v["townshipName"], v["villageName"]))
        if v.get("householdId") is not None:
            self.g.rel("ABOUT", case, ("Household", v["householdId"]))

    def _rectifications(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        self.g.node("Rectification", "id", v["id"], _pick(v, roster.spec.props_on("Rectification")))
        self.g.rel("ISSUED_TO", ("Rectification", v["id"]), ("Cadre", v["cadreIdNumber"]))

    def _poverty_reports(self, roster: ParsedRoster, row: ParsedRow) -> None:
        v = row.values
        report = ("PovertyReport", v["id"])
        self.g.node("PovertyReport", "id", v["id"], _pick(v, roster.spec.props_on("PovertyReport")))
        self.g.rel("ABOUT", report, ("Household", v["householdId"]))
        feedback = v.get("feedbackUnits")
        measures = v.get("measureUnits")
        done = set(measures) if isinstance(measures, list) else set()
        for unit in feedback if isinstance(feedback, list) else []:
            props: Props = {"since": v.get("verifiedOn") or v.get("foundOn"), "measure": unit in done}
            self.g.rel("FEEDBACK_TO", report, self._unit(unit), props)


def write_import_files(
    rosters: list[ParsedRoster], out: Path, county_code: str, county_name: str
) -> ImportFiles:
    """Rosters in load order → neo4j-admin CSV files in `out` (emptied first)."""
    builder = _Builder(county_code, county_name)
    for roster in rosters:
        builder.add(roster)
    return builder.g.write(out)


def run_import(settings: Settings, files: ImportFiles, database: str = "neo4j") -> ImportRun:
    """`neo4j-admin database import full` into the (stopped) managed server of `settings`."""
    if server.status(settings) is not None:
        raise Neo4jSetupError("stop the server before importing into its home")
    p = server.paths(settings)
    lib = resolve(settings.cache, settings.neo4j.version)
    command = [
        java_executable(), f"-Xmx{settings.neo4j.heap}", *JVM_FLAGS,
        "-cp", classpath(lib), "org.neo4j.cli.AdminTool",
        "database", "import", "full", database,  # first: --nodes/--relationships take several files
        "--overwrite-destination=true",
        f"--array-delimiter={ARRAY_DELIMITER}",
        f"--max-off-heap-memory={settings.neo4j.pagecache}",
        f"--report-file={p.logs / 'import.report'}",
        *(f"--nodes={label}={path}" for label, path in files.nodes),
        *(f"--relationships={rtype}={path}" for rtype, path in files.relationships),
    ]  # fmt: skip
    env = {**os.environ, "NEO4J_HOME": str(p.root), "NEO4J_CONF": str(p.conf)}
    began = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - began
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise Neo4jSetupError(f"neo4j-admin import failed (status {done.returncode}):\n{output[-4000:]}")
    found = _IMPORT_DONE.search(output)
    reported = None
    if found:
        minutes, secs, millis = found.groups()
        reported = int(minutes or 0) * 60 + int(secs) + int(millis) / 1000
    return ImportRun(seconds, reported, output)
