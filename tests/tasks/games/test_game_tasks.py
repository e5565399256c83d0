"""Every game family: decisions carry a signal, moves read as in the environments, and a
malformed instance is the task's fault (InvalidTaskError), never the model's."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.games._signal import measure_signal
from taskgen.verifiers.extract import boxed

GAMES = ["kuhn_poker", "simple_negotiation", "tictactoe"]
_BOX = re.compile(r"\\boxed\{([^{}]*)\}")


@pytest.mark.parametrize(
    ("family", "levels", "seeds"),
    [
        ("kuhn_poker", range(1, 11), range(100)),
        ("tictactoe", range(1, 11), range(60)),
        ("simple_negotiation", (1, 2, 3, 6, 10), range(40)),  # ~10 ms a task: the easy end
    ],
    ids=["kuhn_poker", "tictactoe", "simple_negotiation"],
)
def test_constants_and_copied_prompts_stay_under_the_targets(
    family: str, levels: range | tuple[int, ...], seeds: range
) -> None:
    ceiling = get(family).max_constant_accuracy  # 0.55 for Kuhn Poker, 0.35 otherwise
    assert ceiling == (0.55 if family == "kuhn_poker" else 0.35)
    for level in levels:
        report = measure_signal(family, level, seeds)
        assert report.best_constant <= ceiling, (level, report.constant, report.best_constant)
        assert report.prompt_copy <= report.best_constant and report.prompt_copy == 0.0
        assert report.all_sound == 0
        assert 0.0 < report.random_move < 1.0


@pytest.mark.parametrize("family", GAMES)
def test_no_task_lets_every_legal_move_pass(family: str) -> None:
    spec = get(family)
    for level in (1, 4, 7, 10):
        for seed in range(8):
            task = taskgen.sample(family, level, seed)
            game, state = spec.restore(task.instance)
            moves = game.decision_moves(state)
            sound = game.sound_moves(state)
            assert 0 < len(sound) < len(moves), (level, seed)
            assert task.meta["random_move_sound"] == round(len(sound) / len(moves), 4)
            assert task.answer in sound
            for example in _BOX.findall(task.prompt):  # format examples are placeholders
                assert not taskgen.verify(task, boxed(example)).format_ok


def test_negotiation_sound_share_falls_with_the_level() -> None:
    shares = [
        measure_signal("simple_negotiation", level, range(3), answers=[]).random_move
        for level in (1, 4, 7, 10)
    ]
    assert shares == sorted(shares, reverse=True) and shares[-1] < shares[0] / 5


@pytest.mark.parametrize("family", GAMES)
def test_a_bare_bracketed_move_is_read_like_a_box(family: str) -> None:
    task = taskgen.sample(family, 5, 1)
    for reply in (
        f"[{task.answer}]",
        f"I considered [nothing] but play [{task.answer}]",
        f"<think>[{task.answer}]?</think> so: [{task.answer}]",
        f"<answer>{task.answer}</answer>",
    ):
        container = "answer" if reply.startswith("<answer>") else "boxed"
        verdict = taskgen.verify(task, reply, container=container)
        assert verdict.correct, (reply, verdict.reason)
    assert taskgen.verify(task, f"\\boxed{{{task.answer}}} [no]").correct  # a box wins
    verdict = taskgen.verify(task, "no move at all")
    assert not verdict.format_ok and "no move found" in verdict.reason
    assert not taskgen.verify(task, f"<think>[{task.answer}]").format_ok  # never closed


def _broken(family: str) -> list[tuple[str, Any]]:
    """(what is wrong, how to break an instance) for one family."""
    task = taskgen.sample(family, 3, 0)
    state = task.instance["state"]
    cases: list[tuple[str, Any]] = [
        ("unknown key", lambda i: i.update(extra=1)),
        ("unknown state key", lambda i: i["state"].update(colour="red")),
        ("seat not to move", lambda i: i.update(seat=1 - i["seat"])),
        ("seat as text", lambda i: i.update(seat=str(i["seat"]))),
        ("bad game config", lambda i: i["game"].update(turbo=True)),
        ("state not an object", lambda i: i.update(state=[1, 2])),
    ]
    if family == "kuhn_poker":
        cases += [
            ("same card twice", lambda i: i["state"]["deals"].__setitem__(0, [1, 1])),
            ("chips do not add up", lambda i: i["state"].update(chips=[9, -9])),
            ("a float card", lambda i: i["state"]["deals"].__setitem__(0, [0.0, 1])),
        ]
    elif family == "tictactoe":
        cases += [
            ("cell taken twice", lambda i: i["state"].update(moves=[4, 4])),
            ("game over", lambda i: i["state"].update(moves=[0, 3, 1, 4, 2])),
        ]
    else:
        cases += [
            ("resources appear", lambda i: i["state"]["inventories"][0].__setitem__(0, 99)),
            ("value zero", lambda i: i["state"]["values"][0].__setitem__(0, 0)),
            ("game over", lambda i: i["state"].update(turn=i["game"]["max_turns"])),
        ]
    assert state  # the sampled state is the base every case edits
    return cases


@pytest.mark.parametrize("family", GAMES)
def test_malformed_instances_raise_invalid_task_error(family: str) -> None:
    task = taskgen.sample(family, 3, 0)
    record = task.model_dump(mode="json")
    assert taskgen.verify(record, boxed(task.answer)).correct
    for what, breaks in _broken(family):
        broken = copy.deepcopy(record)
        breaks(broken["instance"])
        with pytest.raises(InvalidTaskError):
            taskgen.verify(broken, boxed(task.answer))
            pytest.fail(f"{family}: {what} was accepted")
        with pytest.raises(InvalidTaskError):  # the checker alone blames the task as well
            get(family).check(broken["instance"], task.answer)
