"""EXPLAIN checks of one-statement reads: every parameter passed, a start from a unique-index seek,
no label or all-nodes scan, no Eager, no CartesianProduct."""

from __future__ import annotations

import re
from typing import Any

from neo4j import Driver

FORBIDDEN = {"Eager", "CartesianProduct", "NodeByLabelScan", "AllNodesScan"}


def operators(plan: dict[str, Any]) -> list[str]:
    found = [plan["operatorType"].split("@", 1)[0]]
    for child in plan.get("children", []):
        found += operators(child)
    return found


def assert_seeks_without_scans(driver: Driver, database: str, text: str, params: dict[str, Any]) -> None:
    assert set(re.findall(r"\$(\w+)", text)) <= set(params), "a parameter the resolver does not pass"
    with driver.session(database=database) as session:
        plan = session.run(f"EXPLAIN {text}", params).consume().plan
    found = operators(plan)
    assert "NodeUniqueIndexSeek" in found, found
    assert not FORBIDDEN & set(found), found
