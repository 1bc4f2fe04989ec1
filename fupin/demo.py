"""The demo county that `fupin serve` loads into an empty managed database."""

from __future__ import annotations

from neo4j import Driver

from fupin.settings import Settings


def ensure_demo(settings: Settings, driver: Driver, database: str) -> None:
    records, _, _ = driver.execute_query("RETURN EXISTS { MATCH (:Household) } AS loaded", database_=database)
    if records[0]["loaded"]:
        return
    from seeds.fixture import load_fixture

    load_fixture(driver, database)
