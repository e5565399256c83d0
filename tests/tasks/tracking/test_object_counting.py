"""object_counting: the gold is read back from the prompt's text alone; shortcuts fail."""

from __future__ import annotations

import re

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.tasks.tracking.object_counting import (
    CATALOGUE,
    ObjectCountingInstance,
    answer_of,
    lazy_values,
)
from taskgen.verifiers.extract import boxed

FAMILY = "object_counting"
SINGULAR = {plural: item for _, items in CATALOGUE.values() for item, plural in items}
SINGULAR.update({item: item for _, items in CATALOGUE.values() for item, _ in items})
CATEGORY_BY_PLURAL = {plural: name for name, (plural, _) in CATALOGUE.items()}


def _item(word: str) -> str:
    return SINGULAR[word]


def answer_from_text(prompt: str) -> int:
    """An independent reader of the story: only the prompt's sentences, no instance."""
    story = prompt.split("Story:\n", 1)[1].split("\n\nRules:", 1)[0].splitlines()
    mine: dict[str, int] = {}
    names = "|".join(sorted(SINGULAR, key=len, reverse=True))
    for sentence in story:
        if sentence.startswith("I have "):
            count, word = re.match(rf"I have (\d+) ({names})", sentence).groups()  # type: ignore[union-attr]
            mine[_item(word)] = int(count)
        elif sentence.startswith("I had "):
            count, word = re.match(rf"I had (\d+) ({names})", sentence).groups()  # type: ignore[union-attr]
            total = int(count)
            for step in sentence.split(", ")[1:]:
                amount = int(re.search(r"(\d+)", step).group(1))  # type: ignore[union-attr]
                gained = " more" in step
                total += amount if gained else -amount
            mine[_item(word)] = total
    question = prompt.split("Question: ", 1)[1].split("\n", 1)[0]
    members: dict[str, set[str]] = {}
    for line in prompt.splitlines():
        if line.startswith("- ") and ": " in line:
            plural, listed = line[2:].split(": ", 1)
            members[plural] = {_item(word) for word in listed.split(", ")}

    def total_of(plural: str) -> int:
        return sum(n for item, n in mine.items() if item in members[plural])

    asked = [p for p in sorted(members, key=len, reverse=True) if p in question]
    if question.startswith("What is the difference"):
        first, second = sorted(asked, key=question.index)
        return abs(total_of(first) - total_of(second))
    if " and " in question and len(asked) == 2:
        return total_of(asked[0]) + total_of(asked[1])
    if asked:
        return total_of(asked[0])
    word = re.match(rf"How many ({names}) do I have now", question).group(1)  # type: ignore[union-attr]
    return mine[_item(word)]


@pytest.mark.parametrize("level", range(1, 11))
def test_the_gold_is_determinable_from_the_text_alone(level: int) -> None:
    for seed in range(6):
        task = taskgen.sample(FAMILY, level, seed)
        assert answer_from_text(task.prompt) == int(task.answer)


@pytest.mark.parametrize("level", range(1, 11))
def test_no_shortcut_reading_gives_the_gold(level: int) -> None:
    for seed in range(6):
        task = taskgen.sample(FAMILY, level, seed)
        for name, value in lazy_values(task.instance).items():
            assert value != int(task.answer), (name, level, seed)


HAND_MADE = {
    "mine": [
        {"item": "pear", "start": 9, "changes": [4, -2]},
        {"item": "plum", "start": 3, "changes": []},
        {"item": "saw", "start": 2, "changes": []},
    ],
    "others": [{"person": "aunt", "item": "pear", "count": 30}],
    "question": {"kind": "category", "targets": ["fruit"]},
}


def test_a_hand_made_story_is_counted_by_its_rules() -> None:
    assert answer_of(HAND_MADE) == 14  # 9 + 4 - 2 pears, 3 plums; the aunt's pears never count
    values = lazy_values(HAND_MADE)
    assert values["histories ignored"] == 12
    assert values["everyone's things"] == 44
    assert values["all my things"] == 16


def test_wrong_answers_are_rejected_with_a_direction_and_formats_are_named() -> None:
    task = taskgen.sample(FAMILY, 6, 0)
    gold = int(task.answer)
    assert taskgen.verify(task, boxed(str(gold))).correct
    assert taskgen.verify(task, boxed(f"{gold}.0")).correct
    high = taskgen.verify(task, boxed(str(gold + 1)))
    assert not high.correct and "too high" in high.reason
    low = taskgen.verify(task, boxed(str(gold - 1)))
    assert not low.correct and "too low" in low.reason
    unit = taskgen.verify(task, boxed(f"{gold} apples"))
    assert not unit.correct and not unit.format_ok
    # a number outside the box is never read
    assert not taskgen.verify(task, f"The answer is {gold}.").correct


def test_a_history_that_goes_below_zero_is_a_malformed_task() -> None:
    broken = dict(HAND_MADE, mine=[{"item": "pear", "start": 1, "changes": [-3]}])
    with pytest.raises(ValueError, match="below zero"):
        ObjectCountingInstance.model_validate(broken)
    task = taskgen.sample(FAMILY, 3, 0)
    data = task.model_dump(mode="json")
    data["instance"]["question"] = {"kind": "item", "targets": ["donkey"]}
    with pytest.raises(InvalidTaskError, match="names one item I own"):
        taskgen.verify(data, boxed(task.answer))


def test_other_peoples_sentences_mention_the_asked_things() -> None:
    """The distractors are about the very categories asked, so skipping them matters."""
    hits = 0
    for seed in range(20):
        task = taskgen.sample(FAMILY, 8, seed)
        values = lazy_values(task.instance)
        hits += values.get("everyone's things", int(task.answer)) != int(task.answer)
    assert hits >= 15
