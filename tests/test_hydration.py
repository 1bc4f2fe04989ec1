"""Dates decoded by graph/hydration.py are the driver's own: the same `neo4j.time.Date` for every
day a county holds and at the ends of the calendar."""

from __future__ import annotations

from neo4j import Driver
from neo4j._codec.hydration.bolt.v1.temporal import hydrate_date as drivers_own
from neo4j.time import Date, ZeroDate

from graph import hydration
from graph.connection import Target


def test_installed_in_every_bolt_handler() -> None:
    from neo4j._codec.hydration.bolt.v1 import hydration_handler as v1
    from neo4j._codec.hydration.bolt.v2 import hydration_handler as v2
    from neo4j._codec.hydration.bolt.v3 import hydration_handler as v3

    assert hydration.install()  # again: nothing changes
    for handler in (v1.HydrationHandler, v2.HydrationHandler, v3.HydrationHandler):
        assert handler().struct_hydration_functions[b"D"] is hydration.hydrate_date


def test_same_dates_as_the_driver() -> None:
    # 1900-01-01 to 2100-12-31, and the calendar's first and last days.
    days = [*range(-25_567, 47_847), -719_162, 2_932_896]
    for day in days:
        assert hydration.hydrate_date(day) == drivers_own(day), day
    assert hydration.hydrate_date(-719_163) is ZeroDate is drivers_own(-719_163)


def test_dates_read_from_neo4j(driver: Driver, neo4j_target: Target) -> None:
    records, _, _ = driver.execute_query(
        "UNWIND $texts AS text RETURN text, date(text) AS day",
        texts=["2020-06-30", "1969-12-31", "1970-01-01", "0001-01-01", "9999-12-31"],
        database_=neo4j_target.database,
    )
    for record in records:
        assert isinstance(record["day"], Date)
        assert record["day"].iso_format() == record["text"]
