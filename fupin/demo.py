"""The demo county that `fupin serve` loads into an empty database: generated with a history (three
days), then loaded as rosters, day by day, through the same path county staff use."""

from __future__ import annotations

from datetime import date

from neo4j import Driver

from core.settings import Settings

DEMO_HOUSEHOLDS = 2000
DEMO_SEED = 2019


def ensure_demo(settings: Settings, driver: Driver, database: str) -> None:
    """Once: a database that already holds households is reused as it is."""
    records, _, _ = driver.execute_query("RETURN EXISTS { MATCH (:Household) } AS loaded", database_=database)
    if records[0]["loaded"]:
        return
    from graph.load import load, summary
    from seeds.history import generate_history

    out = settings.home / "demo-rosters"
    # A county with a history (seeds/history.py): its rosters a year ago, half a year ago and
    # today, loaded in order as snapshots, so that past days answer differently from today. Today's
    # answers are the violations of demo-rosters/<today>/manifest.json and the history's own
    # (history.json).
    today = date.today()
    print(f"generating a demo county of {DEMO_HOUSEHOLDS} households into {out} …", flush=True)
    days = generate_history(DEMO_HOUSEHOLDS, DEMO_SEED, out, as_of=today)["days"]
    for day in days:
        print(f"loading the rosters of {day} …", flush=True)
        result = load([out / day], driver, database, snapshot=date.fromisoformat(day), today=today)
        print(summary(result), flush=True)
