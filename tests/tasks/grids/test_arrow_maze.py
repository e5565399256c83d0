"""Arrow-maze-specific rules: rays, coverage, givens, any valid filling, the unique option."""

from __future__ import annotations

import json

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions, solve
from taskgen.tasks.grids import arrow_maze
from taskgen.verifiers.extract import boxed

FAMILY = get("arrow_maze")

# A hand-made 3 x 3 puzzle: an 8 in the middle shoots one arrow in every direction.
HAND: dict[str, object] = {"rows": 3, "cols": 3, "numbers": [[1, 1, 8]], "arrows": []}
STAR = [["↖", "↑", "↗"], ["←", "8", "→"], ["↙", "↓", "↘"]]


def _dump(rows: list[list[str]]) -> str:
    return json.dumps(rows, ensure_ascii=False)


def test_hand_made_solution_is_correct_in_arrows_and_in_ascii() -> None:
    assert FAMILY.check(HAND, _dump(STAR)).correct
    ascii_rows = '[["UL","u","UR"],["L",8,"R"],["dl","D","DR"]]'
    check = FAMILY.check(HAND, ascii_rows)
    assert check.correct and check.score == 1.0
    assert FAMILY.check(HAND, "↖ ↑ ↗; ← 8 →; ↙ ↓ ↘").correct


def test_an_arrow_off_every_ray_and_a_short_number_are_named_with_partial_credit() -> None:
    wrong = [row[:] for row in STAR]
    wrong[0][0] = "↑"  # the cell behind it holds ←, so no ray reaches it; the 8 now counts 7
    check = FAMILY.check(HAND, _dump(wrong))
    assert not check.correct and check.format_ok
    assert check.reason == "the ↑ at (1,1) lies on no number's ray (2 of 9 cells break a rule)"
    assert 0 < check.credit() < 1


def test_a_number_with_the_wrong_total_is_named() -> None:
    # a 3 in the top-left corner and a 4 in the bottom-right share the seven blanks
    instance = {"rows": 3, "cols": 3, "numbers": [[0, 0, 3], [2, 2, 4]], "arrows": []}
    right = [["3", "→", "→"], ["↓", "↖", "↑"], ["←", "←", "4"]]
    assert FAMILY.check(instance, _dump(right)).correct
    wrong = [row[:] for row in right]
    wrong[1][1] = "↘"  # now on the 3's ray: every arrow is covered, both totals are off
    check = FAMILY.check(instance, _dump(wrong))
    assert check.reason == "the 3 at (1,1) has rays totalling 4 (2 of 9 cells break a rule)"
    assert check.format_ok and 0 < check.credit() < 1


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ('[["↖","↑","↗"],["←","8","→"]]', "expected 3 rows, got 2"),
        ('[["↖","↑","↗"],["←","8","→"],["↙","↓"]]', "row 3 has 2 cells; expected 3"),
        ('[["↖","↑","↗"],["←","8","→"],["↙","↓","X"]]', "cell (3,3) is not an arrow or a digit"),
        ('[["↖","↑","↗"],["←","8","→"],["↙","↓","5"]]', "cell (3,3) is blank and needs an arrow"),
        ("__import__('os').system('echo pwned')", "expected 3 rows"),
    ],
)
def test_wrong_shape_or_tokens_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and not check.format_ok and check.credit() == 0.0
    assert fragment in check.reason


def test_a_changed_number_or_given_arrow_earns_nothing() -> None:
    changed = [row[:] for row in STAR]
    changed[1][1] = "7"
    check = FAMILY.check(HAND, _dump(changed))
    assert check.reason.endswith("(a changed given earns no credit)")
    assert check.format_ok and check.credit() == 0.0
    with_given = {**HAND, "arrows": [[0, 1, "↑"]]}
    assert FAMILY.check(with_given, _dump(STAR)).correct
    turned = [row[:] for row in STAR]
    turned[0][1], turned[0][0] = "↖", "↑"
    check = FAMILY.check(with_given, _dump(turned))
    assert check.reason == (
        "cell (1,2) is a given arrow, ↑; the answer has ↖ (a changed given earns no credit)"
    )
    assert check.credit() == 0.0


def _other_solution(instance: dict[str, object], gold: list[list[str]]) -> list[list[str]] | None:
    clauses, arrow = arrow_maze.encode(instance)
    blocker = [-arrow[cell][arrow_maze.ARROWS.index(gold[cell[0]][cell[1]])] for cell in arrow]
    model = solve([*clauses, blocker])
    if model is None:
        return None
    other = [row[:] for row in gold]
    for (r, c), variables in arrow.items():
        other[r][c] = next(arrow_maze.ARROWS[k] for k, v in enumerate(variables) if v in model)
    return other


def test_any_valid_filling_is_accepted_not_only_the_gold() -> None:
    for seed in range(20):
        task = taskgen.sample("arrow_maze", 8, seed)
        gold = json.loads(task.answer)
        other = _other_solution(task.instance, gold)
        if other is not None:
            assert other != gold
            verdict = taskgen.verify(task, boxed(_dump(other)))
            assert verdict.correct, verdict.reason
            return
    raise AssertionError("no level-8 maze with two solutions in 20 seeds")


@pytest.mark.parametrize("level", range(1, 11))
def test_unique_option_proves_a_single_solution_at_every_level(level: int) -> None:
    for seed in (0, 1):
        task = taskgen.sample("arrow_maze", level, seed, unique=True)
        clauses, arrow = arrow_maze.encode(task.instance)
        project = [v for variables in arrow.values() for v in variables]
        assert count_solutions(clauses, limit=2, project=project) == 1
        assert task.meta["revealed_for_uniqueness"] >= 0


def test_boards_are_built_cleanly_numbers_1_to_9_and_every_cell_covered() -> None:
    """The constructive generator needs no repair pass: every board checks out."""
    boards = set()
    for seed in range(30):
        task = taskgen.sample("arrow_maze", 10, seed)
        assert all(1 <= d <= 9 for _, _, d in task.instance["numbers"])
        grid = arrow_maze.read_answer(task.answer, task.instance)
        assert isinstance(grid, list) and arrow_maze.problems(grid) == []
        boards.add(task.answer)
    assert len(boards) == 30


def test_givens_shrink_with_the_level_and_are_kept_by_the_gold() -> None:
    easy = taskgen.sample("arrow_maze", 1, 0)
    assert easy.instance["arrows"] and not taskgen.sample("arrow_maze", 10, 0).instance["arrows"]
    gold = json.loads(easy.answer)
    for r, c, symbol in easy.instance["arrows"]:
        assert gold[r][c] == symbol


@pytest.mark.parametrize(
    "instance",
    [
        {"rows": 3, "cols": 3, "numbers": [[1, 1, 0]], "arrows": []},
        {"rows": 3, "cols": 3, "numbers": [[1, 1, 8], [1, 1, 2]], "arrows": []},
        {"rows": 3, "cols": 3, "numbers": [[1, 1, 8]], "arrows": [[0, 0, "X"]]},
        {"rows": 3, "cols": 3, "numbers": [[3, 1, 8]], "arrows": []},
        {"rows": 3, "cols": 3, "numbers": [], "arrows": []},
    ],
)
def test_malformed_instances_are_the_callers_error(instance: dict[str, object]) -> None:
    task = taskgen.sample("arrow_maze", 1, 0)
    record = json.loads(task.model_dump_json())
    record["instance"] = instance
    with pytest.raises(InvalidTaskError):
        taskgen.verify(record, boxed(_dump(STAR)))
