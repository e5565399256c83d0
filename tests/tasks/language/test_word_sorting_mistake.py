"""word_sorting_mistake: the trace, each planted mistake, the judge, balance, the list bug."""

from __future__ import annotations

import collections
import json
import re
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.language import word_sorting_mistake as wsm
from taskgen.tasks.language._sorting import (
    PLAIN,
    FinalThought,
    LetterThought,
    Mistake,
    TraceError,
    build_trace,
    render_thought,
    wrong_thoughts,
)
from taskgen.tasks.language._words import ranked_words

FAMILY = get("word_sorting_mistake")
WORDS = ["bat", "cat", "bar", "apple", "barn"]
# Thoughts of the correct trace (apple < bar < barn < bat < cat):
# 1 letter 1 of every word        2 apple < [bat, bar, barn] < cat
# 3 letter 2 of [bat, bar, barn]  4 (all 'a') same list
# 5 letter 3                      6 apple < [bar, barn] < bat < cat
# 7 letter 4 of [bar, barn]       8 apple < bar < barn < bat < cat
# 9 the read-off
CORRECT = [
    "Thought 1: letter 1 of every word: bat: b (2); cat: c (3); bar: b (2); apple: a (1); "
    "barn: b (2).",
    "Thought 2: split by rank, we now have: apple < [bat, bar, barn] < cat.",
    "Thought 3: letter 2 of the words in [bat, bar, barn]: bat: a (1); bar: a (1); barn: a (1).",
    "Thought 4: split by rank, we now have: apple < [bat, bar, barn] < cat.",
    "Thought 5: letter 3 of the words in [bat, bar, barn]: bat: t (20); bar: r (18); barn: r (18).",
    "Thought 6: split by rank, we now have: apple < [bar, barn] < bat < cat.",
    "Thought 7: letter 4 of the words in [bar, barn]: bar: none (0); barn: n (14).",
    "Thought 8: split by rank, we now have: apple < bar < barn < bat < cat.",
    "Thought 9: no group of two or more words is left, so the sorted list is: "
    "apple, bar, barn, bat, cat.",
]


def _instance(mistake: dict[str, Any] | None, words: list[str] = WORDS) -> dict[str, Any]:
    if mistake is not None:
        mistake = {"letter": "", "rank": 0, **mistake}
    return {"words": words, "front": "", "mistake": mistake}


def _lines(instance: dict[str, Any]) -> list[str]:
    thoughts, _ = wsm._analysis(instance)
    return [render_thought(i, t, len(instance["words"])) for i, t in enumerate(thoughts, 1)]


def test_correct_trace_is_rendered_and_none_is_right() -> None:
    instance = _instance(None)
    assert _lines(instance) == CORRECT
    for answer in ("none", "None", "no mistake", "No", "$\\text{none}$."):
        assert FAMILY.check(instance, answer).correct, answer
    check = FAMILY.check(instance, "3")
    assert not check.correct and check.format_ok and check.reason == "thought 3 is correct"


@pytest.mark.parametrize(
    ("mistake", "number", "shown"),
    [
        ({"kind": "misread", "index": 0, "letter": "d"}, 1, "bat: d (4)"),
        ({"kind": "rank", "index": 1, "rank": 4}, 1, "cat: c (4)"),
        ({"kind": "rank", "index": 2, "rank": 19}, 5, "barn: r (19)"),
        ({"kind": "swap", "index": 0}, 2, "we now have: [bat, bar, barn] < apple < cat"),
        ({"kind": "merge", "index": 0}, 2, "we now have: [apple, bat, bar, barn] < cat"),
        ({"kind": "duplicate", "index": 2}, 2, "apple < [bat, bar, barn] < cat < cat"),
        ({"kind": "drop", "index": 0}, 6, "we now have: apple < barn < bat < cat"),
        ({"kind": "swap", "index": 0}, 6, "we now have: apple < bat < [bar, barn] < cat"),
    ],
)
def test_each_mistake_kind_is_the_one_wrong_thought(
    mistake: dict[str, Any], number: int, shown: str
) -> None:
    instance = _instance({"thought": number, **mistake})
    lines = _lines(instance)
    assert lines[: number - 1] == CORRECT[: number - 1]
    assert shown in lines[number - 1]
    thoughts, gold = wsm._analysis(instance)
    assert gold == number
    # continuing consistently: every later thought follows from the ones before it
    assert wrong_thoughts(WORDS, PLAIN, list(thoughts)) == [number]
    assert FAMILY.check(instance, str(number)).correct
    assert FAMILY.check(instance, f"Thought {number}").correct
    later = FAMILY.check(instance, str(number + 1))
    assert (
        not later.correct
        and later.reason == f"an earlier thought than {number + 1} is already wrong"
    )
    assert FAMILY.check(instance, "none").reason == "the trace has a mistake"
    if number > 1:
        assert FAMILY.check(instance, str(number - 1)).reason == f"thought {number - 1} is correct"


def test_the_trace_goes_on_from_the_wrong_state() -> None:
    # bat misread as 'd': thought 2 groups it after cat, and later thoughts build on that
    lines = _lines(_instance({"thought": 1, "kind": "misread", "index": 0, "letter": "d"}))
    assert lines[1] == "Thought 2: split by rank, we now have: apple < [bar, barn] < cat < bat."
    assert lines[-1].endswith("the sorted list is: apple, bar, barn, cat, bat.")


def test_a_thought_one_mistake_never_shows_in_the_word_list() -> None:
    # the original built the prompt's list after corrupting a word (bug 15 of the reference)
    known = set(ranked_words(50_000))
    found = 0
    for level in range(1, 11):
        for seed in range(25):
            task = taskgen.sample("word_sorting_mistake", level, seed)
            mistake = task.instance["mistake"]
            words = task.instance["words"]
            listed = task.prompt.split("ascending order:\n", 1)[1].split("\n", 1)[0]
            assert listed == ", ".join(words)
            assert set(words) <= known
            if mistake is None or mistake["thought"] != 1 or mistake["kind"] != "misread":
                continue
            found += 1
            first = re.search(r"Thought 1: letter 1 of every word: (.*)\.\n", task.prompt)
            assert first is not None
            named = [part.split(":")[0] for part in first.group(1).split("; ")]
            assert named == words  # true spellings, only the letter after the colon is wrong
    assert found > 0


def test_a_hand_made_thought_one_misread_keeps_the_list() -> None:
    instance = _instance({"thought": 1, "kind": "misread", "index": 0, "letter": "d"})
    thoughts, _ = wsm._analysis(instance)
    prompt = wsm.render_prompt(WORDS, "", thoughts)
    assert "ascending order:\nbat, cat, bar, apple, barn\n" in prompt
    assert "Thought 1: letter 1 of every word: bat: d (4);" in prompt


@pytest.mark.parametrize(
    ("mistake", "fragment"),
    [
        ({"thought": 1, "kind": "misread", "index": 0, "letter": "b"}, "another letter"),
        ({"thought": 1, "kind": "rank", "index": 0, "rank": 2}, "another rank"),
        ({"thought": 1, "kind": "swap", "index": 0}, "not a mistake of a letter thought"),
        ({"thought": 2, "kind": "rank", "index": 0, "rank": 5}, "not a mistake of a grouping"),
        ({"thought": 4, "kind": "swap", "index": 0}, "no two new groups"),
        ({"thought": 9, "kind": "drop", "index": 0}, "not in the trace"),
        ({"thought": 7, "kind": "misread", "index": 0, "letter": "x"}, "no letter there"),
        # bat misread as c ties it with cat for good: no sensible continuation
        ({"thought": 1, "kind": "misread", "index": 0, "letter": "c"}, "cannot tell apart"),
        ({"thought": 2, "kind": "merge", "index": 1}, "cannot tell apart"),
    ],
)
def test_a_mistake_that_does_not_fit_is_refused(mistake: dict[str, Any], fragment: str) -> None:
    with pytest.raises(TraceError, match=fragment):
        build_trace(WORDS, PLAIN, Mistake(**{"letter": "", "rank": 0, **mistake}))
    record = json.loads(taskgen.sample("word_sorting_mistake", 1, 0).model_dump_json())
    record["instance"] = _instance(mistake)
    with pytest.raises(InvalidTaskError, match=fragment):
        taskgen.load_task(record)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"words": ["bat", "bat", "cat"]}, "repeated"),
        ({"words": ["Bat", "cat"]}, "lowercase"),
        ({"front": "aa"}, "repeat"),
        ({"front": "A"}, "lowercase"),
        ({"mistake": {"thought": 2, "kind": "fold", "index": 0, "letter": "", "rank": 0}}, "kind"),
    ],
)
def test_malformed_instance_is_rejected_on_load(change: dict[str, Any], fragment: str) -> None:
    record = json.loads(taskgen.sample("word_sorting_mistake", 1, 0).model_dump_json())
    record["instance"] = {**_instance(None), **change}
    with pytest.raises(InvalidTaskError, match=fragment):
        taskgen.load_task(record)


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        ("0", "no thought 0"),
        ("10", "no thought 10: thoughts are 1-9"),
        ("100", "no thought 100"),
        ("thought", "not a thought number"),
        ("3, 4", "not a thought number"),
        ("maybe", "not a thought number"),
    ],
)
def test_unreadable_or_missing_thought_is_a_format_error(answer: str, fragment: str) -> None:
    check = FAMILY.check(_instance(None), answer)
    assert not check.correct and not check.format_ok and fragment in check.reason


def test_every_generated_trace_has_at_most_one_wrong_thought_the_gold() -> None:
    for level in range(1, 11):
        for seed in range(4):
            task = taskgen.sample("word_sorting_mistake", level, seed)
            thoughts, gold = wsm._analysis(task.instance)
            alphabet = task.instance["front"] + "".join(
                ch for ch in PLAIN if ch not in task.instance["front"]
            )
            wrong = wrong_thoughts(task.instance["words"], alphabet, list(thoughts))
            assert wrong == ([] if gold is None else [gold])
            assert task.answer == ("none" if gold is None else str(gold))
            assert isinstance(thoughts[-1], FinalThought) and gold != len(thoughts)
            assert isinstance(thoughts[0], LetterThought)


def test_gold_is_balanced() -> None:
    for level in (1, 6):
        golds = collections.Counter(
            taskgen.sample("word_sorting_mistake", level, seed).answer for seed in range(150)
        )
        assert golds["none"] <= 12  # about 3.5 %
        assert golds["1"] <= 12  # thought 1 has a quarter of the weight
        assert max(golds.values()) <= 30  # no position above 20 %
        assert len(golds) >= 8


def test_prompt_box_and_lazy_answers() -> None:
    task = taskgen.sample("word_sorting_mistake", 5, 2)
    assert "\\boxed{100}" in task.prompt and "\\boxed{none}" not in task.prompt
    assert not taskgen.verify(task, task.prompt).correct
    lazy = FAMILY.lazy_answers(task.instance)
    thoughts, _ = wsm._analysis(task.instance)
    assert lazy == {
        "first thought": ["1"],
        "last thought": [str(len(thoughts))],
        "no mistake": ["none"],
    }


def test_custom_alphabet_ranks_are_used() -> None:
    instance = {"words": ["bat", "cat", "bar", "apple", "barn"], "front": "c", "mistake": None}
    lines = _lines(instance)
    assert lines[0].startswith("Thought 1: letter 1 of every word: bat: b (3); cat: c (1)")
    assert lines[-1].endswith("the sorted list is: cat, apple, bar, barn, bat.")


def test_levels_grow_and_bad_knobs_are_named() -> None:
    sizes = [
        len(taskgen.sample("word_sorting_mistake", level, 0).instance["words"]) for level in (1, 10)
    ]
    assert sizes[0] < sizes[1]
    with pytest.raises(InvalidParamsError, match="n_words"):
        taskgen.sample("word_sorting_mistake", 1, 0, n_words=31)
    with pytest.raises(InvalidParamsError, match="none_share"):
        taskgen.sample("word_sorting_mistake", 1, 0, none_share=1.5)
