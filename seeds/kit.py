"""The random sources of one generation, all derived from the seed (never the global random,
never the clock)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from random import Random
from typing import TypeVar

from faker import Faker

from seeds.idnumbers import IdNumbers, Phones
from seeds.names import NamePool, PlaceNames

T = TypeVar("T")


@dataclass
class Kit:
    rng: Random
    names: NamePool
    places: PlaceNames
    ids: IdNumbers
    phones: Phones
    as_of: date

    @classmethod
    def create(cls, seed: int, as_of: date) -> Kit:
        rng = Random(seed)
        fake = Faker("zh_CN")
        fake.seed_instance(seed)
        return cls(rng, NamePool(fake, rng), PlaceNames(rng), IdNumbers(rng), Phones(rng), as_of)

    def weighted(self, options: Sequence[tuple[T, int]]) -> T:
        return self.rng.choices([o for o, _ in options], [w for _, w in options])[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p
