"""Skyscraper-specific rules: visibility clues, givens, unique solutions."""

from __future__ import annotations

import itertools
import json

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions, solve
from taskgen.tasks.grids import skyscraper_puzzle as sky
from taskgen.tasks.grids._latin import GridEncoding, rows_and_columns
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.grid import format_grid

FAMILY = get("skyscraper_puzzle")

SOLVED = [[2, 3, 1], [3, 1, 2], [1, 2, 3]]
EMPTY = [[0] * 3 for _ in range(3)]
# The docstring's example: all twelve clues of SOLVED.
HAND: dict[str, object] = {
    "size": 3,
    "top": [2, 1, 3],
    "bottom": [2, 2, 1],
    "left": [2, 1, 3],
    "right": [2, 2, 1],
    "puzzle": EMPTY,
}


def _only(side: str, clues: list[int], puzzle: list[list[int]] = EMPTY) -> dict[str, object]:
    instance: dict[str, object] = {"size": 3, "puzzle": puzzle}
    for name in sky.SIDES:
        instance[name] = clues if name == side else [0, 0, 0]
    return instance


def test_visible_counts_from_the_front() -> None:
    assert sky.visible([1, 2, 3, 4]) == 4
    assert sky.visible([4, 3, 2, 1]) == 1
    assert sky.visible([2, 1, 4, 3]) == 2
    assert sky.all_clues(SOLVED) == {k: HAND[k] for k in sky.SIDES}


def test_hand_made_solution_is_correct_and_unique() -> None:
    assert FAMILY.check(HAND, format_grid(SOLVED)).correct
    encoding = sky.encode(HAND)
    assert count_solutions(encoding.clauses, limit=3, project=encoding.cell_vars) == 1


def test_the_encoding_counts_every_clue_value_right() -> None:
    # Column 1 seen from the top: each clue k admits exactly the columns that show k.
    for k in (1, 2, 3):
        encoding = sky.encode(_only("top", [k, 0, 0]))
        model = solve(encoding.clauses)
        assert model is not None
        grid = encoding.decode(model)
        assert sky.visible([grid[r][0] for r in range(3)]) == k


def test_a_grid_breaking_only_one_clue_names_it_with_partial_credit() -> None:
    check = FAMILY.check(_only("top", [3, 0, 0]), format_grid(SOLVED))
    assert not check.correct and check.format_ok
    # 3 rows + 3 columns + 1 clue = 7 constraints
    assert check.reason == (
        "column 1 shows 2 buildings from the top, clue says 3 (1 of 7 constraints broken)"
    )
    # SOLVED is another Latin square: it differs from the one solution almost everywhere
    assert check.credit() == 0.0
    check = FAMILY.check(_only("right", [0, 0, 3]), format_grid(SOLVED))
    assert check.reason.startswith("row 3 shows 1 building from the right, clue says 3")


def test_corrupted_cell_of_the_gold_is_rejected() -> None:
    task = taskgen.sample("skyscraper_puzzle", 8, seed=0)
    gold = json.loads(task.answer)
    n = task.instance["size"]
    r, c = next((r, c) for r in range(n) for c in range(n) if not task.instance["puzzle"][r][c])
    gold[r][c] = gold[r][c] % n + 1
    verdict = taskgen.verify(task, boxed(format_grid(gold)), policy="partial")
    assert not verdict.correct and verdict.format_ok
    assert verdict.reason.startswith(f"row {r + 1} repeats")
    assert 0 < verdict.score < 1


def test_changing_a_given_is_wrong_and_says_so() -> None:
    puzzle = [[0, 0, 0], [0, 0, 0], [0, 0, 3]]
    instance = _only("top", [0, 0, 0], puzzle)
    assert FAMILY.check(instance, format_grid(SOLVED)).correct
    other = [[3, 1, 2], [1, 2, 3], [2, 3, 1]]  # Latin, but (3,3) holds 1
    check = FAMILY.check(instance, format_grid(other))
    assert not check.correct and check.format_ok
    assert (
        check.reason
        == "cell (3,3) is given as 3, the answer has 1 (a changed given earns no credit)"
    )
    assert check.credit() == 0.0


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("[[2,3,1],[3,1,2]]", "expected 3 rows, got 2"),
        ("[[2,3,1],[3,1,2],[1,2]]", "row 3 has 2 cells"),
        ("[[2,3,1],[3,1,2],[1,2,-3]]", "cell (3,3) is -3; use 1-3"),
        ('[[2,3,1],[3,1,2],[1,2,"three"]]', "cell (3,3) is not an integer"),
        ("no grid here", "expected 3 rows"),
    ],
)
def test_malformed_grids_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.format_ok and not check.correct and check.credit() == 0.0
    assert fragment in check.reason


def test_any_valid_grid_is_accepted_when_the_clues_allow_several() -> None:
    loose = _only("top", [2, 0, 0])
    assert FAMILY.check(loose, format_grid(SOLVED)).correct
    assert FAMILY.check(loose, format_grid([[1, 2, 3], [3, 1, 2], [2, 3, 1]])).correct


@pytest.mark.parametrize("level", range(1, 11))
def test_every_level_has_exactly_one_solution_the_gold(level: int) -> None:
    for seed in (0, 1):
        task = taskgen.sample("skyscraper_puzzle", level, seed)
        gold = json.loads(task.answer)
        full = sky.all_clues(gold)
        for side in sky.SIDES:  # every shown clue is the gold's
            assert all(v in (0, full[side][i]) for i, v in enumerate(task.instance[side]))
        encoding = sky.encode(task.instance)
        assert count_solutions(encoding.clauses, limit=2, project=encoding.cell_vars) == 1
        model = solve(encoding.clauses)
        assert model is not None and encoding.decode(model) == gold


def test_easy_levels_show_every_clue_and_hard_levels_hide_some() -> None:
    for level in range(1, 11):
        size, hide, _ = sky.LEVELS[level]
        task = taskgen.sample("skyscraper_puzzle", level, seed=3)
        if hide:
            assert task.meta["clues"] < 4 * size
        else:
            assert task.meta["clues"] == 4 * size


def test_prompt_shows_the_clues_and_hides_the_gold() -> None:
    task = taskgen.sample("skyscraper_puzzle", 7, seed=0)
    top = ", ".join(str(v) if v else "-" for v in task.instance["top"])
    assert f"looking down: {top}" in task.prompt
    assert task.answer not in task.prompt
    assert task.prompt.rstrip().endswith("inside \\boxed{}.")


def test_bad_knobs_and_malformed_instances() -> None:
    with pytest.raises(InvalidParamsError, match="size"):
        taskgen.sample("skyscraper_puzzle", 1, seed=0, size=2)
    record = json.loads(taskgen.sample("skyscraper_puzzle", 2, 0).model_dump_json())
    record["instance"]["top"] = [1, 2]
    with pytest.raises(InvalidTaskError, match="top must list 4 clues"):
        taskgen.load_task(record)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_height_bounds_hold_on_every_line_with_that_many_visible(n: int) -> None:
    """The clauses a clue adds for the solver never exclude a line the clue allows, and for
    every clue above 1 they exclude something (the tallest building at the edge)."""
    encoding = GridEncoding(n, rows_and_columns(n))
    line = [(0, c) for c in range(n)]
    for heights in itertools.permutations(range(1, n + 1)):
        k = sky.visible(heights)
        ruled_out = {-lit for [lit] in sky.height_bounds(encoding, line, k)}
        assert not ruled_out & {encoding.lit(0, c, v) for c, v in enumerate(heights)}
    for k in range(2, n + 1):
        assert [-encoding.lit(0, 0, n)] in sky.height_bounds(encoding, line, k)
