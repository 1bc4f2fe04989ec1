"""The demo county that `fupin serve` loads into an empty database: generated, then loaded as rosters,
through the same path county staff use."""

from __future__ import annotations

from neo4j import Driver

from fupin.settings import Settings

DEMO_HOUSEHOLDS = 2000
DEMO_SEED = 2019


def ensure_demo(settings: Settings, driver: Driver, database: str) -> None:
    """Once: a database that already holds households is reused as it is."""
    records, _, _ = driver.execute_query("RETURN EXISTS { MATCH (:Household) } AS loaded", database_=database)
    if records[0]["loaded"]:
        return
    from graph.load.run import load
    from seeds.generate import generate

    out = settings.home / "demo-rosters"
    print(f"generating a demo county of {DEMO_HOUSEHOLDS} households into {out} …", flush=True)
    generate(DEMO_HOUSEHOLDS, DEMO_SEED, out)
    load(sorted(out.glob("*.csv")), driver, database)
