"""dyck_language_reasoning_errors: an English trace with one propagated mistake (or none);
the first wrong thought is the only one that breaks the rules; answers from the box only."""

from __future__ import annotations

from collections import Counter

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.formal import dyck_language_reasoning_errors as module
from taskgen.verifiers.extract import boxed

FAMILY = get("dyck_language_reasoning_errors")
RIGHT: dict[str, object] = {
    "pairs": ["()", "[]"],
    "sequence": "([])",
    "stacks": ["(", "([", "(", ""],
    "verdict": True,
}
# Thought 4 misses the pop of "]"; thought 5 then reads ")" against "[" and ends the scan,
# and thought 6 concludes from that: only thought 4 breaks the rules.
MISSED_POP: dict[str, object] = {**RIGHT, "stacks": ["(", "([", "([", None], "verdict": False}


def test_hand_made_traces() -> None:
    assert FAMILY.check(RIGHT, "none").correct and FAMILY.check(RIGHT, " None. ").correct
    assert FAMILY.check(MISSED_POP, "4").correct
    lines = module.render_thoughts("([])", ["(", "([", "([", None], False)
    assert lines[3] == "Thought 4: character 3 is ']'; stack: ( [."
    assert lines[4] == (
        "Thought 5: character 4 is ')', which does not match the '[' on top of the stack, "
        "so the sequence is not balanced."
    )
    assert lines[5] == "Thought 6: the scan ended at character 4, so the sequence is not balanced."


@pytest.mark.parametrize(
    ("instance", "payload", "reason"),
    [
        (MISSED_POP, "none", "some thought does not follow from the one before it"),
        (MISSED_POP, "5", "a thought before thought 5 is already wrong"),
        (MISSED_POP, "6", "a thought before thought 6 is already wrong"),
        (MISSED_POP, "3", "thought 3 follows from the thought before it"),
        (MISSED_POP, "1", "thought 1 follows from the thought before it"),
        (RIGHT, "6", "thought 6 follows from the thought before it"),
    ],
)
def test_wrong_answers_and_reasons(instance: dict[str, object], payload: str, reason: str) -> None:
    check = FAMILY.check(instance, payload)
    assert not check.correct and check.format_ok and check.reason == reason


@pytest.mark.parametrize("payload", ["0", "7", "4, 5", "thought four", "no error", "", "-4"])
def test_format_errors(payload: str) -> None:
    check = FAMILY.check(MISSED_POP, payload)
    assert not check.correct and not check.format_ok


@pytest.mark.parametrize(
    ("stacks", "verdict", "wrong"),
    [
        (["(", "((", None], False, [3]),  # wrong push, then "]" meets "(" and ends the scan
        (["(", "([", "([", None], False, [4]),  # missed pop
        (["(", "([", "[", None], False, [4]),  # wrong pop: removes the bracket below
        (["(", "[[", "[", None], False, [3]),  # corrupted stack: the "(" below turned "["
        (["(", "([", "(", ""], False, [6]),  # wrong verdict
    ],
)
def test_each_kind_is_the_only_rule_break(
    stacks: list[str | None], verdict: bool, wrong: list[int]
) -> None:
    assert module.wrong_thoughts("([])", stacks, verdict) == wrong


def test_the_originals_non_propagating_mistakes_are_refused() -> None:
    """The original showed the right stack again after a mistake: two rule breaks."""
    task = taskgen.sample("dyck_language_reasoning_errors", 1, 0)
    data = task.model_dump()
    data["instance"] = {**RIGHT, "stacks": ["(", "((", "(", ""]}
    assert module.wrong_thoughts("([])", ["(", "((", "(", ""], True) == [3, 4]
    with pytest.raises(InvalidTaskError):
        taskgen.verify(data, boxed("3"))
    for bad in (["(", None, "(", ""], ["(", "(["], ["(", "(x", "(", ""]):
        data["instance"] = {**RIGHT, "stacks": bad}
        with pytest.raises(InvalidTaskError):
            taskgen.verify(data, boxed("3"))


def test_generated_traces_have_one_planted_mistake_at_most() -> None:
    kinds: Counter[str | None] = Counter()
    for level in (1, 4, 7, 10):
        for seed in range(40):
            task = taskgen.sample("dyck_language_reasoning_errors", level, seed)
            inst = task.instance
            wrong = module.wrong_thoughts(inst["sequence"], inst["stacks"], inst["verdict"])
            assert len(wrong) <= 1
            assert task.answer == (str(wrong[0]) if wrong else "none")
            kinds[task.meta["kind"]] += 1
            if task.meta["kind"] == "wrong verdict":
                assert task.answer == str(len(inst["stacks"]) + 2)
            for char in "栈空":
                assert char not in task.prompt
    assert set(kinds) == {*module.KINDS, None}


@pytest.mark.parametrize("payload", ["4", "Thought 4", "thought4", "4.0", " 4 "])
def test_the_thought_number_is_read_as_word_sorting_mistake_reads_it(payload: str) -> None:
    assert FAMILY.check(MISSED_POP, payload).correct
