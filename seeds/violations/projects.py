"""Violations of the project register (O3, P4), each on its own project: projects whose beneficiary
rows were never written, projects paid above their budget by one more disbursement, projects due
before as_of and left unfinished, and renovation subsidies paid otherwise than through the 明白卡.
Recorded under O3 by 项目编号 (the first three) and 拨付编号 (the subsidies)."""

from __future__ import annotations

from seeds.dates import between, days
from seeds.projects import PAYEES, TRANSFER, Disbursement
from seeds.violations.picker import Picker

OFF_CARD = ("现金", "银行转账")


def o3(p: Picker) -> None:
    projects = p.county.projects
    others = [x for x in projects if x.kind != "危房改造"]
    renovations = [x for x in projects if x.kind == "危房改造" and x.households]
    off_card = p.pick(renovations, p.n())
    taken = set(map(id, off_card))
    unlinked = p.pick([x for x in others if id(x) not in taken], p.n())
    taken |= set(map(id, unlinked))
    over = p.pick([x for x in others if id(x) not in taken], p.n())
    taken |= set(map(id, over))
    overdue = p.pick([x for x in others if id(x) not in taken and x.start < p.as_of - days(40)], p.n())
    number = sum(len(x.disbursements) for x in projects)  # numbered already (seeds/projects.py)
    keys: list[str] = []
    for project in unlinked:
        project.households = []
        keys.append(project.id)
    for project in over:
        paid = sum(d.amount for d in project.disbursements)
        extra = Disbursement("", between(p.rng, project.start, p.as_of), project.budget - paid + 1000, None,
                             PAYEES[project.kind], TRANSFER)  # fmt: skip
        number += 1
        extra.id = f"BF{p.as_of.year}{number:05d}"
        project.disbursements.append(extra)
        keys.append(project.id)
    for project in overdue:
        project.finish = between(p.rng, project.start + days(30), p.as_of - days(10))
        project.finished = None
        keys.append(project.id)
    for project in off_card:
        subsidy = p.rng.choice(project.disbursements)
        subsidy.channel = p.rng.choice(OFF_CARD)
        keys.append(subsidy.id)
    p.record("O3", keys)
