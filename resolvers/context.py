"""The per-request context: the driver, the caller and what it may see, one DataLoader per relation.

Loaders are created on first use and live for one request, so every relation costs one Cypher
round trip per level of the query, however many rows it has (`round_trips` counts them); the reads
that start at the same moment (root fields side by side, loaders of one level) go out as one
statement (`reads`, graph/together.py). Every statement is rendered for the caller's `reach`
(graph/reach.py), so what it may see is decided in Cypher, in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver
from strawberry.dataloader import DataLoader

from core.principal import DEVELOPMENT, Principal, Role
from core.settings import Settings
from graph import entities, policy
from graph.connection import Target
from graph.coverage.cache import Answers
from graph.entities import Entity
from graph.listing import Page, PageRequest
from graph.reach import Reach
from graph.rows import Props
from graph.together import Together
from resolvers.relations import RELATIONS
from schema.common import Related

# Roles that see identity and phone numbers unmasked (each such read is audited).
PERSONAL_DATA_ROLES = frozenset({Role.COUNTY_ADMIN, Role.INVESTIGATOR})


@dataclass
class Context:
    driver: AsyncDriver
    settings: Settings
    request_id: str = "-"
    principal: Principal = DEVELOPMENT
    # The database's address, for work that runs on a synchronous driver of its own (a comparison).
    target: Target | None = None
    # The process's kept dashboard answers (graph/coverage/cache.py); None keeps none.
    answers: Answers | None = None
    round_trips: int = 0
    _loaders: dict[tuple[Any, ...], DataLoader[Any, Any]] = field(default_factory=dict)
    personal_data: bool = field(init=False)  # identity and phone numbers unmasked (audited)
    reach: Reach = field(init=False)
    reads: Together = field(init=False)  # the request's reads, sent together when they can be
    _led: frozenset[str] | None = None
    # Related rows read ahead with a page (resolvers/prefetch.py), by relation and key.
    _known: dict[Related, dict[Any, list[Props]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.personal_data = self.principal.role in PERSONAL_DATA_ROLES
        self.reach = Reach.of(self.principal)
        self.reads = Together(self.driver, self.database, self._sent)

    def _sent(self) -> None:
        self.round_trips += 1

    @property
    def database(self) -> str:
        return self.settings.neo4j.database

    async def page(self, entity: Entity, filters: dict[str, Any], request: PageRequest) -> Page:
        return await entities.list_entities(
            self.driver, self.database, entity, filters, request, self.reach, self.reads
        )

    async def led_policies(self) -> frozenset[str]:
        """The policy areas the caller's department leads (DEPARTMENT role), once per request."""
        if self._led is None:
            self.round_trips += 1
            unit = self.principal.scope or ""
            self._led = await policy.led_by(self.driver, self.database, unit)
        return self._led

    def entity(self, entity: Entity) -> DataLoader[Any, Props | None]:
        async def batch(keys: list[Any]) -> list[Props | None]:
            return await entities.by_keys(
                self.driver, self.database, entity, keys, self.reach, reader=self.reads
            )

        return self._loader(("entity", entity.label, entity.key), batch)

    def relation(self, related: Related, as_of: dt.date | None = None) -> DataLoader[Any, list[Props]]:
        """The request's loader of `related` on `as_of`: one statement, rendered for the caller's
        reach, per level of the query."""
        relation = RELATIONS[related]

        async def batch(keys: list[Any]) -> list[list[Props]]:
            return await entities.related(
                self.driver, self.database, relation, keys, as_of, self.reach, self.reads
            )

        return self._loader(("relation", related, as_of), batch)

    def know(self, related: Related, key: Any, rows: list[Props]) -> None:
        """Rows of `related` (on no particular day) for `key`, read ahead with a page."""
        self._known.setdefault(related, {})[key] = rows
        self.relation(related).prime(key, rows)

    def known(self, related: Related, key: Any) -> list[Props] | None:
        """The rows `know` was given, if any: a field returns them without awaiting its loader."""
        return self._known.get(related, {}).get(key)

    def _loader(self, name: tuple[Any, ...], batch: Any) -> DataLoader[Any, Any]:
        loader = self._loaders.get(name)
        if loader is None:
            loader = self._loaders[name] = DataLoader(load_fn=batch)
        return loader
