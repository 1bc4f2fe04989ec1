"""Rectification orders (整改通知, W12): a few, each closed before its deadline."""

from __future__ import annotations

from datetime import date

from seeds.county import Cadre, County, Rectification
from seeds.dates import between, days
from seeds.kit import Kit

REASONS = ("走访不及时", "扶贫手册填写不规范", "帮扶措施不精准", "群众满意度低", "工作日志记录不全")
DEADLINE_DAYS = 30


def paired_cadres(county: County, day: date) -> list[Cadre]:
    seen: dict[str, Cadre] = {}
    for pairing in county.pairings:
        if pairing.since <= day and (pairing.until is None or day < pairing.until):
            seen.setdefault(pairing.cadre.id_number, pairing.cadre)
    return list(seen.values())


def build_rectifications(kit: Kit, county: County) -> None:
    rng = kit.rng
    cadres = paired_cadres(county, kit.as_of)
    wanted = max(3, len(county.households) // 2000)
    for cadre in rng.sample(cadres, min(len(cadres), wanted)):  # a small county has few cadres
        issued = between(rng, date(2019, 1, 2), kit.as_of - days(60))
        deadline = issued + days(DEADLINE_DAYS)
        closed = between(rng, issued + days(5), deadline)
        county.rectifications.append(Rectification("", cadre, issued, deadline, rng.choice(REASONS), closed))


def number_rectifications(county: County) -> None:
    county.rectifications.sort(key=lambda r: (r.issued_on, r.cadre.id_number))
    for seq, order in enumerate(county.rectifications, start=1):
        order.id = f"ZG{order.issued_on.year}{seq:04d}"
