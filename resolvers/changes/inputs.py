"""Mutation arguments under the rules of core/values.py, which the roster loader applies too: a value
refused is BAD_USER_INPUT naming the argument, with the reason the loader gives for the same value."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from core import values
from core.errors import UserError
from core.values import Invalid

V = TypeVar("V")
T = TypeVar("T")


def checked(rule: Callable[[V], T], value: V, argument: str) -> T:
    """`value` as `rule` stores it; refused with the rule's reason."""
    try:
        return rule(value)
    except Invalid as invalid:
        raise UserError(f"{argument}：{invalid.reason}", argument=argument) from None


def filled(value: str, argument: str, rule: Callable[[str], str] = values.text) -> str:
    """Required text under `rule` (free text unless told: `values.name`, `values.key` …); blank is
    refused."""
    stored = checked(rule, value, argument) if value.strip() else ""
    if not stored:
        raise UserError(f"{argument} 不能为空", argument=argument)
    return stored


def optional(value: str | None, argument: str, rule: Callable[[str], str] = values.text) -> str | None:
    """Optional text under `rule`; blank is none."""
    if value is None or not value.strip():
        return None
    return checked(rule, value, argument) or None


def money(amount: float, argument: str) -> int:
    """A positive amount given in yuan, as the fen stored."""
    stored = checked(values.fen, amount, argument)
    if stored == 0:
        raise UserError(f"{argument} 必须大于 0，收到 {amount:g}", argument=argument)
    return stored
