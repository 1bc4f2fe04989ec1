"""Synthetic county generator: every roster of rosters.md and rosters-extra.md plus a manifest
of the violations injected on purpose, fully determined by (households, seed, as_of).

Proportions chosen (N households; figures for N = 15,000):
- townships: max(2, round(N / 1000)) (15); villages: max(23, round(N / 65)) (231), 10–21 per
  township; 25 % poverty villages (58), 30 % non-poor villages with >= 115 poor people (69),
  the rest non-poor with <= 90 (104). Small villages hold 8–21 households, big ones >= 36, and
  poverty villages take about three times a big village's share of the rest (≈145).
- family size 1–7, mean ≈ 3.2; cards ≈ 10 % RED (未脱贫, a few 返贫), 20 % YELLOW, 70 % GREEN;
  incomes RED < 3,100, YELLOW 3,600–4,700, GREEN >= 6,200 (S2 line 3,218, low line 4,827).
- units ≈ one per 25 households: county departments (some merged in the 2019 reform, W6),
  enterprises, province/city units and up to 35 units per township.
- cadres: 3–5 households each (W8), all in one village; 10 % of groups changed cadre once.
  County teams of 3–5 (first secretary + members), township teams of 2–3; one 乡镇党委书记 and
  one 县级联系领导 per township, some with a predecessor.
- visits over the 18 months before as_of (monthly for RED, quarterly otherwise, W9), 12 % with
  a problem, 30 % of those escalated and resolved (W10); attendance on every work day (W11).
- projects (项目库) for about two of every three villages, with their beneficiaries and disbursements
  (seeds/projects.py);
- loans for ≈ 20 % of households; 2–4 petitions per township per ~700 households; a few
  rectification orders and poverty reports (返贫 max(3, N/1500), 新增 max(2, N/3000)).
Injected violations: see `seeds.violations`, from N = 300 on. Below that (any N >= 1) the county
is small: up to 18 villages (one per 10 households, at least one), in two townships (one when
there is one village), poverty and
small ones alternately; no big village (W2) and no injected violation (`violations` is empty).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Literal

from seeds.attendance import build_attendance
from seeds.benefits import build_benefits
from seeds.cadres import build_leaders
from seeds.county import County
from seeds.dates import add_months
from seeds.departments import write_departments
from seeds.geography import MIN_HOUSEHOLDS, build_geography
from seeds.kit import Kit
from seeds.loans import build_loans
from seeds.manifest import Manifest
from seeds.pairings import build_pairings
from seeds.people import build_people
from seeds.petitions import build_petitions, number_petitions
from seeds.projects import build_projects
from seeds.rectifications import build_rectifications, number_rectifications
from seeds.reports import build_reports
from seeds.rosters import rosters
from seeds.teams import build_teams
from seeds.units import build_units
from seeds.violations import Injector
from seeds.visits import build_visits
from seeds.write import write_csv, write_xlsx

EARLIEST_AS_OF = date(2019, 7, 1)  # the plan's date: teams, pairings and mergers precede it
WINDOW_MONTHS = 18


def build_county(households: int, seed: int, as_of: date) -> County:
    kit = Kit.create(seed, as_of)
    county = County(as_of=as_of, window_start=add_months(as_of, -WINDOW_MONTHS))
    build_geography(kit, county, households)
    build_units(kit, county, households, sum(v.kind != "small" for v in county.villages))
    build_leaders(kit, county)
    build_people(kit, county.villages)
    build_reports(kit, county)
    build_teams(kit, county)
    build_pairings(kit, county)
    injector = Injector(kit, county) if households >= MIN_HOUSEHOLDS else None
    if injector:
        injector.structure()
    build_visits(kit, county)
    build_attendance(kit, county)
    if injector:
        injector.activity()
    build_benefits(kit, county)
    build_loans(kit, county)
    build_petitions(kit, county)
    build_rectifications(kit, county)
    if injector:
        injector.records()  # and numbers the petitions and orders, the injected ones among them
    else:
        number_petitions(county)
        number_rectifications(county)
    # Last, so that the register draws on the seed after everything else (O3, P1, P4).
    build_projects(kit, county)
    if injector:
        injector.funds()
    return county


def generate(
    households: int,
    seed: int,
    out: Path,
    fmt: Literal["csv", "xlsx"] = "csv",
    as_of: date = date(2020, 6, 30),
) -> Manifest:
    """Writes one file per roster into `out` (created if needed) and `manifest.json`."""
    if households < 1:
        raise ValueError("households must be at least 1")
    if as_of < EARLIEST_AS_OF:
        raise ValueError(f"as_of must be on or after {EARLIEST_AS_OF.isoformat()}")
    if fmt not in ("csv", "xlsx"):
        raise ValueError("fmt must be csv or xlsx")
    return write_rosters(build_county(households, seed, as_of), households, seed, out, fmt)


def write_rosters(
    county: County, households: int, seed: int, out: Path, fmt: Literal["csv", "xlsx"]
) -> Manifest:
    """The county's rosters as on its `as_of`, one file each, and `manifest.json`, into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    as_of = county.as_of
    stamp = datetime(as_of.year, as_of.month, as_of.day)
    counts: dict[str, int] = {}
    for roster in rosters(county):
        path = out / f"{roster.name}.{fmt}"
        if fmt == "csv":
            counts[path.name] = write_csv(path, roster.headers, roster.rows)
        else:
            counts[path.name] = write_xlsx(path, roster.headers, roster.rows, stamp)
    manifest = Manifest(
        seed=seed,
        households=households,
        as_of=as_of,
        format=fmt,
        counts=counts,
        violations=county.violations,
        notes=county.notes,
        departments=write_departments(county, seed, out, fmt),
    )
    manifest.write(out / "manifest.json")
    return manifest
