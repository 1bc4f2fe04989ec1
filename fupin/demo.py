"""The demo county that `fupin serve` loads into an empty database: generated, then loaded as rosters,
through the same path county staff use."""

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
    from seeds.generate import generate

    out = settings.home / "demo-rosters"
    # Dated today, so that the portal's default view (asOf today) finds exactly the violations
    # listed in demo-rosters/manifest.json.
    today = date.today()
    print(f"generating a demo county of {DEMO_HOUSEHOLDS} households into {out} …", flush=True)
    generate(DEMO_HOUSEHOLDS, DEMO_SEED, out, as_of=today)
    result = load(sorted(out.glob("*.csv")), driver, database, today=today)
    print(summary(result), flush=True)
