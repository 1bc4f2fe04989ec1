"""The in-memory county built from a seed: plain dataclasses, one per roster entity.

Relationships that can change carry `since` and `until` (docs/model.md): active on day D when
since <= D and (until is None or D < until); the end day belongs to the successor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seeds.projects import Project


def active(since: date, until: date | None, day: date) -> bool:
    return since <= day and (until is None or day < until)


@dataclass(eq=False)
class Township:
    code: str  # 9 digits
    name: str
    villages: list[Village] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)  # township-level units, government first

    @property
    def government(self) -> Unit:
        return self.units[0]


@dataclass(eq=False)
class Village:
    code: str  # 12 digits
    name: str
    township: Township
    kind: str  # "poor" (贫困村), "big" (non-poor, >= 100 poor people), "small"
    exit_year: int | None = None
    population: int = 0
    officer_name: str = ""
    officer_phone: str = ""
    planned_sizes: list[int] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    team: Team | None = None

    @property
    def is_poor(self) -> bool:
        return self.kind == "poor"

    @property
    def poor_people(self) -> int:
        return sum(len(h.persons) for h in self.households)


@dataclass(eq=False)
class Person:
    household: Household
    no: str
    name: str
    male: bool
    birth: date
    id_number: str
    relation: str
    ethnicity: str = "汉族"
    education: str = ""
    schooling: str = ""
    labour: str = ""
    migrant_months: int = 0
    health: list[str] = field(default_factory=list)
    disability: str = ""
    dibao: bool = False
    tekun: bool = False
    medical_insurance: bool = True
    serious_illness_insurance: bool = True
    pension_insurance: bool = False
    physical_exam: bool = True
    family_doctor: bool = True
    dropout_reason: str = ""
    phone: str = ""


@dataclass(eq=False)
class Household:
    id: str
    village: Village
    hamlet: str
    attribute: str
    status: str
    card: str
    income: int
    identified_on: date
    main_cause: str
    other_causes: list[str] = field(default_factory=list)
    exit_year: int | None = None
    dangerous_house: bool = False
    house_grade: str = "A"
    safe_water: bool = True
    note: str = ""
    persons: list[Person] = field(default_factory=list)
    pairings: list[Pairing] = field(default_factory=list)

    @property
    def head(self) -> Person:
        return self.persons[0]


@dataclass(eq=False)
class Unit:
    name: str
    code: str
    type: str
    affiliation: str
    merged_into: Unit | None = None
    merged_on: date | None = None

    def on(self, day: date) -> Unit:
        """The unit that answers for this one on `day` (W6: the merged unit)."""
        if self.merged_into is not None and self.merged_on is not None and self.merged_on <= day:
            return self.merged_into.on(day)
        return self


@dataclass(eq=False)
class Cadre:
    id_number: str
    name: str
    male: bool
    party: str
    education: str
    unit: Unit
    post: str
    rank: str
    phone: str
    memberships: list[Membership] = field(default_factory=list)


@dataclass(eq=False)
class Pairing:
    household: Household
    cadre: Cadre
    since: date
    until: date | None = None


@dataclass(eq=False)
class Team:
    village: Village
    unit: Unit
    level: str  # 县派 / 乡派
    memberships: list[Membership] = field(default_factory=list)

    def join(self, membership: Membership) -> Membership:
        self.memberships.append(membership)
        membership.cadre.memberships.append(membership)
        return membership

    def active_members(self, day: date) -> list[Membership]:
        return [m for m in self.memberships if active(m.since, m.until, day)]


@dataclass(eq=False)
class Membership:
    team: Team
    cadre: Cadre
    role: str
    since: date
    until: date | None = None
    replaces: Membership | None = None  # the member this one took over from (W6)


@dataclass(eq=False, slots=True)
class Visit:
    cadre: Cadre
    household: Household
    date: date
    mode: str
    findings: str = ""
    resolution: str = ""
    escalate: bool = False
    satisfaction: str = ""  # 群众满意度 (W12), when the household rated the visit


@dataclass(eq=False, slots=True)
class Attendance:
    cadre: Cadre
    date: date
    place: str
    in_village: bool


@dataclass(eq=False, slots=True)
class Benefit:
    household: Household
    person: Person | None
    area: str
    project: str
    amount: int
    date: date
    department: str


@dataclass(eq=False)
class Loan:
    household: Household
    bank: str
    amount: int
    issued_on: date
    due_on: date
    balance: int
    overdue_amount: int = 0


@dataclass(eq=False)
class Petition:
    case_no: str
    registered_on: date
    level: str
    township: Township
    village: Village | None
    household: Household | None
    claim: str
    assigned_unit: str
    leader_name: str
    closed_on: date | None
    reply: str


@dataclass(eq=False)
class Leadership:
    township: Township
    duty: str  # 乡镇党委书记 / 县级联系领导
    cadre: Cadre
    since: date
    until: date | None = None


@dataclass(eq=False)
class Rectification:
    id: str
    cadre: Cadre
    issued_on: date
    deadline: date
    reason: str
    closed_on: date | None


@dataclass(eq=False)
class Report:
    id: str
    household: Household
    kind: str  # 返贫 / 新增
    source: str
    source_department: str
    cause: str
    found_on: date
    verified_on: date
    feedback: list[str]
    measures: list[str]


@dataclass(eq=False)
class County:
    as_of: date
    window_start: date  # visits and attendance cover [window_start, as_of]
    townships: list[Township] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    cadres: list[Cadre] = field(default_factory=list)
    pairings: list[Pairing] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    benefits: list[Benefit] = field(default_factory=list)
    loans: list[Loan] = field(default_factory=list)
    petitions: list[Petition] = field(default_factory=list)
    leaderships: list[Leadership] = field(default_factory=list)
    rectifications: list[Rectification] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)  # seeds/projects.py
    violations: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def villages(self) -> list[Village]:
        return [v for t in self.townships for v in t.villages]

    @property
    def households(self) -> list[Household]:
        return [h for v in self.villages for h in v.households]

    def add_pairing(self, pairing: Pairing) -> Pairing:
        self.pairings.append(pairing)
        pairing.household.pairings.append(pairing)
        return pairing

    def unit(self, name: str) -> Unit:
        for unit in self.units:
            if unit.name == name:
                return unit
        raise KeyError(name)
