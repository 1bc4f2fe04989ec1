"""A household's timeline: every change and event of its record, in one keyset-paged statement.

Each source yields events as maps {kind, action, date, at, key, …the record}; `instant` places them on
one time axis: a dated event at the start of its day in the county's time zone, an audit event at
its instant (so a change made during a day comes after that day's dated events, oldest first).
Events with no date (a benefit or loan the roster left undated) sort as the oldest. Ties are broken
by `key`, unique per event.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from typing import Any

from neo4j import AsyncDriver

from graph.changes.loans import LOAN
from graph.listing import Listing, Page, PageRequest, fetch_page
from graph.reach import RESTRICTED, Reach
from graph.rows import Props
from graph.together import Reader

KINDS = ("CARD", "STATUS", "PAIRING", "VISIT", "BENEFIT", "LOAN", "PETITION", "POVERTY_REPORT", "AUDIT")
TIMEZONE = "Asia/Shanghai"  # the county's days; AuditEvent.at is UTC
UNDATED = -(2**53)  # before any date: undated records sort as the oldest


def _spans(kind: str, action_dates: str, record: str, key: str) -> str:
    """A record with several dated moments (start and end of a relationship, a petition's
    registration and closing): one event per moment that has a date."""
    return (
        f"UNWIND [x IN [{action_dates}] WHERE x.date IS NOT NULL] AS moment\n"
        f"  RETURN {{kind: '{kind}', action: moment.action, date: moment.date, {record},\n"
        f"          key: '{kind}:' + {key} + ':' + moment.action}} AS n"
    )


def _started_ended(rel: str) -> str:
    return f"{{action: 'STARTED', date: {rel}.since}}, {{action: 'ENDED', date: {rel}.until}}"


# P10: loan `l` issued, each repayment made, and each void (VOIDED on the void's day, with its reason;
# `repayment` set when a repayment was voided).
_LOAN_MOMENTS = """[{action: 'ISSUED', date: l.issuedOn, key: l.id}]
    + [x IN [l] WHERE x.voidedOn IS NOT NULL
       | {action: 'VOIDED', date: x.voidedOn, reason: x.voidReason, key: x.id + ':VOIDED'}]
    + [(l)-[:REPAID_BY]->(r:Repayment) | {action: 'REPAID', date: r.date, repayment: r {.*}, key: r.id}]
    + [(l)-[:REPAID_BY]->(r:Repayment) WHERE r.voidedOn IS NOT NULL
       | {action: 'VOIDED', date: r.voidedOn, reason: r.voidReason, repayment: r {.*},
          key: r.id + ':VOIDED'}]"""

_BRANCHES = {
    # S1: each card period's start and end.
    "CARD": "MATCH (h)-[r:HAS_CARD]->(k:Card)\n  "
    + _spans("CARD", _started_ended("r"), "card: k.color, since: r.since, until: r.until, reason: r.reason",
             "k.color + ':' + toString(r.since)"),
    # 首次识别 and 脱贫: the record dates registration; an exit only by its year (dated its last day),
    # each exit year the household's facts held, now or in a period before (graph/facts.py).
    "STATUS": "UNWIND [{action: 'REGISTERED', date: h.identifiedOn, yearOnly: false, key: 'REGISTERED'}]\n"
    "    + COLLECT { UNWIND [h] + [(h)-[:HAD]->(was) | was] AS f WITH DISTINCT f.exitYear AS year\n"
    "                WHERE year IS NOT NULL\n"
    "                RETURN {action: 'EXITED', date: date({year: year, month: 12, day: 31}),\n"
    "                        yearOnly: true, key: 'EXITED:' + toString(year)} AS exit } AS moment\n"
    "  WITH moment WHERE moment.date IS NOT NULL\n"
    "  RETURN {kind: 'STATUS', action: moment.action, date: moment.date, yearOnly: moment.yearOnly,\n"
    "          status: CASE moment.action WHEN 'EXITED' THEN 'OUT' ELSE 'NOT_OUT' END,\n"
    "          key: 'STATUS:' + moment.key} AS n",
    # W7: each pairing's start and end (with the reason it ended).
    "PAIRING": "MATCH (h)<-[r:PAIRED_WITH]-(c:Cadre)\n  "
    + _spans("PAIRING", _started_ended("r"),
             "cadre: c {.*}, since: r.since, until: r.until,"
             " reason: CASE moment.action WHEN 'ENDED' THEN r.endReason END",
             "c.uid + ':' + toString(r.since)"),
    # W9, W10: visits, with the cadre who made each.
    "VISIT": "MATCH (h)<-[:TO]-(x:Visit)\n"
    "  RETURN {kind: 'VISIT', action: 'MADE', date: x.date, visit: x {.*},\n"
    "          cadre: COLLECT { MATCH (c:Cadre)-[:MADE]->(x) RETURN c {.*} ORDER BY c.uid LIMIT 1 }[0],\n"
    "          key: 'VISIT:' + x.id} AS n",
    # P1–P10: the household's benefits and its members'.
    "BENEFIT": "CALL (h) {\n"
    "    MATCH (h)-[:RECEIVES]->(b:Benefit) RETURN b, null AS person\n"
    "    UNION\n"
    "    MATCH (h)<-[:BELONGS_TO]-(person:Person)-[:RECEIVES]->(b:Benefit) RETURN b, person\n"
    "  }\n"
    "  RETURN {kind: 'BENEFIT', action: 'RECEIVED', date: b.date, benefit: b {.*}, person: person {.*},\n"
    "          policy: COLLECT { MATCH (b)-[:UNDER]->(p:Policy) RETURN p {.code, .area} LIMIT 1 }[0],\n"
    "          key: 'BENEFIT:' + b.id} AS n",
    # P10: loans when issued, their repayments, and the voids of either.
    "LOAN": f"MATCH (h)-[:BORROWED]->(l:Loan)\n  WITH l, {LOAN} AS loan\n  UNWIND {_LOAN_MOMENTS} AS moment\n"
    "  RETURN {kind: 'LOAN', action: moment.action, date: moment.date, loan: loan,\n"
    "          repayment: moment.repayment, reason: moment.reason, key: 'LOAN:' + moment.key} AS n",
    # P9: petitions registered and closed.
    "PETITION": "MATCH (h)<-[:ABOUT]-(pt:Petition)\n  "
    + _spans("PETITION", "{action: 'REGISTERED', date: pt.registeredOn}, "
             "{action: 'CLOSED', date: pt.closedOn}", "petition: pt {.*}", "pt.caseNo"),
    # S3, S4: 返贫/新增 records found and verified.
    "POVERTY_REPORT": "MATCH (h)<-[:ABOUT]-(r:PovertyReport)\n  "
    + _spans("POVERTY_REPORT", "{action: 'FOUND', date: r.foundOn}, {action: 'VERIFIED', date: r.verifiedOn}",
             "report: r {.*}", "r.id"),
}  # fmt: skip


def _audit(reach: Reach) -> str:
    """The audit events of changes concerning the household, dated on the county's day, each with
    the keys of what else it concerns outside the caller's reach (`outside`, scrubbed from its
    payload before it is shown)."""
    outside = " OR ".join(f"(x:{label} AND NOT {reach.sees(label, 'x')})" for label in sorted(RESTRICTED))
    return (
        "MATCH (h)<-[:CONCERNS]-(e:AuditEvent)\n"
        "  RETURN {kind: 'AUDIT', action: 'RECORDED', at: e.at,\n"
        f"          audit: e {{.*, outside: COLLECT {{ MATCH (e)-[:CONCERNS]->(x) WHERE {outside}\n"
        "                                          RETURN coalesce(x.id, x.uid, x.code) }},\n"
        "          date: date(datetime({datetime: e.at, timezone: $timezone})), key: 'AUDIT:' + e.id} AS n"
    )


_ORDER = (
    "CASE WHEN n.at IS NOT NULL THEN n.at.epochMillis WHEN n.date IS NOT NULL "
    "THEN datetime({date: n.date, timezone: $timezone}).epochMillis ELSE $undated END"
)


def history(reach: Reach) -> Listing:
    """The household's events, if the caller may see it; each branch runs only when its kind is
    asked for (the constant test is planned first)."""
    branches = {**_BRANCHES, "AUDIT": _audit(reach)}
    match = (
        "MATCH (h:Household {id: $householdId}) USING INDEX SEEK h:Household(id)\n"
        f"WHERE {reach.sees('Household', 'h')}\n"
        "CALL (h) {\n"
        + "\n  UNION ALL\n".join(
            f"  WITH h WHERE '{kind}' IN $kinds\n  {body}" for kind, body in branches.items()
        )
        + f"\n}}\nWITH n {{.*, instant: {_ORDER}}} AS n"
    )
    return Listing(match=match, key="n.key", projection="n", sorts={"TIME": "n.instant"}, single_pass=True)


def _names(value: object, hidden: frozenset[str]) -> bool:
    """`value` names something hidden: its key, a key with a field (`key.field`, as
    `readPersonalData` names them) or a relationship's key of two (`cadre->household`)."""
    return isinstance(value, str) and any(part in hidden for part in re.split(r"->|\.|/", value))


def _scrubbed(value: object, hidden: frozenset[str]) -> object:
    """`value` (a decoded audit payload) without the strings naming what is `hidden`, nor the
    changes of it."""
    if isinstance(value, dict):
        if _names(value.get("key"), hidden):
            return None
        kept = {k: _scrubbed(v, hidden) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v is not None or value[k] is None}
    if isinstance(value, list):
        items = [_scrubbed(item, hidden) for item in value]
        return [item for item, was in zip(items, value, strict=True) if item is not None or was is None]
    if _names(value, hidden):
        return None
    return value


def _shown(audit: Props) -> Props:
    """An audit event as a caller may see it: the keys outside its reach scrubbed from the payload."""
    hidden = frozenset(audit.pop("outside", None) or [])
    if not hidden:
        return audit
    for name in ("inputs", "changes"):
        if isinstance(audit.get(name), str):
            audit[name] = json.dumps(
                _scrubbed(json.loads(audit[name]), hidden), ensure_ascii=False, sort_keys=True
            )
    return audit


async def events(
    driver: AsyncDriver,
    database: str,
    household_id: str,
    kinds: Sequence[str],
    request: PageRequest,
    reach: Reach,
    reader: Reader | None = None,
) -> Page:
    """One page of the household's events of `kinds`, ordered by time (`request.descending`:
    newest first); `reader`: as for `fetch_page`."""
    params: dict[str, Any] = {
        "householdId": household_id,
        "kinds": list(kinds),
        "timezone": TIMEZONE,
        "undated": UNDATED,
        **reach.params(),
    }
    request = dataclasses.replace(request, sort="TIME")
    page = await fetch_page(driver, database, history(reach), [], params, request, reader=reader)
    for row in page.rows:
        if row.get("audit") is not None:
            row["audit"] = _shown(row["audit"])
    return page
