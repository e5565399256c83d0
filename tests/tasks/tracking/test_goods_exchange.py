"""goods_exchange: every kind of event is written and applied, one engine for gold and check."""

from __future__ import annotations

import json
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.tracking import goods_exchange as ge
from taskgen.verifiers.extract import boxed

FAMILY = get("goods_exchange")
HAND: dict[str, Any] = {
    "people": ["Alice", "Bob", "Carol"],
    "start": ["red hat", "blue pen", "green mug"],
    "steps": [
        "Alice offers Carol a swap.",
        "Whoever holds the blue pen swaps items with Alice.",
        "Carol accepts Alice's offer, and they swap items.",
        "Bob trades the red hat for the blue pen.",
        "Alice, Bob and Carol pass their items around: Alice gives to Bob, Bob gives to Carol, "
        "and Carol gives to Alice.",
        "Bob is looking for the red hat.",
    ],
}
GOLD = "Alice: red hat, Bob: green mug, Carol: blue pen"


def test_hand_made_story_and_every_way_of_writing_the_answer() -> None:
    assert ge.run(HAND["people"], HAND["start"], HAND["steps"]) == {
        "Alice": "red hat",
        "Bob": "green mug",
        "Carol": "blue pen",
    }
    for payload in (
        GOLD,
        "carol: The Blue Pen; BOB: green  mug\nalice = red hat",
        '{"Bob": "green mug", "Alice": "red hat", "Carol": "blue pen"}',
        "(('Alice', 'red hat'), ('Bob', 'green mug'), ('Carol', 'blue pen'))",
        "\\text{Alice: red hat, Bob: green mug, Carol: blue pen}",
        "{Alice: red hat, Bob -> green mug, Carol: the blue pen}",
    ):
        check = FAMILY.check(HAND, payload)
        assert check.correct and check.score == 1.0, (payload, check.reason)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("Alice: red hat, Bob: blue pen, Carol: green mug", "Bob does not hold the blue pen"),
        ("Alice: green mug, Bob: red hat, Carol: blue pen", "Alice does not hold the green mug"),
        ("Carol: red hat, Bob: green mug, Alice: red hat", "Carol does not hold the red hat"),
    ],
)
def test_wrong_states_name_the_first_wrong_person(payload: str, reason: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and check.format_ok and check.credit() == 0.0
    assert check.reason == f"{reason} at the end"


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("Alice: red hat, Bob: green mug", "lists 2 of the 3 people (Carol missing)"),
        ("Alice: red hat, Bob: green mug, Alice: blue pen", "Alice is listed twice"),
        ("Alice: red hat, Bob: green mug, Dave: blue pen", "'Dave' is not one of the people"),
        ("Alice: red hat, Bob: green mug, Carol: plaid kite", "'plaid kite' is not one of"),
        ("Alice red hat, Bob: green mug, Carol: blue pen", "is not a 'Name: item' pair"),
        ('{"Alice": 1}', "the object must map names to item names"),
        ("[1, 2]", "is not a (name, item) pair"),
        ("", "the answer is empty"),
    ],
)
def test_malformed_answers_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and not check.format_ok
    assert fragment in check.reason


@pytest.mark.parametrize("kind", ge.KINDS)
def test_every_kind_round_trips_through_its_sentence(kind: str) -> None:
    people, items = ("Alice", "Bob", "Carol"), ("red hat", "blue pen")
    args: dict[str, tuple[str, ...]] = {
        "holders_swap": ("red hat", "blue pen"),
        "holder_with": ("red hat", "Bob"),
        "trade_for": ("Alice", "red hat", "blue pen"),
        "rotate": ("Alice", "Bob", "Carol"),
        "likes": ("Alice", "blue pen"),
        "looks": ("Bob", "red hat"),
    }
    step = (kind, args.get(kind, ("Alice", "Bob")))
    sentence = ge.write_step(step)
    assert ge.read_step(sentence, people, items) == step
    assert [k for k, pattern, _ in ge._PATTERNS if pattern.fullmatch(sentence)] == [kind]


def test_every_kind_the_generator_picks_is_written_and_applied() -> None:
    """The original dropped two kinds (initiated exchange, rotation) without any text: here
    the story has exactly the requested events, each a sentence of a known kind, and the
    engine replaying the printed sentences gives the gold."""
    seen: set[str] = set()
    for level in (3, 6, 10):
        for seed in range(12):
            task = taskgen.sample("goods_exchange", level, seed)
            inst = task.instance
            lines = [
                line.split(". ", 1)[1]
                for line in task.prompt.splitlines()
                if line[:1].isdigit() and ". " in line
            ]
            assert lines == inst["steps"] and len(lines) == task.params["steps"]
            cast, items = tuple(inst["people"]), tuple(inst["start"])
            seen.update(ge.read_step(line, cast, items)[0] for line in lines)
            final = ge.run(inst["people"], inst["start"], lines)
            assert ge.write_state(inst["people"], final) == task.answer
    assert seen == set(ge.KINDS)


def test_stories_are_fair_at_every_level() -> None:
    for level in range(1, 11):
        for seed in range(4):
            inst = taskgen.sample("goods_exchange", level, seed).instance
            final = ge.run(inst["people"], inst["start"], inst["steps"])
            moved = sum(final[p] != i for p, i in zip(inst["people"], inst["start"], strict=True))
            assert 2 * moved >= len(inst["people"])
            lazy = FAMILY.lazy_answers(inst)
            assert set(lazy) == {"start", "first-event", "last-event-only"}
            for answers in lazy.values():
                assert not FAMILY.check(inst, answers[0]).correct


@pytest.mark.parametrize(
    "step",
    [
        "Bob trades the red hat for the blue pen.",  # Bob holds the blue pen
        "Carol accepts Alice's offer, and they swap items.",  # no offer made
        "Alice and Alice swap items.",
        "Whoever holds the red hat swaps items with Alice.",  # Alice holds it
        "Alice sells the red hat.",
        "Dave and Bob swap items.",  # no Dave in the story
        "Alice really likes the plaid kite.",
    ],
)
def test_a_story_that_breaks_the_rules_is_an_invalid_task(step: str) -> None:
    task = taskgen.sample("goods_exchange", 2, 0)
    data = json.loads(task.model_dump_json())
    data["instance"] = {**HAND, "steps": [step]}
    with pytest.raises(InvalidTaskError):
        taskgen.verify(json.dumps(data), boxed(GOLD))


def test_knob_range_is_named() -> None:
    with pytest.raises(ValueError, match="people"):
        taskgen.sample("goods_exchange", 1, 0, people=2)
