"""公安's list of deaths and moves confirmed into the register as dated facts.

The register of tests/test_compare_suspects.py (H1: 张一 and 张二, in T1; H2: 李三 alone, in T2),
the households' sizes set to 2 and 1. 公安 lists 张二 dead on 2026-11-10 and 李三 moved out on
2026-11-20. So by construction: confirming 张二 takes him off the register on 2026-11-10 and H1's
size falls to 1 from that day (H1 stays, 张一 remains); confirming 李三 takes him off on 2026-11-20
and closes H2 (销户, MOVED_AWAY) that day, nobody being left; a 医保 list of 2026-11-30 then
compares 张一 alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from neo4j import Driver
from starlette.testclient import TestClient

from core.principal import Role
from core.settings import Settings
from graph.compare.formats import DEPARTMENTS
from graph.compare.run import run_compare
from graph.connection import Target
from tests.changes import events
from tests.conftest import bearer, gql, gql_errors
from tests.test_compare_suspects import DAY, LI3, T1, T2, ZHANG2, listed  # noqa: F401 — a fixture

CONFIRM = """mutation($id: ID!, $date: Date!) {
  confirmSuspect(id: $id, date: $date, reason: "已核实") { id status kind }
}"""
_REGISTER = """MATCH (p:Person)-[:BELONGS_TO]->(h:Household)
RETURN p.name AS name, p.leftOn AS leftOn, p.leftBecause AS because, h.id AS household,
       h.size AS size, h.factsSince AS since, h.leftOn AS closedOn, h.leftBecause AS closedBecause
ORDER BY name"""


def test_a_death_and_a_move_away_confirmed_take_people_and_an_emptied_household_off_the_register(
    listed: Path,  # noqa: F811 — the fixture imported above
    db: Driver,
    neo4j_target: Target,
    settings: Settings,
    client: TestClient,
    tmp_path: Path,
) -> None:
    database = neo4j_target.database
    db.execute_query(
        "MATCH (h:Household) SET h.size = CASE h.id WHEN 'H1' THEN 2 ELSE 1 END", database_=database
    )
    police = tmp_path / "公安.csv"
    police.write_text(
        f"数据日期：{DAY}\n证件号码,姓名,变动类型,变动日期\n"
        f"{ZHANG2},张二,死亡,2026-11-10\n{LI3},李三,迁出,2026-11-20\n",
        encoding="utf-8",
    )
    found = run_compare(police, DEPARTMENTS["公安"], db, database, settings.county_code)
    by_kind = {s.kind: s for s in found.suspects}
    assert {k: (s.person, s.township, s.effective) for k, s in by_kind.items()} == {
        "DEAD": ("p-2", T1, dt.date(2026, 11, 10)),
        "MOVED_OUT": ("p-3", T2, dt.date(2026, 11, 20)),
    }

    today = dt.date.today().isoformat()
    # Each township's officer confirms its own; T1's officer cannot reach T2's.
    client.headers["authorization"] = bearer(settings, Role.TOWNSHIP_OFFICER, T1)
    assert gql_errors(client, CONFIRM, id=by_kind["MOVED_OUT"].id, date=today)[0]["extensions"]["code"] == (
        "NOT_FOUND"
    )
    gql(client, CONFIRM, id=by_kind["DEAD"].id, date=today)
    client.headers["authorization"] = bearer(settings, Role.TOWNSHIP_OFFICER, T2)
    gql(client, CONFIRM, id=by_kind["MOVED_OUT"].id, date=today)

    records, _, _ = db.execute_query(_REGISTER, database_=database)
    rows = {
        r["name"]: (
            r["leftOn"] and r["leftOn"].to_native(),
            r["because"],
            r["size"],
            r["since"] and r["since"].to_native(),
            r["closedOn"] and r["closedOn"].to_native(),
            r["closedBecause"],
        )
        for r in records
    }
    assert rows == {
        "张一": (None, None, 1, dt.date(2026, 11, 10), None, None),
        "张二": (dt.date(2026, 11, 10), "DEATH", 1, dt.date(2026, 11, 10), None, None),
        "李三": (
            dt.date(2026, 11, 20),
            "MOVED_AWAY",
            0,
            dt.date(2026, 11, 20),
            dt.date(2026, 11, 20),
            "MOVED_AWAY",
        ),
    }
    # H1's size before the death is kept as a period (history is not overwritten).
    records, _, _ = db.execute_query(
        "MATCH (:Household {id: 'H1'})-[:HAD]->(f) RETURN f.size AS size, f.until AS until",
        database_=database,
    )
    assert [(r["size"], r["until"].to_native()) for r in records] == [(2, dt.date(2026, 11, 10))]

    # One audit event per confirmation names the register's changes it applied.
    applied = {
        e["inputs"]["id"]: [a["operation"] for a in e["inputs"]["applied"]]
        for e in events(db)
        if e["operation"] == "confirmSuspect"
    }
    assert applied == {
        by_kind["DEAD"].id: ["recordDeath"],
        by_kind["MOVED_OUT"].id: ["recordMoveAway", "removeHousehold"],
    }

    # The register compared from now on is who is left on it: 张一 alone, absent from 医保's list.
    medical = run_compare(listed, DEPARTMENTS["医保"], db, database, settings.county_code)
    assert {(s.person, s.kind) for s in medical.suspects} == {("p-1", "MEDICAL_INSURANCE")}
