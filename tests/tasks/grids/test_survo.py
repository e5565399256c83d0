"""Survo-specific rules: sums, the listed numbers, shown cells, any valid placement, unique."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions, solve
from taskgen.tasks.grids import survo
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.grid import format_grid

FAMILY = get("survo")

# A hand-made 3 x 3 table (2 x 2 inner numbers, all hidden): its only solution is GOLD.
GOLD = [[1, 2, 3], [3, 4, 7], [4, 6, 10]]
HAND: dict[str, Any] = {
    "grid": [[None, None, 3], [None, None, 7], [4, 6, 10]],
    "candidates": [1, 2, 3, 4],
}


def _decode(instance: dict[str, Any], model: set[int]) -> list[list[int]]:
    _, choice = survo.encode(instance)
    table = [[v if v is not None else 0 for v in row] for row in instance["grid"]]
    for (r, c), options in choice.items():
        table[r][c] = next(value for value, var in options.items() if var in model)
    return table


def _other_solution(task: taskgen.Task) -> list[list[int]] | None:
    clauses, choice = survo.encode(task.instance)
    gold = json.loads(task.answer)
    blocker = [-options[gold[r][c]] for (r, c), options in choice.items()]
    model = solve([*clauses, blocker])
    return None if model is None else _decode(task.instance, model)


def _project(choice: dict[tuple[int, int], dict[int, int]]) -> list[int]:
    return [var for options in choice.values() for var in options.values()]


def test_instance_schema_hides_x_inner_cells_listed_as_candidates() -> None:
    task = taskgen.sample("survo", 6, seed=3)
    assert set(task.instance) == {"grid", "candidates"}
    gold = json.loads(task.answer)
    hidden = survo.hidden_cells(task.instance["grid"])
    assert len(hidden) == task.params["x"] == 12
    assert sorted(gold[r][c] for r, c in hidden) == task.instance["candidates"]
    assert gold == survo.with_sums([row[:-1] for row in gold[:-1]])
    assert all(1 <= gold[r][c] <= 9 for r, c in hidden)


def test_hand_made_solution_is_correct() -> None:
    check = FAMILY.check(HAND, format_grid(GOLD))
    assert check.correct and check.score == 1.0


def test_only_the_listed_numbers_rule_broken() -> None:
    wrong = [[2, 1, 3], [2, 5, 7], [4, 6, 10]]  # every sum holds, but uses 2, 2, 1, 5
    check = FAMILY.check(HAND, format_grid(wrong))
    assert not check.correct and check.format_ok
    assert check.reason == (
        "2 fills 2 hidden cell(s) but is listed 1 time(s) (1 of 5 constraints broken)"
    )
    assert 0 <= check.credit() < 1


def test_corrupted_cell_breaks_its_row_column_and_the_list() -> None:
    wrong = [[1, 5, 3], [3, 4, 7], [4, 6, 10]]
    check = FAMILY.check(HAND, format_grid(wrong))
    assert check.reason.startswith("row 1 adds up to 6; its sum is 3 (3 of 5")
    assert 0 <= check.credit() < 1


def test_corrupted_gold_cell_of_a_generated_task_is_rejected() -> None:
    task = taskgen.sample("survo", 8, seed=1)
    gold = json.loads(task.answer)
    r, c = survo.hidden_cells(task.instance["grid"])[0]
    gold[r][c] += 1
    verdict = taskgen.verify(task, boxed(format_grid(gold)), policy="partial")
    assert not verdict.correct and verdict.format_ok
    assert f"row {r + 1} adds up to" in verdict.reason
    assert 0 < verdict.reward < 1


def test_changed_shown_number_scores_zero() -> None:
    wrong = [row[:] for row in GOLD]
    wrong[2][2] = 11
    check = FAMILY.check(HAND, format_grid(wrong))
    assert not check.correct and check.credit() == 0.0
    assert (
        check.reason
        == "cell (3,3) is given as 10, the answer has 11 (a changed number earns no credit)"
    )


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("[[1,2,3],[3,4,7]]", "expected 3 rows, got 2"),
        ("[[1,2],[3,4]]", "expected 3 rows"),
        ("[[1,2,3],[3,4,7],[4,6]]", "row 3 has 2 cells; expected 3"),
    ],
)
def test_wrong_shape_is_a_format_error(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and not check.format_ok and check.credit() == 0.0
    assert fragment in check.reason


@pytest.mark.parametrize("payload", ['[["X",2,3],[3,4,7],[4,6,10]]', "one two three", "[[1.5]]"])
def test_non_numeric_payload_is_a_format_error(payload: str) -> None:
    verdict = taskgen.verify(taskgen.sample("survo", 1, 0), boxed(payload), policy="saturn")
    assert not verdict.format_ok and verdict.reward == -1.0


def test_a_second_valid_solution_is_accepted() -> None:
    for seed in range(20):
        task = taskgen.sample("survo", 9, seed)
        other = _other_solution(task)
        if other is not None:
            break
    else:
        raise AssertionError("no level-9 table with two solutions in 20 seeds")
    assert format_grid(other) != task.answer
    hidden = survo.hidden_cells(task.instance["grid"])
    assert Counter(other[r][c] for r, c in hidden) == Counter(task.instance["candidates"])
    verdict = taskgen.verify(task, boxed(format_grid(other)))
    assert verdict.correct, verdict.reason


def test_hand_made_table_is_unique() -> None:
    clauses, choice = survo.encode(HAND)
    assert count_solutions(clauses, limit=3, project=_project(choice)) == 1


@pytest.mark.parametrize("level", range(1, 11))
def test_unique_option_leaves_exactly_one_solution(level: int) -> None:
    for seed in range(2):
        task = taskgen.sample("survo", level, seed, unique=True)
        clauses, choice = survo.encode(task.instance)
        assert count_solutions(clauses, limit=2, project=_project(choice)) == 1
        assert taskgen.verify(task, boxed(task.answer)).correct
        hidden = len(task.instance["candidates"])
        assert hidden == task.params["x"] - task.meta["revealed_for_uniqueness"]


def test_value_range_knobs() -> None:
    task = taskgen.sample("survo", 4, seed=0, low=20, high=30)
    gold = json.loads(task.answer)
    assert all(20 <= v <= 30 for row in gold[:-1] for v in row[:-1])
    assert taskgen.verify(task, boxed(task.answer)).correct


def test_prompt_lists_the_numbers_and_hides_the_gold() -> None:
    task = taskgen.sample("survo", 5, seed=0)
    numbers = ", ".join(str(v) for v in task.instance["candidates"])
    assert f"these {len(task.instance['candidates'])} numbers: {numbers}." in task.prompt
    assert task.prompt.rstrip().endswith("inside \\boxed{}.")
    assert boxed(task.answer) not in task.prompt


def test_hardness_grows_with_hidden_cells() -> None:
    low = FAMILY.hardness(taskgen.sample("survo", 1, 0))
    high = FAMILY.hardness(taskgen.sample("survo", 10, 0))
    assert high > 10 * low


@pytest.mark.parametrize(
    ("knobs", "fragment"),
    [
        ({"n": 2}, "n:"),
        ({"x": 10}, "exceeds the 9 inner cells"),
        ({"low": 9, "high": 1}, "low=9 exceeds high=1"),
        ({"high": 100}, "high:"),
        ({"n": 10, "x": 60, "high": 99, "unique": True}, "must be at most 1000"),
    ],
)
def test_bad_knobs_raise_clear_errors(knobs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidParamsError, match=fragment):
        taskgen.sample("survo", 1, 0, **knobs)


def test_malformed_instance_is_rejected_on_load() -> None:
    record = json.loads(taskgen.sample("survo", 2, 0).model_dump_json())
    record["instance"]["candidates"] = record["instance"]["candidates"][1:]
    with pytest.raises(InvalidTaskError, match="candidates"):
        taskgen.load_task(record)


def test_docstring_example() -> None:
    instance = {"grid": [[1, None, 3], [None, 4, 6], [3, 6, 9]], "candidates": [2, 2]}
    assert FAMILY.check(instance, "[[1,2,3],[2,4,6],[3,6,9]]").correct
