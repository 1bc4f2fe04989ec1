"""Team and village violations: W1–W4, W6, W11, O2 (keys: 村代码, W11 证件号码)."""

from __future__ import annotations

from seeds import codes
from seeds.attendance import protected_from
from seeds.cadres import TOWNSHIP_TEAM_LEADER_POSTS
from seeds.county import Membership, Team
from seeds.dates import between, days
from seeds.violations.picker import Picker


def _drop(p: Picker, team: Team, membership: Membership | None) -> None:
    """Removes a membership and those it replaced; a cadre left with no role goes too."""
    while membership is not None:
        team.memberships.remove(membership)
        membership.cadre.memberships.remove(membership)
        if not membership.cadre.memberships:
            p.county.cadres.remove(membership.cadre)
        membership = membership.replaces


def w1(p: Picker) -> None:
    chosen = p.take_villages(p.pick([t.village for t in p.county_teams("poor")], p.n()))
    for village in chosen:
        team = village.team
        assert team is not None
        members = team.active_members(p.as_of)
        kept = [m for m in members if m.role == codes.SECRETARY_LEADER][:1]
        kept += [m for m in members if m.role == codes.MEMBER][:1]
        for membership in members:
            if membership not in kept:
                _drop(p, team, membership)
    p.record("W1", [v.code for v in chosen])


def w2(p: Picker) -> None:
    # Not a merged unit's team: a merged unit keeps its teams (W6).
    teams = [t for t in p.county_teams("big") if t.unit.merged_into is None]
    chosen = p.take_villages(p.pick([t.village for t in teams], p.n()))
    for village in chosen:
        team = village.team
        assert team is not None
        team.level = codes.TOWNSHIP_LEVEL
        team.unit = village.township.government
        for membership in team.memberships:
            membership.cadre.unit = team.unit
            if membership.role == codes.SECRETARY_LEADER:
                membership.role = codes.LEADER
                membership.cadre.post, membership.cadre.rank = p.rng.choice(TOWNSHIP_TEAM_LEADER_POSTS)
    p.record("W2", [v.code for v in chosen])


def w3(p: Picker) -> None:
    chosen = p.take_villages(p.pick(p.free_villages("small"), p.n()))
    for village in chosen:
        team = village.team
        assert team is not None
        for membership in [m for m in team.memberships if m.until is None]:
            _drop(p, team, membership)
        p.county.teams.remove(team)
        village.team = None
    p.record("W3", [v.code for v in chosen])


def w4(p: Picker) -> None:
    chosen = p.take_villages(p.pick([t.village for t in p.county_teams()], p.n()))
    for village in chosen:
        assert village.team is not None
        for membership in village.team.active_members(p.as_of):
            if membership.role == codes.SECRETARY_LEADER:
                membership.role = codes.LEADER
    p.record("W4", [v.code for v in chosen])


def _leavers(p: Picker, team: Team) -> list[Membership]:
    return [
        m for m in team.active_members(p.as_of) if m.role == codes.MEMBER and m.since <= p.as_of - days(200)
    ]


def w6(p: Picker) -> None:
    # County teams keep >= 3 after the departure (else W1 too); township teams need only exist.
    county = [t for t in p.county_teams() if len(t.active_members(p.as_of)) >= 4 and _leavers(p, t)]
    township = [v.team for v in p.free_villages("small") if v.team is not None and _leavers(p, v.team)]
    n = p.n()
    chosen = p.pick(county, n)
    chosen += p.pick(township, n - len(chosen))
    for team in chosen:
        leaver = p.rng.choice(_leavers(p, team))
        # Well before the month W11 looks at, so the leaver is nobody's attendance question.
        leaver.until = between(p.rng, p.as_of - days(150), p.as_of - days(70))
    p.take_villages([t.village for t in chosen])
    p.record("W6", [t.village.code for t in chosen])


def o2(p: Picker) -> None:
    chosen = p.take_villages(p.pick(p.free_villages("small", "big"), p.n()))
    for village in chosen:
        village.officer_name = village.officer_phone = ""
    p.record("O2", [v.code for v in chosen])


def w11(p: Picker) -> None:
    members = [
        m
        for v in p.free_villages("poor", "big", "small")
        if v.team is not None
        for m in v.team.active_members(p.as_of)
        if m.since <= p.as_of - days(120)
    ]
    chosen = p.pick(members, p.n())
    p.take_villages([m.team.village for m in chosen])
    guard = protected_from(p.as_of)
    cadres = {m.cadre.id_number for m in chosen}
    for row in p.county.attendance:
        if row.date >= guard and row.cadre.id_number in cadres:
            row.in_village = row.date.weekday() in (0, 2)  # about 9 days a month
            if not row.in_village:
                row.place = "县城"
    p.record("W11", [m.cadre.id_number for m in chosen])
