"""Checks of mutation arguments that need no graph: required text, positive amounts."""

from __future__ import annotations

from fupin.errors import UserError


def filled(value: str, argument: str) -> str:
    """Required text, trimmed; blank is refused."""
    text = value.strip()
    if not text:
        raise UserError(f"{argument} 不能为空", argument=argument)
    return text


def optional(value: str | None) -> str | None:
    """Optional text, trimmed; blank is none."""
    text = (value or "").strip()
    return text or None


def positive(value: float, argument: str) -> float:
    if not value > 0:
        raise UserError(f"{argument} 必须大于 0，收到 {value:g}", argument=argument)
    return value
