"""Domain errors: what a caller can act on, with a Chinese message (what, where, why) and
`extensions` (a `code` for programs, and the facts). They know nothing of GraphQL: the API lets
them through as they are (graphql-core copies an exception's `extensions`) and masks every other
exception outside development (fupin/api.py)."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Bad input: the message says what, where and why."""

    def __init__(self, message: str, code: str = "BAD_USER_INPUT", **facts: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: dict[str, Any] = {"code": code, **facts}


def forbidden(role: Any, what: str) -> UserError:
    """A role asking for what its table entry or reach does not allow (`role`: a principal's Role)."""
    return UserError(f"无权限：角色 {role.value} 不能{what}", code="FORBIDDEN", role=role.value)


class NotFound(UserError):
    """An id that names nothing (or nothing the caller may see)."""

    def __init__(self, message: str, **facts: Any) -> None:
        super().__init__(message, code="NOT_FOUND", **facts)


class RuleRefusal(UserError):
    """A change refused because it would break a rule of rules.md: names the rule and the facts.

    Raised inside the mutation's transaction, so nothing of it is written (nor its audit event).
    """

    def __init__(self, rule: str, message: str, **facts: Any) -> None:
        super().__init__(message, code="RULE_VIOLATION", rule=rule, facts=facts)
