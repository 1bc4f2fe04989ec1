"""Townships, villages and the size of every household, before anyone is named.

Villages are of three kinds: `poor` (建档立卡贫困村, W1), `big` (non-poor with >= 115 registered
poor people, W2) and `small` (non-poor with <= 90, W3). The 100-person threshold of W2 is never
approached closer than that, so a checker's choice of < or <= cannot change the answer.
"""

from __future__ import annotations

from seeds.county import County, Township, Village
from seeds.kit import Kit

HOUSEHOLDS_PER_TOWNSHIP = 1000
# A township's code within its county has three digits (GB/T 10114), numbered here from 101: a
# county of a province's size has fewer, larger townships rather than codes of four digits.
MAX_TOWNSHIPS = 899
HOUSEHOLDS_PER_VILLAGE = 65
# Enough villages of each kind for the injected violations to sit on distinct villages.
MIN_POOR, MIN_BIG, MIN_SMALL = 12, 5, 6
MIN_HOUSEHOLDS = 300
BIG_MIN_HOUSEHOLDS, BIG_MIN_PEOPLE, SMALL_MAX_PEOPLE = 36, 115, 90
POOR_MIN_HOUSEHOLDS = 3
SIZE_WEIGHTS = ((1, 13), (2, 22), (3, 25), (4, 20), (5, 12), (6, 5), (7, 3))  # mean 3.23


def build_geography(kit: Kit, county: County, households: int) -> None:
    """Below MIN_HOUSEHOLDS the county is small (`_small_kinds`): fewer villages, no big ones."""
    rng = kit.rng
    small = households < MIN_HOUSEHOLDS
    n_townships = min(MAX_TOWNSHIPS, max(2, round(households / HOUSEHOLDS_PER_TOWNSHIP)))
    if small:
        n_villages = max(1, min(MIN_POOR + MIN_SMALL, households // 10))
        n_townships = min(n_townships, n_villages)  # every township has a village
        kinds = _small_kinds(n_villages)
    else:
        n_villages = max(MIN_POOR + MIN_BIG + MIN_SMALL, round(households / HOUSEHOLDS_PER_VILLAGE))
        kinds = _kinds(n_villages, households)
    rng.shuffle(kinds)
    for i, count in enumerate(_spread(kit, n_villages, n_townships)):
        township = Township(f"430624{101 + i:03d}", kit.places.township())
        for j in range(count):
            code = f"{township.code}{201 + j:03d}"
            township.villages.append(Village(code, kit.places.village(), township, kinds.pop()))
        county.townships.append(township)
    villages = county.villages
    counts = (
        _even_counts(len(villages), households) if small else _household_counts(kit, villages, households)
    )
    for village, count in zip(villages, counts, strict=True):
        village.planned_sizes = _sizes(kit, village.kind, count)
        if village.is_poor and kit.chance(0.8):
            village.exit_year = rng.randint(2016, min(2019, kit.as_of.year - 1))
        village.population = sum(village.planned_sizes) + rng.randint(900, 3800)
        village.officer_name = kit.names.full(kit.chance(0.5))
        village.officer_phone = kit.phones.issue()


def _spread(kit: Kit, total: int, parts: int) -> list[int]:
    """`total` villages over `parts` townships, uneven (about ±35 %), at least 3 each."""
    avg = total / parts
    lo, hi = max(3, round(avg * 0.65)), max(4, round(avg * 1.35))
    counts = [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
    for _ in range(parts * 4):
        i, j = kit.rng.randrange(parts), kit.rng.randrange(parts)
        if i != j and counts[i] > lo and counts[j] < hi:
            counts[i] -= 1
            counts[j] += 1
    return counts


def _kinds(n: int, households: int) -> list[str]:
    poor = max(MIN_POOR, round(0.25 * n))
    big = max(MIN_BIG, min(round(0.3 * n), households // 60))
    small = max(MIN_SMALL, n - poor - big)
    big = n - poor - small
    return ["poor"] * poor + ["big"] * big + ["small"] * small


def _small_kinds(n: int) -> list[str]:
    """A small county (fewer than MIN_HOUSEHOLDS households): poverty and small villages only,
    the first one poor, so that every kind of roster has rows."""
    return ["poor" if i % 2 == 0 else "small" for i in range(n)]


def _even_counts(villages: int, households: int) -> list[int]:
    """`households` spread evenly over `villages` (each at least one when there are enough)."""
    return [households // villages + (1 if i < households % villages else 0) for i in range(villages)]


def _household_counts(kit: Kit, villages: list[Village], households: int) -> list[int]:
    """Small villages get a few households; the rest is shared by weight, poverty villages
    weighing about three times a big non-poor village."""
    rng = kit.rng
    per = households / len(villages)
    small_lo = max(3, int(per // 8))
    small_hi = max(small_lo + 3, min(24, int(per // 3)))
    counts: list[int] = []
    weights: list[float] = []
    for village in villages:
        if village.kind == "small":
            counts.append(rng.randint(small_lo, small_hi))
            weights.append(0.0)
        elif village.kind == "big":
            counts.append(BIG_MIN_HOUSEHOLDS)
            weights.append(rng.uniform(0.3, 0.9))
        else:
            counts.append(POOR_MIN_HOUSEHOLDS)
            weights.append(rng.uniform(1.5, 3.0))
    rest = households - sum(counts)
    if rest < 0:
        raise ValueError(f"households must be at least {MIN_HOUSEHOLDS}")
    total = sum(weights)
    shares = [rest * w / total for w in weights]
    floors = [int(s) for s in shares]
    # Largest remainder, ties broken by position: deterministic.
    order = sorted(range(len(shares)), key=lambda i: (floors[i] - shares[i], i))
    for i in order[: rest - sum(floors)]:
        floors[i] += 1
    return [c + f for c, f in zip(counts, floors, strict=True)]


def _sizes(kit: Kit, kind: str, count: int) -> list[int]:
    sizes = [kit.weighted(SIZE_WEIGHTS) for _ in range(count)]
    if kind == "small":
        while sum(sizes) > SMALL_MAX_PEOPLE:
            sizes[sizes.index(max(sizes))] -= 1
    elif kind == "big":
        while sum(sizes) < BIG_MIN_PEOPLE:
            sizes[sizes.index(min(sizes))] += 1
    return sizes
