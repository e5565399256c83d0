"""Calcudoko-specific rules: exact cage targets, cage shapes, unique solutions."""

from __future__ import annotations

import json

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions, solve
from taskgen.tasks.grids import calcudoko
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.grid import format_grid

FAMILY = get("calcudoko")

# The docstring's example, cages in reading order of their first cell.
HAND: dict[str, object] = {
    "size": 3,
    "cages": [
        {"cells": [[0, 0], [1, 0]], "op": "+", "target": 4},
        {"cells": [[0, 1], [0, 2]], "op": "-", "target": 1},
        {"cells": [[1, 1], [2, 1]], "op": "*", "target": 2},
        {"cells": [[1, 2], [2, 2]], "op": "/", "target": 3},
        {"cells": [[2, 0]], "op": "=", "target": 2},
    ],
}
SOLVED = [[1, 3, 2], [3, 2, 1], [2, 1, 3]]


def _connected(cells: list[list[int]]) -> bool:
    todo, seen = [tuple(cells[0])], {tuple(cells[0])}
    members = {tuple(cell) for cell in cells}
    while todo:
        r, c = todo.pop()
        for near in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if near in members and near not in seen:
                seen.add(near)
                todo.append(near)
    return seen == members


def test_hand_made_solution_is_correct_and_unique() -> None:
    assert FAMILY.check(HAND, format_grid(SOLVED)).correct
    encoding = calcudoko.encode(HAND)
    assert count_solutions(encoding.clauses, limit=3, project=encoding.cell_vars) == 1


def test_a_grid_breaking_only_one_cage_names_it_but_earns_no_credit() -> None:
    grid = [[3, 1, 2], [1, 2, 3], [2, 3, 1]]  # Latin; cage 3 gives 2 * 3 = 6
    check = FAMILY.check(HAND, format_grid(grid))
    assert not check.correct and check.format_ok
    # 3 rows + 3 columns + 5 cages = 11 constraints
    assert check.reason == "cage 3 multiplies to 6, needs 2 (1 of 11 constraints broken)"
    # a Latin square that ignores a cage is no progress by itself: it differs from the
    # solution in more cells than the best constant fill does
    flat = [v for row in grid for v in row]
    gold = [v for row in SOLVED for v in row]
    differ = sum(a != b for a, b in zip(flat, gold, strict=True))
    assert differ >= min(sum(v != d for v in gold) for d in (1, 2, 3))
    assert check.credit() == 0.0


@pytest.mark.parametrize(
    ("cage", "grid", "reason"),
    [
        ({"cells": [[0, 0], [0, 1], [0, 2]], "op": "+", "target": 7}, SOLVED, "sums to 6"),
        ({"cells": [[0, 1], [0, 2]], "op": "-", "target": 2}, SOLVED, "has difference 1"),
        ({"cells": [[0, 1], [0, 2]], "op": "/", "target": 3}, SOLVED, "has quotient 3/2"),
        ({"cells": [[0, 0], [0, 1]], "op": "/", "target": 2}, SOLVED, "has quotient 3"),
        ({"cells": [[2, 2]], "op": "=", "target": 1}, SOLVED, "holds 3"),
    ],
)
def test_cage_reasons_name_what_the_cage_gives(
    cage: dict[str, object], grid: list[list[int]], reason: str
) -> None:
    failure = calcudoko.cage_failure(7, cage, grid)
    assert failure is not None and failure.startswith(f"cage 7 {reason}")
    assert failure.endswith(f"needs {cage['target']}")


def test_subtraction_and_division_accept_either_order() -> None:
    assert calcudoko.cage_value("-", [1, 3]) == calcudoko.cage_value("-", [3, 1]) == 2
    assert calcudoko.cage_value("/", [2, 6]) == calcudoko.cage_value("/", [6, 2]) == 3
    assert calcudoko.cage_value("/", [4, 6]) is None  # never floor division
    assert calcudoko.cage_value("-", [1, 2, 3]) is None


def test_corrupted_cell_of_the_gold_is_rejected() -> None:
    task = taskgen.sample("calcudoko", 8, seed=0)
    gold = json.loads(task.answer)
    n = task.instance["size"]
    gold[2][3] = gold[2][3] % n + 1
    verdict = taskgen.verify(task, boxed(format_grid(gold)), policy="partial")
    assert not verdict.correct and verdict.format_ok
    assert verdict.reason.startswith("row 3 repeats")
    assert 0 < verdict.score < 1


def test_one_cell_cages_are_the_givens_and_must_be_kept() -> None:
    task = next(
        t
        for t in (taskgen.sample("calcudoko", 6, seed) for seed in range(20))
        if t.meta["one_cell_cages"]
    )
    gold = json.loads(task.answer)
    number, cage = next(
        (i, c) for i, c in enumerate(task.instance["cages"], 1) if len(c["cells"]) == 1
    )
    (r, c), value = cage["cells"][0], cage["target"]
    assert gold[r][c] == value
    other = value % task.instance["size"] + 1
    relabelled = [
        [other if v == value else value if v == other else v for v in row] for row in gold
    ]
    check = FAMILY.check(task.instance, format_grid(relabelled))
    assert not check.correct and check.format_ok and check.reason.startswith("cage ")
    failure = calcudoko.cage_failure(number, cage, relabelled)
    assert failure == f"cage {number} holds {other}, needs {value}"


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("[[1,3,2],[3,2,1]]", "expected 3 rows, got 2"),
        ("[[1,3],[3,2,1],[2,1,3]]", "row 1 has 2 cells"),
        ("[[1,3,2],[3,2,1],[2,1,4]]", "cell (3,3) is 4; use 1-3"),
        ("[[1,3,2],[3,2,1],[2,1,null]]", "cell (3,3) is not an integer"),
        ("[[true,3,2],[3,2,1],[2,1,3]]", "cell (1,1) is not an integer"),
    ],
)
def test_malformed_grids_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.format_ok and not check.correct and check.credit() == 0.0
    assert fragment in check.reason


def test_any_valid_grid_is_accepted_when_the_cages_allow_several() -> None:
    loose = {
        "size": 3,
        "cages": [
            {"cells": [[0, 0], [0, 1], [0, 2]], "op": "+", "target": 6},
            {"cells": [[1, 0], [1, 1], [1, 2]], "op": "*", "target": 6},
            {"cells": [[2, 0], [2, 1], [2, 2]], "op": "+", "target": 6},
        ],
    }
    assert FAMILY.check(loose, format_grid(SOLVED)).correct
    assert FAMILY.check(loose, format_grid([[3, 1, 2], [1, 2, 3], [2, 3, 1]])).correct


@pytest.mark.parametrize("level", range(1, 11))
def test_every_level_is_well_formed_with_exactly_one_solution(level: int) -> None:
    size, max_cage, ops = calcudoko.LEVELS[level]
    for seed in (0, 1):
        task = taskgen.sample("calcudoko", level, seed)
        gold = json.loads(task.answer)
        cells = [tuple(cell) for cage in task.instance["cages"] for cell in cage["cells"]]
        assert sorted(cells) == [(r, c) for r in range(size) for c in range(size)]
        for cage in task.instance["cages"]:
            values = [gold[r][c] for r, c in cage["cells"]]
            assert calcudoko.cage_value(cage["op"], values) == cage["target"]  # exact targets
            assert len(cage["cells"]) <= max_cage and _connected(cage["cells"])
            if cage["op"] in "-/":
                assert len(cage["cells"]) == 2
            assert cage["op"] in ops + "="
            assert (cage["op"] == "=") == (len(cage["cells"]) == 1)
        encoding = calcudoko.encode(task.instance)
        assert count_solutions(encoding.clauses, limit=2, project=encoding.cell_vars) == 1
        model = solve(encoding.clauses)
        assert model is not None and encoding.decode(model) == gold


def test_top_levels_use_every_operation() -> None:
    used = {
        cage["op"]
        for seed in range(3)
        for cage in taskgen.sample("calcudoko", 9, seed).instance["cages"]
    }
    assert set("+-*/") <= used


def test_prompt_lists_every_cage_and_hides_the_gold() -> None:
    task = taskgen.sample("calcudoko", 5, seed=1)
    for number, cage in enumerate(task.instance["cages"], 1):
        assert calcudoko.describe_cage(number, cage) in task.prompt
    assert task.answer not in task.prompt
    assert task.prompt.rstrip().endswith("inside \\boxed{}.")


def test_bad_knobs_and_malformed_instances() -> None:
    with pytest.raises(InvalidParamsError, match="ops"):
        taskgen.sample("calcudoko", 1, seed=0, ops="+^")
    with pytest.raises(InvalidParamsError, match="max_cage"):
        taskgen.sample("calcudoko", 1, seed=0, max_cage=9)
    task = taskgen.sample("calcudoko", 2, seed=0, ops="+")
    assert {c["op"] for c in task.instance["cages"]} <= {"+", "="}
    record = json.loads(taskgen.sample("calcudoko", 2, 0).model_dump_json())
    record["instance"]["cages"] = record["instance"]["cages"][1:]
    with pytest.raises(InvalidTaskError, match="cover"):
        taskgen.load_task(record)
    record = json.loads(taskgen.sample("calcudoko", 2, 0).model_dump_json())
    record["instance"]["cages"][0]["op"] = "^"
    with pytest.raises(InvalidTaskError, match="unknown op"):
        taskgen.load_task(record)
