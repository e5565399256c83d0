"""Minesweeper-specific rules: the exact forced set (not one rule's), 1-based pairs from the
answer container only, order and repeats, fair questions at every level."""

from __future__ import annotations

import itertools
import json

import pytest
from pysat.solvers import Solver

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.grids import minesweeper
from taskgen.verifiers.extract import boxed

FAMILY = get("minesweeper")

# The 1-2-1 pattern: no number has as many hidden neighbours as its value, yet both
# corners of the top row are forced (the middle one is safe).
ONE_TWO_ONE: dict[str, object] = {
    "size": 3,
    "board": [[-1, -1, -1], [1, 2, 1], [0, 0, 0]],
}


def test_hand_made_board_is_solved_in_any_order_with_repeats() -> None:
    for payload in ("[[1,1],[1,3]]", "[[1,3],[1,1],[1,3]]", "[(1, 1), (1, 3)]", "[[1.0,3],[1,1]]"):
        check = FAMILY.check(ONE_TWO_ONE, payload)
        assert check.correct and check.score == 1.0, payload


def test_the_original_rule_finds_nothing_but_the_gold_is_the_forced_set() -> None:
    """The original's gold was what one saturation rule finds: here the empty set."""
    board = minesweeper.as_board(ONE_TWO_ONE["board"])  # type: ignore[arg-type]
    found = minesweeper.analyse(board)
    assert found is not None
    assert found.saturated == frozenset() and minesweeper.single_number_mines(board) == set()
    assert found.forced == {(0, 0), (0, 2)}
    assert not FAMILY.check(ONE_TWO_ONE, "[]").correct


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (
            "[[1,1],[1,2],[1,3]]",
            "cell (1,2) need not be a mine: some arrangement fitting every number leaves it "
            "safe (1 such listed, 0 forced mines missing)",
        ),
        ("[[1,1]]", "the list misses cells that must be mines (1 forced mine missing)"),
        ("[]", "the list misses cells that must be mines (2 forced mines missing)"),
        ("[[1,1],[2,2]]", "cell (2,2) is revealed (it shows 2), no mine"),
    ],
)
def test_wrong_lists_are_rejected_with_their_reason(payload: str, reason: str) -> None:
    check = FAMILY.check(ONE_TWO_ONE, payload)
    assert not check.correct and check.format_ok and check.credit() == 0.0
    assert check.reason == reason


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("[1,3]", "item 1 is not a [row, column] pair"),
        ("[[0,0],[0,2]]", "cell (0,0) is off the board: rows and columns are 1 to 3"),
        ("[[1,1,1]]", "item 1 is not a [row, column] pair"),
        ('[["a",1]]', "item 1 is not a [row, column] pair"),
        ("mines at (1,1) and (1,3)", "answer is not a list of [row, column] pairs"),
        ("{'a': 1}", "answer is not a list of [row, column] pairs"),
        ("__import__('os').system('echo pwned')", "answer is not a list"),
    ],
)
def test_malformed_answers_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(ONE_TWO_ONE, payload)
    assert not check.correct and not check.format_ok
    assert fragment in check.reason


def test_only_the_answer_container_is_read() -> None:
    task = taskgen.sample("minesweeper", 3, 0)
    decoy = "I think [[1,1],[2,2]] or maybe (3,3) "
    assert taskgen.verify(task, decoy + boxed(task.answer)).correct
    assert not taskgen.verify(task, boxed("[]") + " and the mines are " + task.answer).correct


def _brute_force_forced(board: list[list[int]]) -> set[tuple[int, int]]:
    """Every arrangement of mines on the frontier, the slow way."""
    n = len(board)
    frontier = sorted(
        {
            cell
            for r in range(n)
            for c in range(n)
            if board[r][c] >= 0
            for cell in minesweeper.neighbours(n, r, c)
            if board[cell[0]][cell[1]] < 0
        }
    )
    forced = set(frontier)
    for bits in itertools.product((0, 1), repeat=len(frontier)):
        mines = {cell for cell, bit in zip(frontier, bits, strict=True) if bit}
        fits = all(
            board[r][c] == sum(1 for cell in minesweeper.neighbours(n, r, c) if cell in mines)
            for r in range(n)
            for c in range(n)
            if board[r][c] >= 0
        )
        if fits:
            forced &= mines
    return forced


@pytest.mark.parametrize("level", [1, 2, 3])
def test_gold_is_the_forced_set_by_brute_force_on_small_levels(level: int) -> None:
    for seed in range(3):
        task = taskgen.sample("minesweeper", level, seed)
        gold = {(r - 1, c - 1) for r, c in json.loads(task.answer)}
        assert gold == _brute_force_forced(task.instance["board"])


@pytest.mark.parametrize("level", range(1, 11))
def test_gold_is_the_forced_set_cell_by_cell_at_every_level(level: int) -> None:
    """Independently of the generator's shortcut: one solver call per frontier cell."""
    for seed in range(2):
        task = taskgen.sample("minesweeper", level, seed)
        board = minesweeper.as_board(task.instance["board"])
        clauses, variable = minesweeper.encode(board)
        gold = {(r - 1, c - 1) for r, c in json.loads(task.answer)}
        with Solver(name="minisat22", bootstrap_with=clauses) as solver:
            for cell, var in variable.items():
                assert solver.solve(assumptions=[-var]) is (cell not in gold)
        hidden = {(r, c) for r, row in enumerate(board) for c, v in enumerate(row) if v == -1}
        assert gold and gold != hidden and gold != set(variable)
        everything = json.dumps([[r + 1, c + 1] for r, c in sorted(hidden)])
        assert not taskgen.verify(task, boxed(everything)).correct
        assert not taskgen.verify(task, boxed("[]")).correct


def test_single_number_reasoning_finds_less_as_the_level_grows() -> None:
    def mean_share(level: int) -> float:
        shares = [
            float(taskgen.sample("minesweeper", level, s).meta["local_share"]) for s in range(8)
        ]
        return sum(shares) / len(shares)

    assert mean_share(1) == 1.0
    assert mean_share(10) <= 0.25 < mean_share(4)


@pytest.mark.parametrize(
    "board",
    [
        [[-1, -1, -1], [1, 2, 1], [0, 0, 1]],  # no arrangement fits
        [[-1, -1, -1], [1, 9, 1], [0, 0, 0]],  # 9 neighbours cannot exist
        [[0, 0, 0], [0, 0, 0], [0, 0, 0]],  # nothing hidden
        [[-1, -1], [1, 2]],  # not 3 x 3
    ],
)
def test_malformed_boards_are_the_callers_error(board: list[list[int]]) -> None:
    task = taskgen.sample("minesweeper", 1, 0)
    record = json.loads(task.model_dump_json())
    record["instance"] = {"size": 3, "board": board}
    with pytest.raises(InvalidTaskError):
        taskgen.verify(record, boxed("[[1,1]]"))


def test_impossible_knobs_fail_with_a_clear_error() -> None:
    with pytest.raises(taskgen.InvalidParamsError, match="min_local_share"):
        taskgen.sample("minesweeper", 1, 0, min_local_share=0.9, max_local_share=0.1)
