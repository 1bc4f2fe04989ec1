"""Code lists the software reasons about (docs/model.md stores them as these English codes)."""

import enum

import strawberry

from schema.common import labels


@strawberry.enum(
    description="S1: the household's card. RED 红卡 not yet out of poverty; YELLOW 黄卡 "
    "out but low income; GREEN 绿卡 out and stable."
)
class Card(enum.Enum):
    RED = "RED"
    YELLOW = "YELLOW"
    GREEN = "GREEN"


labels(
    Card,
    RED="红卡：未脱贫 (NOT_OUT or RETURNED); visited every month (W9).",
    YELLOW="黄卡：已脱贫, income below the low-income line (S2); visited every quarter.",
    GREEN="绿卡：已脱贫 and stable, income at or above the low-income line; visited every quarter.",
)


@strawberry.enum(description="S3, S5: 脱贫状态 — 未脱贫 NOT_OUT, 已脱贫 OUT, 返贫 RETURNED.")
class PovertyStatus(enum.Enum):
    NOT_OUT = "NOT_OUT"
    OUT = "OUT"
    RETURNED = "RETURNED"


labels(
    PovertyStatus,
    NOT_OUT="未脱贫.",
    OUT="已脱贫.",
    RETURNED="返贫：fallen back after exiting (S3).",
)


@strawberry.enum(description="贫困户属性: 一般贫困户 ORDINARY, 低保贫困户 DIBAO, 特困供养贫困户 TEKUN.")
class HouseholdAttribute(enum.Enum):
    ORDINARY = "ORDINARY"
    DIBAO = "DIBAO"
    TEKUN = "TEKUN"


labels(
    HouseholdAttribute,
    ORDINARY="一般贫困户.",
    DIBAO="低保贫困户 (a member receives 低保, P6).",
    TEKUN="特困供养贫困户 (a member is 特困供养, P6).",
)


@strawberry.enum(description="W1–W3: 派出层级 — 县派 COUNTY, 乡派 TOWNSHIP.")
class TeamLevel(enum.Enum):
    COUNTY = "COUNTY"
    TOWNSHIP = "TOWNSHIP"


labels(
    TeamLevel,
    COUNTY="县派：dispatched by a county unit (W1, W2 require it).",
    TOWNSHIP="乡派：dispatched by the township.",
)


@strawberry.enum(description="W4: 驻村职务 — 第一书记兼队长, 队长, 队员.")
class TeamRole(enum.Enum):
    FIRST_SECRETARY_LEADER = "FIRST_SECRETARY_LEADER"
    LEADER = "LEADER"
    MEMBER = "MEMBER"


labels(
    TeamRole,
    FIRST_SECRETARY_LEADER="第一书记兼队长：leads a county team (W4).",
    LEADER="队长：leads a township team.",
    MEMBER="队员.",
)
