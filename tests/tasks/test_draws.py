"""The draws of :mod:`taskgen.tasks._draws` are ``random.Random``'s own: same values, same state.

A ``random.Random`` subclass takes the plain path (the methods themselves), so comparing the
two proves the same draws and the same generator state after.
"""

from __future__ import annotations

import random

import pytest

from taskgen.tasks import _draws
from taskgen.tasks.grids import survo


class _Plain(random.Random):
    """Draws exactly as ``random.Random``, but takes the plain (randint / sample) path."""


# -- draws ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("side", "low", "high"),
    [(2, 1, 9), (3, 1, 9), (7, 1, 9), (9, 1, 9), (4, 0, 0), (5, 5, 6), (6, 0, 99), (3, 17, 80)],
    ids=str,
)
def test_draw_inner_draws_as_randint_and_leaves_the_same_state(
    side: int, low: int, high: int
) -> None:
    for seed in range(200):
        fast, reference = random.Random(seed), random.Random(seed)
        expected = [[reference.randint(low, high) for _ in range(side)] for _ in range(side)]
        assert _draws.randint_grid(fast, side, low, high) == expected
        assert fast.getstate() == reference.getstate()
        plain = _Plain(seed)
        assert _draws.randint_grid(plain, side, low, high) == expected  # the randint path


# (n, k): the pool branch at every level, both sides of sample's pool/set switch (n <= 21
# for k <= 5, n <= 85 for 6 <= k <= 21 ...), k = 0 and k = n.
SAMPLES = [
    *(((n - 1) ** 2, x) for n, x in survo.LEVELS.values()),  # survo's hidden cells
    (16, 16),  # futoshiki's and sudoku's orders of all cells
    (1, 0),
    (1, 1),
    (5, 5),
    (21, 3),
    (22, 3),
    (81, 5),
    (85, 6),
    (86, 6),
    (81, 81),
    (200, 30),
]


@pytest.mark.parametrize(("n", "k"), SAMPLES, ids=str)
def test_draw_sample_draws_as_random_sample_and_leaves_the_same_state(n: int, k: int) -> None:
    for seed in range(200):
        fast, reference = random.Random(seed), random.Random(seed)
        assert _draws.sample_range(fast, n, k) == reference.sample(range(n), k)
        assert fast.getstate() == reference.getstate()
        assert _draws.sample_range(_Plain(seed), n, k) == random.Random(seed).sample(range(n), k)


def test_the_import_time_check_passes_here_and_catches_a_wrong_draw(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _draws.EXACT_DRAWS
    assert _draws.draws_match_random()
    real = _draws.sample_range

    def off_by_one(rng: random.Random, n: int, k: int) -> list[int]:
        return [(v + 1) % n for v in real(rng, n, k)]

    monkeypatch.setattr(_draws, "sample_range", off_by_one)
    assert not _draws.draws_match_random()


@pytest.mark.parametrize("n", [0, 1, 4, 9, 21, 22, 60, 300])
def test_sample_of_a_sequence_is_rng_sample(n: int) -> None:
    population = [f"item{i}" for i in range(n)]
    for seed in range(100):
        for k in {0, n // 2, n}:
            fast, reference = random.Random(seed), random.Random(seed)
            assert _draws.sample_of(fast, population, k) == reference.sample(population, k)
            assert fast.getstate() == reference.getstate()
