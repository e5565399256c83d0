"""Star Battle rules: k stars per row, column and region, none touching; unique solutions."""

from __future__ import annotations

import json

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions, solve
from taskgen.tasks.grids import star_placement_puzzle as star
from taskgen.tasks.grids._regions import region_cells
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.grid import format_grid

FAMILY = get("star_placement_puzzle")

# A hand-made 5 x 5 one-star puzzle (the docstring's example) and its only solution.
HAND: dict[str, object] = {"n": 5, "k": 1, "regions": ["AABBB", "AABBB", "CABDB", "CDDDB", "CCDEE"]}
HAND_STARS = [
    [0, 1, 0, 0, 0],
    [0, 0, 0, 1, 0],
    [1, 0, 0, 0, 0],
    [0, 0, 1, 0, 0],
    [0, 0, 0, 0, 1],
]
# The same stars with regions that allow six solutions (before the regions were adjusted).
LOOSE: dict[str, object] = {
    "n": 5,
    "k": 1,
    "regions": ["AABBB", "AABBB", "CADDE", "CDDEE", "CCDEE"],
}


def _solutions(instance: dict[str, object], limit: int = 10) -> int:
    clauses, cell = star.encode(instance)
    return count_solutions(clauses, limit, [v for row in cell for v in row])


def test_hand_made_puzzle_is_unique_and_solved() -> None:
    assert _solutions(HAND) == 1
    check = FAMILY.check(HAND, format_grid(HAND_STARS))
    assert check.correct and check.score == 1.0


def test_any_valid_layout_is_accepted_not_only_the_gold() -> None:
    clauses, cell = star.encode(LOOSE)
    blocker = [
        -v if HAND_STARS[r][c] else v for r, row in enumerate(cell) for c, v in enumerate(row)
    ]
    model = solve([*clauses, blocker])
    assert model is not None
    other = [[int(v in model) for v in row] for row in cell]
    assert other != HAND_STARS
    assert FAMILY.check(LOOSE, format_grid(other)).correct
    assert FAMILY.check(LOOSE, format_grid(HAND_STARS)).correct


def test_rule_breaking_answers_name_the_first_broken_rule() -> None:
    moved = [row[:] for row in HAND_STARS]
    moved[0] = [1, 0, 0, 0, 0]  # row 1 fine, column 1 now has two, column 2 none
    check = FAMILY.check(HAND, format_grid(moved))
    assert not check.correct and check.format_ok
    assert check.reason.startswith("column 1 has 2 stars; needs 1")
    assert 0 < check.credit() < 1
    # a permutation layout (rows and columns fine) that breaks regions and touches
    diagonal = [[int(r == c) for c in range(5)] for r in range(5)]
    reason = FAMILY.check(HAND, format_grid(diagonal)).reason
    assert reason.startswith("region A has 2 stars; needs 1")
    assert "(1,1) and (2,2) touch" in " ".join(star.broken_rules(HAND, diagonal))


def test_touching_stars_are_rejected_even_when_every_count_is_right() -> None:
    # 4 x 4 one-star map whose count rules hold for the anti-diagonal layout shifted
    instance = {"n": 4, "k": 1, "regions": ["AABB", "AABB", "CCDD", "CCDD"]}
    grid = [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]
    check = FAMILY.check(instance, format_grid(grid))
    assert not check.correct
    assert check.reason.startswith("stars at (2,3) and (3,2) touch")


def test_wrong_shape_and_symbols_are_format_errors() -> None:
    for payload in ("[[0,1,0],[0,0,1]]", "[[0,1,0,0,0]]", "[[2,0,0,0,0]]*5", "stars"):
        check = FAMILY.check(HAND, payload)
        assert not check.format_ok and check.score == 0.0
    five = format_grid([[0, 2, 0, 0, 0]] * 5)
    assert FAMILY.check(HAND, five).reason == "cell (1,2) is 2; use 0-1"


def test_constant_fills_earn_nothing() -> None:
    for value in (0, 1):
        check = FAMILY.check(HAND, format_grid([[value] * 5 for _ in range(5)]))
        assert not check.correct and check.credit() == 0.0


@pytest.mark.parametrize("level", range(1, 11))
def test_generated_puzzles_have_exactly_one_solution(level: int) -> None:
    for seed in (0, 1):
        task = taskgen.sample("star_placement_puzzle", level, seed)
        clauses, cell = star.encode(task.instance)
        assert count_solutions(clauses, 2, [v for row in cell for v in row]) == 1
        gold = json.loads(task.answer)
        assert FAMILY.check(task.instance, task.answer).correct
        n, k = star.LEVELS[level]
        assert sum(map(sum, gold)) == n * k
        regions = region_cells([[ord(ch) for ch in row] for row in task.instance["regions"]])
        assert len([cells for cells in regions if cells]) == n


def test_star_layouts_are_diverse_at_the_sizes_the_original_could_not_make() -> None:
    # the original made nothing for n = 6 or 8 with k = 1, and one layout per size elsewhere
    for n, k in ((6, 1), (8, 1), (9, 2)):
        golds = {
            taskgen.sample("star_placement_puzzle", 1, seed, n=n, k=k).answer for seed in range(6)
        }
        assert len(golds) >= 4, (n, k)


def test_random_layouts_follow_the_rules() -> None:
    import random

    rng = random.Random(7)
    for n, k in ((5, 1), (6, 1), (8, 2), (10, 2)):
        stars = star.random_stars(n, k, rng)
        assert stars is not None
        instance = {"n": n, "k": k, "regions": ["A" * n] * n}
        broken = [rule for rule in star.broken_rules(instance, stars) if "region" not in rule]
        assert broken == []


def test_two_stars_need_a_grid_of_eight() -> None:
    with pytest.raises(InvalidParamsError, match="k=2 needs n >= 8"):
        taskgen.sample("star_placement_puzzle", 1, 0, n=7, k=2)


@pytest.mark.parametrize(
    ("regions", "fragment"),
    [
        (["AABBB", "AABBB", "CABDB", "CDDDB", "CCDE"], "5 rows of 5 letters"),
        (["AABBB", "AABBB", "CABDB", "CDDDB", "CCDEA"], "not connected"),
        (["AABBB", "AABBB", "CABDB", "CDDDB", "CCDFF"], "first 5 letters"),
        (["AABBB", "AABBB", "CABBB", "CDDDB", "CCDDD"], "needs 5 regions"),
        (["AAB1B", "AABBB", "CABDB", "CDDDB", "CCDEE"], "not a letter"),
    ],
)
def test_malformed_instance_is_rejected_on_load(regions: list[str], fragment: str) -> None:
    record = json.loads(taskgen.sample("star_placement_puzzle", 1, 0).model_dump_json())
    record["instance"]["regions"] = regions
    with pytest.raises(InvalidTaskError, match=fragment):
        taskgen.load_task(record)


def test_verify_end_to_end_with_partial_credit() -> None:
    task = taskgen.sample("star_placement_puzzle", 4, 3)
    assert taskgen.verify(task, boxed(task.answer)).correct
    gold = json.loads(task.answer)
    gold[2] = gold[2][1:] + gold[2][:1]
    verdict = taskgen.verify(task, boxed(format_grid(gold)), policy="partial")
    assert not verdict.correct and verdict.format_ok
    assert 0 < verdict.reward < 1
