"""word_sorting: every rule, readable answers, reasons per kind of wrong answer, lazy orders."""

from __future__ import annotations

import json
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.language import word_sorting
from taskgen.tasks.language._sorting import (
    PLAIN,
    first_letter_only,
    make_alphabet,
    sort_words,
    word_key,
)
from taskgen.tasks.language._words import ranked_words
from taskgen.verifiers.extract import boxed

FAMILY = get("word_sorting")
WORDS = ["card", "ear", "car", "bat", "apple"]


def _instance(rule: str, front: str = "") -> dict[str, Any]:
    return {"words": WORDS, "rule": rule, "front": front}


@pytest.mark.parametrize(
    ("rule", "front", "gold"),
    [
        ("alphabetical", "", "apple, bat, car, card, ear"),
        ("reverse_alphabetical", "", "ear, card, car, bat, apple"),
        ("length", "", "bat, car, ear, card, apple"),
        ("custom", "ec", "ear, car, card, apple, bat"),
        ("custom_reverse", "ec", "bat, apple, card, car, ear"),
    ],
)
def test_hand_made_instance_under_every_rule(rule: str, front: str, gold: str) -> None:
    instance = _instance(rule, front)
    check = FAMILY.check(instance, gold)
    assert check.correct and check.score == 1.0, check.reason
    assert not FAMILY.check(instance, ", ".join(WORDS)).correct


@pytest.mark.parametrize(
    "answer",
    [
        "apple, bat, car, card, ear",
        "[apple, bat, car, card, ear]",
        '["apple", "bat", "car", "card", "ear"]',
        "Apple, BAT, Car, card, ear",
        "apple\nbat\ncar\ncard\near",
        "apple bat car card ear",
        "apple; bat; car; card; ear.",
        "$\\text{apple, bat, car, card, ear}$",
    ],
)
def test_every_documented_spelling_is_read(answer: str) -> None:
    assert FAMILY.check(_instance("alphabetical"), answer).correct


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (
            "apple, bat, card, car, ear",
            "position 3 should be 'car', not 'card': 'car' is a prefix of 'card'",
        ),
        (
            "bat, apple, car, card, ear",
            "position 1 should be 'apple', not 'bat': letter 1 is 'a' against 'b'",
        ),
        ("apple, bat, car, cart, ear", "'cart' is not in the list ('card' is missing)"),
        ("apple, bat, car, car, ear", "'car' is written twice ('card' is missing)"),
    ],
)
def test_wrong_answers_name_the_first_problem(answer: str, reason: str) -> None:
    check = FAMILY.check(_instance("alphabetical"), answer)
    assert not check.correct and check.format_ok
    assert check.reason == reason


def test_reasons_explain_each_rule() -> None:
    length = FAMILY.check(_instance("length"), "bat, car, ear, apple, card")
    assert (
        length.reason
        == "position 4 should be 'card', not 'apple': 'card' has 4 letters, 'apple' has 5"
    )
    reverse = FAMILY.check(_instance("reverse_alphabetical"), "ear, car, card, bat, apple")
    assert reverse.reason.endswith("descending: 'car' is a prefix of 'card'")
    custom = FAMILY.check(_instance("custom", "ec"), "car, ear, card, apple, bat")
    assert custom.reason == (
        "position 1 should be 'ear', not 'car': letter 1 is 'e' against 'c' (ranks 1 and 2)"
    )


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        ("apple, bat, car, card", "expected 5 comma-separated words, got 4"),
        ("apple, bat, car, card, ear, fig", "got 6"),
        ("apple,, bat, car, card, ear", "empty item"),
        ("", "got 0"),
    ],
)
def test_a_wrong_count_or_unreadable_list_is_a_format_error(answer: str, fragment: str) -> None:
    check = FAMILY.check(_instance("alphabetical"), answer)
    assert not check.correct and not check.format_ok
    assert fragment in check.reason


def test_custom_alphabet_and_prefix_rules() -> None:
    alphabet = make_alphabet("zq")
    assert alphabet.startswith("zqab") and sorted(alphabet) == list(PLAIN)
    assert sort_words(["quiz", "zoo", "qu", "apple"], "custom", alphabet) == [
        "zoo",
        "qu",
        "quiz",
        "apple",
    ]
    assert sort_words(["car", "card"], "reverse_alphabetical", PLAIN) == ["card", "car"]


def test_the_sorted_order_is_unique_on_every_level() -> None:
    for level in range(1, 11):
        for seed in range(3):
            task = taskgen.sample("word_sorting", level, seed)
            instance = task.instance
            alphabet = word_sorting.alphabet_of(instance)
            keys = {word_key(w, alphabet) for w in instance["words"]}
            # distinct words have distinct keys: a strict total order, one sorted list
            assert len(keys) == len(instance["words"])
            assert FAMILY.check(instance, task.answer).correct


def test_no_lazy_order_is_ever_right() -> None:
    for level in range(1, 11):
        for seed in range(6):
            task = taskgen.sample("word_sorting", level, seed)
            instance = task.instance
            lazy = FAMILY.lazy_answers(instance)
            assert "as given" in lazy and "reversed" in lazy
            if instance["rule"] != "alphabetical":
                assert "alphabetical" in lazy
            if instance["rule"].startswith("custom"):
                assert "first letter only" in lazy
            for answers in lazy.values():
                for answer in answers:
                    assert not taskgen.verify(task, boxed(answer)).correct
            assert ", ".join(instance["words"]) != task.answer  # never already sorted


def test_first_letter_only_is_a_half_done_custom_sort() -> None:
    alphabet = make_alphabet("t")
    words = ["bat", "bar", "tab"]
    assert first_letter_only(words, "custom", alphabet) == ["tab", "bar", "bat"]
    assert sort_words(words, "custom", alphabet) == ["tab", "bat", "bar"]


def test_words_come_from_the_ranked_list_and_levels_grow() -> None:
    known = set(ranked_words(50_000))
    sizes = []
    for level in (1, 5, 10):
        task = taskgen.sample("word_sorting", level, 3)
        assert set(task.instance["words"]) <= known
        sizes.append(len(task.instance["words"]))
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def test_the_generator_is_the_registered_family_method() -> None:
    # the original's generate() called a module-level object instead of self
    assert type(FAMILY).generate is word_sorting.WordSorting.generate
    task = taskgen.sample("word_sorting", 4, 0, n_words=7, rules=["length"])
    assert task.instance["rule"] == "length" and len(task.instance["words"]) == 7


def test_the_prompt_states_rules_and_its_box_is_never_an_answer() -> None:
    task = taskgen.sample("word_sorting", 9, 1)
    assert "lowercase English letters a-z" in task.prompt
    assert "no word appears twice" in task.prompt
    assert "Letter case and spaces around the words are ignored" in task.prompt
    assert "=1, " in task.prompt  # the custom alphabet is written with ranks
    assert not taskgen.verify(task, task.prompt).correct
    assert not taskgen.verify(task, boxed(word_sorting.FORMAT_EXAMPLE)).format_ok


@pytest.mark.parametrize(
    ("knobs", "fragment"),
    [
        ({"n_words": 2}, "n_words"),
        ({"n_words": 61}, "n_words"),
        ({"rules": []}, "rules"),
        ({"rules": ["alphabetical", "alphabetical"]}, "distinct"),
        ({"rules": ["sideways"]}, "rules"),
        ({"max_rank": 10}, "max_rank"),
    ],
)
def test_bad_knobs_raise_clear_errors(knobs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidParamsError, match=fragment):
        taskgen.sample("word_sorting", 3, 0, **knobs)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"words": ["car", "car", "bat"]}, "repeated"),
        ({"words": ["Car", "bat"]}, "lowercase"),
        ({"words": ["café", "bat"]}, "lowercase"),
        ({"rule": "alphabetical", "front": "xy"}, "front letters"),
        ({"rule": "custom", "front": ""}, "front letters"),
        ({"rule": "custom", "front": "xx"}, "repeat"),
        ({"rule": "upside_down"}, "rule"),
    ],
)
def test_malformed_instance_is_rejected_on_load(change: dict[str, Any], fragment: str) -> None:
    record = json.loads(taskgen.sample("word_sorting", 1, 0).model_dump_json())
    record["instance"] = {**_instance("alphabetical"), **change}
    with pytest.raises(InvalidTaskError, match=fragment):
        taskgen.load_task(record)
