"""Fixed and Schedule: open-loop levels."""

from __future__ import annotations

import pytest

from taskgen.core.errors import InvalidParamsError, UnknownFamilyError
from taskgen.curricula import Fixed, Schedule


def test_fixed_serves_each_family_at_its_level_by_weight() -> None:
    curriculum = Fixed({"sat": 3, "sudoku": 2}, weights={"sat": 3.0, "sudoku": 1.0}, seed=1)
    tasks = curriculum.next_tasks(200)
    assert {(t.family, t.difficulty) for t in tasks} == {("sat", 3), ("sudoku", 2)}
    share = sum(t.family == "sat" for t in tasks) / len(tasks)
    assert 0.65 < share < 0.85
    curriculum.update(tasks, [1.0] * len(tasks))
    assert curriculum.levels() == {"sat": 3.0, "sudoku": 2.0}  # results never move it
    assert curriculum.stats()["success"] == {"sat@3": 1.0, "sudoku@2": 1.0}


def test_fixed_is_deterministic_given_its_seed() -> None:
    ids = [t.id for t in Fixed({"sat": 5, "sudoku": 1}, seed=4).next_tasks(10)]
    assert ids == [t.id for t in Fixed({"sat": 5, "sudoku": 1}, seed=4).next_tasks(10)]
    assert ids != [t.id for t in Fixed({"sat": 5, "sudoku": 1}, seed=5).next_tasks(10)]
    assert len(set(ids)) == 10


def test_schedule_climbs_from_start_to_end_in_equal_stages() -> None:
    curriculum = Schedule("sat", total=100, start=2, end=6)
    levels = [t.difficulty for t in curriculum.next_tasks(120)]
    assert levels[0] == 2 and levels[-1] == 6
    assert levels == sorted(levels)
    assert [levels.count(level) for level in range(2, 6)] == [20, 20, 20, 20]


def test_schedule_takes_any_shape() -> None:
    curriculum = Schedule(["sat"], total=10, level_at=lambda p: 10 - 9 * p)
    levels = [t.difficulty for t in curriculum.next_tasks(11)]
    assert levels[0] == 10 and levels[-1] == 1
    assert levels == sorted(levels, reverse=True)


@pytest.mark.parametrize(
    ("factory", "error"),
    [
        (lambda: Fixed({"sat": 11}), InvalidParamsError),
        (lambda: Fixed({"sta": 1}), UnknownFamilyError),
        (lambda: Fixed({}), InvalidParamsError),
        (lambda: Fixed({"sat": 1}, weights={"sudoku": 1.0}), InvalidParamsError),
        (lambda: Fixed({"sat": 1}, weights={"sat": -1.0}), InvalidParamsError),
        (lambda: Fixed({"sat": 1}, seed=-1), InvalidParamsError),
        (lambda: Schedule("sat", total=0), InvalidParamsError),
        (lambda: Schedule("sat", total=10, start=5, end=2), InvalidParamsError),
    ],
)
def test_bad_arguments_raise(factory: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        factory()  # type: ignore[operator]


def test_next_tasks_and_update_check_their_arguments() -> None:
    curriculum = Fixed({"sat": 1})
    assert curriculum.next_tasks(0) == []
    with pytest.raises(InvalidParamsError):
        curriculum.next_tasks(-1)
    with pytest.raises(InvalidParamsError):
        curriculum.update(curriculum.next_tasks(2), [1.0])
    curriculum.update(curriculum.next_tasks(1), [None])  # "not applicable" is skipped
    assert curriculum.stats()["results"] == 0
