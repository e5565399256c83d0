"""arc_agi: reading and judging answers, partial credit, instance checks, generation rules."""

from __future__ import annotations

import copy
import inspect

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import get
from taskgen.tasks.arc import _dsl, arc_agi
from taskgen.tasks.arc._dsl import as_grid
from taskgen.verifiers.extract import boxed

FAMILY = get("arc_agi")

# Gravity down: cells fall to the bottom of their column.
HAND: dict[str, object] = {
    "program": [["gravity", "down"]],
    "examples": [
        {"input": [[1, 0], [0, 0], [0, 2]], "output": [[0, 0], [0, 0], [1, 2]]},
        {"input": [[3, 3], [0, 0], [0, 0]], "output": [[0, 0], [0, 0], [3, 3]]},
    ],
    "test_input": [[4, 0, 5], [0, 6, 0], [0, 0, 0]],
    "test_output": [[0, 0, 0], [0, 0, 0], [4, 6, 5]],
}
GOLD = "[[0,0,0],[0,0,0],[4,6,5]]"


@pytest.mark.parametrize(
    "payload",
    [
        GOLD,
        "[[0, 0, 0],\n [0, 0, 0],\n [4, 6, 5]]",
        "0 0 0\n0 0 0\n4 6 5",
        "000\n000\n465",
        "000;000;465",
        "0,0,0; 0,0,0; 4,6,5",
        "$\\text{000;000;465}$",
    ],
)
def test_the_gold_is_read_in_every_stated_form(payload: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert check.correct and check.score == 1.0 and check.format_ok


def test_a_wrong_grid_names_the_count_and_the_first_wrong_cell() -> None:
    check = FAMILY.check(HAND, "[[0,0,0],[0,0,0],[4,5,6]]")
    assert not check.correct and check.format_ok
    assert check.reason == "2 of 9 cells differ from the test output, the first at row 3, column 2"


def test_partial_credit_is_progress_beyond_copying_the_input() -> None:
    # baseline: the copy of the test input misses 6 cells, the best constant (all 0) 3,
    # random 8.1: b = 3.
    test, gold = as_grid(HAND["test_input"]), as_grid(HAND["test_output"])  # type: ignore[arg-type]
    assert arc_agi.baseline(test, gold) == 3
    one_away = FAMILY.check(HAND, "[[0,0,0],[0,0,0],[4,6,0]]")
    assert one_away.credit() == pytest.approx(1 - 1 / 3)
    copied = FAMILY.check(HAND, "[[4,0,5],[0,6,0],[0,0,0]]")
    assert copied.credit() == 0.0
    assert FAMILY.check(HAND, "[[0,0,0],[0,0,0],[0,0,0]]").credit() == 0.0
    assert FAMILY.check(HAND, "[[4,0,5],[0,0,0],[0,6,0]]").credit() == 0.0


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("[[0,0,0],[4,6,5]]", "expected 3 rows, got 2"),
        ("[[0,0],[0,0],[4,6]]", "row 1 has 2 cells; expected 3"),
        ("[[0,0,0],[0,0,0],[4,6,10]]", "cell (3,3) is 10; use 0-9"),
        ("00;00;46", "row 1 has 1 cells; expected 3"),
        ("the bottom row", "expected 3 rows, got 1"),
    ],
)
def test_format_errors_score_nothing(payload: str, reason: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and not check.format_ok and check.credit() == 0.0
    assert check.reason == reason


def test_the_checker_never_raises_on_hostile_text() -> None:
    for payload in ("", "[", "[[", "9" * 30_000, "[[1e999]]", "\x00", "[[null]]", "{}"):
        check = FAMILY.check(HAND, payload)
        assert not check.correct and check.reason


def test_instances_whose_outputs_the_program_does_not_give_are_refused() -> None:
    FAMILY.validate_instance(HAND)
    bad = copy.deepcopy(HAND)
    bad["test_output"] = [[0, 0, 0], [0, 0, 0], [4, 5, 6]]
    with pytest.raises(ValueError, match="does not turn the test input"):
        FAMILY.validate_instance(bad)
    for program in ([["gravity", "sideways"]], [["explode"]], []):
        bad = copy.deepcopy(HAND)
        bad["program"] = program
        with pytest.raises(ValueError):
            FAMILY.validate_instance(bad)
    bad = copy.deepcopy(HAND)
    bad["test_input"] = [[4, 0], [0]]
    with pytest.raises(ValueError, match="rectangle"):
        FAMILY.validate_instance(bad)


def test_a_demonstration_set_admitting_two_programs_is_rejected() -> None:
    # Both demonstrations have two equal rows, so a left-right mirror and a half turn both
    # explain them; on the test input they give different grids, and the draw is refused.
    examples = [
        (as_grid([[1, 0, 2], [1, 0, 2]]), as_grid([[2, 0, 1], [2, 0, 1]])),
        (as_grid([[3, 3, 0], [3, 3, 0]]), as_grid([[0, 3, 3], [0, 3, 3]])),
    ]
    test = as_grid([[1, 2, 0], [0, 0, 0]])
    mirrored = _dsl.apply(("flip_h",), test)
    turned = _dsl.apply(("rot180",), test)
    assert mirrored is not None and turned is not None and mirrored != turned
    found = arc_agi.search(examples, test, 2)
    assert {mirrored, turned} <= set(found.outputs)
    assert not arc_agi.is_unambiguous(examples, test, mirrored, 1)
    # one more demonstration whose rows differ tells the two apart
    examples.append((as_grid([[1, 0, 0], [0, 0, 2]]), as_grid([[0, 0, 1], [2, 0, 0]])))
    assert arc_agi.is_unambiguous(examples, test, mirrored, 1)


def test_a_two_step_draw_that_one_step_explains_is_rejected() -> None:
    # rot90 then rot90 is a half turn: a depth-2 level refuses it.
    examples = [
        (as_grid([[1, 0], [0, 2]]), as_grid([[2, 0], [0, 1]])),
        (as_grid([[3, 4], [0, 0]]), as_grid([[0, 0], [4, 3]])),
    ]
    test = as_grid([[5, 0], [6, 0]])
    gold = _dsl.apply(("rot180",), test)
    assert gold is not None
    assert arc_agi.is_unambiguous(examples, test, gold, 1)
    assert not arc_agi.is_unambiguous(examples, test, gold, 2)


@pytest.mark.parametrize("level", range(1, 11))
def test_generated_tasks_keep_every_rule(level: int) -> None:
    task = taskgen.sample("arc_agi", level, seed=3)
    instance = task.instance
    program = tuple(tuple(step) for step in instance["program"])
    assert len(program) == task.params["depth"]
    pairs = [(as_grid(e["input"]), as_grid(e["output"])) for e in instance["examples"]]
    test, gold = as_grid(instance["test_input"]), as_grid(instance["test_output"])
    for source, _ in [*pairs, (test, gold)]:
        grid = source
        for step in program:  # no step is an identity on any shown input
            after = _dsl.apply(step, grid)
            assert after is not None and after != grid
            grid = after
    assert arc_agi.is_unambiguous(pairs, test, gold, len(program))
    assert len(_dsl.colours(gold)) > 1 and arc_agi.baseline(test, gold) >= arc_agi.MIN_BASELINE
    for name, answers in FAMILY.lazy_answers(instance).items():
        assert all(not FAMILY.check(instance, a).correct for a in answers), name
    assert not FAMILY.check(instance, "[[1,2,3],[4,5,6]]").correct
    assert f"\\boxed{{{task.answer}}}" not in task.prompt
    assert taskgen.verify(task, boxed(task.answer)).correct


def test_the_prompt_states_the_colours_and_the_grids() -> None:
    task = taskgen.sample("arc_agi", 4, seed=0)
    assert "0 = black" in task.prompt and "9 = maroon" in task.prompt
    first = task.instance["examples"][0]["input"]
    assert arc_agi.render(as_grid(first)) in task.prompt
    assert "Test input" in task.prompt and "\\boxed{" in task.prompt


def test_knobs_out_of_range_name_the_range() -> None:
    with pytest.raises(InvalidParamsError, match="depth"):
        taskgen.sample("arc_agi", 1, 0, depth=4)
    with pytest.raises(InvalidParamsError, match="min_side must be at most max_side"):
        taskgen.sample("arc_agi", 1, 0, min_side=6, max_side=4)
    task = taskgen.sample("arc_agi", 1, 0, depth=2, pool="all")
    assert len(task.instance["program"]) == 2


def test_the_family_does_not_need_matplotlib() -> None:
    for module in (arc_agi, _dsl):
        assert "matplotlib" not in inspect.getsource(module)
