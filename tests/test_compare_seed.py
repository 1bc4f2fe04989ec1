"""The seed county's department lists raise exactly the suspects its manifest lists, and a rerun of
the same file creates none.

A 300-household county (seeds.generate) is loaded once; each department list of the manifest is
compared on the day its title row states. The lists carry numbers in full-width digits with a
lower-case x and in the old 15-digit form (matched, raising nothing), and rows of another county
(set aside and counted)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from neo4j import Driver

from core.settings import Settings
from graph.compare.formats import DEPARTMENTS
from graph.compare.rules import Suspect
from graph.compare.run import run_compare
from graph.connection import Target
from seeds.manifest import Manifest
from tests.conftest import seed_county

HOUSEHOLDS, SEED, AS_OF = 300, 3, date(2020, 6, 30)
DEPARTMENT_OF = {
    "医保参保名单": "医保",
    "低保特困名单": "民政",
    "死亡迁出名单": "公安",
    "危房鉴定名单": "住建",
    "残疾证名单": "残联",
    "体检名单": "卫健",
    "家庭医生签约名单": "卫健",
    "学籍名单": "教育",
    "学生资助名单": "教育",
}


@pytest.fixture(scope="module")
def county(
    driver: Driver, neo4j_target: Target, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Manifest, Path]:
    out = tmp_path_factory.mktemp("seed-departments")
    manifest, _ = seed_county(driver, neo4j_target, settings, out, HOUSEHOLDS, SEED, AS_OF)
    return manifest, out


def _subjects(driver: Driver, database: str, suspects: list[Suspect]) -> dict[str, set[str]]:
    """kind → `<户编号>/<人口编号>`, `<户编号>` for a house, `id:<证件号码>` for a person not registered."""
    records, _, _ = driver.execute_query(
        "MATCH (p:Person)-[:BELONGS_TO]->(h:Household) RETURN p.uid AS uid, h.id + '/' + p.personNo AS key",
        database_=database,
    )
    keys = {r["uid"]: r["key"] for r in records}
    found: dict[str, set[str]] = {}
    for s in suspects:
        key = keys[s.person] if s.person else s.household or f"id:{s.id_number}"
        found.setdefault(s.kind, set()).add(key)
    return found


def test_each_list_raises_its_manifest_suspects_once(
    county: tuple[Manifest, Path], driver: Driver, neo4j_target: Target, settings: Settings
) -> None:
    manifest, out = county
    database = neo4j_target.database
    assert set(manifest.departments) == {f"departments/{name}.csv" for name in DEPARTMENT_OF}
    for file, expected in manifest.departments.items():
        department = DEPARTMENTS[DEPARTMENT_OF[Path(file).stem]]
        result = run_compare(out / file, department, driver, database, settings.county_code)
        assert result.day == AS_OF  # from the title row
        assert not result.roster.errors
        found = _subjects(driver, database, result.suspects)
        assert found == {kind: set(keys) for kind, keys in expected.items()}, file
        assert result.outcome.other_county == 1, file
        assert result.outcome.matched["NAME_BIRTH"] == 0, file  # the odd numbers matched by number
        assert result.created == len(result.suspects)
        again = run_compare(out / file, department, driver, database, settings.county_code)
        assert (again.created, again.again) == (0, len(result.suspects))
    records, _, _ = driver.execute_query(
        "MATCH (s:Suspect) RETURN count(s) AS suspects, "
        "COUNT { MATCH (s:Suspect) WHERE s.kind <> 'MISSED_POOR' AND NOT (s)-[:ASSIGNED_TO]->(:Township) } "
        "AS unassigned, COUNT { (:ComparisonRun) } AS runs",
        database_=database,
    )
    expected_total = sum(len(keys) for found in manifest.departments.values() for keys in found.values())
    assert records[0]["suspects"] == expected_total
    assert records[0]["unassigned"] == 0
    assert records[0]["runs"] == len(manifest.departments)
