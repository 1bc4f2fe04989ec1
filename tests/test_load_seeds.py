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
    assert not first.warnings
    created = {r.file: r.created + r.updated for r in first.rosters}
    assert created == manifest.counts  # units of migrate (P1–P10 departments) are updated, not created
    assert all(note.startswith("快照 2020-06-30：已结束 0 条") for note in first.notes)

    second = run(db, neo4j_target, files, snapshot=AS_OF)

    assert {r.file: r.unchanged for r in second.rosters} == manifest.counts
