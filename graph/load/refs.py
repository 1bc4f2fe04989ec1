"""Reference checks before writing: every village, household, cadre, unit … a row refers to must
exist in the database or in a roster loaded earlier in this run (in a dry run nothing is written,
so those rosters count by their good rows). One read query per roster, UNWINDing the distinct
keys; a row with an unknown reference is a `RowError` naming file, row, column, value and reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from neo4j import Driver

from graph.load.base import PLAN_ONCE, Checked
from graph.rosters import SPECS, ParsedRoster, ParsedRow, RowError
from graph.rosters.codes import unit_type_of
from graph.rosters.validate import digest

AMBIGUOUS = object()  # a 乡镇+村 name pair that names two villages

# Ref names of specs.py → the domain of keys they name.
DOMAINS = {
    "household": "household",
    "cadre": "cadre",
    "unit": "unit",
    "mergedInto": "unit",
    "feedbackUnits": "unit",
    "measureUnits": "unit",
    "village": "village",
    "villageCode": "villageCode",
    "township": "township",
    "person": "person",
    "policyArea": "policyArea",
    "dingtalk": "dingtalk",
    "project": "project",
}

# Per domain: the keys found and what the writer needs of them (a code, a household id …).
# Each is `UNWIND $<domain> AS k MATCH … RETURN collect([k, value]) AS <domain>`.
_MATCHES = {
    "household": ("(n:Household {id: k})", "true"),
    "cadre": ("(n:Cadre {idNumber: k})", "true"),
    "unit": ("(n:Unit {name: k})", "true"),
    "villageCode": ("(n:Village {code: k})", "true"),
    "village": ("(:Township {name: k[0]})<-[:IN_TOWNSHIP]-(n:Village {name: k[1]})", "n.code"),
    "township": ("(n:Township {name: k})", "n.code"),
    "person": (
        "(n:Person {idNumber: k}) OPTIONAL MATCH (n)-[:BELONGS_TO]->(h:Household)",
        "coalesce(h.id, '')",
    ),
    "policyArea": ("(n:Policy {area: k})", "n.code"),
    "project": ("(n:Project {id: k})", "true"),
}
LOOKUPS = {
    domain: f"UNWIND ${domain} AS k MATCH {match} RETURN collect([k, {value}]) AS {domain}"
    for domain, (match, value) in _MATCHES.items()
}
# A household's head (户主证件号码) may head no other household: one scan for the roster's heads.
LOOKUPS["head"] = (
    "MATCH (n:Household) WHERE n.headIdNumber IN $head RETURN collect([n.headIdNumber, n.id]) AS head"
)
LOOKUPS["dingtalk"] = (
    "MATCH (n:Cadre) WHERE n.dingtalk IN $dingtalk RETURN collect([n.dingtalk, n.idNumber]) AS dingtalk"
)

REASONS = {
    "household": "户编号不存在：户花名册和数据库中都没有此户（请先导入户花名册）",
    "cadre": "帮扶责任人不存在：帮扶责任人花名册和数据库中都没有此证件号码（请先导入帮扶责任人花名册）",
    "unit": "单位不存在（请先导入帮扶单位花名册）",
    "mergedInto": "并入单位不存在：帮扶单位花名册和数据库中都没有该单位",
    "village": "行政村不存在：该乡(镇)下没有此行政村（请核对名称，或先导入行政村花名册）",
    "villageCode": "村代码不存在（请先导入行政村花名册）",
    "township": "乡(镇)不存在（请核对名称，或先导入行政村花名册）",
    "person": "证件号码不存在：人口花名册和数据库中都没有此人（请先导入人口花名册）",
    "policyArea": "政策类别没有对应的政策",
    "dingtalk": "钉钉账号未关联帮扶责任人：请至少在一行中同时填写证件号码和钉钉账号",
    "project": "项目编号不存在：项目库和数据库中都没有此项目（请先导入项目库）",
}
AMBIGUOUS_VILLAGE = "该乡(镇)下有多个同名行政村，无法确定是哪一个（请改填村代码）"


# A row whose reference was rejected earlier in the same load: what it names, in the reason.
REJECTED_NOUNS = {
    "household": "此户",
    "cadre": "此帮扶责任人",
    "village": "此行政村",
    "villageCode": "此行政村",
    "person": "此人",
    "unit": "此单位",
    "mergedInto": "并入单位",
    "project": "此项目",
}


def knock_on_reason(name: str, where: str) -> str:
    noun = REJECTED_NOUNS[name]
    return f"{noun}在本次导入中被拒绝（见{where}），本行随之未导入：改正{where}后重新导入即可"


_DEFINED_BY = {
    "household": "households",
    "cadre": "cadres",
    "village": "villages",
    "villageCode": "villages",
    "person": "persons",
    "unit": "units",
    "project": "projects",
}


def _keys(kind: str, v: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(domain, key, what the writer needs of it) of the entities a row of `kind` defines."""
    if kind == "villages":
        return [
            ("village", (v.get("townshipName"), v.get("name")), v.get("code")),
            ("villageCode", v.get("code"), True),
            ("township", v.get("townshipName"), v.get("townshipCode")),
        ]
    if kind == "households":
        return [("household", v.get("id"), True), ("head", v.get("headIdNumber"), v.get("id"))]
    if kind == "persons":
        return [("person", v.get("idNumber"), v.get("householdId"))]
    if kind == "cadres":
        return [("cadre", v.get("idNumber"), True), ("unit", v.get("unitName"), True)]
    if kind == "units":
        return [("unit", v.get("name"), True)]
    if kind == "projects":
        return [("project", v.get("id"), True)]
    return []


class Known:
    """Keys by domain that rosters of this run hold (checked, and written unless a dry run), and
    those whose rows were rejected (with where: "户.csv 第12行")."""

    def __init__(self) -> None:
        self.keys: dict[str, dict[Any, Any]] = defaultdict(dict)
        self.rejected: dict[str, dict[Any, str]] = defaultdict(dict)
        self.failed: dict[str, str] = {}  # domain → the file of its roster that was not loaded
        # Units 帮扶责任人花名册 names for the first time (name, type), in order: created with the cadres.
        self.new_units: list[tuple[str, str]] = []

    def learn(self, kind: str, rows: list[Checked]) -> None:
        for row in rows:
            v = row.values
            for domain, key, value in _keys(kind, v):
                self.keys[domain][key] = value
            if kind == "attendance" and v.get("dingtalk") and v.get("cadreIdNumber"):
                self.keys["dingtalk"][v["dingtalk"]] = v["cadreIdNumber"]

    def fail(self, roster: str | None, file: str) -> None:
        """A file that could not be loaded at all; when it is known which roster it is, a missing
        reference of that roster's domain says so."""
        kinds = {spec.name: spec.kind for spec in SPECS}
        for domain, kind in _DEFINED_BY.items():
            if roster is not None and kinds.get(roster) == kind:
                self.failed.setdefault(domain, f"{file}（整个文件未导入）")

    def reject(self, kind: str, file: str, rows: list[tuple[int, dict[str, Any]]]) -> None:
        """Rows of `kind` that were not loaded: the keys they define (those that parsed) point
        here, unless another row of the run holds the same key."""
        for number, values in rows:
            for domain, key, _ in _keys(kind, values):
                parts = key if isinstance(key, tuple) else (key,)
                shared = domain in ("township", "unit", "head") and kind != "units"
                if shared or any(p is None for p in parts):
                    continue
                self.rejected[domain].setdefault(key, f"{file} 第{number}行")


def lookup(driver: Driver, database: str, wanted: dict[str, set[Any]]) -> dict[str, dict[Any, Any]]:
    """One read query for all the keys a roster refers to, by domain."""
    domains = [domain for domain, keys in wanted.items() if keys]
    found: dict[str, dict[Any, Any]] = {domain: {} for domain in wanted}
    if not domains:
        return found
    calls = "\n".join(f"CALL () {{ {LOOKUPS[d]} }}" for d in domains)
    cypher = f"{PLAN_ONCE}{calls}\nRETURN " + ", ".join(domains)
    params = {d: [list(k) if isinstance(k, tuple) else k for k in wanted[d]] for d in domains}
    with driver.session(database=database) as session:
        record = session.execute_read(lambda tx: tx.run(cypher, params).single(strict=True))
    for domain in domains:
        for key, value in record[domain]:
            key = tuple(key) if isinstance(key, list) else key
            seen = found[domain].get(key)
            found[domain][key] = AMBIGUOUS if seen is not None and seen != value else value
    return found


def wanted_keys(parsed: ParsedRoster) -> dict[str, set[Any]]:
    wanted: dict[str, set[Any]] = defaultdict(set)
    for name, refs in parsed.references().items():
        for ref in refs:
            if name in ("feedbackUnits", "measureUnits"):
                wanted["unit"].update(ref)
            else:
                wanted[DOMAINS[name]].add(ref)
    return wanted


def check(
    parsed: ParsedRoster, driver: Driver, database: str, known: Known
) -> tuple[list[Checked], list[RowError]]:
    """The rows whose references all exist, with what they resolved to, and the errors of the others."""
    return FileCheck(parsed, known).check(parsed, driver, database, last=True)


class FileCheck:
    """The reference checks of one roster file, given part by part (graph/rosters/validate.py
    `validate_parts`): what spans the file (考勤's one row per cadre and day) spans the parts,
    and a 考勤 row whose 钉钉账号 no cadre is known by yet waits for the parts after it, one of
    which may name the account's cadre."""

    def __init__(self, parsed: ParsedRoster, known: Known) -> None:
        self.known = known
        self.parts = 0  # checked so far
        self.waiting: list[ParsedRow] = []
        # 考勤's one row per cadre and day, when rows may name their cadre by account: without a
        # 钉钉账号 column the file's own check (证件号码、钉钉账号、日期) already is that rule.
        self.days: dict[int, int] | None = None
        if parsed.kind == "attendance" and "dingtalk" in parsed.headers:
            self.days = {}

    def check(
        self, parsed: ParsedRoster, driver: Driver, database: str, last: bool
    ) -> tuple[list[Checked], list[RowError]]:
        """The part's rows whose references all exist, and the errors of the others; unless
        `last`, rows waiting for an account are taken out of the part for a later one."""
        parsed.rows[:0], self.waiting = self.waiting, []
        self.parts += 1
        known = self.known
        if parsed.kind == "units":  # a unit may merge into one defined further down the file
            known.keys["unit"].update({row.values["name"]: True for row in parsed.rows})
        wanted = wanted_keys(parsed)
        if parsed.kind == "households":
            wanted["head"] = {row.values["headIdNumber"] for row in parsed.rows}
        found = lookup(driver, database, wanted)
        for domain, keys in known.keys.items():
            found.setdefault(domain, {}).update(keys)
        if parsed.kind == "attendance":
            _learn_accounts(parsed, found)
        resolver = _Resolver(parsed, found, known, self.days)
        checked: list[Checked] = []
        errors: list[RowError] = []
        for row in parsed.rows:
            result, row_errors = resolver.resolve(row)
            if not last and resolver.unknown_account and len(row_errors) == 1:
                self.waiting.append(row)
            elif row_errors:
                errors.extend(row_errors)
            else:
                checked.append(result)
        if self.waiting:
            later = {id(row) for row in self.waiting}
            parsed.rows = [row for row in parsed.rows if id(row) not in later]
        return checked, errors


def _learn_accounts(parsed: ParsedRoster, found: dict[str, dict[Any, Any]]) -> None:
    """考勤 rows with both 证件号码 and 钉钉账号 of a known cadre name the account's cadre."""
    accounts = found.setdefault("dingtalk", {})
    for row in parsed.rows:
        account, cadre = row.values.get("dingtalk"), row.values.get("cadreIdNumber")
        if account and cadre and cadre in found.get("cadre", {}):
            accounts[account] = cadre


class _Resolver:
    def __init__(
        self,
        parsed: ParsedRoster,
        found: dict[str, dict[Any, Any]],
        known: Known,
        days: dict[int, int] | None,
    ) -> None:
        self.parsed = parsed
        self.found = found
        self.known = known
        self.cause = ""  # where the reference of the last problem was rejected, if it was
        self.days = days  # attendance: digest of (cadre, date) → its first row
        self.unknown_account = False  # the last row's 钉钉账号 names no known cadre

    def resolve(self, row: ParsedRow) -> tuple[Checked, list[RowError]]:
        checked = Checked(row)
        errors: list[RowError] = []
        self.unknown_account = False
        for name, ref in row.refs.items():
            self.cause = ""
            reason = self._problem(checked, name, ref)
            if reason:
                errors.append(replace(self.parsed.ref_error(row, name, reason), cause=self.cause))
        if not errors and self.days is not None:
            errors += self._duplicate(checked, self.days)
        if self.parsed.kind == "households":
            errors += self._head(row)
        return checked, errors

    def _problem(self, row: Checked, name: str, ref: Any) -> str | None:
        kind = self.parsed.kind
        if name in ("feedbackUnits", "measureUnits"):
            missing = [unit for unit in ref if unit not in self.found["unit"]]
            return f"以下单位不存在：{'、'.join(missing)}（请先导入帮扶单位花名册）" if missing else None
        if name == "cadre" and kind == "attendance":
            row.resolved["cadreIdNumber"] = ref
        value = self.found.get(DOMAINS[name], {}).get(ref)
        if value is None and kind == "cadres" and name == "unit":
            self.found.setdefault("unit", {})[ref] = True  # created with the cadre (load/entities.py)
            self.known.new_units.append((ref, row.values.get("unitType") or unit_type_of(ref)))
            return None
        if value is None:
            domain = DOMAINS[name]
            self.cause = self.known.rejected.get(domain, {}).get(ref) or self.known.failed.get(domain, "")
            self.unknown_account = name == "dingtalk" and not self.cause
            return knock_on_reason(name, self.cause) if self.cause else REASONS[name]
        if value is AMBIGUOUS:
            return AMBIGUOUS_VILLAGE
        if name in ("village", "villageCode"):
            row.resolved["villageCode"] = ref if name == "villageCode" else value
        elif name == "township":
            row.resolved["townshipCode"] = value
        elif name == "policyArea":
            row.resolved["policyCode"] = value
        elif name == "dingtalk":
            row.resolved["cadreIdNumber"] = value
        elif name == "person" and value and value != row.values["householdId"]:
            return f"该人员属于户编号「{value}」，与本行户编号不一致"
        return None

    def _head(self, row: ParsedRow) -> list[RowError]:
        """户主证件号码 already heads another household (in the database or this run): refused."""
        other = self.found.get("head", {}).get(row.values["headIdNumber"])
        if other is None or other == row.values["id"]:
            return []
        shown = "多户" if other is AMBIGUOUS else f"户编号「{other}」"
        reason = f"此人已是{shown}的户主：一人只能是一户的户主（请核对证件号码，或先改正那一户）"
        return [self.parsed.error_at(row, ("headIdNumber",), reason)]

    def _duplicate(self, row: Checked, days: dict[int, int]) -> list[RowError]:
        key = digest((row.resolved.get("cadreIdNumber"), row.values["date"]))
        first = days.setdefault(key, row.row.row)
        if first == row.row.row:
            return []
        reason = f"与第{first}行重复（同一帮扶责任人同一天，钉钉账号对应的证件号码相同）"
        return [self.parsed.error_at(row.row, ("dingtalk", "date"), reason)]
