"""boolean_expressions: our own evaluator on the stored trees, labels in any order and case,
a truthful fact list, comparisons kept apart from arithmetic, balanced label sets."""

from __future__ import annotations

import json
import random
from collections import Counter
from fractions import Fraction

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.formal import boolean_expressions as be
from taskgen.verifiers.extract import boxed

FAMILY = get("boolean_expressions")

# A: 7 / 2 > 3 (exact division: 3.5 > 3), B: not "Whales are fish",
# C: True and (2 * 3 equals 7), D: "The Sun orbits the Earth" implies False (vacuously true)
HAND_MADE: dict[str, object] = {
    "options": [
        ["cmp", ">", ["/", ["num", 7], ["num", 2]], ["num", 3]],
        ["not", ["fact", "Whales are fish"]],
        ["and", ["lit", True], ["cmp", "equals", ["times", ["num", 2], ["num", 3]], ["num", 7]]],
        ["implies", ["fact", "The Sun orbits the Earth"], ["lit", False]],
    ]
}


@pytest.mark.parametrize(
    "payload", ["A, B, D", "d,b,a", "[A, B, D]", "A B D", "A;B;D;A", "$A,B,D$"]
)
def test_hand_made_instance_is_solved_in_any_order_and_case(payload: str) -> None:
    check = FAMILY.check(HAND_MADE, payload)
    assert check.correct and check.score == 1.0, (payload, check.reason)


def test_rendering_of_the_hand_made_instance() -> None:
    options = HAND_MADE["options"]
    assert isinstance(options, list)
    assert [be.render(tree) for tree in options] == [
        "7 / 2 > 3",
        'not "Whales are fish"',
        "True and (2 times 3 equals 7)",
        '"The Sun orbits the Earth" implies False',
    ]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("A, B, C, D", "option C is false but was listed"),
        ("A, B", "option D is true but was not listed"),
        ("B, D", "option A is true but was not listed"),
        ("C", "option C is false but was listed"),
    ],
)
def test_wrong_label_sets_are_rejected_with_their_reason(payload: str, reason: str) -> None:
    check = FAMILY.check(HAND_MADE, payload)
    assert not check.correct and check.format_ok and check.reason == reason


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("none", "'none' is not an option label (A to D)"),
        ("A, E", "'E' is not an option label"),
        ("True", "'True' is not an option label"),
        ("", "no option label given"),
        ("A,,B", "empty item"),
        ("__import__('os').system('echo pwned')", "is not an option label"),
    ],
)
def test_malformed_answers_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND_MADE, payload)
    assert not check.correct and not check.format_ok
    assert fragment in check.reason


def test_division_is_exact_and_comparisons_do_not_compute() -> None:
    assert be.eval_arith(["divided by", ["num", 7], ["num", 2]]) == Fraction(7, 2)
    assert set(be.COMPARISONS.values()) == {"<", "<=", ">", ">=", "==", "!="}
    assert not set(be.COMPARISONS) & set(be.ARITHMETIC)  # the original mixed "plus" in
    # an arithmetic word in the comparison slot is a malformed tree, not truthiness
    with pytest.raises(be.TreeError):
        be.evaluate(["cmp", "plus", ["num", 1], ["num", 2]])


def test_the_fact_list_is_truthful() -> None:
    """The original marked a myth true; ours has no such claim, and both truths occur."""
    assert not any("Great Wall" in text for text in be.FACTS)
    assert be.FACTS["The Earth orbits the Sun"] and not be.FACTS["Whales are fish"]
    assert len(be.TRUE_FACTS) >= 15 and len(be.FALSE_FACTS) >= 15


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ([["lit", False], ["lit", False]], "no option is true"),
        ([["fact", "The Great Wall is visible from space"], ["lit", True]], "unknown fact"),
        ([["cmp", ">", ["/", ["num", 1], ["num", 0]], ["num", 0]], ["lit", True]], "division"),
        ([["and", ["lit", True]], ["lit", True]], "and takes 2 or 3 operands"),
        ([["eval", "1"], ["lit", True]], "unknown operator"),
        ([["lit", 1], ["lit", True]], "literal"),
    ],
)
def test_malformed_instances_are_the_callers_error(options: object, fragment: str) -> None:
    record = json.loads(taskgen.sample("boolean_expressions", 1, 0).model_dump_json())
    record["instance"] = {"options": options}
    with pytest.raises(InvalidTaskError, match=fragment):
        taskgen.verify(record, boxed("A"))


def test_gold_is_the_evaluated_label_set_at_every_level() -> None:
    for level in range(1, 11):
        for seed in range(6):
            task = taskgen.sample("boolean_expressions", level, seed)
            options = task.instance["options"]
            assert task.answer == ", ".join(be.true_labels(options))
            assert task.answer and len(task.answer.split(", ")) <= len(options)
            assert all(be.logic_depth(tree) == task.params["depth"] for tree in options)


def test_label_sets_are_balanced() -> None:
    """No label set is the gold of more than 10 % of tasks; never the empty set."""
    golds = Counter(taskgen.sample("boolean_expressions", 1, seed).answer for seed in range(60))
    assert max(golds.values()) <= 6, golds.most_common(3)
    assert golds["A"] <= 3 and golds["A, B, C, D, E"] <= 3


def test_format_example_is_never_an_answer() -> None:
    task = taskgen.sample("boolean_expressions", 10, 0)
    check = FAMILY.check(task.instance, be.FORMAT_EXAMPLE)
    assert not check.correct and not check.format_ok


def test_the_generators_running_value_agrees_with_the_evaluator() -> None:
    rng = random.Random(7)
    for level in (1, 5, 10):
        knobs = be.BooleanExpressionsKnobs(**FAMILY.knobs_for_level(level))
        for _ in range(40):
            tree, value = be.draw_tree(knobs.depth, knobs, rng)
            assert be.evaluate(tree) is value and be.logic_depth(tree) == knobs.depth
