"""buggy_tables: every bug undone exactly from its description, statistics against Python's
``statistics``, the stated tolerance, the number read from the container only."""

from __future__ import annotations

import copy
import statistics
from fractions import Fraction
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.core.task import load_task
from taskgen.tasks.tracking import buggy_tables as bt

FAMILY = get("buggy_tables")

# Four days; keep the rows where steps > 5000 and mood <= 7 (days 1, 2 and 4), then
# |mean(steps) - mean(mood)| = |(6000 + 8000 + 9002) / 3 - (5 + 7 + 6) / 3| = 7661.333...
HAND: dict[str, Any] = {
    "columns": [{"name": "steps", "decimals": 0}, {"name": "mood", "decimals": 0}],
    "rows": [["6000", "5"], ["8000", "7"], ["4000", "9"], ["9002", "6"]],
    "bug": {"kind": "error", "cells": [[1, 0]], "extra": []},
    "query": {
        "conditions": [
            {"column": "steps", "op": ">", "value": "5000", "high": None},
            {"column": "mood", "op": "<=", "value": "7", "high": None},
        ],
        "stat": "mean",
        "a": "steps",
        "b": "mood",
        "population": False,
    },
}


def test_hand_made_table_is_solved_within_the_tolerance() -> None:
    for payload in ("7661.33", "7661.333", "7661.3337", "7,661.33", "$7661.33$", "7661.33."):
        assert FAMILY.check(HAND, payload).correct, payload
    for payload in ("7661.34", "7661.3", "7661", "0.00", "7667.33"):
        check = FAMILY.check(HAND, payload)
        assert not check.correct and check.format_ok, payload
    assert FAMILY.check(HAND, "7661.34").reason == (
        "7661.34 is not within 0.005 of the exact difference"
    )


def test_both_roundings_of_a_tie_pass() -> None:
    tie = copy.deepcopy(HAND)
    tie["query"]["stat"] = "median"
    tie["rows"] = [["1000", "5"], ["1001", "5"], ["9000", "9"], ["9000", "9"]]
    tie["query"]["conditions"][1] = {"column": "mood", "op": "!=", "value": "9", "high": None}
    tie["query"]["conditions"][0] = {"column": "steps", "op": "<", "value": "2000", "high": None}
    # median(steps) = 1000.5, median(mood) = 5: the difference 995.5 is exact
    assert bt.evaluate(bt.read_table(tie), ["steps", "mood"], tie["query"]) == Fraction(1991, 2)
    for payload in ("995.50", "995.5", "995.495", "995.505"):
        assert FAMILY.check(tie, payload).correct, payload
    assert not FAMILY.check(tie, "995.51").correct
    assert bt.rounded(Fraction(1125, 1000)) == "1.13"


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("about 7661", "is not one decimal number"),
        ("7661.67 steps", "is not one decimal number"),
        ("[7661.67]", "is not one decimal number"),
        ("1e3", "is not one decimal number"),
        ("", "is not one decimal number"),
        ("7" * 100, "too long"),
    ],
)
def test_malformed_answers_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and not check.format_ok and fragment in check.reason


def test_a_negative_number_is_wrong_not_malformed() -> None:
    check = FAMILY.check(HAND, "-7661.67")
    assert not check.correct and check.format_ok
    assert check.reason == "an absolute difference is never negative"


def test_only_the_container_is_read() -> None:
    """The original took the last 2-decimal number anywhere in the reply."""
    task = taskgen.sample("buggy_tables", 3, 0)
    assert not taskgen.verify(task, f"\\boxed{{{bt.FORMAT_EXAMPLE}}} so {task.answer}").correct
    assert taskgen.verify(task, f"maybe 1.00, no: \\boxed{{{task.answer}}}").correct


# -- every bug is exactly undoable from its description ---------------------------------------


@pytest.mark.parametrize("kind", bt.BUG_KINDS)
def test_undo_of_corrupt_is_the_true_table(kind: str) -> None:
    for level in (1, 6, 10):
        for seed in range(4):
            task = taskgen.sample("buggy_tables", level, seed, bugs=[kind])
            instance = task.instance
            printed = bt.corrupt(instance)
            assert bt.undo(printed, instance) == instance["rows"]
            text = bt.render_printed(printed, kind)
            for cell_text in (v for row in printed.grid for v in row):
                assert cell_text in text  # what undo reads is in the prompt
            assert bt.describe_bug(instance) in task.prompt


def test_odd_row_counts_merge_and_rotate_cleanly() -> None:
    for kind in ("merge_rows", "rotate_columns", "rotate_rows", "add_end_column"):
        task = taskgen.sample("buggy_tables", 5, 1, bugs=[kind], rows=9, columns=7)
        assert bt.undo(bt.corrupt(task.instance), task.instance) == task.instance["rows"]
        if kind == "merge_rows":
            assert "The last printed row holds the last day alone." in task.prompt


def test_error_values_are_listed_in_reading_order() -> None:
    printed = bt.corrupt(HAND)
    assert printed.grid[1][0] == "ERROR"
    assert "are: 8000." in bt.describe_bug(HAND)


# -- statistics and queries -------------------------------------------------------------------


def meets(row: list[str | None], index: dict[str, int], c: dict[str, Any]) -> bool:
    """A second reading of one condition, with fractions."""
    value = row[index[c["column"]]]
    if value is None:
        return False
    x, low = Fraction(value), Fraction(c["value"])
    if c["op"] == "between":
        return low <= x <= Fraction(c["high"])
    ops = {">": x > low, "<": x < low, ">=": x >= low, "<=": x <= low}
    ops |= {"==": x == low, "!=": x != low}
    return ops[c["op"]]


def python_stat(values: list[Fraction], stat: str, population: bool) -> float:
    """The statistic by Python's ``statistics`` module."""
    if stat == "sum":
        return float(sum(values, Fraction(0)))
    if stat in ("max", "min"):
        return float(max(values) if stat == "max" else min(values))
    if stat == "mean":
        return float(statistics.mean(values))
    if stat == "median":
        return float(statistics.median(values))
    if stat == "variance":
        return float(statistics.pvariance(values) if population else statistics.variance(values))
    return float(statistics.pstdev(values) if population else statistics.stdev(values))


@pytest.mark.parametrize("level", range(1, 11))
def test_gold_matches_pythons_statistics_on_the_true_table(level: int) -> None:
    for seed in range(3):
        task = taskgen.sample("buggy_tables", level, seed)
        instance, query = task.instance, task.instance["query"]
        index = {c["name"]: i for i, c in enumerate(instance["columns"])}
        kept = [r for r in instance["rows"] if all(meets(r, index, c) for c in query["conditions"])]
        assert len(kept) >= 2
        found = []
        for column in (query["a"], query["b"]):
            values = [Fraction(v) for r in kept if (v := r[index[column]]) is not None]
            found.append(python_stat(values, query["stat"], query["population"]))
        expected = abs(found[0] - found[1])
        assert abs(float(task.answer) - expected) <= 0.005 + 1e-6 * max(1.0, expected)


def test_sample_and_population_are_stated_and_differ() -> None:
    values = [100, 200, 400]
    assert bt.statistic("variance", values, False) == Fraction(7, 3)
    assert bt.statistic("variance", values, True) == Fraction(14, 9)
    assert bt.statistic("stdev", [100], False) is None
    query = {**HAND["query"], "stat": "stdev", "population": True}
    assert "population standard deviation (divide the sum of squared deviations by n)" in (
        bt.describe_stat(query)
    )


def test_generated_golds_avoid_the_lazy_answers() -> None:
    for level in (1, 4, 7, 10):
        for seed in range(6):
            task = taskgen.sample("buggy_tables", level, seed)
            for name, answers in FAMILY.lazy_answers(task.instance).items():
                for answer in answers:
                    assert not FAMILY.check(task.instance, answer).correct, (level, seed, name)


def test_every_condition_filters_something() -> None:
    for seed in range(10):
        task = taskgen.sample("buggy_tables", 8, seed)
        names = [c["name"] for c in task.instance["columns"]]
        table = bt.read_table(task.instance)
        for condition in task.instance["query"]["conditions"]:
            meeting = len(bt.kept_rows(table, names, {"conditions": [condition]}))
            assert 0 < meeting < len(table)


@pytest.mark.parametrize(
    "change",
    [
        lambda i: i.update(rows=[["6000", "5"], ["8000"]]),
        lambda i: i.update(rows=[["6000", "5"], ["8000", None]]),
        lambda i: i.update(rows=[["6000", "5.5"], ["8000", "7"]]),
        lambda i: i["bug"].update(cells=[[9, 0]]),
        lambda i: i["bug"].update(kind="add_end_row", cells=[]),
        lambda i: i["query"].update(a="mood", b="mood"),
        lambda i: i["query"].update(a="sleep"),
        lambda i: i["query"]["conditions"][0].update(op="between"),
        lambda i: i["query"]["conditions"][0].update(value="five"),
    ],
)
def test_malformed_instances_are_refused(change: Any) -> None:
    task = taskgen.sample("buggy_tables", 1, 0).model_dump()
    broken = copy.deepcopy(HAND)
    change(broken)
    task["instance"] = broken
    with pytest.raises(InvalidTaskError):
        load_task(task)
