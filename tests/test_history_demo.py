"""The county with a history (seeds/history.py) is found exactly on each of its days.

A small county (60 households: no violation injected) is written on three days, loaded in order
with `--snapshot DAY`, and after each load every coverage field is read through GraphQL on the day
just loaded; after the last load every day is asked again. Each field's
answers must be exactly the manifest's (history.json), and so must the chains: who was responsible
for a household, which unit a transferred cadre and a merged unit's cadre worked for, and who
answered for the merged unit. Past answers never change when later rosters are loaded.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from graph.connection import Target
from graph.load import load
from seeds.history import COMPUTED, FIELDS, UNTOUCHED, generate_history
from tests.conftest import gql

HOUSEHOLDS = 60
SEED = 2024  # its days differ in every touched field (W9 needs a 新增 household unvisited on one)

HOUSEHOLD = "household { id }"
PERSON = "person { id }"
SELECTIONS = {
    "overdueVisits": HOUSEHOLD, "cardMismatches": HOUSEHOLD, "dangerousHousing": HOUSEHOLD,
    "unsafeWater": HOUSEHOLD, "unpairedHouseholds": HOUSEHOLD, "uninsuredPersons": PERSON,
    "missingPhysicalExams": PERSON, "missingFamilyDoctorContracts": PERSON, "schoolDropouts": PERSON,
    "overAssignedCadres": "cadre { id }",
}  # fmt: skip
EXTRA = {
    "petitionRanking": "",
    "loanOverdueRates": "overLine",
}  # P10 lists every township: those over the line


def _coverage(client: Any, day: str) -> dict[str, Any]:
    """Every field the history touches, all items (a page of 100 holds them), and every other
    field's count, on `day` (a request per field)."""
    asked = {f: f"{f}(first: 100) {{ edges {{ node {{ {SELECTIONS[f]} }} }} }}" for f in FIELDS}
    asked |= {f: f"{f}(first: 1) {{ totalCount }}" for f in UNTOUCHED}
    asked |= {
        f: f"{f}(first: 100) {{ edges {{ node {{ township {{ code }} {EXTRA[f]} }} }} }}" for f in COMPUTED
    }
    query = "query($asOf: Date) {{ coverage(asOf: $asOf) {{ {} }} }}"
    return {f: gql(client, query.format(text), asOf=day)["coverage"][f] for f, text in asked.items()}


def _answers(client: Any, day: str, id_numbers: dict[str, str]) -> dict[str, list[str]]:
    """The answers on `day` in the manifest's keys: household ids, persons' and cadres' 证件号码
    (masked in responses, so mapped from their uid), and [] for an untouched field with no item."""
    found = _coverage(client, day)
    answers: dict[str, list[str]] = {}
    for field in FIELDS:
        nodes = [edge["node"] for edge in found[field]["edges"]]
        keys = [
            n["household"]["id"] if "household" in n else id_numbers[next(iter(n.values()))["id"]]
            for n in nodes
        ]
        answers[field] = sorted(keys)
    for field in UNTOUCHED:
        answers[field] = ["?"] * found[field]["totalCount"]
    for field in COMPUTED:
        nodes = [edge["node"] for edge in found[field]["edges"]]
        answers[field] = sorted(n["township"]["code"] for n in nodes if n.get("overLine", True))
    return answers


def _uid(client: Any, id_number: str) -> str:
    query = "query($n: String!) { cadreByIdNumber(idNumber: $n) { id } }"
    return str(gql(client, query, n=id_number)["cadreByIdNumber"]["id"])


def _unit(client: Any, id_number: str, day: str) -> str:
    query = "query($n: String!, $d: Date) { cadreByIdNumber(idNumber: $n) { unit(asOf: $d) { name } } }"
    return str(gql(client, query, n=id_number, d=day)["cadreByIdNumber"]["unit"]["name"])


def _pairings(client: Any, household: str, day: str) -> list[dict[str, Any]]:
    query = """query($h: ID!, $d: Date) { responsibilityChain(householdId: $h, asOf: $d) {
      pairings { cadre { id } unit { unit { name } onDate { unit { name } } } } } }"""
    return list(gql(client, query, h=household, d=day)["responsibilityChain"]["pairings"])


def _chains(client: Any, chains: dict[str, Any], days: list[str]) -> None:
    """Each chain of the manifest on each day (and the merged unit between its merger and the
    next roster)."""
    responsible = chains["responsible"]
    for day, cadre in zip(days, responsible["cadreIdNumber"], strict=True):
        found = [p["cadre"]["id"] for p in _pairings(client, responsible["householdId"], day)]
        assert found == ([] if cadre is None else [_uid(client, cadre)]), (day, found)
    transferred, merged = chains["units"]["transferred"], chains["units"]["merged"]
    for index, day in enumerate(days):
        assert _unit(client, transferred["cadreIdNumber"], day) == transferred["units"][index], day
        assert _unit(client, merged["cadreIdNumber"], day) == merged["units"][index], day
        [pairing] = _pairings(client, merged["householdId"], day)
        assert pairing["unit"]["unit"]["name"] == merged["units"][index], day
        assert pairing["unit"]["onDate"]["unit"]["name"] == merged["answering"][index], day
    between = merged["between"]
    [pairing] = _pairings(client, merged["householdId"], between["day"])
    assert pairing["unit"]["unit"]["name"] == between["unit"]
    assert pairing["unit"]["onDate"]["unit"]["name"] == between["answering"]


def _on_register(driver: Driver, target: Target, register: dict[str, str], days: list[str]) -> None:
    """The removed household and the dead person leave the register on the last day."""
    records, _, _ = driver.execute_query(
        "MATCH (h:Household {id: $h}), (p:Person {idNumber: $p}) RETURN h.leftOn AS h, p.leftOn AS p",
        h=register["removedHousehold"], p=register["deadPerson"], database_=target.database,
    )  # fmt: skip
    left = date.fromisoformat(days[-1])
    assert (records[0]["h"].to_native(), records[0]["p"].to_native()) == (left, left)


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    out = tmp_path / "history"
    generate_history(HOUSEHOLDS, SEED, out)
    return out, json.loads((out / "history.json").read_text(encoding="utf-8"))


def test_the_manifest_changes_every_touched_field_between_days(history: tuple[Path, dict[str, Any]]) -> None:
    """Every field the history touches answers differently on two of its days, and the untouched
    ones answer nothing (a small county)."""
    _, manifest = history
    answers = manifest["answers"]
    days = manifest["days"]
    assert manifest["exact"]
    for field in FIELDS:
        per_day = [answers[day][field] for day in days]
        assert any(per_day), field
        assert len({tuple(keys) for keys in per_day}) > 1, field
    for field in UNTOUCHED:
        assert all(answers[day][field] == [] for day in days), field


def test_each_day_answers_as_its_manifest_says_before_and_after_later_loads(
    db: Driver, neo4j_target: Target, client: Any, history: tuple[Path, dict[str, Any]]
) -> None:
    out, manifest = history
    days: list[str] = manifest["days"]
    expected = manifest["answers"]
    for index, day in enumerate(days):
        result = load(
            [out / day], db, neo4j_target.database, progress=False, snapshot=date.fromisoformat(day)
        )
        assert result.exit_status == 0, [e.message for e in result.errors[:5]]
        if index == len(days) - 1:  # the removed household and the dead person leave the register
            assert "快照 2020-06-30：1 户不在户花名册中，已退出登记（退出日期 2020-06-30）" in result.notes
            assert any(
                note.startswith("快照 2020-06-30：") and "人不在人口花名册中" in note for note in result.notes
            )
        records, _, _ = db.execute_query(
            "MATCH (n) WHERE n:Cadre OR n:Person RETURN n.uid AS uid, n.idNumber AS idNumber",
            database_=neo4j_target.database,
        )
        ids = {r["uid"]: r["idNumber"] for r in records}
        # The day loaded, before any later load; after the last load, every day again: a past day's
        # answer does not change with what is recorded after it.
        for asked in days if index == len(days) - 1 else [day]:
            assert _answers(client, asked, ids) == expected[asked], (day, asked, _coverage(client, asked))
    _chains(client, manifest["chains"], days)
    _on_register(db, neo4j_target, manifest["chains"]["register"], days)
