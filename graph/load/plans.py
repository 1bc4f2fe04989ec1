"""The write passes of each roster kind, in the order they run, and the ids the loader derives."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from graph.load import entities, links, projects, records
from graph.load.base import Checked, Pass, stable_id

Plan = Callable[[Iterable[str]], tuple[Pass, ...]]


def _fixed(passes: tuple[Pass, ...]) -> Plan:
    return lambda cols: passes


PLANS: dict[str, Plan] = {
    "units": _fixed(entities.UNITS),
    "villages": _fixed(entities.VILLAGES),
    "cadres": _fixed(entities.CADRES),
    "township_leaders": _fixed(links.TOWNSHIP_LEADERS),
    "households": _fixed(entities.HOUSEHOLDS),
    "persons": _fixed(entities.PERSONS),
    "pairings": _fixed(links.PAIRINGS),
    "teams": _fixed(links.TEAMS),
    "visits": _fixed(records.VISITS),
    "attendance": _fixed(records.ATTENDANCE),
    "benefits": _fixed(records.BENEFITS),
    "loans": _fixed(records.LOANS),
    "petitions": records.petitions,
    "rectifications": _fixed(records.RECTIFICATIONS),
    "poverty_reports": records.poverty_reports,
    "projects": projects.projects,
    "project_beneficiaries": _fixed(projects.BENEFICIARIES),
    "disbursements": projects.disbursements,
}


def passes(kind: str, columns: Iterable[str]) -> tuple[Pass, ...]:
    return PLANS[kind](columns)


def identify(kind: str, rows: list[Checked]) -> None:
    """Derived keys (docs/model.md): hashed ids of visits, attendance, benefits, loans; the work
    team id `{村代码}:{派出单位}`. Attendance uses the cadre its 钉钉账号 resolved to."""
    for row in rows:
        v = row.values
        if kind == "visits":
            row.resolved["id"] = stable_id(v["cadreIdNumber"], v["householdId"], v["date"])
        elif kind == "attendance":
            row.resolved["id"] = stable_id(row.get("cadreIdNumber"), v["date"])
        elif kind == "benefits":
            row.resolved["id"] = stable_id(
                v["householdId"], v.get("personIdNumber"), v["area"], v["project"], v["date"]
            )
        elif kind == "loans":
            row.resolved["id"] = stable_id(v["householdId"], v["bank"], v["issuedOn"])
        elif kind == "teams":
            row.resolved["teamId"] = f"{row.resolved['villageCode']}:{v['unitName']}"
