"""Code lists the software reasons about (docs/model.md stores them as these English codes)."""

import enum

import strawberry


@strawberry.enum(
    description="S1: the household's card. RED 红卡 not yet out of poverty; YELLOW 黄卡 "
    "out but low income; GREEN 绿卡 out and stable."
)
class Card(enum.Enum):
    RED = "RED"
    YELLOW = "YELLOW"
    GREEN = "GREEN"


@strawberry.enum(description="S3, S5: 脱贫状态 — 未脱贫 NOT_OUT, 已脱贫 OUT, 返贫 RETURNED.")
class PovertyStatus(enum.Enum):
    NOT_OUT = "NOT_OUT"
    OUT = "OUT"
    RETURNED = "RETURNED"


@strawberry.enum(description="贫困户属性: 一般贫困户 ORDINARY, 低保贫困户 DIBAO, 特困供养贫困户 TEKUN.")
class HouseholdAttribute(enum.Enum):
    ORDINARY = "ORDINARY"
    DIBAO = "DIBAO"
    TEKUN = "TEKUN"


@strawberry.enum(description="W1–W3: 派出层级 — 县派 COUNTY, 乡派 TOWNSHIP.")
class TeamLevel(enum.Enum):
    COUNTY = "COUNTY"
    TOWNSHIP = "TOWNSHIP"


@strawberry.enum(description="W4: 驻村职务 — 第一书记兼队长, 队长, 队员.")
class TeamRole(enum.Enum):
    FIRST_SECRETARY_LEADER = "FIRST_SECRETARY_LEADER"
    LEADER = "LEADER"
    MEMBER = "MEMBER"
