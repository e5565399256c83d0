"""space_reasoning: every gold is read back from the prompt's text alone; lazy answers fail."""

from __future__ import annotations

import re

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.spatial.space_reasoning import SpaceReasoningInstance, answer_of, compress
from taskgen.verifiers.extract import boxed

FAMILY = "space_reasoning"
Pos = tuple[int, int]


def answer_from_text(prompt: str) -> str:
    """An independent reader: only the prompt's text, no instance.

    It reads each direction's displacement from the stated rules, keeps every named item's
    position in a frame (a new frame per teleport), merges a teleport's frame into the
    known one when a walk there ends at an item seen before, and walks the question's route.
    """
    steps: dict[str, Pos] = {}
    for name, row, col in re.findall(
        r"^- ([a-z-]+): row r([+-]1)?, (?:column|position) c([+-]1)?$", prompt, re.M
    ):
        steps[name] = (int(row or 0), int(col or 0))
    assert len(steps) in (4, 6)

    def walk(pos: Pos, text: str) -> Pos:
        r, c = pos
        for count, name in re.findall(r"(\d+) steps? ([a-z-]+)", text):
            r += int(count) * steps[name][0]
            c += int(count) * steps[name][1]
        return r, c

    where: dict[str, tuple[int, Pos]] = {}  # item -> (frame, position in that frame)
    frame, pos, frames, landing = 0, (0, 0), 1, ""
    story = prompt.split("Story:\n", 1)[1].split("\n\nQuestion:", 1)[0].splitlines()
    for line in story:
        sentence = line.split(". ", 1)[1]
        seen = re.search(r"see an? ([a-z -]+)\.$", sentence)
        if sentence.startswith("You walk"):
            pos = walk(pos, sentence)
        elif sentence.startswith("You are teleported to"):
            frame, pos, frames = frames, (0, 0), frames + 1
        elif sentence.startswith("You are teleported back"):
            frame, pos = where[landing]
            continue
        assert seen is not None
        item = seen.group(1)
        if sentence.startswith("You are teleported to"):
            landing = item
        if item in where and where[item][0] != frame:
            known_frame, known = where[item]
            shift = (known[0] - pos[0], known[1] - pos[1])
            for other, (f, (r, c)) in list(where.items()):
                if f == frame:
                    where[other] = (known_frame, (r + shift[0], c + shift[1]))
            frame, pos = known_frame, known
        where[item] = (frame, pos)
    question = prompt.split("Question: from where the story ends, you walk ", 1)[1]
    end = walk(pos, question.split(". Which item", 1)[0])
    found = [item for item, place in where.items() if place == (frame, end)]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("level", range(1, 11))
def test_the_gold_is_determinable_from_the_text_alone(level: int) -> None:
    for seed in range(8):
        task = taskgen.sample(FAMILY, level, seed)
        assert answer_from_text(task.prompt) == task.answer, (level, seed)


@pytest.mark.parametrize("level", range(1, 11))
def test_no_lazy_answer_is_the_gold_and_unknown_never_is(level: int) -> None:
    spec = get(FAMILY)
    for seed in range(8):
        task = taskgen.sample(FAMILY, level, seed)
        assert task.answer != "unknown"
        for name, answers in spec.lazy_answers(task.instance).items():
            assert task.answer not in answers, (name, level, seed)


HAND = {
    "network": "square",
    "size": 3,
    "items": ["anchor", "bell", "candle", "drum", "easel", "flute", "globe", "harp", "kite"],
    "story": [
        {"kind": "start", "node": 0},  # anchor at (1,1)
        {"kind": "walk", "moves": ["right", "right"]},  # candle at (1,3)
        {"kind": "jump", "node": 8},  # kite at (3,3), position unknown so far
        {"kind": "walk", "moves": ["left"]},  # harp at (3,2)
        {"kind": "walk", "moves": ["up", "up", "right"]},  # candle again: anchored
        {"kind": "return"},  # back at the kite
    ],
    "route": ["left", "left", "up"],  # (2,1): drum was never named -> refused; see below
}


def _hand(**changes: object) -> dict[str, object]:
    instance = dict(HAND)
    instance.update(changes)
    return instance


def test_a_hand_made_instance_is_solved() -> None:
    instance = _hand(route=["left", "up"])  # from the kite (3,3) to (2,2): easel, never named
    with pytest.raises(ValueError, match="does not name"):
        SpaceReasoningInstance.model_validate(instance)
    instance = _hand(route=["up", "left", "up", "left"])  # (1,1): the anchor
    SpaceReasoningInstance.model_validate(instance)
    assert answer_of(instance) == "anchor"
    spec = get(FAMILY)
    assert spec.check(instance, "anchor").correct
    assert spec.check(instance, "The Anchor.").correct
    assert spec.check(instance, r"\text{an anchor}").correct
    wrong = spec.check(instance, "harp")
    assert not wrong.correct and wrong.format_ok and "harp is not where" in wrong.reason
    assert "not an item the story names" in spec.check(instance, "easel").reason
    assert "names" in spec.check(instance, "unknown").reason
    for bad in ("anchor, harp", "42", "", "x" * 80):
        verdict = spec.check(instance, bad)
        assert not verdict.correct and not verdict.format_ok, bad


def test_the_lazy_answers_of_the_hand_made_instance() -> None:
    instance = _hand(route=["up", "left", "up", "left"])
    lazy = get(FAMILY).lazy_answers(instance)
    assert lazy == {"story end": ["kite"], "first named": ["anchor"], "last named": ["candle"]}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"story": [*HAND["story"][:3]]}, "never tied back"),  # type: ignore[misc]
        ({"story": [HAND["story"][0], {"kind": "jump", "node": 0}]}, "not seen before"),  # type: ignore[index]
        ({"route": ["down"]}, "leaves the network"),
        ({"route": ["up-left"]}, "not a direction"),
        ({"items": ["anchor"] * 9}, "not distinct"),
        ({"story": [{"kind": "walk", "moves": ["up"]}]}, "begin with a start"),
    ],
)
def test_malformed_instances_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SpaceReasoningInstance.model_validate(_hand(**changes))
    task = taskgen.sample(FAMILY, 3, 0)
    bad = task.model_dump()
    bad["instance"] = _hand(**changes)
    with pytest.raises(InvalidTaskError):
        taskgen.verify(bad, boxed("anchor"))


def test_compress_counts_runs() -> None:
    assert compress(["up-left", "up-left", "right"]) == "2 steps up-left, then 1 step right"


def test_six_direction_networks_appear_and_their_rules_are_stated() -> None:
    task = taskgen.sample(FAMILY, 8, 0)
    assert task.instance["network"] in ("triangle", "diamond")
    assert "- up-right: row r-1, position c" in task.prompt


def test_out_of_range_knobs_name_the_range() -> None:
    with pytest.raises(ValueError, match="size"):
        taskgen.sample(FAMILY, 3, 0, size=40)
    with pytest.raises(ValueError, match="too small"):
        taskgen.sample(FAMILY, 3, 0, size=3, waypoints=20)
