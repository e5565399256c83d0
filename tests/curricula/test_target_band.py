"""TargetBand: hold the rolling success rate inside [low, high]."""

from __future__ import annotations

import pytest

from taskgen.core.errors import InvalidParamsError
from taskgen.curricula import TargetBand


def _feed(band: TargetBand, rate_at: dict[int, float], rounds: int) -> None:
    for _ in range(rounds):
        tasks = band.next_tasks(8)
        # deterministic "success rate" per level: the first k of each 8 succeed
        rewards = []
        for i, task in enumerate(tasks):
            rate = rate_at.get(task.difficulty, 0.0)
            rewards.append(1.0 if i < round(rate * 8) else 0.0)
        band.update(tasks, rewards)


def test_moves_up_when_too_easy_and_settles_in_the_band() -> None:
    band = TargetBand("sat", window=8, low=0.3, high=0.7)
    _feed(band, {1: 1.0, 2: 1.0, 3: 0.875, 4: 0.5, 5: 0.0}, rounds=30)
    assert band.levels() == {"sat": 4.0}


def test_moves_down_when_too_hard() -> None:
    band = TargetBand("sat", window=8, start=9)
    _feed(band, {5: 0.5}, rounds=30)
    assert band.levels() == {"sat": 5.0}


def test_each_family_moves_on_its_own() -> None:
    band = TargetBand(["sat", "sudoku"], window=4, start=3, seed=2)
    for _ in range(20):
        tasks = band.next_tasks(8)
        band.update(tasks, [1.0 if t.family == "sat" else 0.0 for t in tasks])
    levels = band.levels()
    assert levels["sat"] > 3 and levels["sudoku"] == 1


def test_results_from_another_level_are_ignored() -> None:
    band = TargetBand("sat", window=2, start=5)
    old = TargetBand("sat", start=2).next_tasks(4)
    band.update(old, [1.0] * 4)
    assert band.levels() == {"sat": 5.0}


def test_band_must_be_ordered() -> None:
    with pytest.raises(InvalidParamsError):
        TargetBand("sat", low=0.8, high=0.2)
    with pytest.raises(InvalidParamsError):
        TargetBand("sat", window=0)
