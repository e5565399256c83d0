"""Random draws made exactly as ``random.Random``'s methods make them, without their frames.

``rng.sample``, ``rng.randint`` and friends spend most of their time in Python frames
(argument checks, ``_randbelow``) around one ``getrandbits`` call per pick. The functions
here call ``getrandbits`` directly, in the same order with the same arguments, so they
return the same values and leave the generator in the same state: tasks drawn either way
are byte-identical. :data:`EXACT_DRAWS` is checked once at import against this Python's own
methods; if the two ever differ (or the generator is not a plain ``random.Random``), the
functions call the methods instead.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

EXACT_DRAWS = True
"""Whether this Python's ``random`` draws as :func:`randint_grid` and :func:`sample_range`
assume (set by :func:`draws_match_random` at import)."""


def randint_grid(rng: random.Random, side: int, low: int, high: int) -> list[list[int]]:
    """Returns ``side x side`` numbers, each ``rng.randint(low, high)``, row by row.

    The draws are exactly randint's (same numbers, same generator state after): a
    ``random.Random`` draws ``randint(low, high)`` as ``low + r`` with ``r`` the first
    ``getrandbits(k) < width`` (``k`` the bit length of the width). Calling getrandbits
    directly skips randint's argument checks, most of the cost of a small table. Any
    other generator type draws through randint itself.
    """
    if type(rng) is not random.Random or not EXACT_DRAWS:
        return [[rng.randint(low, high) for _ in range(side)] for _ in range(side)]
    width = high - low + 1
    bits = width.bit_length()
    getrandbits = rng.getrandbits
    inner: list[list[int]] = []
    for _ in range(side):
        row: list[int] = []
        for _ in range(side):
            drawn = getrandbits(bits)
            while drawn >= width:
                drawn = getrandbits(bits)
            row.append(low + drawn)
        inner.append(row)
    return inner


def sample_pool_limit(size: int) -> int:
    """Returns the largest population that ``random.Random.sample(population, size)`` draws
    from with its pool algorithm (one ``_randbelow(len - i)`` per pick); larger populations
    use its set algorithm (``_randbelow(len)`` until an index is new). CPython's rule.

    >>> sample_pool_limit(3), sample_pool_limit(6)
    (21, 85)
    """
    limit = 21
    if size > 5:
        limit += 4 ** math.ceil(math.log(size * 3, 4))
    return limit


def sample_range(rng: random.Random, n: int, k: int) -> list[int]:
    """Returns ``rng.sample(range(n), k)``: the same numbers, the same generator state after.

    ``random.Random.sample`` takes its small-population branch (a pool of ``n`` items, one
    ``_randbelow(n - i)`` per pick, the last item moved into the gap) whenever ``n`` is at
    most its set size; ``_randbelow(m)`` is the first ``getrandbits(b) < m``, ``b`` the bit
    length of ``m``. Calling getrandbits directly, as :func:`randint_grid` does, skips a
    Python frame per pick (half the cost). Other generators and the large-population
    branch use ``rng.sample`` itself.
    """
    if (
        type(rng) is not random.Random
        or not EXACT_DRAWS
        or not 0 <= k <= n
        or n > sample_pool_limit(k)
    ):
        return rng.sample(range(n), k)
    getrandbits = rng.getrandbits
    pool = list(range(n))
    result = [0] * k
    for i in range(k):
        size = n - i
        bits = size.bit_length()
        j = getrandbits(bits)
        while j >= size:
            j = getrandbits(bits)
        result[i] = pool[j]
        pool[j] = pool[size - 1]
    return result


def draws_match_random() -> bool:
    """Whether :func:`randint_grid` and :func:`sample_range` draw exactly as ``randint`` and
    ``sample`` do in this Python (checked once at import; if not, they call those)."""
    ours, theirs = random.Random(20260101), random.Random(20260101)
    for side, low, high, n, k in ((3, 1, 9, 9, 4), (7, 0, 99, 49, 26), (9, 5, 5, 81, 3)):
        inner = [[theirs.randint(low, high) for _ in range(side)] for _ in range(side)]
        if randint_grid(ours, side, low, high) != inner:
            return False
        if sample_range(ours, n, k) != theirs.sample(range(n), k):
            return False
    return ours.getstate() == theirs.getstate()


EXACT_DRAWS = draws_match_random()


def sample_of(rng: random.Random, population: Sequence[T], k: int) -> list[T]:
    """Returns ``rng.sample(population, k)`` for a sequence: the same items, the same state.

    ``sample`` picks positions exactly as it does for ``range(len(population))``.
    """
    return [population[i] for i in sample_range(rng, len(population), k)]
