"""SAT-specific rules: the model for a new family's tests."""

from __future__ import annotations

import itertools
import json
import pathlib

import pytest
from pysat.solvers import Solver

import taskgen
from taskgen.core.errors import (
    DimacsError,
    InvalidParamsError,
    InvalidTaskError,
    UnsatisfiableError,
)
from taskgen.tasks import sat
from taskgen.verifiers.extract import boxed

SATURN_SAMPLE = pathlib.Path(__file__).resolve().parents[1] / "data" / "saturn_sample.jsonl"
"""8 published SATURN test instances per source file (all 14 files: 10 unseen levels, 4 stages)."""


def _flip(bits: str, index: int) -> str:
    return bits[:index] + ("0" if bits[index] == "1" else "1") + bits[index + 1 :]


def _breaking_flip(task: taskgen.Task) -> tuple[str, int]:
    """Returns the gold with one bit flipped so that some clause breaks, and that clause."""
    for index in range(len(task.answer)):
        flipped = _flip(task.answer, index)
        failed = sat.unsatisfied_clauses(task.instance["clauses"], flipped)
        if failed:
            return flipped, failed[0]
    raise AssertionError("no single flip breaks a clause")


def test_instance_schema_is_exactly_num_vars_and_clauses() -> None:
    task = taskgen.sample("sat", 5, seed=3)
    assert set(task.instance) == {"num_vars", "clauses"}
    assert task.instance["num_vars"] == task.params["k"] == 5
    assert len(task.instance["clauses"]) == task.params["l"] == 13


@pytest.mark.parametrize("level", range(1, 11))
def test_clauses_are_distinct_width_n_and_planted(level: int) -> None:
    for seed in range(5):
        task = taskgen.sample("sat", level, seed)
        n, k = task.params["n"], task.params["k"]
        clauses = [tuple(c) for c in task.instance["clauses"]]
        assert len(set(clauses)) == len(clauses)
        for clause in clauses:
            assert len(clause) == n
            assert len({abs(x) for x in clause}) == n
            assert all(1 <= abs(x) <= k for x in clause)
        assert sat.unsatisfied_clauses(task.instance["clauses"], task.answer) == []


def test_one_flipped_bit_that_breaks_a_clause_is_wrong_with_partial_credit() -> None:
    task = taskgen.sample("sat", 8, seed=0)
    flipped, clause = _breaking_flip(task)
    verdict = taskgen.verify(task, boxed(flipped), policy="partial")
    assert not verdict.correct and verdict.format_ok
    assert f"clause {clause} is unsatisfied" in verdict.reason
    # one bit from the planted solution: credit 1 - 1/b, b the better constant's (or a
    # random assignment's) distance to the nearest solution
    assert 0 < verdict.reward < 1
    baseline = sat.get("sat").space(task.instance).baseline  # type: ignore[attr-defined]
    assert verdict.score == pytest.approx(1 - 1 / baseline)
    assert taskgen.verify(task, boxed(flipped), policy="saturn").reward == 0.0
    assert taskgen.verify(task, boxed(flipped)).reward == 0.0


def test_any_satisfying_assignment_is_accepted() -> None:
    task = taskgen.sample("sat", 1, seed=0)
    k = task.instance["num_vars"]
    solutions = [
        "".join(bits)
        for bits in itertools.product("01", repeat=k)
        if not sat.unsatisfied_clauses(task.instance["clauses"], "".join(bits))
    ]
    assert len(solutions) > 1  # level 1 leaves room for several
    for solution in solutions:
        assert taskgen.verify(task, boxed(solution)).correct


@pytest.mark.parametrize("payload", ["1010", "101100", "", "1" * 500])
def test_wrong_length_is_a_format_error(payload: str) -> None:
    task = taskgen.sample("sat", 3, seed=0)  # k = 5
    verdict = taskgen.verify(task, boxed(payload), policy="saturn")
    assert not verdict.correct and not verdict.format_ok
    assert verdict.reward == -1.0


def test_wrong_length_reason_names_the_lengths() -> None:
    task = taskgen.sample("sat", 3, seed=0)
    assert taskgen.verify(task, boxed("1010")).reason == "expected 5 characters of 0/1, got 4"


@pytest.mark.parametrize("payload", ["1012a", "TFTFT", "1,0,1,0,1", "11x11", "½1111"])
def test_non_binary_characters_are_rejected(payload: str) -> None:
    task = taskgen.sample("sat", 3, seed=0)
    verdict = taskgen.verify(task, boxed(payload))
    assert not verdict.correct and not verdict.format_ok
    assert "use only 0 and 1" in verdict.reason


def test_whitespace_and_text_wrapper_are_tolerated() -> None:
    task = taskgen.sample("sat", 3, seed=0)
    spaced = " ".join(task.answer)
    assert taskgen.verify(task, boxed(spaced)).correct
    assert taskgen.verify(task, boxed("\\text{" + task.answer + "}")).correct


def test_several_boxed_answers_the_last_counts() -> None:
    task = taskgen.sample("sat", 8, seed=1)
    wrong, _ = _breaking_flip(task)
    assert taskgen.verify(task, f"{boxed(wrong)} no wait {boxed(task.answer)}").correct
    assert not taskgen.verify(task, f"{boxed(task.answer)} no wait {boxed(wrong)}").correct


def test_boxed_answer_inside_thinking_is_ignored() -> None:
    task = taskgen.sample("sat", 8, seed=2)
    wrong, _ = _breaking_flip(task)
    assert not taskgen.verify(task, f"<think>{boxed(task.answer)}</think>{boxed(wrong)}").correct
    verdict = taskgen.verify(task, f"<think>{boxed(task.answer)}</think> done", policy="saturn")
    assert not verdict.format_ok and verdict.reward == -1.0
    assert taskgen.verify(task, f"<think>{boxed(wrong)}</think>{boxed(task.answer)}").correct


def test_answer_tags_when_chosen() -> None:
    task = taskgen.sample("sat", 4, seed=0)
    completion = f"<answer>{task.answer}</answer>"
    assert taskgen.verify(task, completion, container="answer").correct
    assert not taskgen.verify(task, completion).format_ok  # the default container is \boxed{}
    assert taskgen.verify(task, completion, container="auto").correct


def test_saturn_difficulty_strictly_increases_with_level() -> None:
    values = [sat.saturn_difficulty(*sat.LEVELS[level]) for level in range(1, 11)]
    assert all(b > a for a, b in itertools.pairwise(values))
    assert values[7] == pytest.approx(12.79, abs=0.01)  # SATURN's hardest test level (3,7,40)
    assert values[9] > values[7]
    task = taskgen.sample("sat", 5, seed=0)
    assert task.meta["saturn_d"] == pytest.approx(8.39, abs=0.01)


def test_saturn_d_matches_the_reference_table() -> None:
    table = {(3, 5, 5): 5.63, (4, 7, 20): 9.20, (5, 8, 40): 10.24, (6, 7, 40): 8.62}
    for (n, k, l), d in table.items():  # noqa: E741
        assert sat.saturn_difficulty(n, k, l) == pytest.approx(d, abs=0.01)


def test_explicit_knobs_override_the_level() -> None:
    task = taskgen.sample("sat", 5, seed=0, k=9, l=30)
    assert task.params == {"n": 3, "k": 9, "l": 30, "unique": False}
    assert task.instance["num_vars"] == 9 and len(task.instance["clauses"]) == 30
    assert taskgen.verify(task, boxed(task.answer)).correct


def test_more_than_26_variables_use_x_names() -> None:
    task = taskgen.sample("sat", 5, seed=0, k=40, l=60)
    assert "x40" in task.prompt and "x1," in task.prompt
    assert len(task.answer) == 40
    assert taskgen.verify(task, boxed(task.answer)).correct


def test_dense_formulas_use_every_available_clause() -> None:
    task = taskgen.sample("sat", 1, seed=0, n=3, k=3, l=7)  # all 7 clauses consistent with gold
    assert len({tuple(c) for c in task.instance["clauses"]}) == 7
    assert taskgen.verify(task, boxed(task.answer)).correct


@pytest.mark.parametrize(
    ("knobs", "fragment"),
    [
        ({"k": 2}, "exceeds the number of variables"),
        ({"l": 8, "k": 3}, "l must be at most 7"),
        ({"n": 0}, "n:"),
        ({"k": 10**9}, "k:"),
        ({"width": 3}, "unknown knob 'width'"),
    ],
)
def test_bad_knobs_raise_clear_errors(knobs: dict[str, int], fragment: str) -> None:
    with pytest.raises(InvalidParamsError, match=fragment):
        taskgen.sample("sat", 1, seed=0, **knobs)


def _count_solutions(task: taskgen.Task, limit: int = 3) -> int:
    count = 0
    with Solver(name="minisat22", bootstrap_with=task.instance["clauses"]) as solver:
        while count < limit and solver.solve():
            count += 1
            solver.add_clause([-x for x in solver.get_model() or []])
    return count


@pytest.mark.parametrize("level", range(1, 11))
def test_unique_option_leaves_exactly_one_solution(level: int) -> None:
    for seed in range(3):
        task = taskgen.sample("sat", level, seed, unique=True)
        assert _count_solutions(task) == 1
        assert taskgen.verify(task, boxed(task.answer)).correct
        added = task.meta["added_for_uniqueness"]
        assert len(task.instance["clauses"]) == task.params["l"] + added
        assert all(len(c) == task.params["n"] for c in task.instance["clauses"])


def test_plain_instances_often_have_several_solutions() -> None:
    counts = [_count_solutions(taskgen.sample("sat", 3, seed)) for seed in range(10)]
    assert max(counts) > 1  # uniqueness is an option, not a property of every instance


def test_dimacs_import_solves_and_round_trips() -> None:
    text = "c example\np cnf 4 3\n1 -2 0\n2 3\n -4 0\n-1 -3 0\n"
    task = sat.from_dimacs(text)
    assert task.instance == {"num_vars": 4, "clauses": [[1, -2], [2, 3, -4], [-1, -3]]}
    assert task.params == {"n": 3, "k": 4, "l": 3, "unique": False}
    assert taskgen.verify(task, boxed(task.answer)).correct
    again = sat.from_dimacs(sat.to_dimacs(task))
    assert again.instance == task.instance
    loaded = taskgen.load_task(task.model_dump_json())
    assert taskgen.verify(loaded, boxed(task.answer)).correct


def test_dimacs_ids_differ_for_different_formulas() -> None:
    first = sat.from_dimacs("p cnf 2 1\n1 2 0\n")
    second = sat.from_dimacs("p cnf 2 1\n1 -2 0\n")
    assert first.id != second.id


def test_dimacs_of_a_generated_task_gives_the_same_formula() -> None:
    task = taskgen.sample("sat", 7, seed=4)
    imported = sat.from_dimacs(sat.to_dimacs(task))
    assert imported.instance == task.instance
    assert imported.difficulty == 7


def test_unsatisfiable_dimacs_is_a_clear_error() -> None:
    with pytest.raises(UnsatisfiableError, match="unsatisfiable"):
        sat.from_dimacs("p cnf 1 2\n1 0\n-1 0\n")
    with pytest.raises(UnsatisfiableError, match="empty clause"):
        sat.from_dimacs("p cnf 1 1\n0\n")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("p cnf 2 1\n1 3 0\n", "exceeds the header"),
        ("p cnf x 1\n1 0\n", "expected 'p cnf"),
        ("p cnf 2 2\n1 2 0\n", "declares 2 clauses; found 1"),
        ("1 two 0\n", "'two' is not an integer"),
        ("c only comments\n", "no clauses"),
    ],
)
def test_malformed_dimacs_names_the_problem(text: str, fragment: str) -> None:
    with pytest.raises(DimacsError, match=fragment):
        sat.from_dimacs(text)


def test_satlib_percent_terminator() -> None:
    task = sat.from_dimacs("p cnf 2 1\n1 -2 0\n%\n0\n")
    assert task.instance["clauses"] == [[1, -2]]


def test_malformed_instances_are_rejected_on_load() -> None:
    record = json.loads(taskgen.sample("sat", 2, 0).model_dump_json())
    record["instance"]["clauses"][1] = [1, 0]
    with pytest.raises(InvalidTaskError, match="clause 1 has literal 0"):
        taskgen.verify(record, "\\boxed{0000}")
    record["instance"]["clauses"][1] = [9]
    with pytest.raises(InvalidTaskError, match="literal 9"):
        taskgen.load_task(record)
    record["instance"] = {"num_vars": 2}
    with pytest.raises(InvalidTaskError, match="instance"):
        taskgen.load_task(record)


def test_prompt_asks_for_the_box_and_hides_the_gold() -> None:
    task = taskgen.sample("sat", 6, seed=0)
    assert task.prompt.rstrip().endswith("inside \\boxed{}.")
    assert f"exactly {task.params['k']} characters" in task.prompt
    assert boxed(task.answer) not in task.prompt
    example = task.prompt.split("Format example", 1)[1]
    assert f"{task.params['k']} variables" not in example  # the example never has length k


def test_saturn_published_instances_verify_with_their_planted_solutions() -> None:
    lines = SATURN_SAMPLE.read_text().splitlines()
    assert len(lines) >= 100
    for line in lines:
        record = json.loads(line)
        dimacs = f"p cnf {record['k']} {record['l']}\n" + "".join(
            " ".join(map(str, clause)) + " 0\n" for clause in record["clauses"]
        )
        task = sat.from_dimacs(dimacs)
        assert taskgen.verify(task, boxed(record["planted"])).correct
        assert taskgen.verify(task, boxed(task.answer)).correct
        assert task.meta["saturn_d"] == pytest.approx(
            sat.saturn_difficulty(record["n"], record["k"], record["l"]), abs=1e-3
        )
