"""The register as a comparison reads it: every registered person and household, with its facts on
the list's day (graph/facts.py) and the township it belongs to, indexed for matching."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from neo4j import Driver, RoutingControl

from graph.compare import ids
from graph.facts import facts_at, on_register
from graph.rows import plain

PERSON_READ = (
    "medicalInsurance", "seriousIllnessInsurance", "physicalExam", "physicalExamYear", "familyDoctor",
    "schooling", "dropoutReason", "dibao", "tekun", "disability",
)  # fmt: skip
HOUSEHOLD_READ = ("dangerousHouse", "houseGrade", "houseAssessedOn")

_PLACE = "(h:Household)-[:IN_VILLAGE]->(:Village)-[:IN_TOWNSHIP]->(t:Township)"
# The register on the list's day (graph/facts.py `on_register`): the dead, those moved away and the
# households closed before it are no longer compared.
_PEOPLE = f"""MATCH (p:Person)-[:BELONGS_TO]->{_PLACE}
WHERE {on_register("p")} AND {on_register("h")}
WITH p, h, t, {facts_at("p")} AS f
RETURN p.uid AS uid, p.idNumber AS idNumber, p.name AS name, p.birthDate AS birthDate,
       h.id AS household, t.code AS township, f {{{", ".join("." + x for x in PERSON_READ)}}} AS facts
"""
_HOUSEHOLDS = f"""MATCH {_PLACE}
WHERE {on_register("h")}
WITH h, t, {facts_at("h")} AS f
RETURN h.id AS id, h.headIdNumber AS headIdNumber, t.code AS township,
       f {{{", ".join("." + x for x in HOUSEHOLD_READ)}}} AS facts
"""


@dataclass(frozen=True)
class Member:
    uid: str
    id_number: str
    name: str
    birth: date | None
    household: str
    township: str
    facts: dict[str, Any]


@dataclass(frozen=True)
class Home:
    id: str
    township: str
    facts: dict[str, Any]


@dataclass
class Register:
    people: list[Member] = field(default_factory=list)
    by_id: dict[str, Member] = field(default_factory=dict)
    by_name_birth: dict[tuple[str, date], list[Member]] = field(default_factory=lambda: defaultdict(list))
    homes: dict[str, Home] = field(default_factory=dict)
    home_of_head: dict[str, str] = field(default_factory=dict)

    def add(self, member: Member) -> None:
        self.people.append(member)
        self.by_id[member.id_number] = member
        if member.birth is not None:
            self.by_name_birth[(member.name, member.birth)].append(member)

    def person(
        self, id_number: str | None, name: str | None, birth: date | None
    ) -> tuple[Member | None, str]:
        """The registered person a department row names, and how: `ID` (a valid identity number),
        `NAME_BIRTH` (name and birth date, one person only: weaker), or `NONE`."""
        if id_number and ids.valid(id_number) and id_number in self.by_id:
            return self.by_id[id_number], "ID"
        born = birth or (ids.birth(id_number) if id_number else None)
        if name and born:
            found = self.by_name_birth.get((name, born), [])
            if len(found) == 1:
                return found[0], "NAME_BIRTH"
        return None, "NONE"


def read_register(driver: Driver, database: str, day: date, households: bool) -> Register:
    """All registered people (and, for a housing list, households) with their facts on `day`."""
    register = Register()
    records, _, _ = driver.execute_query(_PEOPLE, asOf=day, database_=database, routing_=RoutingControl.READ)
    for r in records:
        register.add(
            Member(r["uid"], r["idNumber"], r["name"], plain(r["birthDate"]), r["household"], r["township"],
                   plain(r["facts"]))
        )  # fmt: skip
    if households:
        records, _, _ = driver.execute_query(
            _HOUSEHOLDS, asOf=day, database_=database, routing_=RoutingControl.READ
        )
        for r in records:
            register.homes[r["id"]] = Home(r["id"], r["township"], plain(r["facts"]))
            if r["headIdNumber"]:
                register.home_of_head[r["headIdNumber"]] = r["id"]
    return register
