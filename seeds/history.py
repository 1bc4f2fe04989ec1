"""A county with a history (`fupin seed --history`): the generated county's rosters on three days
(a year before `as_of`, half a year before, `as_of`), one folder per day, with changes between them
made on purpose, and per day a manifest of the answers the changes give (`history.json`).

The county is generated once for `as_of` (seeds.generate); each day's rosters are that county as
it stood then: records dated after the day are left out, pairings, memberships, duties, mergers,
orders and petitions that end after it are still open, households identified and people born after
it are not yet listed. On top of that, by construction (the same entities on every day):

- every other household's income rises by INCOME_STEP a half-year (its card never changes);
- two exits (脱贫): one in the second half-year whose card is changed only in the third (S2 on the
  middle day), one in the third; a household that had exited returns (返贫) in the second;
- P3: a member's medical insurance lapses in the second half-year and is renewed in the third; a
  member signs a family-doctor contract in the second; a member has no physical exam of the new
  year on the last day;
- P2: a child of school age leaves school in the third half-year;
- P4: a house graded C is renovated (grade A) in the third; P5: a household gets safe water in the
  second;
- W7, W8, O1: a cadre leaves its households before the middle day and another cadre of the
  village, who then carries six or more, takes them over after it;
- O1: a cadre is transferred to another unit, and a unit (a township's, when one can) merges into
  another (the township's government), its cadres now listed under it, in the second half-year;
- the exits and the return are of households red in the generated county (visited monthly), or
  given a visit a month when too few are;
- the register: a member who was uninsured dies, and a household without safe water is removed
  (销户), in the third half-year: neither is listed on the last day, which a snapshot load reads
  as leaving the register (graph/load/snapshot.py);
- W9: the visits are timed for `as_of`, so on an earlier day a household identified shortly before
  may have had no visit in the period judged; the manifest lists those (`_unvisited`);
- P9 and P10 are township figures of the day's rosters (petitions, loans); the manifest lists the
  townships each names (`_township_figures`).

The answers are exact (`exact`) for a small county (below seeds.geography.MIN_HOUSEHOLDS: no
violation injected, every rule answers nothing else); for a larger one they are the changed
entities' part of the answers, and the violations of the last day's manifest.json hold on that
day only. A county too small for a change (no village with two cadres, no unit to merge, no child
of school age: rare from 40 households) is refused with a ValueError.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from seeds import codes
from seeds.county import Cadre, County, Household, Pairing, Person, Unit, Visit
from seeds.dates import add_months, add_months_first, age_on, month_start
from seeds.generate import EARLIEST_AS_OF, build_county, write_rosters
from seeds.geography import MIN_HOUSEHOLDS

INCOME_STEP = 100
MIN_HISTORY_HOUSEHOLDS = 40
FIELDS = (
    "overdueVisits", "cardMismatches", "dangerousHousing", "unsafeWater", "uninsuredPersons",
    "missingPhysicalExams", "missingFamilyDoctorContracts", "schoolDropouts", "unpairedHouseholds",
    "overAssignedCadres",
)  # fmt: skip
# Township figures the rosters give on each day (P9: townships with cases from the province or
# above in the day's year; P10: townships above the overdue line), computed from them.
COMPUTED = ("petitionRanking", "loanOverdueRates")
OVERDUE_LINE = 0.01  # P10's default setting
# Coverage fields the changes leave alone: in a small county they answer nothing on every day.
UNTOUCHED = (
    "villagesWithoutRequiredTeam", "understaffedTeams", "teamsWithoutFirstSecretary",
    "openVisitProblems", "attendanceShortfalls", "openRectifications",
    "feedbackGaps", "villagesWithoutInformationOfficer",
)  # fmt: skip


def history_days(as_of: date) -> tuple[date, date, date]:
    """A year before, half a year before, and `as_of`; month ends stay month ends."""

    def back(months: int) -> date:
        day = add_months(as_of, -months)
        if (as_of + timedelta(days=1)).month != as_of.month:  # a month's last day
            day = add_months(day.replace(day=1), 1) - timedelta(days=1)
        return day

    return back(12), back(6), as_of


Three = tuple[Any, Any, Any]  # a value on each of the three days


@dataclass
class Changes:
    """The changed entities and, per day, what they are then."""

    days: tuple[date, date, date]
    facts: list[tuple[Household | Person, str, Three]] = field(default_factory=list)
    units: list[tuple[Cadre, Three]] = field(default_factory=list)
    answers: dict[str, Three] = field(default_factory=dict)  # coverage field → keys on each day
    chains: dict[str, Any] = field(default_factory=dict)
    removed: Household | None = None
    dead: Person | None = None

    def set(self, entity: Household | Person, name: str, values: Three) -> None:
        self.facts.append((entity, name, values))

    def answer(self, field_: str, index: int, key: str) -> None:
        self.answers.setdefault(field_, ([], [], []))[index].append(key)


def generate_history(
    households: int,
    seed: int,
    out: Path,
    fmt: Literal["csv", "xlsx"] = "csv",
    as_of: date = date(2020, 6, 30),
) -> dict[str, Any]:
    """Writes `out/<day>/` (every roster and the day's manifest.json) for each of the three days
    and `out/history.json`; returns the latter's content."""
    if households < MIN_HISTORY_HOUSEHOLDS:
        raise ValueError(f"a county with a history needs at least {MIN_HISTORY_HOUSEHOLDS} households")
    days = history_days(as_of)
    if days[0] < EARLIEST_AS_OF - timedelta(days=1):
        raise ValueError(f"as_of must be on or after {(EARLIEST_AS_OF + timedelta(days=365)).isoformat()}")
    county = build_county(households, seed, as_of)
    changes = _changes(county, days)
    base = {id(h): h.income for h in county.households}
    changed = {id(e) for e, name, _ in changes.facts if name == "income"}
    for index, day in enumerate(days):
        for h in county.households:
            if id(h) not in changed:
                h.income = base[id(h)] - (2 - index) * INCOME_STEP
        for entity, name, values in changes.facts:
            setattr(entity, name, values[index])
        for cadre, units in changes.units:
            cadre.unit = units[index]
        view = _as_it_stood(county, day, changes)
        if day < as_of:  # the generator times the visits for as_of: a newcomer may lack one before
            for h in _unvisited(view, day):
                changes.answer("overdueVisits", index, h.id)
        for field_, keys in _township_figures(view, day).items():
            changes.answers.setdefault(field_, ([], [], []))[index].extend(keys)
        write_rosters(view, households, seed, out / day.isoformat(), fmt)
    manifest = {
        "seed": seed,
        "households": households,
        "days": [d.isoformat() for d in days],
        "exact": households < MIN_HOUSEHOLDS,
        "answers": {
            d.isoformat(): {f: sorted(changes.answers.get(f, ([], [], []))[i]) for f in (*FIELDS, *COMPUTED)}
            | ({f: [] for f in UNTOUCHED} if households < MIN_HOUSEHOLDS else {})
            for i, d in enumerate(days)
        },
        "chains": changes.chains,
    }
    (out / "history.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def _as_it_stood(county: County, day: date, changes: Changes) -> County:
    """The county's rosters as they stood on `day` (see the module's docstring)."""
    gone: set[int] = set()
    if changes.removed is not None and day >= changes.days[2]:
        gone.add(id(changes.removed))
    listed: dict[int, Household] = {}
    for village in county.villages:
        for h in _kept(village, "households"):
            if h.identified_on <= day and id(h) not in gone:
                listed[id(h)] = h
    # Records: of a listed household (person), or of the removed household (the dead person) up to
    # the middle day, before the half-year of its removal (death).
    before = changes.days[1]

    def known(h: Household | None, on: date) -> bool:
        return h is None or id(h) in listed or (id(h) in gone and on <= before)

    loaded = set(listed) | gone  # in the database on the day
    born = {id(p) for h in listed.values() for p in _kept(h, "persons") if p.birth <= day}
    if changes.dead is not None and day >= changes.days[2]:
        born.discard(id(changes.dead))
    view = replace(
        county,
        as_of=day,
        # The injected violations (seeds.violations) are the answers on as_of only.
        violations=county.violations if day == county.as_of else {},
        notes=county.notes if day == county.as_of else {},
        visits=[v for v in county.visits if v.date <= day and known(v.household, v.date)],
        attendance=[a for a in county.attendance if a.date <= day],
        benefits=[
            b
            for b in county.benefits
            if b.date <= day
            and known(b.household, b.date)
            and (b.person is None or id(b.person) in born or (b.person is changes.dead and b.date <= before))
        ],
        loans=[x for x in county.loans if x.issued_on <= day and known(x.household, x.issued_on)],
        petitions=[
            replace(p, closed_on=_open(p.closed_on, day), reply=p.reply if _open(p.closed_on, day) else "")
            for p in county.petitions
            if p.registered_on <= day and known(p.household, p.registered_on)
        ],
        leaderships=[replace(x, until=_open(x.until, day)) for x in county.leaderships if x.since <= day],
        rectifications=[
            replace(r, closed_on=_open(r.closed_on, day)) for r in county.rectifications if r.issued_on <= day
        ],
        reports=[r for r in county.reports if r.verified_on <= day and known(r.household, r.verified_on)],
        units=[replace(u, merged_into=None, merged_on=None) if _later(u, day) else u for u in county.units],
        # Projects started by the day, finished only if by then, benefiting and paid to the
        # households the register had (the removed one stays in the database).
        projects=[
            replace(
                p,
                finished=_open(p.finished, day),
                households=[h for h in p.households if id(h) in loaded],
                disbursements=[
                    d
                    for d in p.disbursements
                    if d.date <= day
                    and (d.household is None or id(d.household) in listed or id(d.household) in gone)
                ],
            )
            for p in county.projects
            if p.start <= day
        ],
    )
    # Households, people, pairings and memberships are reached through the villages and teams:
    # they are narrowed in place, each day from the full lists (kept aside by `_kept`).
    for village in county.villages:
        village.households = [h for h in _kept(village, "households") if id(h) in listed]
    for h in listed.values():
        h.persons = [p for p in _kept(h, "persons") if id(p) in born]
        h.pairings = [replace(p, until=_open(p.until, day)) for p in _kept(h, "pairings") if p.since <= day]
    for team in county.teams:
        team.memberships = [
            replace(m, until=_open(m.until, day)) for m in _kept(team, "memberships") if m.since <= day
        ]
    for cadre in county.cadres:
        cadre.memberships = [m for t in county.teams for m in t.memberships if m.cadre is cadre]
    return view


def _kept(owner: object, name: str) -> list[Any]:
    """`owner`'s full list `name`, kept aside the first time it is narrowed."""
    saved = f"_all_{name}"
    if not hasattr(owner, saved):
        setattr(owner, saved, list(getattr(owner, name)))
    return list(getattr(owner, saved))


def _open(end: date | None, day: date) -> date | None:
    """An end after `day` is not known on `day`."""
    return end if end is not None and end <= day else None


def _later(unit: Unit, day: date) -> bool:
    return unit.merged_on is not None and unit.merged_on > day


class _Picker:
    """Entities for the changes, each used once, none that an injected violation names."""

    def __init__(self, county: County) -> None:
        # The violations' keys: ids, 证件号码, codes, names, or such joined by ":" (seeds/violations).
        named = {part for keys in county.violations.values() for key in keys for part in key.split(":")}
        self.used: set[int] = set()
        self.clean: Callable[[str], bool] = lambda key: key not in named
        self.county = county

    def free(self, h: Household) -> bool:
        """Not used yet, and named by no injected violation (nor its village or people)."""
        clean = (
            self.clean(h.id)
            and self.clean(h.village.code)
            and all(self.clean(p.id_number) for p in h.persons)
        )
        return clean and id(h) not in self.used

    def household(self, test: Callable[[Household], bool] = lambda h: True) -> Household:
        for h in self.county.households:
            if self.free(h) and test(h):
                self.used.add(id(h))
                return h
        raise ValueError("the county is too small for its history")

    def person(self, test: Callable[[Person], bool]) -> Person:
        found: list[Person] = []

        def with_one(h: Household) -> bool:
            found[:] = [p for p in h.persons if p.relation != "户主" and test(p)][:1]
            return bool(found)

        self.household(with_one)
        return found[0]


def _changes(county: County, days: tuple[date, date, date]) -> Changes:
    changes = Changes(days)
    pick = _Picker(county)
    _handover(county, changes, pick)
    _units(county, changes, pick)
    first, middle, last = days

    # Red on some day: paired since before the first day and identified before any exit year
    # written here; red in the generated county when there are enough (visited monthly), else
    # given a visit in every month (W9 for a red card).
    def red() -> Household:
        ready = lambda h: h.identified_on.year < first.year - 1 and _open_cadre(h) is not None  # noqa: E731
        try:
            return pick.household(lambda h: ready(h) and h.card == codes.RED and h.status == codes.NOT_OUT)
        except ValueError:
            household = pick.household(lambda h: ready(h) and h.pairings[0].since <= county.window_start)
            _visit_monthly(county, household)
            return household

    # Two exits and a return (S2 on the middle day: the first exit's card changes a half-year late).
    exit1 = red()
    _household(changes, exit1, (codes.NOT_OUT, codes.OUT, codes.OUT), (codes.RED, codes.RED, codes.GREEN),
               (2800, 6500, 6800), (None, middle.year, middle.year))  # fmt: skip
    changes.answer("cardMismatches", 1, exit1.id)
    exit2 = red()
    _household(changes, exit2, (codes.NOT_OUT, codes.NOT_OUT, codes.OUT), (codes.RED, codes.RED, codes.GREEN),
               (2600, 2900, 7000), (None, None, last.year))  # fmt: skip
    back = red()
    returned = (codes.OUT, codes.RETURNED, codes.RETURNED)
    _household(
        changes,
        back,
        returned,
        (codes.GREEN, codes.RED, codes.RED),
        (6400, 2500, 2700),
        (first.year - 1,) * 3,
    )
    changes.chains["exits"] = {"householdIds": [exit1.id, exit2.id], "returned": back.id}

    # P4: a house graded C, renovated in the third half-year; P5: water in the second.
    house = pick.household()
    changes.set(house, "dangerous_house", (True, True, False))
    changes.set(house, "house_grade", ("C", "C", "A"))
    changes.answer("dangerousHousing", 0, house.id)
    changes.answer("dangerousHousing", 1, house.id)
    water = pick.household()
    changes.set(water, "safe_water", (False, True, True))
    changes.answer("unsafeWater", 0, water.id)

    # 销户: a household without safe water leaves the register in the third half-year.
    removed = pick.household(lambda h: h.identified_on <= first and len(h.pairings) == 1)
    changes.set(removed, "safe_water", (False, False, False))
    changes.removed = removed
    changes.answer("unsafeWater", 0, removed.id)
    changes.answer("unsafeWater", 1, removed.id)

    # P3: insurance lapses and is renewed; a contract signed; no exam of the new year; a death.
    person = lambda p: p.birth <= first  # noqa: E731
    lapsed = pick.person(person)
    changes.set(lapsed, "medical_insurance", (True, False, True))
    changes.answer("uninsuredPersons", 1, lapsed.id_number)
    doctor = pick.person(person)
    changes.set(doctor, "family_doctor", (False, True, True))
    changes.answer("missingFamilyDoctorContracts", 0, doctor.id_number)
    exam = pick.person(person)
    changes.set(exam, "physical_exam", (True, True, False))
    changes.answer("missingPhysicalExams", 2, exam.id_number)
    dead = pick.person(person)
    changes.set(dead, "medical_insurance", (False, False, False))
    changes.dead = dead
    for index in (0, 1):
        changes.answer("uninsuredPersons", index, dead.id_number)

    # P2: a child of school age on every day leaves school in the third half-year.
    child = pick.person(
        lambda p: age_on(p.birth, first) >= 7 and age_on(p.birth, last) <= 14 and p.schooling != ""
        and not p.disability and p.health == [codes.HEALTHY]
    )  # fmt: skip
    changes.set(child, "schooling", (child.schooling, child.schooling, ""))
    changes.set(child, "education", ("", "", "小学"))
    changes.set(child, "dropout_reason", ("", "", "厌学"))
    changes.answer("schoolDropouts", 2, child.id_number)

    changes.chains["register"] = {"removedHousehold": removed.id, "deadPerson": dead.id_number}
    return changes


def _household(
    changes: Changes, h: Household, status: Three, card: Three, income: Three, exit_year: Three
) -> None:
    changes.set(h, "status", status)
    changes.set(h, "card", card)
    changes.set(h, "income", income)
    changes.set(h, "exit_year", exit_year)


def _open_cadre(h: Household) -> Cadre | None:
    """The household's one cadre, paired since before `first` and never changed, else None."""
    if len(h.pairings) != 1 or h.pairings[0].until is not None:
        return None
    return h.pairings[0].cadre


def _handover(county: County, changes: Changes, pick: _Picker) -> None:
    """W7, W8, O1: a cadre of a village leaves a month before the middle day; another cadre of the
    village takes over all its households twenty days after it (at least six: W8 on the last day;
    every group holds 3–5 households)."""
    first, middle, _ = changes.days
    groups: dict[int, list[Household]] = {}
    for h in county.households:
        cadre = _open_cadre(h)
        if cadre is not None and h.pairings[0].since <= first:
            groups.setdefault(id(cadre), []).append(h)
    whole = [
        hs for hs in groups.values()
        if len(hs) == sum(p.cadre is hs[0].pairings[0].cadre for p in county.pairings)
        and all(pick.free(h) for h in hs) and pick.clean(hs[0].pairings[0].cadre.id_number)
    ]  # fmt: skip
    pair = next(
        ((a, b) for a in whole for b in whole if a is not b and a[0].village is b[0].village), None
    )  # fmt: skip
    if pair is None:
        raise ValueError("the county has no village with two cadres for its history")
    left, kept = pair
    leaver, taker = left[0].pairings[0].cadre, kept[0].pairings[0].cadre
    pick.used.update(id(h) for h in (*left, *kept))
    for h in left:
        h.pairings[0].until = middle - timedelta(days=30)
        county.add_pairing(Pairing(h, taker, middle + timedelta(days=20)))
        changes.answer("unpairedHouseholds", 1, h.id)
    changes.answer("overAssignedCadres", 2, taker.id_number)
    changes.chains["responsible"] = {
        "householdId": left[0].id,
        "cadreIdNumber": [leaver.id_number, None, taker.id_number],
    }


def _units(county: County, changes: Changes, pick: _Picker) -> None:
    """O1: a cadre transferred to another unit, and a unit merged into another (a township's into
    the township's government), its cadres listed under that one from then on, both in the second
    half-year."""
    first = changes.days[0]
    # Cadres with a household of their own since before the first day, by unit.
    households: dict[int, Household] = {}
    for p in county.pairings:
        if _open_cadre(p.household) is p.cadre and p.since <= first and pick.free(p.household):
            households.setdefault(id(p.cadre), p.household)
    cadres: dict[int, list[Cadre]] = {}
    for c in county.cadres:
        if id(c) in households and pick.clean(c.id_number):
            cadres.setdefault(id(c.unit), []).append(c)
    governments = {id(t.government): t for t in county.townships}
    township_of = {id(u): t for t in county.townships for u in t.units}
    dispatching = {id(t.unit) for t in county.teams}
    survivors = {id(u.merged_into) for u in county.units}
    candidates = sorted(
        (u for u in county.units
         if id(u) not in dispatching and id(u) not in governments and id(u) not in survivors
         and u.merged_into is None and pick.clean(u.name)),
        key=lambda u: (id(u) not in cadres, id(u) not in township_of),
    )  # fmt: skip
    if not candidates or not cadres:
        raise ValueError("the county has no unit to merge for its history")
    merged = candidates[0]
    if id(merged) not in cadres:  # a unit without cadres of its own: one is moved there from the start
        newcomer = next((c for cs in cadres.values() for c in cs if not c.memberships), None)
        if newcomer is None:
            raise ValueError("the county has no unit to merge for its history")
        cadres[id(newcomer.unit)].remove(newcomer)
        newcomer.unit = merged
        cadres[id(merged)] = [newcomer]
    township = township_of.get(id(merged))
    county_units = [
        u for u in county.units if u is not merged and u.merged_into is None and id(u) not in township_of
    ]
    into = township.government if township is not None else county_units[0]
    on = first + timedelta(days=45)
    merged.merged_into, merged.merged_on = into, on
    for c in cadres[id(merged)]:
        changes.units.append((c, (merged, into, into)))
    one = cadres[id(merged)][0]
    moved = next((c for key, cs in cadres.items() if key not in (id(merged), id(into)) for c in cs), None)
    if moved is None:
        raise ValueError("the county has no cadre to transfer for its history")
    target = next(u for u in county.units if u not in (moved.unit, merged) and u.merged_into is None)
    changes.units.append((moved, (moved.unit, target, target)))
    paired = households[id(one)]
    pick.used.update(
        (id(paired), id(households[id(moved)]))
    )  # their chains are read: nothing else changes them
    between = on + timedelta(days=10)  # merged, its cadres not yet listed under `into`
    changes.chains["units"] = {
        "transferred": {
            "cadreIdNumber": moved.id_number, "units": [moved.unit.name, target.name, target.name],
        },
        "merged": {
            "unit": merged.name, "into": into.name, "on": on.isoformat(),
            "cadreIdNumber": one.id_number, "units": [merged.name, into.name, into.name],
            "answering": [merged.name, into.name, into.name],
            "householdId": paired.id,
            "between": {"day": between.isoformat(), "unit": merged.name, "answering": into.name},
        },
    }  # fmt: skip


def _unvisited(view: County, day: date) -> list[Household]:
    """W9 on `day`: paired households registered by the end of the period judged (the month
    before the day's for a RED card, the quarter before for the others) with no visit in it."""
    month = add_months_first(month_start(day), -1)
    quarter = add_months_first(month_start(day).replace(month=(day.month - 1) // 3 * 3 + 1), -3)
    visited = {(id(v.household), v.date) for v in view.visits}
    found = []
    for h in view.households:
        start = month if h.card == codes.RED else quarter
        end = add_months_first(start, 1 if h.card == codes.RED else 3) - timedelta(days=1)
        paired = any(p.since <= day and (p.until is None or p.until > day) for p in h.pairings)
        seen = any((id(h), start + timedelta(days=n)) in visited for n in range((end - start).days + 1))
        if paired and h.identified_on <= end and not seen:
            found.append(h)
    return found


def _township_figures(view: County, day: date) -> dict[str, list[str]]:
    """P9 and P10 on `day` as the day's rosters give them: township codes."""
    cases = {
        p.township.code for p in view.petitions
        if p.level == codes.PROVINCE and p.registered_on.year == day.year
    }  # fmt: skip
    sums: dict[str, list[int]] = {}
    for loan in view.loans:
        figures = sums.setdefault(loan.household.village.township.code, [0, 0])
        figures[0] += loan.balance
        figures[1] += loan.overdue_amount
    over = [
        code for code, (balance, overdue) in sums.items() if balance > 0 and overdue / balance > OVERDUE_LINE
    ]
    return {"petitionRanking": sorted(cases), "loanOverdueRates": sorted(over)}


def _visit_monthly(county: County, household: Household) -> None:
    """A visit by the household's cadre on the 15th (or the window's first day) of every month of
    the visits' window that has none."""
    cadre = household.pairings[0].cadre
    seen = {(v.date.year, v.date.month) for v in county.visits if v.household is household}
    month = month_start(county.window_start)
    while month <= county.as_of:
        day = min(max(month.replace(day=15), county.window_start), county.as_of)
        if (month.year, month.month) not in seen:
            county.visits.append(Visit(cadre, household, day, codes.VISIT_MODE))
        month = add_months_first(month, 1)
