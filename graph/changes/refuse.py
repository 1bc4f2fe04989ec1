"""Refusals every kind of record shares: a thing done once already, a day before the record began, a
record voided."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.errors import RuleRefusal, UserError
from graph.rows import Props


def done_once(rule: str, subject: str, done_on: dt.date | None, done: str, key: str, **facts: Any) -> None:
    """Refuses doing again what `subject` had done on `done_on` (`done`: e.g. 办结); `key` names
    the date among the facts."""
    if done_on is not None:
        raise RuleRefusal(
            rule,
            f"{rule}：{subject} 已于 {done_on.isoformat()} {done}",
            **facts,
            **{key: done_on.isoformat()},
        )


def not_before(
    rule: str, subject: str, day: dt.date, start: dt.date, started: str, key: str, what: str, **facts: Any
) -> None:
    """Refuses `day` (`what`, e.g. 办结日期) before `start`, the day `subject` `started` (e.g. 登记);
    `key` names `start` among the facts."""
    if day < start:
        raise RuleRefusal(
            rule,
            f"{rule}：{subject} {started}于 {start.isoformat()}，"
            f"{what} {day.isoformat()} 不能早于{started}日期",
            **facts,
            **{key: start.isoformat()},
            date=day.isoformat(),
        )


def in_order(rule: str, earlier: tuple[str, str, dt.date], later: tuple[str, str, dt.date]) -> None:
    """Refuses a `later` date (fact key, name, day) before an `earlier` one, e.g. 到期 before 放款."""
    (first_key, first_name, first), (then_key, then_name, then) = earlier, later
    if then < first:
        raise RuleRefusal(
            rule,
            f"{rule}：{then_name} {then.isoformat()} 不能早于{first_name} {first.isoformat()}",
            **{first_key: first.isoformat(), then_key: then.isoformat()},
        )


def voided(subject: str, record: Props, argument: str, **facts: Any) -> None:
    """Refuses any change of a record voided (作废, graph/changes/voids.py): it is kept as it was."""
    on = record.get("voidedOn")
    if on is not None:
        raise UserError(
            f"{subject} 已于 {on.isoformat()} 作废（{record.get('voidReason')}），不能再更改",
            code="VOIDED",
            argument=argument,
            voidedOn=on.isoformat(),
            **facts,
        )


# A household removed (销户) or a person dead has left the register on its `leftOn`
# (graph/facts.py `on_register`): nothing about it is changed from that day on.
HOUSEHOLD_REMOVED = "HOUSEHOLD_REMOVED"
PERSON_DEAD = "PERSON_DEAD"


def _left(code: str, subject: str, left_as: str, props: Props, argument: str, day: dt.date | None) -> None:
    left = props.get("leftOn")
    if left is not None and (day is None or day >= left):
        then = f"，{day.isoformat()} 的变更不能登记" if day is not None else f"，不能再次登记{left_as}"
        raise UserError(
            f"{subject} 已于 {left.isoformat()} {left_as}{then}",
            code=code, argument=argument, leftOn=left.isoformat(),
        )  # fmt: skip


def removed(household_id: str, props: Props, argument: str, day: dt.date | None = None) -> None:
    """Refuses a change of household `household_id` (its properties `props`) dated `day` on or
    after its 销户 (any day: None, for removing it again)."""
    _left(HOUSEHOLD_REMOVED, f"户 {household_id}", "销户", props, argument, day)


def dead(person_id: str, props: Props, argument: str, day: dt.date | None = None) -> None:
    """Refuses a change of person `person_id` dated `day` on or after its death (any day: None,
    for recording it again)."""
    _left(PERSON_DEAD, f"人员 {person_id}", "死亡", props, argument, day)
