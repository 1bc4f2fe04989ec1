"""The per-request context: the driver, the caller's rights, and one DataLoader per relation.

Loaders are created on first use and live for one request, so every relation costs one Cypher
round trip per level of the query, however many rows it has (`round_trips` counts them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver
from strawberry.dataloader import DataLoader

from fupin.principal import DEVELOPMENT, Principal
from fupin.settings import Settings
from graph import entities
from graph.entities import Entity
from graph.listing import Page, PageRequest
from graph.records import Props


@dataclass
class Context:
    driver: AsyncDriver
    settings: Settings
    request_id: str = "-"
    principal: Principal = DEVELOPMENT
    personal_data: bool = False  # may the caller see identity and phone numbers unmasked
    round_trips: int = 0
    _loaders: dict[tuple[Any, ...], DataLoader[Any, Any]] = field(default_factory=dict)

    @property
    def database(self) -> str:
        return self.settings.neo4j.database

    async def page(self, entity: Entity, filters: dict[str, Any], request: PageRequest) -> Page:
        self.round_trips += 1
        return await entities.list_entities(self.driver, self.database, entity, filters, request)

    def entity(self, entity: Entity) -> DataLoader[Any, Props | None]:
        async def batch(keys: list[Any]) -> list[Props | None]:
            self.round_trips += 1
            return await entities.by_keys(self.driver, self.database, entity, keys)

        return self._loader(("entity", entity.label, entity.key), batch)

    def relation(self, statement: str, as_of: dt.date | None = None) -> DataLoader[Any, list[Props]]:
        async def batch(keys: list[Any]) -> list[list[Props]]:
            self.round_trips += 1
            return await entities.related(self.driver, self.database, statement, keys, as_of)

        return self._loader(("relation", statement, as_of), batch)

    def _loader(self, name: tuple[Any, ...], batch: Any) -> DataLoader[Any, Any]:
        loader = self._loaders.get(name)
        if loader is None:
            loader = self._loaders[name] = DataLoader(load_fn=batch)
        return loader
