"""Every scheduler: JSON state round trip, determinism, same-kind loading."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from taskgen.core.errors import InvalidParamsError
from taskgen.curricula import (
    BaseCurriculum,
    Curriculum,
    Fixed,
    LearningProgress,
    Mixture,
    SaturnGate,
    Schedule,
    TargetBand,
)

FACTORIES: dict[str, Callable[[], BaseCurriculum]] = {
    "fixed": lambda: Fixed({"sat": 2, "sudoku": 1}, seed=1),
    "schedule": lambda: Schedule(["sat", "sudoku"], total=1000, end=3, seed=1),
    "saturn_gate": lambda: SaturnGate(validation_size=4, check_every=6, seed=1),
    "target_band": lambda: TargetBand(["sat", "sudoku"], window=4, seed=1),
    "learning_progress": lambda: LearningProgress(["sat"], levels=[1, 2, 3], seed=1),
    "mixture": lambda: Mixture(
        {"sat": SaturnGate(validation_size=3, check_every=4), "sudoku": TargetBand("sudoku")},
        seed=1,
    ),
}


def _drive(curriculum: BaseCurriculum, rounds: int) -> None:
    for step in range(rounds):
        tasks = curriculum.next_tasks(6)
        curriculum.update(
            tasks, [float((t.difficulty + step + i) % 3 != 0) for i, t in enumerate(tasks)]
        )


@pytest.mark.parametrize("kind", FACTORIES, ids=list(FACTORIES))
def test_state_round_trips_through_json_and_continues_identically(kind: str) -> None:
    original = FACTORIES[kind]()
    assert isinstance(original, Curriculum)
    _drive(original, 7)
    state = json.loads(json.dumps(original.state_dict()))
    assert state["kind"] == original.kind
    restored = FACTORIES[kind]()
    restored.load_state_dict(state)
    assert restored.stats() == original.stats()
    json.dumps(original.stats())  # stats are JSON-ready too
    _drive(original, 3)
    _drive(restored, 3)
    assert [t.id for t in restored.next_tasks(8)] == [t.id for t in original.next_tasks(8)]


@pytest.mark.parametrize("kind", FACTORIES, ids=list(FACTORIES))
def test_same_seed_same_tasks(kind: str) -> None:
    one, two = FACTORIES[kind](), FACTORIES[kind]()
    _drive(one, 4)
    _drive(two, 4)
    assert [t.id for t in one.next_tasks(6)] == [t.id for t in two.next_tasks(6)]


def test_a_state_only_loads_into_its_own_kind() -> None:
    state = Fixed({"sat": 1}).state_dict()
    with pytest.raises(InvalidParamsError):
        TargetBand("sat").load_state_dict(state)


def test_a_state_of_other_families_is_rejected_and_changes_nothing() -> None:
    band = TargetBand(["sat", "sudoku"], window=4, start=3)
    other = TargetBand("sat", window=4, start=5).state_dict()
    with pytest.raises(InvalidParamsError, match="does not fit"):
        band.load_state_dict(other | {"level": {"sat": 5}})
    assert band.levels() == {"sat": 3.0, "sudoku": 3.0}
