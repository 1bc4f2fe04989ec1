"""What a department's list says against the register: one suspect (疑点) per disagreement, typed,
citing its rule, with the department's row and the register's facts side by side, and the change
of the register that confirming it would make (none when the measure is the department's).

A list is the department's whole list for the county on its day: a registered person absent from
the 医保 list is not insured, absent from 学籍 not enrolled. Rows are matched by identity number,
else by name and birth date (marked `NAME_BIRTH`); an unmatched row of another county (its
行政区划代码, else its number's first six digits) is counted and set aside.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.compare.formats import Department
from graph.compare.register import Home, Member, Register
from graph.rosters import ParsedRoster, ParsedRow
from graph.rosters.codes import SCHOOLING

SCHOOL_AGE = (6, 15)  # compulsory education (P2), as the coverage rule's default
SEVERE = ("一级", "二级")

# kind → (rule, what it means, in Chinese)
KINDS: dict[str, tuple[str, str]] = {
    "MEDICAL_INSURANCE": ("P3", "基本医保参保情况与医保名单不符"),
    "SERIOUS_ILLNESS_INSURANCE": ("P3", "大病保险参保情况与医保名单不符"),
    "PHYSICAL_EXAM": ("P3", "本年度体检情况与卫健体检名单不符"),
    "FAMILY_DOCTOR": ("P3", "家庭医生签约情况与卫健签约名单不符"),
    "NOT_ENROLLED": ("P2", "义务教育阶段适龄儿童登记在校，但不在学籍名单中"),
    "ENROLLED": ("P2", "登记为不在校，但在学籍名单中"),
    "AID_MISSING": ("P2", "在校学生不在学生资助名单中"),
    "HOUSE_GRADE": ("P4", "住房安全等级与住建鉴定不符"),
    "DIBAO": ("P6", "低保情况与民政名单不符"),
    "TEKUN": ("P6", "特困供养情况与民政名单不符"),
    "DISABILITY": ("P6", "残疾类别与残联残疾证不符"),
    "DEAD": ("S5", "公安登记已死亡：应核减家庭人口，全户死亡的应销户"),
    "MOVED_OUT": ("S5", "公安登记户籍已迁出：应核减家庭人口，全户迁出的应销户"),
    "MISSED_POOR": ("S3", "享受低保/特困或重度残疾，却不是建档立卡人员：疑似漏评"),
}


@dataclass(frozen=True)
class Suspect:
    department: str
    unit: str  # the department's unit (a DEPARTMENT token's scope)
    roster: str  # the list's name
    kind: str
    match: str  # ID, NAME_BIRTH, or NONE (absent from the list, or not registered)
    effective: date  # the day the change would take effect (the list's day, or its row's date)
    proposed: dict[str, Any]  # the register's change on confirming; {} when none
    register: dict[str, Any]  # the register's facts compared
    row: int | None = None
    cells: dict[str, str] = field(default_factory=dict)  # the department's row, prop → text
    person: str | None = None  # uid
    household: str | None = None
    township: str | None = None
    id_number: str | None = None
    name: str | None = None

    @property
    def rule(self) -> str:
        return KINDS[self.kind][0]

    @property
    def id(self) -> str:
        """One suspect per department, kind, subject and change: a rerun finds it again."""
        subject = self.person or self.household or f"{self.id_number}/{self.name}"
        text = json.dumps([self.department, self.kind, subject, self.proposed], default=str, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass
class Outcome:
    suspects: list[Suspect] = field(default_factory=list)
    matched: Counter[str] = field(default_factory=Counter)  # ID, NAME_BIRTH, NONE
    other_county: int = 0
    ignored: int = 0  # rows out of the list's day (ended, or later)


class _Compare:
    def __init__(
        self, department: Department, roster: ParsedRoster, day: date, register: Register, county: str
    ):
        self.department, self.roster, self.day = department, roster, day
        self.register, self.county = register, county
        self.outcome = Outcome()

    def suspect(self, kind: str, proposed: dict[str, Any], register: dict[str, Any], **more: Any) -> None:
        more.setdefault("effective", self.day)
        self.outcome.suspects.append(
            Suspect(
                self.department.name,
                self.department.unit,
                self.roster.name,
                kind,
                proposed=proposed,
                register=register,
                **more,
            )
        )

    def of(self, member: Member, row: ParsedRow | None, how: str) -> dict[str, Any]:
        """The subject fields of a suspect about a registered person (its row, if it has one)."""
        cells = {} if row is None else row.raw
        return {
            "match": how,
            "row": None if row is None else row.row,
            "cells": cells,
            "person": member.uid,
            "household": member.household,
            "township": member.township,
            "id_number": member.id_number,
            "name": member.name,
        }

    def matched(self) -> Iterator[tuple[ParsedRow, Member, str]]:
        """Each row with the registered person it names; unmatched rows are counted, and those of
        another county set aside, the others yielded by `unmatched`."""
        self.unmatched_rows: list[ParsedRow] = []
        for row in self.roster.rows:
            member, how = self.person(row)
            self.outcome.matched[how] += 1
            if member is not None:
                yield row, member, how
            elif self.elsewhere(row):
                self.outcome.other_county += 1
            else:
                self.unmatched_rows.append(row)

    def person(self, row: ParsedRow) -> tuple[Member | None, str]:
        values = row.values
        number, name, birth = values.get("idNumber"), values.get("name"), values.get("birthDate")
        return self.register.person(
            number if isinstance(number, str) else None,
            name if isinstance(name, str) else None,
            birth if isinstance(birth, date) else None,
        )

    def elsewhere(self, row: ParsedRow) -> bool:
        place = row.values.get("region") or row.values.get("idNumber")
        return isinstance(place, str) and len(place) >= 6 and place[:6] != self.county

    def township_of(self, row: ParsedRow) -> str | None:
        place = row.values.get("region")
        return place[:9] if isinstance(place, str) and len(place) >= 9 else None

    def presence(self, kind: str, prop: str, listed: dict[str, ParsedRow], how: dict[str, str]) -> None:
        """Every registered person: on the list or not, against the register's yes/no `prop`."""
        for member in self.register.people:
            on_list = member.uid in listed
            if bool(member.facts.get(prop)) != on_list:
                row = listed.get(member.uid)
                self.suspect(
                    kind,
                    {prop: on_list},
                    {prop: member.facts.get(prop)},
                    **self.of(member, row, how.get(member.uid, "NONE")),
                )

    def run(self) -> Outcome:
        getattr(self, "_" + self.roster.kind)()
        return self.outcome

    def _listed(self, keep: Any = lambda row: True) -> tuple[dict[str, ParsedRow], dict[str, str]]:
        listed: dict[str, ParsedRow] = {}
        how: dict[str, str] = {}
        for row, member, matched in self.matched():
            if keep(row):
                listed.setdefault(member.uid, row)
                how[member.uid] = matched
            else:
                self.outcome.ignored += 1
        return listed, how

    def _medical(self) -> None:
        rows = list(self.matched())
        for insurance, kind, prop in (
            ("基本医保", "MEDICAL_INSURANCE", "medicalInsurance"),
            ("大病保险", "SERIOUS_ILLNESS_INSURANCE", "seriousIllnessInsurance"),
        ):
            if not any(r.values["insurance"] == insurance for r in self.roster.rows):
                continue  # a list of one insurance says nothing of the other
            of_kind = [
                (r, m, h)
                for r, m, h in rows
                if r.values["insurance"] == insurance and r.values.get("year") in (None, self.day.year)
            ]
            self.presence(kind, prop, {m.uid: r for r, m, _ in of_kind}, {m.uid: h for _, m, h in of_kind})

    def _exams(self) -> None:
        listed, how = self._listed(
            lambda row: row.values["examOn"].year == self.day.year and row.values["examOn"] <= self.day
        )
        self.presence("PHYSICAL_EXAM", "physicalExam", listed, how)

    def _doctors(self) -> None:
        def active(row: ParsedRow) -> bool:
            ends = row.values.get("endsOn")
            return row.values["signedOn"] <= self.day and (ends is None or ends >= self.day)  # type: ignore[operator]

        listed, how = self._listed(active)
        self.presence("FAMILY_DOCTOR", "familyDoctor", listed, how)

    def _school_age(self, member: Member) -> bool:
        if member.birth is None:
            return False
        years = (
            self.day.year
            - member.birth.year
            - ((self.day.month, self.day.day) < (member.birth.month, member.birth.day))
        )
        return SCHOOL_AGE[0] <= years <= SCHOOL_AGE[1]

    def _pupils(self) -> None:
        listed, how = self._listed()
        for member in self.register.people:
            if not self._school_age(member):
                continue
            at_school = member.facts.get("schooling") is not None
            row = listed.get(member.uid)
            if at_school and row is None:
                self.suspect(
                    "NOT_ENROLLED",
                    {"schooling": None},
                    {"schooling": member.facts.get("schooling")},
                    **self.of(member, None, "NONE"),
                )
            elif not at_school and row is not None:
                grade = _schooling(str(row.values["grade"]))
                proposed = {"schooling": grade} if grade else {}
                register = {"schooling": None, "dropoutReason": member.facts.get("dropoutReason")}
                self.suspect("ENROLLED", proposed, register, **self.of(member, row, how[member.uid]))

    def _aid(self) -> None:
        listed, _ = self._listed()
        for member in self.register.people:
            if self._school_age(member) and member.facts.get("schooling") and member.uid not in listed:
                self.suspect(
                    "AID_MISSING",
                    {},
                    {"schooling": member.facts["schooling"]},
                    **self.of(member, None, "NONE"),
                )

    def _houses(self) -> None:
        for row in self.roster.rows:
            home, how = self._home(row)
            self.outcome.matched[how] += 1
            if home is None:
                self.outcome.other_county += self.elsewhere(row)
                continue
            grade, on = row.values["houseGrade"], row.values["assessedOn"]
            facts = home.facts
            dangerous = grade in ("C", "D")
            if bool(facts.get("dangerousHouse")) == dangerous and facts.get("houseGrade") in (grade, None):
                continue
            proposed = {"dangerousHouse": dangerous, "houseGrade": grade, "houseAssessedOn": on}
            self.suspect(
                "HOUSE_GRADE",
                proposed,
                dict(facts),
                effective=min(on, self.day),  # type: ignore[type-var]
                match=how,
                row=row.row,
                cells=row.raw,
                household=home.id,
                township=home.township,
            )

    def _home(self, row: ParsedRow) -> tuple[Home | None, str]:
        values = row.values
        if values.get("householdId") in self.register.homes:
            return self.register.homes[str(values["householdId"])], "HOUSEHOLD"
        number = values.get("idNumber")
        if isinstance(number, str) and number in self.register.home_of_head:
            return self.register.homes[self.register.home_of_head[number]], "ID"
        member, how = self.person(row)
        if member is not None and member.household in self.register.homes:
            return self.register.homes[member.household], how
        return None, "NONE"

    def _relief(self) -> None:
        def active(row: ParsedRow) -> bool:
            until = row.values.get("until")
            return row.values["since"] <= self.day and (until is None or until >= self.day)  # type: ignore[operator]

        listed: dict[str, dict[str, ParsedRow]] = {"低保": {}, "特困": {}}
        how: dict[str, str] = {}
        for row, member, matched in self.matched():
            if active(row):
                listed[str(row.values["relief"])].setdefault(member.uid, row)
                how[member.uid] = matched
            else:
                self.outcome.ignored += 1
        self.presence("DIBAO", "dibao", listed["低保"], how)
        self.presence("TEKUN", "tekun", listed["特困"], how)
        for row in self.unmatched_rows:
            if active(row):
                self._missed(row)

    def _disabled(self) -> None:
        for row, member, how in self.matched():
            kind = str(row.values["disability"])
            if member.facts.get("disability") != kind:
                self.suspect(
                    "DISABILITY",
                    {"disability": kind},
                    {"disability": member.facts.get("disability")},
                    **self.of(member, row, how),
                )
        for row in self.unmatched_rows:
            if row.values["grade"] in SEVERE:
                self._missed(row)

    def _registry(self) -> None:
        for row, member, how in self.matched():
            on = row.values["on"]
            if on > self.day:  # type: ignore[operator]
                self.outcome.ignored += 1
                continue
            kind = "DEAD" if row.values["change"] == "死亡" else "MOVED_OUT"
            self.suspect(kind, {}, {"household": member.household}, effective=on, **self.of(member, row, how))

    def _missed(self, row: ParsedRow) -> None:
        """S3: a person the department supports, not registered: a 漏评 candidate."""
        number = row.values.get("idNumber")
        self.suspect(
            "MISSED_POOR",
            {},
            {},
            match="NONE",
            row=row.row,
            cells=row.raw,
            township=self.township_of(row),
            id_number=number if isinstance(number, str) else None,
            name=str(row.values.get("name") or ""),
        )


def _schooling(grade: str) -> str | None:
    """学籍's 年级 as the register's 在校生状况 (一至六年级 are 小学)."""
    if any(grade.startswith(g) for g in ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级")):
        return "小学"
    found: str | None = SCHOOLING.lookup(grade)
    return found


def compare(
    department: Department, roster: ParsedRoster, day: date, register: Register, county: str
) -> Outcome:
    """The suspects a list raises against the register on its day (`county`: its 6-digit code)."""
    return _Compare(department, roster, day, register, county).run()
