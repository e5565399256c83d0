"""Futoshiki-specific rules: signs from the solution, givens, unique solutions."""

from __future__ import annotations

import json

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions, solve
from taskgen.tasks.grids import futoshiki
from taskgen.tasks.grids._latin import GridEncoding, rows_and_columns
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.grid import format_grid

FAMILY = get("futoshiki")

# The docstring's example: a given 1 at (3,2) and (1,1) < (1,2) < (1,3).
HAND: dict[str, object] = {
    "size": 3,
    "puzzle": [[0, 0, 0], [0, 0, 0], [0, 1, 0]],
    "less": [[0, 0, 0, 1], [0, 1, 0, 2]],
}
SOLVED = [[1, 2, 3], [2, 3, 1], [3, 1, 2]]


def test_instance_schema_and_signs_agree_with_the_gold() -> None:
    task = taskgen.sample("futoshiki", 6, seed=4)
    assert set(task.instance) == {"size", "puzzle", "less"}
    gold = json.loads(task.answer)
    assert task.instance["less"], "a futoshiki without signs"
    for r1, c1, r2, c2 in task.instance["less"]:
        assert abs(r1 - r2) + abs(c1 - c2) == 1
        assert gold[r1][c1] < gold[r2][c2]
    puzzle = task.instance["puzzle"]
    assert all(v in (0, gold[r][c]) for r, row in enumerate(puzzle) for c, v in enumerate(row))


def test_hand_made_solution_is_correct_and_unique() -> None:
    assert FAMILY.check(HAND, format_grid(SOLVED)).correct
    encoding = futoshiki.encode(HAND)
    assert count_solutions(encoding.clauses, limit=3, project=encoding.cell_vars) == 1


def test_a_grid_breaking_only_one_sign_names_it_with_partial_credit() -> None:
    # A Latin square keeping the given 1 at (3,2) and (1,1) < (1,2), breaking (1,2) < (1,3).
    grid = [[1, 3, 2], [3, 2, 1], [2, 1, 3]]
    check = FAMILY.check(HAND, format_grid(grid))
    assert not check.correct and check.format_ok
    # 1 given + 3 rows + 3 columns + 2 signs = 9 constraints
    assert check.reason == "(1,2) < (1,3) fails with 3 and 2 (1 of 9 constraints broken)"
    # 6 of the 8 blank cells differ from the solution; a random fill gets 16/3 wrong, the
    # best constant fill 5: no progress (the old fraction of constraints paid 8/9)
    differ = sum(a != b for r in range(3) for a, b in zip(grid[r], SOLVED[r], strict=True))
    assert differ == 6
    assert check.credit() == 0.0


def test_signs_written_right_to_left_read_as_greater_than() -> None:
    instance = {**HAND, "less": [[0, 1, 0, 0]]}  # (1,2) < (1,1), shown as (1,1) > (1,2)
    assert "(1,1) > (1,2)" in futoshiki.render_prompt(instance["puzzle"], instance["less"])
    check = FAMILY.check(instance, format_grid(SOLVED))
    assert check.reason.startswith("(1,1) > (1,2) fails with 1 and 2")


def test_corrupted_cell_of_the_gold_is_rejected() -> None:
    task = taskgen.sample("futoshiki", 9, seed=0)
    gold = json.loads(task.answer)
    n = task.instance["size"]
    r, c = next((r, c) for r in range(n) for c in range(n) if not task.instance["puzzle"][r][c])
    gold[r][c] = gold[r][c] % n + 1
    verdict = taskgen.verify(task, boxed(format_grid(gold)), policy="partial")
    assert not verdict.correct and verdict.format_ok
    assert verdict.reason.startswith(f"row {r + 1} repeats")
    assert 0 < verdict.score < 1


def test_changing_a_given_is_wrong_and_says_so() -> None:
    check = FAMILY.check(HAND, format_grid([[1, 2, 3], [3, 1, 2], [2, 3, 1]]))
    assert not check.correct and check.format_ok
    assert check.reason.startswith("cell (3,2) is given as 1, the answer has 3")


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("[[1,2,3],[2,3,1]]", "expected 3 rows, got 2"),
        ("[[1,2,3],[2,3,1],[3,1,2,4]]", "row 3 has 4 cells"),
        ("[[1,2,3],[2,3,1],[3,1,0]]", "cell (3,3) is 0; use 1-3"),
        ('[["a","b","c"],[2,3,1],[3,1,2]]', "cell (1,1) is not an integer"),
        ("[[1.5,2,3],[2,3,1],[3,1,2]]", "cell (1,1) is not an integer"),
        ("abc", "expected 3 rows"),
    ],
)
def test_malformed_grids_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.format_ok and not check.correct and check.credit() == 0.0
    assert fragment in check.reason


def test_any_valid_grid_is_accepted_when_the_clues_allow_several() -> None:
    loose = {"size": 3, "puzzle": [[0] * 3 for _ in range(3)], "less": [[0, 0, 0, 1]]}
    first = [[1, 2, 3], [2, 3, 1], [3, 1, 2]]
    second = [[1, 3, 2], [3, 2, 1], [2, 1, 3]]
    assert first != second
    assert FAMILY.check(loose, format_grid(first)).correct
    assert FAMILY.check(loose, format_grid(second)).correct


@pytest.mark.parametrize("level", range(1, 11))
def test_every_level_has_exactly_one_solution_the_gold(level: int) -> None:
    for seed in (0, 1):
        task = taskgen.sample("futoshiki", level, seed)
        encoding = futoshiki.encode(task.instance)
        assert count_solutions(encoding.clauses, limit=2, project=encoding.cell_vars) == 1
        model = solve(encoding.clauses)
        assert model is not None and encoding.decode(model) == json.loads(task.answer)


def test_minimal_levels_have_no_redundant_clue() -> None:
    task = taskgen.sample("futoshiki", 7, seed=2)  # extra_clues = 0
    gold = json.loads(task.answer)
    instance = task.instance
    for index in range(len(instance["less"])):
        fewer = {**instance, "less": instance["less"][:index] + instance["less"][index + 1 :]}
        encoding = futoshiki.encode(fewer)
        assert count_solutions(encoding.clauses, limit=2, project=encoding.cell_vars) == 2
    assert taskgen.verify(task, boxed(format_grid(gold))).correct


def test_extra_clues_make_easy_levels_richer() -> None:
    def clues(extra: int) -> int:
        tasks = [taskgen.sample("futoshiki", 5, seed, extra_clues=extra) for seed in range(6)]
        return sum(t.meta["givens"] + t.meta["signs"] for t in tasks)

    assert clues(6) > clues(0) + 20


def test_prompt_lists_the_signs_and_hides_the_gold() -> None:
    task = taskgen.sample("futoshiki", 4, seed=0)
    for entry in task.instance["less"]:
        assert futoshiki.describe_less(entry) in task.prompt
    assert task.answer not in task.prompt
    assert task.prompt.rstrip().endswith("inside \\boxed{}.")


def test_bad_knobs_and_malformed_instances() -> None:
    with pytest.raises(InvalidParamsError, match="size"):
        taskgen.sample("futoshiki", 1, seed=0, size=12)
    record = json.loads(taskgen.sample("futoshiki", 2, 0).model_dump_json())
    record["instance"]["less"] = [[0, 0, 2, 2]]
    with pytest.raises(InvalidTaskError, match="not adjacent"):
        taskgen.load_task(record)


@pytest.mark.parametrize("n", [2, 3, 5, 8])
def test_less_clauses_admit_exactly_the_smaller_first_cell(n: int) -> None:
    """The support clauses of a sign, under every pair of one-hot values of its two cells,
    hold exactly when the first cell is smaller (the rule the pairwise clauses wrote out)."""
    encoding = GridEncoding(n, rows_and_columns(n))
    for entry in [(0, 0, 0, 1), (1, 0, 0, 0), (n - 1, n - 2, n - 1, n - 1)]:
        clauses = futoshiki.less_clauses(encoding, entry)
        r1, c1, r2, c2 = entry
        for a in range(1, n + 1):
            for b in range(1, n + 1):
                true = {encoding.lit(r1, c1, a), encoding.lit(r2, c2, b)}
                holds = all(
                    any(lit in true if lit > 0 else -lit not in true for lit in clause)
                    for clause in clauses
                )
                assert holds == (a < b), (entry, a, b)
