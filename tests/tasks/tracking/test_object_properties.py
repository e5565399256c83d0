"""object_properties: every gold is read back from the text alone; shortcuts never solve."""

from __future__ import annotations

import re

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.tasks.tracking.object_properties import (
    MATERIAL_ADJECTIVE,
    PLURAL_KIND,
    VALUES,
    answer_of,
    describe,
    lazy_values,
)
from taskgen.verifiers.extract import boxed

FAMILY = "object_properties"
MATERIAL_OF = {adjective: noun for noun, adjective in MATERIAL_ADJECTIVE.items()}
KIND_OF = {plural: kind for kind, plural in PLURAL_KIND.items()}


def read_item(text: str) -> dict[str, str]:
    """``a tiny red glass vase from Peru`` -> properties (independent of the family's code)."""
    origin = None
    if " from " in text:
        text, origin = text.split(" from ")
    words = text.split()[1:]  # drop the article
    item: dict[str, str] = {"kind": words[-1]}
    for word in words[:-1]:
        if word in VALUES["size"]:
            item["size"] = word
        elif word in VALUES["colour"]:
            item["colour"] = word
        else:
            item["material"] = MATERIAL_OF[word]
    if origin is not None:
        item["origin"] = origin
    return item


def read_condition(text: str) -> tuple[str, str]:
    """``every red item`` / ``every item from Peru`` / ``every vase`` -> (property, value)."""
    text = text.removeprefix("every ").removesuffix(" I had")
    if text.startswith("item from "):
        return "origin", text.removeprefix("item from ")
    if text.endswith(" item"):
        word = text.removesuffix(" item")
        if word in MATERIAL_OF:
            return "material", MATERIAL_OF[word]
        return ("size" if word in VALUES["size"] else "colour"), word
    return "kind", text


def read_trait(text: str) -> tuple[str, str]:
    if text.startswith("come from "):
        return "origin", text.removeprefix("come from ")
    if text.startswith("are made of "):
        return "material", text.removeprefix("are made of ")
    word = text.removeprefix("are ")
    if word in KIND_OF:
        return "kind", KIND_OF[word]
    return ("size" if word in VALUES["size"] else "colour"), word


def answers_from_text(prompt: str) -> list[int]:
    """Simulates the collection from the prompt's sentences only."""
    lines = prompt.splitlines()
    items: list[dict[str, str]] = []
    for line in lines:
        if re.match(r"\d+\. an? ", line) and "Then" not in line:
            items.append(read_item(line.split(". ", 1)[1]))
        if line.startswith("Where they come from"):
            runs = line.split(": ", 1)[1].rstrip(".").replace(", and ", ", ").split(", ")
            origins: list[str] = []
            for run in runs:
                if run.startswith("all of them"):
                    origins = [run.rsplit(" ", 1)[1]] * len(items)
                    break
                count, origin = re.match(r"the \w+ (\w+) from (\w+)", run).groups()  # type: ignore[union-attr]
                origins += [origin] * (1 if count == "one" else int(count))
            for item, origin in zip(items, origins, strict=True):
                item["origin"] = origin
        if line == "Then, in order:":
            break
    changes = (
        prompt.split("Then, in order:\n", 1)[1].split("\n\n", 1)[0].splitlines()
        if ("Then, in order:" in prompt)
        else []
    )
    for change in changes:
        sentence = change.split(". ", 1)[1].rstrip(".")
        if sentence.startswith("I bought "):
            bought = sentence.removeprefix("I bought ").replace(" and ", ", ").split(", ")
            items += [read_item(text) for text in bought]
            continue
        if sentence.startswith("I gave away "):
            key, value = read_condition(sentence.removeprefix("I gave away "))
            items = [item for item in items if item.get(key) != value]
            continue
        if sentence.startswith("My neighbour took "):
            took, new = sentence.removeprefix("My neighbour took ").split(
                " and gave me, for each one, "
            )
            key, value = read_condition(took)
            items = [read_item(new) if item.get(key) == value else item for item in items]
            continue
        if sentence.startswith("I painted "):
            body, colour = sentence.removeprefix("I painted ").rsplit(" ", 1)
            key, value = read_condition(body)
            items = [
                dict(item, colour=colour) if item.get(key) == value else item for item in items
            ]
            continue
        if sentence.startswith("A craftsman remade "):
            body = sentence.removeprefix("A craftsman remade ").split(";")[0]
            target, material = body.rsplit(" in ", 1)
            key, value = read_condition(target)
            items = [
                dict(item, material=material) if item.get(key) == value else item for item in items
            ]
            continue
        if sentence.startswith("I exchanged "):
            target, size = sentence.removeprefix("I exchanged ").split(
                " for an otherwise identical one that is "
            )
            key, value = read_condition(target)
            items = [dict(item, size=size) if item.get(key) == value else item for item in items]
            continue
        match = re.match(
            r"For (.+) I had, my \w+ gave me an identical one, except that (.+)", sentence
        )
        assert match is not None, sentence
        key, value = read_condition(match.group(1))
        difference = match.group(2)
        if difference.startswith("it comes from "):
            changed = ("origin", difference.removeprefix("it comes from "))
        elif difference.startswith("it is made of "):
            changed = ("material", difference.removeprefix("it is made of "))
        else:
            word = difference.removeprefix("it is ")
            changed = ("size" if word in VALUES["size"] else "colour", word)
        out = []
        for item in items:
            out.append(item)
            if item.get(key) == value:
                out.append(dict(item, **{changed[0]: changed[1]}))
        items = out
    counts = []
    questions = prompt.split("Questions:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    for question in questions:
        body = question.split("How many items in my collection now ", 1)[1]
        every = body.endswith(", all at once?")
        body = body.split("?")[0].removesuffix(", all at once")
        parts = re.split(r", (?:or |and )?| or | and ", body)
        traits = [read_trait(part) for part in parts]
        test = all if every else any
        counts.append(sum(1 for item in items if test(item.get(k) == v for k, v in traits)))
    return counts


@pytest.mark.parametrize("level", range(1, 11))
def test_every_gold_is_determinable_from_the_text_alone(level: int) -> None:
    for seed in range(5):
        task = taskgen.sample(FAMILY, level, seed)
        assert answers_from_text(task.prompt) == answer_of(task.instance), (level, seed)
        assert ", ".join(map(str, answers_from_text(task.prompt))) == task.answer


@pytest.mark.parametrize("level", range(1, 11))
def test_no_shortcut_reading_gives_the_gold(level: int) -> None:
    for seed in range(5):
        task = taskgen.sample(FAMILY, level, seed)
        for name, values in lazy_values(task.instance).items():
            assert values != answer_of(task.instance), (name, level, seed)


HAND_MADE = {
    "attributes": ["kind", "size", "colour"],
    "items": [
        {"kind": "cup", "size": "tiny", "colour": "red"},
        {"kind": "vase", "size": "huge", "colour": "red"},
        {"kind": "box", "size": "tiny", "colour": "blue"},
    ],
    "steps": [
        {"op": "twin", "where": ["kind", "cup"], "attribute": "colour", "value": "blue",
         "items": []},
        {"op": "give", "where": ["size", "huge"], "attribute": None, "value": None, "items": []},
        {"op": "paint", "where": ["kind", "box"], "attribute": None, "value": "red", "items": []},
    ],
    "questions": [
        {"mode": "any", "conditions": [["colour", "red"], ["size", "tiny"]]},
        {"mode": "all", "conditions": [["colour", "blue"], ["kind", "cup"]]},
    ],
}  # fmt: skip


def test_a_hand_made_collection_follows_its_rules() -> None:
    # after the twin: red cup, blue cup (both tiny), red vase, blue box; the huge vase goes;
    # the box is painted red: red tiny cup, blue tiny cup, red tiny box
    assert answer_of(HAND_MADE) == [3, 1]
    values = lazy_values(HAND_MADE)
    assert values["changes ignored"] == [3, 0]
    assert values["overlaps twice"] == [5, 3]  # red 2 + tiny 3; blue 1 + cup 2


def test_wrong_counts_are_named_and_formats_are_errors() -> None:
    task = taskgen.sample(FAMILY, 7, 2)
    gold = answer_of(task.instance)
    assert taskgen.verify(task, boxed(", ".join(map(str, gold)))).correct
    assert taskgen.verify(task, boxed(str(gold))).correct  # [a, b, c] is read too
    wrong = list(gold)
    wrong[1] += 1
    verdict = taskgen.verify(task, boxed(", ".join(map(str, wrong))))
    assert (
        not verdict.correct
        and verdict.reason.startswith("count 2")
        and "too high" in verdict.reason
    )
    short = taskgen.verify(task, boxed(", ".join(map(str, gold[:-1]))))
    assert not short.correct and not short.format_ok and "expected 3 counts" in short.reason
    words = taskgen.verify(task, boxed("three, four, five"))
    assert not words.correct and not words.format_ok


def test_a_step_that_names_an_unknown_value_is_a_malformed_task() -> None:
    task = taskgen.sample(FAMILY, 4, 0)
    data = task.model_dump(mode="json")
    data["instance"]["steps"][0]["where"] = ["colour", "tartan"]
    with pytest.raises(InvalidTaskError, match="tartan"):
        taskgen.verify(data, boxed(task.answer))


def test_traded_items_are_described_in_full() -> None:
    """The original's trade brought items whose properties the text never gave."""
    seen = 0
    for seed in range(30):
        task = taskgen.sample(FAMILY, 10, seed)
        changes = task.prompt.split("Then, in order:\n", 1)[1].splitlines()
        for index, step in enumerate(task.instance["steps"]):
            if step["op"] == "trade":
                seen += 1
                new = step["items"][0]
                assert set(new) == set(task.instance["attributes"])
                assert changes[index].endswith(f"for each one, {describe(new)}.")
    assert seen > 0
