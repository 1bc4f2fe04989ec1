"""The suspects a caller handles (graph/reach.py, `Suspect`), oldest first: the open ones by
default, narrowed by department and rule."""

from __future__ import annotations

from neo4j import AsyncDriver

from graph.listing import Listing, Page, PageRequest, fetch_page
from graph.reach import Reach

# The county's suspects of a status are sought in the (status, townshipCode) index.
_CONDITIONS = {
    "department": "n.department = $department",
    "rule": "n.rule = $rule",
}


# By the department's day as ISO text, which a cursor can carry and which sorts as the day.
LISTING = Listing(
    match="MATCH (n:Suspect {status: $status})", key="n.id", sorts={"AGE": "toString(n.effectiveOn)"}
)


async def suspects(
    driver: AsyncDriver,
    database: str,
    reach: Reach,
    status: str,
    department: str | None,
    rule: str | None,
    request: PageRequest,
) -> Page:
    given = {"department": department, "rule": rule}
    conditions = [reach.sees("Suspect", "n")]
    conditions += [_CONDITIONS[name] for name, value in given.items() if value is not None]
    params = {"status": status, **given, **reach.params()}
    return await fetch_page(driver, database, LISTING, conditions, params, request)
