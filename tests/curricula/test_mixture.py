"""Mixture: weights over families, each with its own sub-curriculum."""

from __future__ import annotations

import pytest

from taskgen.core.errors import InvalidParamsError
from taskgen.curricula import Fixed, Mixture, TargetBand


def test_routes_results_to_the_family_sub_curriculum() -> None:
    band = TargetBand("sat", window=4, start=2)
    mix = Mixture({"sat": band, "sudoku": 1}, weights={"sat": 1.0, "sudoku": 1.0}, seed=3)
    for _ in range(5):
        tasks = mix.next_tasks(8)
        mix.update(tasks, [1.0] * len(tasks))
    levels = mix.levels()
    assert levels["sat"] > 2 and levels["sudoku"] == 1
    assert band.levels()["sat"] == levels["sat"]


def test_weights_set_the_family_frequency() -> None:
    mix = Mixture({"sat": 1, "sudoku": 1}, weights={"sat": 0.0, "sudoku": 1.0})
    assert {t.family for t in mix.next_tasks(20)} == {"sudoku"}


def test_results_of_other_families_are_counted_and_dropped() -> None:
    mix = Mixture({"sat": 1})
    stranger = Fixed({"sudoku": 1}).next_tasks(2)
    mix.update(stranger, [1.0, 0.0])
    assert mix.stats()["ignored"] == 2


def test_components_must_be_curricula_or_levels() -> None:
    with pytest.raises(InvalidParamsError):
        Mixture({"sat": "hard"})  # type: ignore[dict-item]
