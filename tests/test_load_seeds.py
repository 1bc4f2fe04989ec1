"""The synthetic county of seeds.generate loads without a rejected row, one created node or
relationship per roster row, and a second load finds everything unchanged. 考勤 (four fifths of
the rows of a small county) is left out to keep the test fast; tests/load_kit.py has attendance."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from neo4j import Driver

from graph.connection import Target
from seeds.generate import generate
from tests.load_kit import run

AS_OF = date(2020, 6, 30)


def test_the_synthetic_county_loads_and_reloads_unchanged(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    manifest = generate(300, 7, tmp_path, "csv", AS_OF)
    files = sorted(path for path in tmp_path.glob("*.csv") if path.name != "考勤.csv")
    del manifest.counts["考勤.csv"]

    first = run(db, neo4j_target, files, snapshot=AS_OF)

    assert first.exit_status == 0, [e.message for e in first.errors[:5]]
    # S2: the injected card mismatches, and nothing else, are warned of (graph/load/cards.py).
    warned = sorted(w.split("户编号「")[1].split("」")[0] for w in first.warnings)
    assert warned == sorted(manifest.violations["S2"])
    created = {r.file: r.created + r.updated for r in first.rosters}
    assert created == manifest.counts  # units of migrate (P1–P10 departments) are updated, not created
    assert all(note.startswith("快照 2020-06-30：已结束 0 条") for note in first.notes)

    second = run(db, neo4j_target, files, snapshot=AS_OF)

    assert {r.file: r.unchanged for r in second.rosters} == manifest.counts


def test_a_small_synthetic_county_loads(db: Driver, neo4j_target: Target, tmp_path: Path) -> None:
    """Any size from 1 household: a small county (no injected violation) loads without a rejected row."""
    for households in (1, 12):
        manifest = generate(households, 7, tmp_path / str(households), "csv", AS_OF)
        assert manifest.violations == {} and manifest.counts["户花名册.csv"] == households
        files = sorted(p for p in (tmp_path / str(households)).glob("*.csv") if p.name != "考勤.csv")
        result = run(db, neo4j_target, files, snapshot=AS_OF)
        assert result.exit_status == 0, [e.message for e in result.errors[:5]]
        assert {r.file: r.created + r.updated for r in result.rosters}["户花名册.csv"] == households
