"""Work teams (驻村工作队, W1–W6): a county team (县派) of 3–5 led by a first secretary in every
poverty village and every non-poor village with >= 100 poor people, a township team (乡派) of
2–3 elsewhere. A few members were replaced by their unit on the day they left (W6), never
within 75 days of as_of so the newcomer has a full month of attendance (W11).
"""

from __future__ import annotations

from datetime import date

from seeds import codes
from seeds.cadres import TEAM_LEADER_POSTS, TOWNSHIP_TEAM_LEADER_POSTS, new_cadre
from seeds.county import County, Membership, Team, Unit
from seeds.dates import between, days
from seeds.kit import Kit
from seeds.units import county_level

COUNTY_SIZES = ((3, 35), (4, 40), (5, 25))
TOWNSHIP_SIZES = ((2, 60), (3, 40))


def build_teams(kit: Kit, county: County) -> None:
    rng = kit.rng
    needing = [v for v in county.villages if v.kind in ("poor", "big")]
    dispatchers = _dispatchers(kit, county, len(needing))
    for village in county.villages:
        if village.kind in ("poor", "big"):
            unit = dispatchers.pop()
            team = Team(village, unit, codes.COUNTY_LEVEL)
            if kit.chance(0.7):
                start = between(rng, date(2018, 3, 1), date(2018, 4, 30))
            else:
                start = between(rng, date(2015, 8, 1), date(2017, 12, 31))
            leader = new_cadre(kit, county, unit, rng.choice(TEAM_LEADER_POSTS), (30, 52))
            team.join(Membership(team, leader, codes.SECRETARY_LEADER, start))
            size = kit.weighted(COUNTY_SIZES)
        else:
            unit = village.township.government
            team = Team(village, unit, codes.TOWNSHIP_LEVEL)
            start = between(rng, date(2018, 3, 1), date(2018, 6, 30))
            post = rng.choice(TOWNSHIP_TEAM_LEADER_POSTS)
            leader = new_cadre(kit, county, unit, post, (30, 52))
            team.join(Membership(team, leader, codes.LEADER, start))
            size = kit.weighted(TOWNSHIP_SIZES)
        for _ in range(size - 1):
            team.join(Membership(team, new_cadre(kit, county, unit), codes.MEMBER, start))
        village.team = team
        county.teams.append(team)
        # A merged unit no longer sends anyone new, so its teams keep their first members.
        if unit.merged_into is None:
            if kit.chance(0.12):
                _replace(kit, county, team, codes.MEMBER)
            if team.level == codes.COUNTY_LEVEL and kit.chance(0.08):
                _replace(kit, county, team, codes.SECRETARY_LEADER)


def _dispatchers(kit: Kit, county: County, teams: int) -> list[Unit]:
    """One unit per county team: every merged unit keeps one, the others share the rest."""
    units = county_level(county)
    merged = [u for u in units if u.merged_into is not None]
    others = [u for u in units if u.merged_into is None]
    kit.rng.shuffle(others)
    chosen = merged[:teams] + [others[i % len(others)] for i in range(teams - len(merged))]
    kit.rng.shuffle(chosen)
    return chosen


def _replace(kit: Kit, county: County, team: Team, role: str) -> None:
    """W6 done right: the member leaves and the same unit's newcomer starts that very day."""
    current = [m for m in team.memberships if m.role == role and m.until is None]
    if not current:
        return
    leaving = kit.rng.choice(current)
    lo = max(leaving.since + days(180), date(2019, 1, 1))
    hi = kit.as_of - days(75)
    if lo > hi:
        return
    day = between(kit.rng, lo, hi)
    leaving.until = day
    post = kit.rng.choice(TEAM_LEADER_POSTS) if role == codes.SECRETARY_LEADER else None
    cadre = new_cadre(kit, county, team.unit, post)
    team.join(Membership(team, cadre, role, day, replaces=leaving))
