"""Errors a caller can act on carry `extensions.code`; everything else is masked outside development."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError


class UserError(GraphQLError):
    """Bad input: the message says what, where and why."""

    def __init__(self, message: str, code: str = "BAD_USER_INPUT", **facts: Any) -> None:
        super().__init__(message, extensions={"code": code, **facts})


def forbidden(role: Any, what: str) -> UserError:
    """A role asking for what its table entry or reach does not allow (`role`: a principal's Role)."""
    return UserError(f"无权限：角色 {role.value} 不能{what}", code="FORBIDDEN", role=role.value)


class DatabaseUnavailable(GraphQLError):
    def __init__(self) -> None:
        super().__init__(
            "数据库暂时无法连接，请稍后重试 (Neo4j is unavailable; retry later)",
            extensions={"code": "DATABASE_UNAVAILABLE"},
        )


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
