"""Who is calling: the subject, role and scope of a verified token.

Every resolver reads the caller from `Context.principal`; mutations write `subject` and `role`
into their audit events.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.Enum):
    COUNTY_ADMIN = "COUNTY_ADMIN"  # everything
    TOWNSHIP_OFFICER = "TOWNSHIP_OFFICER"  # read and change its own township (scope: township code)
    VILLAGE_OFFICER = "VILLAGE_OFFICER"  # its village; records visits and attendance (scope: village code)
    CADRE = "CADRE"  # its own paired households; its own visits (scope: the cadre's uid)
    DEPARTMENT = "DEPARTMENT"  # the county, for the policy areas it leads (scope: the unit's name)
    INVESTIGATOR = "INVESTIGATOR"  # reads everything, changes nothing


@dataclass(frozen=True)
class Principal:
    subject: str
    role: Role
    scope: str | None = None  # what the role is limited to; None for county-wide roles


# The caller of code run without an HTTP request (the schema executed in-process, as some tests
# do); every request through the API acts as its verified token's principal (fupin/asgi.py).
DEVELOPMENT = Principal(subject="development", role=Role.COUNTY_ADMIN)
