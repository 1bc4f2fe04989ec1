"""A project's department (主管部门) by day: `(p:Project)-[:LED_BY {since, until}]->(u:Unit)`, one at
a time; the first has no `since` (it holds from the project's first record), a change ends the open
one on its day and starts the next (docs/projects.md). Read by the API and the coverage rules,
written alike by the 项目库 loader and `updateProject`."""

from __future__ import annotations


def led_on(link: str, day: str) -> str:
    """LED_BY `link` holds on `day`: since then (none: since the project's first record) and not
    ended by it. A project has one at a time; a change of department ends it (docs/projects.md)."""
    return f"coalesce({link}.since <= {day}, true) AND coalesce({link}.until > {day}, true)"


def department_on(p: str, day: str) -> str:
    """The name of project `p`'s department (主管部门) on `day`."""
    return f"COLLECT {{ MATCH ({p})-[dl:LED_BY]->(du:Unit) WHERE {led_on('dl', day)} RETURN du.name }}[0]"


def lead(p: str, u: str, day: str) -> str:
    """A clause making unit `u` (null: none) project `p`'s department from `day` on, for the loader
    and the mutations: the open LED_BY to another unit ends on `day` (on its own start when that is
    later, so that none is inverted) and one to `u` starts then; a project's first starts with its
    record (no `since`). The same department again changes nothing; nothing is deleted."""
    return (
        f"CALL ({p}, {u}) {{\n"
        f"  OPTIONAL MATCH ({p})-[openLed:LED_BY WHERE openLed.until IS NULL]->(ledUnit:Unit)\n"
        f"  WITH {p}, {u}, openLed, ledUnit, NOT EXISTS {{ ({p})-[:LED_BY]->() }} AS fresh,\n"
        f"       CASE WHEN openLed.since > {day} THEN openLed.since ELSE {day} END AS moved\n"
        f"  WITH * WHERE {u} IS NULL OR ledUnit IS NULL OR ledUnit <> {u}\n"
        f"  FOREACH (_ IN CASE WHEN openLed IS NULL THEN [] ELSE [1] END | SET openLed.until = moved)\n"
        f"  WITH * WHERE {u} IS NOT NULL\n"
        f"  CREATE ({p})-[led:LED_BY]->({u}) SET led.since = CASE WHEN fresh THEN null ELSE moved END\n"
        "}\n"
    )
