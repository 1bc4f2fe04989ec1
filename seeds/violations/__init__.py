"""Injected violations: a small, seed-determined number (2–3; P3 four; P9/P10 one township)
of every measurable rule, evaluated at as_of, each recorded under its rule id with the natural
key of the offending entity (`NOTES` says which key and how it was made).

Each injection breaks one rule on an entity no other injection touches (villages, households
and cadres are taken once), and the clean data breaks none, so a checker run at as_of must
find exactly the manifest. Injections run in three stages: `structure` before visits and
attendance are laid out (so those follow the changed pairings, teams and cards), `activity`
on visits and attendance, and `records` on orders, petitions and loans.
"""

from __future__ import annotations

from seeds.county import County
from seeds.kit import Kit
from seeds.petitions import number_petitions
from seeds.rectifications import number_rectifications
from seeds.violations import households, policies, projects, records, teams
from seeds.violations.picker import NOTES, Picker

__all__ = ["NOTES", "Injector"]


class Injector:
    def __init__(self, kit: Kit, county: County) -> None:
        self.picker = Picker(kit, county)

    def structure(self) -> None:
        p = self.picker
        teams.w1(p)
        teams.w2(p)
        teams.w3(p)
        teams.w4(p)
        teams.w6(p)
        teams.o2(p)
        households.w8(p)
        households.w7(p)
        households.s2(p)
        households.p2(p)
        households.p3(p)
        households.p4_p5(p)
        households.s5(p)
        households.p6_dibao(p)
        records.s4(p)

    def activity(self) -> None:
        p = self.picker
        households.w9(p)
        households.w10(p)
        teams.w11(p)

    def records(self) -> None:
        p = self.picker
        orders = records.w12(p)
        township = records.p9(p)
        records.p10(p, exclude=township)
        policies.p1(p)
        policies.p2_aid(p)
        policies.p6(p)
        policies.p6_premiums(p)
        policies.w12_satisfaction(p)
        number_petitions(p.county)
        number_rectifications(p.county)
        p.record("W12", [o.id for o in orders])

    def funds(self) -> None:
        """The project register's (O3, P4), once the projects are laid out (seeds/projects.py)."""
        projects.o3(self.picker)
