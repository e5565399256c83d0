"""dyck_language_errors: the three answer rules, integers only from the box (no "valid"
substring bug), balanced answer classes, reasons that do not give the gold away."""

from __future__ import annotations

from collections import Counter

import pytest

import taskgen
from taskgen.core.registry import get
from taskgen.tasks.formal import _dyck

FAMILY = get("dyck_language_errors")


def inst(sequence: str) -> dict[str, object]:
    return {"pairs": ["()", "[]", "{}"], "sequence": sequence}


@pytest.mark.parametrize(
    ("sequence", "gold"),
    [("([)]", 3), ("())", 3), (")", 1), ("([]{})", -1), ("(()", 4), ("([]", 4), ("[(])", 3)],
)
def test_the_three_rules(sequence: str, gold: int) -> None:
    assert _dyck.first_error_position(sequence) == gold
    for payload in (str(gold), f" {gold}. ", f"$ {gold} $", f"\\text{{{gold}}}"):
        assert FAMILY.check(inst(sequence), payload).correct, payload


@pytest.mark.parametrize(
    ("sequence", "payload", "reason"),
    [
        ("([)]", "-1", "the string is not balanced"),
        ("([)]", "5", "a closing bracket fails before the end"),
        ("([)]", "4", "there is an error before position 4"),
        ("([)]", "2", "character 2 is no error: the string scans cleanly up to it"),
        ("(())", "5", "every opening bracket is closed"),
        ("(())", "4", "character 4 is no error: the string scans cleanly up to it"),
        ("(()", "3", "character 3 is no error: the string scans cleanly up to it"),
        ("(()", "-1", "the string is not balanced"),
    ],
)
def test_wrong_answers_and_reasons(sequence: str, payload: str, reason: str) -> None:
    check = FAMILY.check(inst(sequence), payload)
    assert not check.correct and check.format_ok and check.reason == reason


@pytest.mark.parametrize("payload", ["invalid: 3", "valid", "position 3", "3, 4", "0", "6", ""])
def test_only_an_integer_in_range_is_an_answer(payload: str) -> None:
    """The original read any reply containing 'valid' (even 'invalid: 3') as -1."""
    check = FAMILY.check(inst("([)]"), payload)
    assert not check.correct and not check.format_ok
    assert not FAMILY.check(inst("()"), "invalid: 3").correct


def test_only_the_box_is_read() -> None:
    task = taskgen.sample("dyck_language_errors", 3, 0)
    assert taskgen.verify(task, f"It is valid, answer {task.answer}. \\boxed{{0}}").correct is False
    assert taskgen.verify(task, f"maybe -1 \\boxed{{{task.answer}}}").correct


def test_answer_classes_are_spread() -> None:
    """Over many seeds: balanced, unclosed, first and last position each rare; no value
    is the gold of more than ~10 % of a level's tasks."""
    for level in (1, 5, 10):
        tasks = [taskgen.sample("dyck_language_errors", level, seed) for seed in range(200)]
        golds = [int(t.answer) for t in tasks]
        lengths = [len(t.instance["sequence"]) for t in tasks]
        share = {
            "balanced": sum(g == -1 for g in golds),
            "unclosed": sum(g == n + 1 for g, n in zip(golds, lengths, strict=True)),
            "last": sum(g == n for g, n in zip(golds, lengths, strict=True)),
            "first": sum(g == 1 for g in golds),
        }
        assert all(count <= 0.08 * len(tasks) for count in share.values()), share
        assert Counter(golds).most_common(1)[0][1] <= 0.12 * len(tasks)
        for task, gold in zip(tasks, golds, strict=True):
            assert _dyck.first_error_position(task.instance["sequence"]) == gold
