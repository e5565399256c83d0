"""wordscapes: slots from the layout, any valid filling, uniqueness, words from wordfreq."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions
from taskgen.tasks.language import wordscapes
from taskgen.tasks.language._words import BLOCKED, ranked_words
from taskgen.verifiers.extract import boxed

FAMILY = get("wordscapes")

# cat across, cow down, sharing the c
HAND: dict[str, Any] = {"layout": ["___", "_..", "_.."], "across": ["cat"], "down": ["cow"]}
HAND_GOLD = [["c", "a", "t"], ["o", ".", "."], ["w", ".", "."]]

# A ring with two fillings: tip/pit across, tap/pot down, either way round.
RING: dict[str, Any] = {
    "layout": ["___", "_._", "___"],
    "across": ["pit", "tip"],
    "down": ["pot", "tap"],
}
RING_ONE = [["t", "i", "p"], ["a", ".", "o"], ["p", "i", "t"]]
RING_TWO = [["p", "i", "t"], ["o", ".", "a"], ["t", "i", "p"]]


def _write(grid: list[list[str]]) -> str:
    return json.dumps(grid)


def test_hand_made_instance_is_solved_in_every_accepted_spelling() -> None:
    for answer in (
        _write(HAND_GOLD),
        json.dumps([[ch.upper() for ch in row] for row in HAND_GOLD], indent=2),
        '["cat", "o..", "w.."]',
        '[["c","a","t"],["o","#"," "],["w","",  "-"]]',
        "$" + _write(HAND_GOLD) + "$.",
    ):
        check = FAMILY.check(HAND, answer)
        assert check.correct and check.score == 1.0, (answer, check.reason)


def test_both_fillings_of_an_ambiguous_layout_are_accepted() -> None:
    assert FAMILY.check(RING, _write(RING_ONE)).correct
    assert FAMILY.check(RING, _write(RING_TWO)).correct
    clauses, letter_vars = wordscapes.encode(RING)
    project = [v for options in letter_vars.values() for v in options.values()]
    assert count_solutions(clauses, limit=5, project=project) == 2
    assert not wordscapes.has_unique_filling(RING)


def test_a_slot_that_is_not_a_listed_word_is_named() -> None:
    grid = [row[:] for row in HAND_GOLD]
    grid[2][0] = "g"  # cog is not listed
    check = FAMILY.check(HAND, _write(grid))
    assert not check.correct and check.format_ok
    assert check.reason == (
        "the down slot in column 1, rows 1-3 reads 'cog', which is not a down word (1 rule broken)"
    )
    assert 0 < check.credit() < 1


def test_a_word_used_twice_breaks_the_once_rule() -> None:
    instance = {"layout": ["___", "_..", "___"], "across": ["cat", "toe"], "down": ["cot"]}
    assert FAMILY.check(instance, '["cat", "o..", "toe"]').correct
    check = FAMILY.check(instance, '["cat", "o..", "cat"]')
    assert not check.correct
    assert check.reason.startswith("the across slot in row 3, columns 1-3 repeats 'cat'")


def test_an_empty_letter_cell_is_a_broken_rule_not_a_format_error() -> None:
    check = FAMILY.check(HAND, '["cat", "...", "w.."]')
    assert not check.correct and check.format_ok
    assert check.reason.startswith("cell (2,1) takes a letter but is empty")


def test_a_letter_in_an_empty_cell_earns_nothing() -> None:
    check = FAMILY.check(HAND, '["cat", "ox.", "w.."]')
    assert not check.correct and check.format_ok and check.credit() == 0.0
    assert check.reason == (
        "cell (2,2) is empty in the layout, the answer has 'x' (a changed given earns no credit)"
    )


def test_substrings_do_not_count_as_placed_words() -> None:
    """The original accepted a word anywhere inside a row; here each slot is read whole."""
    instance = {"layout": ["____", "_...", "_..."], "across": ["cats"], "down": ["cow"]}
    check = FAMILY.check(instance, '["scat", "o...", "w..."]')  # 'cat' is inside 'scat'
    assert not check.correct


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ('["cat", "o.."]', "expected 3 rows, got 2"),
        ('["cat", "o...", "w.."]', "row 2 has 4 cells; expected 3"),
        ('[["c","a","t"],["o",".","."],["w",".",7]]', "cell (3,3) is 7"),
        ('[["ca","a","t"],["o",".","."],["w",".","."]]', 'cell (1,1) is "ca"'),
        ("cat o.. w..", "not valid JSON"),
        ('{"a": 1}', "not a list of rows"),
    ],
)
def test_wrong_shapes_and_tokens_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and not check.format_ok and check.credit() == 0.0
    assert fragment in check.reason, check.reason


@pytest.mark.parametrize("level", range(1, 11))
def test_generated_layouts_have_one_filling_and_every_run_is_a_listed_word(level: int) -> None:
    for seed in range(3):
        task = taskgen.sample("wordscapes", level, seed)
        instance = task.instance
        assert wordscapes.has_unique_filling(instance)
        slots = wordscapes.find_slots(instance["layout"])
        assert len(slots) == len(instance["across"]) + len(instance["down"]) == task.params["words"]
        gold = json.loads(task.answer)
        read = {(slot.across, "".join(gold[r][c] for r, c in slot.cells)) for slot in slots}
        assert read == {(True, w) for w in instance["across"]} | {
            (False, w) for w in instance["down"]
        }
        assert instance["across"] == sorted(instance["across"])
        words = set(ranked_words(task.params["rank"]))
        assert all(w in words and w not in BLOCKED for w in instance["across"] + instance["down"])
        assert taskgen.verify(task, boxed(task.answer)).correct


def test_one_letter_from_the_solution_earns_partial_credit() -> None:
    task = taskgen.sample("wordscapes", 6, 1)
    gold = json.loads(task.answer)
    r, c = next((r, c) for r, row in enumerate(gold) for c, ch in enumerate(row) if ch != ".")
    gold[r][c] = "z" if gold[r][c] != "z" else "q"
    verdict = taskgen.verify(task, boxed(json.dumps(gold)), policy="partial")
    assert not verdict.correct and 0.8 < verdict.reward < 1.0


def test_crossings_knob_asks_for_loops() -> None:
    task = taskgen.sample("wordscapes", 4, 0, crossings=7)
    assert task.meta["crossings"] >= 7 > task.params["words"] - 1  # a tree has words - 1


def test_word_list_is_loaded_lazily() -> None:
    code = "import sys, taskgen; print('wordfreq' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_levels_grow_and_hardness_follows() -> None:
    low, high = taskgen.sample("wordscapes", 1, 0), taskgen.sample("wordscapes", 10, 0)
    assert low.params["rank"] < high.params["rank"] and low.params["words"] < high.params["words"]
    assert FAMILY.hardness(high) > 3 * FAMILY.hardness(low)


def test_prompt_lists_the_words_and_the_format() -> None:
    task = taskgen.sample("wordscapes", 5, 2)
    for word in task.instance["across"] + task.instance["down"]:
        assert word in task.prompt
    assert task.prompt.rstrip().endswith("inside \\boxed{}.")
    assert task.answer not in task.prompt


@pytest.mark.parametrize(
    ("knobs", "fragment"),
    [
        ({"size": 3}, "size:"),
        ({"rank": 10}, "rank:"),
        ({"max_length": 9}, "min_length <= max_length <= size"),
        ({"words": 1}, "words:"),
    ],
)
def test_bad_knobs_raise_clear_errors(knobs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidParamsError, match=fragment):
        taskgen.sample("wordscapes", 2, 0, **knobs)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"layout": ["___", "_..", "_._"]}, "lies in no slot"),
        ({"down": ["cows"]}, "down word lengths do not match"),
        ({"across": ["Cat"]}, "lowercase"),
        ({"layout": ["__x", "_..", "_.."]}, "'_' \\(letter\\) or '.'"),
    ],
)
def test_malformed_instance_is_rejected_on_load(change: dict[str, Any], fragment: str) -> None:
    record = json.loads(taskgen.sample("wordscapes", 1, 0).model_dump_json())
    record["instance"] = {**HAND, **change}
    with pytest.raises(InvalidTaskError, match=fragment):
        taskgen.load_task(record)


def test_docstring_example() -> None:
    instance = {"layout": ["___", "_.."], "across": ["cat"], "down": ["co"]}
    assert FAMILY.check(instance, '[["c","a","t"],["o",".","."]]').correct
