"""Village work teams: creating one, stationing members, ending a stationing, the leader: W1–W4, W6, W11.

Decisions where the rules are silent: a team is created with its dispatch and stationing; a member
joins a team that is stationed on `since`; a cadre is stationed in one team at a time (W11: in
the village 20 days a month); a team has one leader at a time, changed with setTeamLeader (the
previous leader stays on as a MEMBER from that day; endStationing if they leave). A departure is
never refused: W1's size and W4's first secretary are then reported by coverage (a staffing gap).
"""

from __future__ import annotations

import datetime as dt

from neo4j import AsyncManagedTransaction

from core.errors import NotFound, RuleRefusal, UserError
from graph.audit import Change, Event
from graph.changes import locks, lookup
from graph.changes.lookup import Work
from graph.reach import Reach
from graph.rows import Props

LEADING = ("FIRST_SECRETARY_LEADER", "LEADER")


def _cadre_memberships(reach: Reach) -> str:
    """Memberships of a cadre that reach into [since, ∞), each saying whether the caller may see its
    team (a refusal names only those)."""
    return f"""
MATCH (:Cadre {{uid: $cadre}})-[m:MEMBER_OF]->(w:WorkTeam)
WHERE m.until IS NULL OR m.until > $since
RETURN w.id AS team, m.role AS role, m.since AS since, m.until AS until, {reach.sees("WorkTeam", "w")} AS seen
ORDER BY m.since
"""


# The memberships of a team's leaders that reach into [since, ∞).
_LEADERS = """
MATCH (:WorkTeam {id: $team})<-[m:MEMBER_OF]-(c:Cadre)
WHERE m.role IN $leading AND (m.until IS NULL OR m.until > $since)
RETURN c {.*} AS cadre, elementId(c) AS node, m.role AS role, m.since AS since, m.until AS until
"""
_START = """
MATCH (c:Cadre {uid: $cadre}), (w:WorkTeam {id: $team})
CREATE (c)-[:MEMBER_OF {role: $role, since: $since}]->(w)
"""
_END = """
MATCH (:Cadre {uid: $cadre})-[m:MEMBER_OF]->(:WorkTeam {id: $team})
WHERE m.until IS NULL
SET m.until = $until
"""


def _key(cadre: str, team: str) -> str:
    return f"{cadre}->{team}"


def _stationed(team: Props, since: dt.date) -> None:
    """A member joins a team stationed on `since`."""
    start, end = team["stationedSince"], team["stationedUntil"]
    if (start is not None and since < start) or (end is not None and since >= end):
        span = f"{start} 至 {end}" if end else f"自 {start} 起"
        raise UserError(
            f"since {since} 不在工作队 {team['team']['id']} 的驻村期内（{span}）",
            argument="since",
            team=team["team"]["id"],
        )


def _not_before(memberships: list[Props], since: dt.date, argument: str = "since") -> None:
    """History is not rewritten: a change may not start inside or before a recorded membership."""
    for m in memberships:
        if m["since"] > since or m["until"] is not None:
            raise UserError(
                f"{argument} {since} 早于或落在已有的驻村记录内"
                f"（{m['team']}，{m['since']} 至 {m['until'] or '今'}）",
                argument=argument,
                team=m["team"],
            )


async def _free(
    tx: AsyncManagedTransaction, reach: Reach, cadre: Props, team_id: str, since: dt.date
) -> list[Props]:
    """W11: the cadre (as `lookup.cadre` finds it) is in no other team from `since` on; returns its
    open membership of this team. The refusal names the other team, and since when, only when the
    caller may see it."""
    uid = cadre["cadre"]["uid"]
    found = await lookup.rows(tx, _cadre_memberships(reach), cadre=uid, since=since, **reach.params())
    elsewhere = [m for m in found if m["team"] != team_id]
    if elsewhere:
        m = elsewhere[0]
        team = m["team"] if m["seen"] else None
        where = f"自 {m['since']} 起已在工作队 {team} " if team else "已在另一工作队"
        raise RuleRefusal(
            "W11",
            f"W11：干部 {lookup.called(cadre)} {where}驻村，一人同时只驻一村",
            cadre=uid,
            team=team,
        )
    here = [m for m in found if m["team"] == team_id]
    _not_before(here, since)
    return here


def _role_for(team: Props, role: str) -> None:
    """W4: the leader of a county-dispatched team is the village's first secretary."""
    if team["team"].get("level") == "COUNTY" and role == "LEADER":
        raise RuleRefusal(
            "W4",
            f"W4：县派工作队 {team['team']['id']} 的队长须由第一书记担任（role: FIRST_SECRETARY_LEADER）",
            team=team["team"]["id"],
        )


def _stationing(team: Props, cadre: Props, role: str, since: dt.date, until: dt.date | None) -> Props:
    return {"team": team["team"], "cadre": cadre, "role": role, "since": since, "until": until}


def station(reach: Reach, team_id: str, cadre_id: str, role: str, since: dt.date) -> Work:
    """W1, W4, W11: station a cadre in a team from `since` with `role`."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, WorkTeam=[team_id], Cadre=[cadre_id])
        team = await lookup.team(tx, reach, team_id)
        cadre = await lookup.cadre(tx, reach, cadre_id)
        _stationed(team, since)
        here = await _free(tx, reach, cadre, team_id, since)
        if here:
            raise UserError(
                f"干部 {cadre['cadre']['name']} 自 {here[0]['since']} 起已是工作队 {team_id} 的队员",
                code="ALREADY_EXISTS",
                argument="cadreId",
            )
        if role in LEADING:
            _role_for(team, role)
            leaders = await lookup.rows(tx, _LEADERS, team=team_id, since=since, leading=list(LEADING))
            if leaders:
                raise RuleRefusal(
                    "W4",
                    f"W4：工作队 {team_id} 已有队长 {leaders[0]['cadre']['name']}"
                    f"（自 {leaders[0]['since']} 起）；"
                    "更换队长请用 setTeamLeader",
                    team=team_id,
                    leader=leaders[0]["cadre"]["uid"],
                )
        await tx.run(_START, cadre=cadre_id, team=team_id, role=role, since=since)
        event = Event(
            "stationMember",
            {"teamId": team_id, "cadreId": cadre_id, "role": role, "since": since},
            [
                Change(
                    "MEMBER_OF", _key(cadre_id, team_id), None, {"role": role, "since": since, "until": None}
                )
            ],
            [team["node"], cadre["node"]],
        )
        return _stationing(team, cadre["cadre"], role, since, None), event

    return work


def end(reach: Reach, team_id: str, cadre_id: str, until: dt.date) -> Work:
    """End the cadre's open membership of the team on `until` (W6 then reports the gap until refilled)."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, WorkTeam=[team_id], Cadre=[cadre_id])
        team = await lookup.team(tx, reach, team_id)
        cadre = await lookup.seen_cadre(tx, reach, cadre_id)
        found = await lookup.one(
            tx,
            "MATCH (:Cadre {uid: $cadre})-[m:MEMBER_OF]->(:WorkTeam {id: $team}) WHERE m.until IS NULL "
            "RETURN m.role AS role, m.since AS since",
            cadre=cadre_id,
            team=team_id,
        )
        if found is None:
            raise NotFound(
                f"干部 {cadre['cadre']['name']} 不是工作队 {team_id} 的在队队员",
                argument="cadreId",
                team=team_id,
            )
        if until < found["since"]:
            raise UserError(
                f"until 不能早于驻村开始日期 {found['since']}，收到 {until}",
                argument="until",
                since=found["since"].isoformat(),
            )
        await tx.run(_END, cadre=cadre_id, team=team_id, until=until)
        before = {"role": found["role"], "since": found["since"], "until": None}
        event = Event(
            "endStationing",
            {"teamId": team_id, "cadreId": cadre_id, "until": until},
            [Change("MEMBER_OF", _key(cadre_id, team_id), before, {**before, "until": until})],
            [team["node"], cadre["node"]],
        )
        return _stationing(team, cadre["cadre"], found["role"], found["since"], until), event

    return work


def set_leader(reach: Reach, team_id: str, cadre_id: str, since: dt.date) -> Work:
    """W4: the cadre leads the team from `since` — as FIRST_SECRETARY_LEADER on a county-dispatched
    team, LEADER on a township one; the previous leader continues as a MEMBER from that day."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, WorkTeam=[team_id])
        present = await lookup.rows(tx, _LEADERS, team=team_id, since=since, leading=list(LEADING))
        await locks.take(tx, Cadre=[cadre_id, *(x["cadre"]["uid"] for x in present)])
        team = await lookup.team(tx, reach, team_id)
        cadre = await lookup.cadre(tx, reach, cadre_id)
        _stationed(team, since)
        role = "FIRST_SECRETARY_LEADER" if team["team"].get("level") == "COUNTY" else "LEADER"
        leaders = await lookup.rows(tx, _LEADERS, team=team_id, since=since, leading=list(LEADING))
        if any(x["cadre"]["uid"] == cadre_id for x in leaders):
            raise UserError(
                f"干部 {cadre['cadre']['name']} 已是工作队 {team_id} 的队长", code="ALREADY_EXISTS"
            )
        _not_before([{**x, "team": team_id} for x in leaders], since)
        here = await _free(tx, reach, cadre, team_id, since)
        event = Event(
            "setTeamLeader",
            {"teamId": team_id, "cadreId": cadre_id, "since": since},
            concerns=[team["node"], cadre["node"], *(x["node"] for x in leaders)],
        )
        others: list[Props] = []

        for previous in leaders:
            uid = previous["cadre"]["uid"]
            await tx.run(_END, cadre=uid, team=team_id, until=since)
            await tx.run(_START, cadre=uid, team=team_id, role="MEMBER", since=since)
            before = {"role": previous["role"], "since": previous["since"], "until": None}
            event.changes += [
                Change("MEMBER_OF", _key(uid, team_id), before, {**before, "until": since}),
                Change(
                    "MEMBER_OF", _key(uid, team_id), None, {"role": "MEMBER", "since": since, "until": None}
                ),
            ]
            others += [
                _stationing(team, previous["cadre"], previous["role"], previous["since"], since),
                _stationing(team, previous["cadre"], "MEMBER", since, None),
            ]
        for membership in here:
            await tx.run(_END, cadre=cadre_id, team=team_id, until=since)
            before = {"role": membership["role"], "since": membership["since"], "until": None}
            event.changes.append(
                Change("MEMBER_OF", _key(cadre_id, team_id), before, {**before, "until": since})
            )
            others.append(_stationing(team, cadre["cadre"], membership["role"], membership["since"], since))
        await tx.run(_START, cadre=cadre_id, team=team_id, role=role, since=since)
        event.changes.append(
            Change("MEMBER_OF", _key(cadre_id, team_id), None, {"role": role, "since": since, "until": None})
        )
        return {"leader": _stationing(team, cadre["cadre"], role, since, None), "others": others}, event

    return work


def create(
    reach: Reach, county_team_people: int, village_code: str, unit_name: str, level: str, since: dt.date
) -> Work:
    """W1–W3, W6: a team `{village}:{unit}` dispatched by the unit and stationed in the village."""

    async def work(tx: AsyncManagedTransaction) -> tuple[Props, Event]:
        await locks.take(tx, Unit=[unit_name], Village=[village_code])
        village = await lookup.village(tx, reach, village_code)
        unit = await lookup.unit(tx, unit_name)
        merged = await lookup.one(
            tx,
            "MATCH (:Unit {name: $unit})-[m:MERGED_INTO]->(s:Unit) WHERE m.since <= $since "
            "RETURN s.name AS successor, m.since AS since",
            unit=unit_name,
            since=since,
        )
        if merged is not None:
            raise RuleRefusal(
                "W6",
                f"W6：{unit_name} 已于 {merged['since']} 并入 {merged['successor']}，"
                f"工作队应由 {merged['successor']} 派出",
                unit=unit_name,
                successor=merged["successor"],
            )
        team_id = f"{village_code}:{unit_name}"
        if await lookup.one(tx, "MATCH (w:WorkTeam {id: $id}) RETURN w.id AS id", id=team_id) is not None:
            raise UserError(
                f"工作队 {team_id} 已存在", code="ALREADY_EXISTS", argument="unitName", teamId=team_id
            )
        if level == "TOWNSHIP":
            people = await lookup.one(
                tx,
                "MATCH (v:Village {code: $code}) "
                "RETURN COUNT { (v)<-[:IN_VILLAGE]-(:Household)<-[:BELONGS_TO]-(:Person) } AS people",
                code=village_code,
            )
            poor_people = people["people"] if people else 0
            rule = (
                "W1"
                if village["village"].get("isPoor")
                else "W2"
                if poor_people >= county_team_people
                else None
            )
            if rule is not None:
                why = (
                    "建档立卡贫困村"
                    if rule == "W1"
                    else f"有 {poor_people} 名建档立卡贫困人口（≥ {county_team_people}）"
                )
                raise RuleRefusal(
                    rule,
                    f"{rule}：{village['village'].get('name', village_code)}{why}，"
                    "须由县派工作队驻村（level: COUNTY）",
                    village=village_code,
                    poorPeople=poor_people,
                    threshold=county_team_people,
                )
        created = await lookup.one(
            tx,
            """MATCH (u:Unit {name: $unit}), (v:Village {code: $village})
            CREATE (w:WorkTeam {id: $id, level: $level})
            CREATE (u)-[:DISPATCHED {level: $level, since: $since}]->(w)
            CREATE (w)-[:STATIONED_IN {since: $since}]->(v)
            RETURN w {.*} AS team, elementId(w) AS node""",
            unit=unit_name,
            village=village_code,
            id=team_id,
            level=level,
            since=since,
        )
        assert created is not None
        event = Event(
            "createWorkTeam",
            {"villageCode": village_code, "unitName": unit_name, "level": level, "since": since},
            [
                Change("WorkTeam", team_id, None, created["team"]),
                Change("DISPATCHED", f"{unit_name}->{team_id}", None, {"level": level, "since": since}),
                Change("STATIONED_IN", f"{team_id}->{village_code}", None, {"since": since, "until": None}),
            ],
            [created["node"], village["node"], unit["node"]],
        )
        return created["team"], event

    return work
