"""Names: people from faker (zh_CN) pools, places from syllables. Never real people.

Faker is called once per pool entry at start (a few thousand calls); every later pick is a
`Random.choice` on the pools, which keeps 15,000 households fast and fully seed-determined.
"""

from __future__ import annotations

from random import Random

from faker import Faker

POOL_SIZE = 2500

# Syllables common in Hunan place names; two of them make a township or village name.
PLACE_SYLLABLES = (
    "东西南北金银龙凤白青杨柳湾塘岭桥港洲湖江河山坪田铺沙石新安和平兴福岳鹤樟桃"
    "荷竹松梅兰花茶林源溪泉峰冲坡垸湘资临文明德仁义礼乐长寿永丰茂盛宁静清华高古"
    "双三横洞滨汨望城营"
)


class NamePool:
    def __init__(self, fake: Faker, rng: Random) -> None:
        self._rng = rng
        # Drawn from faker with its own weights (common surnames repeat), then picked uniformly.
        self.surnames = [fake.last_name() for _ in range(POOL_SIZE)]
        self.male = [fake.first_name_male() for _ in range(POOL_SIZE)]
        self.female = [fake.first_name_female() for _ in range(POOL_SIZE)]

    def surname(self) -> str:
        return self._rng.choice(self.surnames)

    def given(self, male: bool) -> str:
        return self._rng.choice(self.male if male else self.female)

    def full(self, male: bool, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.given(male)


# Two-syllable stems there are (83 × 82 = 6,806); once most are taken, stems get three syllables,
# so that a province-sized county (10⁶ households: some 16,000 places) still finds fresh ones. A
# county of fewer places draws exactly as before.
_TWO = len(PLACE_SYLLABLES) * (len(PLACE_SYLLABLES) - 1)
_THREE_PAST = _TWO * 9 // 10


class PlaceNames:
    """Place names of two syllables (three past _THREE_PAST of them), unique across the county
    (townships and villages apart)."""

    def __init__(self, rng: Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def _fresh(self, suffix: str) -> str:
        syllables = 2 if len(self._used) < _THREE_PAST else 3
        while True:
            stem = "".join(self._rng.sample(PLACE_SYLLABLES, syllables))
            name = stem + suffix
            if stem not in self._used:
                self._used.add(stem)
                return name

    def township(self) -> str:
        return self._fresh("镇" if self._rng.random() < 0.8 else "乡")

    def village(self) -> str:
        return self._fresh("村")
