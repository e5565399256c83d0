"""dyck_language: the full sequence with the shortest completion, unique by the stack scan;
every pair type named; whitespace ignored; lazy completions rejected with their reason."""

from __future__ import annotations

import itertools
import random

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.formal import _dyck
from taskgen.tasks.formal.dyck_language import render_prompt
from taskgen.verifiers.extract import boxed

FAMILY = get("dyck_language")
HAND: dict[str, object] = {"pairs": ["()", "[]", "{}"], "prefix": "[{()"}


def test_hand_made_prefix_is_completed_with_or_without_spaces() -> None:
    for payload in ("[{()}]", "[ { ( ) } ]", "'[{()}]'", " $[{()}]$ ", "[\\{()\\}]"):
        check = FAMILY.check(HAND, payload)
        assert check.correct and check.score == 1.0, payload


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("[{()", "2 brackets left open"),
        ("[{()]}", "position 5: ']' cannot close the '{' that is open (it needs '}')"),
        ("[{()}", "1 bracket left open"),
        ("[{()}])", "position 7: ')' has no open '(' to close"),
        ("[{()}]()", "balanced, but 4 brackets are added where 2 suffice"),
        ("}]", "only the added brackets were given: write the whole sequence"),
        ("[{(", "the answer stops inside the given beginning"),
        ("[[()]]", "the answer changes the given beginning at position 2"),
    ],
)
def test_wrong_answers_are_rejected_with_their_reason(payload: str, reason: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and check.format_ok and check.score == 0.0
    assert check.reason == reason


@pytest.mark.parametrize("payload", ["", "[{()}]<>", "[{(x)}]", "abc"])
def test_format_errors(payload: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and not check.format_ok


def test_gold_is_the_only_answer_of_its_length_on_every_level() -> None:
    """Uniqueness by the stack scan: of all continuations with as many characters as the
    stack holds, exactly one is balanced (it is the gold); shorter ones never are."""
    for level in range(1, 11):
        for seed in range(3):
            task = taskgen.sample("dyck_language", level, seed)
            prefix = task.instance["prefix"]
            fill = len(_dyck.scan(prefix).stack)
            chars = _dyck.alphabet(task.instance["pairs"])
            if len(chars) ** fill <= 5_000:
                tails = itertools.product(chars, repeat=fill)
                good = [t for t in tails if _dyck.scan(prefix + "".join(t)).balanced]
                assert ["".join(t) for t in good] == [task.answer[len(prefix) :]]
            else:  # too many to list: a random sample of the continuations
                rng = random.Random(seed)
                for _ in range(300):
                    tail = "".join(rng.choice(chars) for _ in range(fill))
                    ok = _dyck.scan(prefix + tail).balanced
                    assert ok == (prefix + tail == task.answer)
            for short in range(fill):
                assert not _dyck.scan(task.answer[: len(prefix) + short]).balanced
            assert task.meta["fill"] == fill >= 2


def test_every_pair_offered_is_named_and_only_four_exist() -> None:
    """The original claimed six types with four; here the prompt names each pair in use."""
    with pytest.raises(InvalidParamsError, match="n_types"):
        taskgen.sample("dyck_language", 5, 0, n_types=6)
    for level in (1, 5, 10):
        task = taskgen.sample("dyck_language", level, 0)
        for pair in task.instance["pairs"]:
            assert f'"{pair[0]}" with "{pair[1]}"' in task.prompt
        assert f"{len(task.instance['pairs'])} pair types" in task.prompt


def test_lazy_answers_never_solve_and_depth_is_exact() -> None:
    for level in (1, 4, 10):
        knobs = FAMILY.knobs_for_level(level)
        for seed in range(20):
            task = taskgen.sample("dyck_language", level, seed)
            assert _dyck.max_depth(task.answer) == knobs["depth"]
            assert len(task.answer) == knobs["length"]
            for answers in FAMILY.lazy_answers(task.instance).values():
                assert not any(taskgen.verify(task, boxed(a)).correct for a in answers)


def test_malformed_instances_are_refused() -> None:
    task = taskgen.sample("dyck_language", 2, 0)
    for bad in ("(])", "()", "(x", ""):
        data = task.model_dump()
        data["instance"] = {"pairs": task.instance["pairs"], "prefix": bad}
        with pytest.raises(InvalidTaskError):
            taskgen.verify(data, boxed(task.answer))
    with pytest.raises(InvalidParamsError, match="fill must be at most depth"):
        taskgen.sample("dyck_language", 1, 0, fill=4, depth=3)


def test_format_example_is_not_an_answer() -> None:
    assert "\\boxed{<<>>}" in render_prompt(["()", "[]"], "((")
