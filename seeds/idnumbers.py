"""Synthetic resident identity numbers (GB 11643) and mobile numbers.

An identity number is 430624 (湘阴县) + birth date + a 3-digit sequence whose last digit is odd
for men and even for women + the check digit, so the loader's birth-date and gender checks hold.
"""

from __future__ import annotations

from datetime import date
from random import Random

COUNTY_CODE = "430624"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
MOBILE_PREFIXES = (
    tuple(f"13{d}" for d in range(10))
    + tuple(f"15{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9))
    + tuple(f"18{d}" for d in range(10))
)


def check_digit(first17: str) -> str:
    """Sum of digit × weight, mod 11, mapped to 1 0 X 9 8 7 6 5 4 3 2."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK[total % 11]


def is_valid(number: str) -> bool:
    """18 characters, a real birth date and the right check digit."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return number[17] == check_digit(number[:17])


class IdNumbers:
    """Issues numbers unique across everyone (persons and cadres alike)."""

    def __init__(self, rng: Random, county: str = COUNTY_CODE) -> None:
        self._rng = rng
        self._county = county
        # (birth date, male) -> next free sequence; starts at a random even base per day.
        self._next: dict[tuple[date, bool], int] = {}

    def issue(self, birth: date, male: bool) -> str:
        key = (birth, male)
        seq = self._next.get(key)
        if seq is None:
            seq = 2 * self._rng.randrange(1, 150) + (1 if male else 0)
        if seq > 999:
            raise RuntimeError(f"identity sequence exhausted for {birth}")
        self._next[key] = seq + 2
        first17 = f"{self._county}{birth:%Y%m%d}{seq:03d}"
        return first17 + check_digit(first17)


class Phones:
    """11-digit mobile numbers starting 13/15/18, unique across the whole county."""

    def __init__(self, rng: Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def issue(self) -> str:
        while True:
            number = self._rng.choice(MOBILE_PREFIXES) + f"{self._rng.randrange(10**8):08d}"
            if number not in self._used:
                self._used.add(number)
                return number
