"""Constraints, indexes, reference nodes and derived facts (graph/derived.py), made idempotently by
`fupin migrate` and at start.

Community Edition enforces uniqueness only: existence and type rules live in the loader and the
mutations.
"""

from __future__ import annotations

from collections.abc import Callable

from neo4j import Driver

from core.names import KEYED, name_key
from graph import derived
from graph.placement import KEPT, marking
from graph.rosters.codes import VISIT_MODE

# One natural key per label (docs/model.md).
KEYS: dict[str, str] = {
    "County": "code",
    "Township": "code",
    "Village": "code",
    "Household": "id",
    "Person": "idNumber",
    "Card": "color",
    "Unit": "name",
    "Cadre": "idNumber",
    "WorkTeam": "id",
    "Policy": "code",
    "Benefit": "id",
    "Visit": "id",
    "Attendance": "id",
    "Loan": "id",
    "Repayment": "id",
    "Petition": "caseNo",
    "Rectification": "id",
    "PovertyReport": "id",
    "AuditEvent": "id",
    # The project register (O3, P1, P4): 项目编号 and 拨付编号.
    "Project": "id",
    "Disbursement": "id",
    # Department comparisons (graph/compare): keyed by digests, so that a rerun finds them.
    "Suspect": "id",
    "ComparisonRun": "id",
    "Migration": "name",  # the one-off conversions done on this database
}

# Lookups and filters that are not keys: names typed into the portal, roster references by
# township + village name, the current card and status filters, dates of events, and what the
# county-wide coverage rules seek (graph/coverage/rule.py).
INDEXES: list[tuple[str, str]] = [  # (label, property or "a, b" for a composite index)
    ("Township", "name"),
    ("Village", "name"),
    ("Household", "card"),
    ("Household", "status"),
    ("Household", "headName"),
    ("Household", "pairedSince"),  # W7 county-wide: households paired only after asOf (derived.py)
    ("Household", "cardSince"),  # S1 county-wide: households whose card changed after asOf
    ("Household", "workMonthsTop, workersSince"),  # P7 county-wide: a labourer placed (derived.py)
    ("Household", "status, income"),  # 错退 county-wide: out of poverty with a low income
    ("Household", "status, exitInDoubt"),  # and with an income or water unknown (derived.py)
    ("Household", "attribute, status, membersDibao"),  # and 低保 without a member on it (derived.py)
    ("Household", "attribute, status, membersTekun"),  # and 特困 without a member on it
    ("Household", "workersSince"),  # P1, P7 county-wide: households whose workers changed after asOf
    ("Household", "card, industryLast, workers"),  # P1 county-wide: workers unsupported (derived.py)
    ("Household", "identifiedOn"),  # registered only after asOf (the summary's denominators)
    ("Household", "houseGrade"),  # P4 county-wide: the dangerous grades
    ("Household", "safeWater"),  # P5 county-wide: no safe water
    ("Household", "dangerousHouse"),  # 错退 county-wide: a house recorded dangerous
    ("Household", "visitQuartersFrom"),  # W9 county-wide: a quarter before the streak
    ("Household", "visitQuartersTo"),  # or after it
    ("Household", "card, visitMonthsFrom"),  # a RED household's month before its streak
    ("Household", "card, visitMonthsTo"),  # or after it
    ("Household", "status, card"),  # S1/S2 county-wide: a card the status contradicts
    ("Household", "status, card, income"),  # and one the income contradicts
    ("Household", "factsSince"),  # county-wide: households whose facts changed after asOf (facts.py)
    ("Person", "factsSince"),  # and people
    ("Household", "placedSince"),  # county-wide: households moved to another village after asOf
    ("Person", "placedSince"),  # and people moved to another household (graph/placement.py)
    ("Person", "name"),
    ("Cadre", "name"),
    ("Unit", "type"),
    ("Visit", "date"),
    ("Visit", "escalate"),  # W10 county-wide: the escalated visits
    ("Person", "birthDate"),  # P2 county-wide: people of school age
    ("OutOfSchool", "birthDate"),  # P2: the children out of school (graph/derived.py)
    ("Person", "physicalExamYear"),  # P3: an exam recorded for another year
    ("Attendance", "date"),
    ("Petition", "registeredOn"),
    ("AuditEvent", "at"),
    ("Suspect", "status, townshipCode"),  # a township's open suspects (openSuspects)
    ("Project", "finishOn"),  # O3 county-wide: projects due to be finished by asOf
    ("Project", "kind"),  # P4 county-wide: the renovation (危房改造) projects
    ("Disbursement", "date"),
    ("Suspect", "kind"),  # S3 county-wide: the 漏评 candidates (missedCandidates)
    ("Cadre", "pairings"),  # W8 county-wide: the cadres with more pairings ever than the limit
    ("Visit", "escalate, resolvedOn"),  # W10 county-wide: problems resolved after the day
    ("Person", "schooling"),  # P2 county-wide: the pupils and students due aid
    ("Person", "schooling, aidLast"),  # and those not aided in the year (graph/derived.py)
    ("Person", "migrantMonths"),  # P7 county-wide: the labourers placed in work
    ("Person", "disabilityGrade"),  # P6 county-wide: the severely disabled
    ("Person", "disabilityGrade, premiumLast"),  # and those whose premiums were not paid in the year
    ("Disabled", "subsidyLast"),  # P6: the disabled without the 两项补贴 in the year
    ("Household", "attribute"),  # P6 county-wide: the 低保 households (两线融合)
    ("Household", "attribute, income"),  # and those with an income above the 低保 standard
    ("Household", "attribute, membersDibao"),  # and those without a member on 低保 (derived.py)
    # W12 county-wide: the visits of the year whose satisfaction was recorded (a composite index holds
    # only nodes with both: a range of dates seeks the rated ones alone)
    ("Visit", "date, satisfaction"),
    ("Visit", "satisfaction, date"),  # W12 county-wide: the 不满意 visits of the year (its candidates)
]
# Indexes no statement uses any more, dropped so that writes stop keeping them.
DROPPED = ["visit_satisfaction"]

# The names sorted by pinyin (their keys: core/names.py).
NAMED = [
    ("Household", "headName"),
    ("Person", "name"),
    ("Cadre", "name"),
    ("Village", "name"),
    ("Unit", "name"),
]

# P1–P10 with the lead department(s) of rules.md.
POLICIES: list[tuple[str, str, list[str]]] = [
    ("P1", "产业", ["县农业农村局"]),
    ("P2", "教育", ["县教育局"]),
    ("P3", "健康", ["县卫生健康局"]),
    ("P4", "住房", ["县住建局", "县发改局"]),
    ("P5", "饮水", ["县水利局"]),
    ("P6", "综合保障", ["县民政局", "县残联", "县委统战部"]),
    ("P7", "就业", ["县人社局"]),
    ("P8", "扶志", ["县委宣传部"]),
    ("P9", "信访", ["县扶贫办"]),
    ("P10", "金融", ["人民银行湘阴县支行"]),
]

CARDS = ["RED", "YELLOW", "GREEN"]

# Money once stored as yuan floats (`amount`, `balance`, `overdueAmount`) is kept in integer fen
# (core/values.py): a database loaded before is converted once.
_IN_FEN = """MATCH (n:{label})
WHERE n.amount IS NOT NULL OR n.balance IS NOT NULL OR n.overdueAmount IS NOT NULL
SET n.amountFen = coalesce(toInteger(round(n.amount * 100)), n.amountFen),
    n.balanceFen = coalesce(toInteger(round(n.balance * 100)), n.balanceFen),
    n.overdueAmountFen = coalesce(toInteger(round(n.overdueAmount * 100)), n.overdueAmountFen)
REMOVE n.amount, n.balance, n.overdueAmount
"""

_REFERENCE = """
MERGE (county:County {code: $countyCode}) SET county.name = $countyName
WITH county
UNWIND $cards AS color
MERGE (:Card {color: color})
WITH DISTINCT county
UNWIND $policies AS p
MERGE (policy:Policy {code: p.code}) SET policy.area = p.area
WITH policy, p
UNWIND p.departments AS department
MERGE (unit:Unit {name: department.name})
  ON CREATE SET unit.type = '县直部门', unit.nameKey = department.key
MERGE (unit)-[:LEADS]->(policy)
"""


# 走访方式 once stored as free text is kept as `modeText` and read into its code (VISIT_MODE) where
# the text is one of its spellings; the code is left out where it is not.
_VISIT_MODES = """
MATCH (x:Visit) WHERE x.mode IS NOT NULL AND NOT x.mode IN $codes
RETURN DISTINCT x.mode AS text
"""
_VISIT_MODE = """
UNWIND $modes AS m
MATCH (x:Visit {mode: m.text})
SET x.modeText = m.text, x.mode = m.code
"""


def visit_modes(driver: Driver, database: str) -> None:
    records, _, _ = driver.execute_query(_VISIT_MODES, codes=sorted(VISIT_MODE.codes), database_=database)
    modes = [{"text": r["text"], "code": VISIT_MODE.lookup(str(r["text"]))} for r in records]
    driver.execute_query(_VISIT_MODE, modes=modes, database_=database)


def statements() -> list[str]:
    out = [
        f"CREATE CONSTRAINT {label.lower()}_{key} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"
        for label, key in KEYS.items()
    ]
    # Cadres and persons are keyed by identity numbers, which are personal data: the API names
    # them by `uid`, a random UUID set when the node is created.
    out += [
        "CREATE CONSTRAINT cadre_phone IF NOT EXISTS FOR (n:Cadre) REQUIRE n.phone IS UNIQUE",
        "CREATE CONSTRAINT cadre_uid IF NOT EXISTS FOR (n:Cadre) REQUIRE n.uid IS UNIQUE",
        "CREATE CONSTRAINT person_uid IF NOT EXISTS FOR (n:Person) REQUIRE n.uid IS UNIQUE",
    ]
    for label, props in INDEXES:
        names = [p.strip() for p in props.split(",")]
        on = ", ".join(f"n.{p}" for p in names)
        out.append(f"CREATE INDEX {label.lower()}_{'_'.join(names)} IF NOT EXISTS FOR (n:{label}) ON ({on})")
    out += [f"DROP INDEX {name} IF EXISTS" for name in DROPPED]
    return out


def migrate(
    driver: Driver, database: str, county_code: str, county_name: str, *, repair: bool = False
) -> None:
    """Idempotent: every statement is IF NOT EXISTS or MERGE. The derived facts are repaired when
    their version changed, or with `repair` (after direct writes that did not keep them)."""
    for statement in statements():
        driver.execute_query(statement, database_=database)
    reference(driver, database, county_code, county_name)
    _once(driver, database, "money-in-fen", money_in_fen)
    _once(driver, database, "visit-modes", visit_modes)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    _once(driver, database, "name-keys", name_keys)
    _once(driver, database, "placement-marks", placement_marks)
    derived_facts(driver, database, everything=repair)


_DERIVED = "MATCH (m:Migration {name: 'derived-facts'}) RETURN m.version AS version"
_DERIVED_DONE = """MERGE (m:Migration {name: 'derived-facts'})
SET m.version = $version, m.at = datetime()"""


def derived_facts(driver: Driver, database: str, *, everything: bool = False) -> int:
    """Repairs every node's derived facts (graph/derived.py) unless the database was last repaired
    at their current version, or `everything`; returns how many nodes changed. Every writer keeps
    them, so a start reads the county for them (minutes at a province's size) only after a version
    that changed them, or when asked after direct Cypher writes to what they stand for."""
    version = derived.version()
    records, _, _ = driver.execute_query(_DERIVED, database_=database)
    if not everything and records and records[0]["version"] == version:
        return 0
    repaired = derived.repair(driver, database)
    driver.execute_query(_DERIVED_DONE, version=version, database_=database)
    return repaired


def _once(driver: Driver, database: str, name: str, convert: Callable[[Driver, str], None]) -> None:
    """Runs `convert`, a conversion of what older versions wrote (new writes never need it), until
    it has completed once on the database: a `Migration` node names it, so that later starts do
    not scan the county again for it."""
    records, _, _ = driver.execute_query(
        "MATCH (m:Migration {name: $name}) RETURN count(m) > 0 AS done", name=name, database_=database
    )
    if records[0]["done"]:
        return
    convert(driver, database)
    driver.execute_query(
        "MERGE (m:Migration {name: $name}) ON CREATE SET m.at = datetime()", name=name, database_=database
    )


def money_in_fen(driver: Driver, database: str) -> None:
    for label in ("Loan", "Benefit"):
        driver.execute_query(_IN_FEN.format(label=label), database_=database)


def placement_marks(driver: Driver, database: str) -> None:
    """Marks the moves loaded before moves were marked (graph/placement.py)."""
    for link in KEPT:
        driver.execute_query(marking(link), database_=database)


_UNKEYED = (
    "MATCH (n:{label}) WHERE n.{name} IS NOT NULL AND n.{key} IS NULL "
    "RETURN elementId(n) AS id, n.{name} AS name"
)
_KEY = "UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id SET n.{key} = row.key"


def name_keys(driver: Driver, database: str) -> None:
    """Gives every name written before names had pinyin sort keys its key (core/names.py)."""
    for label, name in NAMED:
        key = KEYED[name]
        records, _, _ = driver.execute_query(
            _UNKEYED.format(label=label, name=name, key=key), database_=database
        )
        rows = [{"id": r["id"], "key": name_key(r["name"])} for r in records]
        for start in range(0, len(rows), 5000):
            driver.execute_query(_KEY.format(key=key), rows=rows[start : start + 5000], database_=database)


def reference(driver: Driver, database: str, county_code: str, county_name: str) -> None:
    """The county, the three cards, P1–P10 and their lead departments."""
    driver.execute_query(
        _REFERENCE,
        countyCode=county_code,
        countyName=county_name,
        cards=CARDS,
        policies=[
            {"code": c, "area": a, "departments": [{"name": u, "key": name_key(u)} for u in d]}
            for c, a, d in POLICIES
        ],
        database_=database,
    )
