"""The sat family's fast paths agree with the plain code they replace (issue 16).

Generation draws through ``getrandbits`` exactly as ``random.Random.sample`` / ``randrange``
would; a ``random.Random`` subclass takes the plain path (``draw_clauses``), so comparing the
two proves the same formula and the same generator state after. Checking builds the set of
true literals once; it must agree with :func:`taskgen.tasks.sat.unsatisfied_clauses`.
"""

from __future__ import annotations

import hashlib
import random
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pysat.solvers import Solver

import taskgen
from taskgen.core.registry import Check, Family, get
from taskgen.tasks import _draws, sat
from taskgen.verifiers.extract import unwrap_latex


class _Plain(random.Random):
    """A generator whose draws are ``random.Random``'s, but which takes sat's plain path."""


# (n, k, l): every level, dense formulas (enumerated), the sample's pool/set switch at
# k = 21/22 (n <= 5) and 85/86 (n = 6), pick tables too large, widths 1-6.
SHAPES = [
    *sat.LEVELS.values(),
    (1, 4, 4),
    (1, 9, 5),
    (2, 3, 5),
    (2, 6, 10),
    (3, 3, 7),
    (3, 4, 20),
    (3, 8, 20),
    (3, 21, 30),
    (3, 22, 30),
    (3, 40, 60),
    (4, 9, 30),
    (5, 12, 20),
    (5, 21, 20),
    (6, 8, 10),
    (6, 85, 12),
    (6, 86, 12),
]


@pytest.mark.parametrize(("n", "k", "l"), SHAPES, ids=str)
def test_fast_draw_equals_the_plain_draw_and_leaves_the_same_state(n: int, k: int, l: int) -> None:  # noqa: E741
    for seed in range(25):
        fast, plain = random.Random(seed), _Plain(seed)
        assert sat.draw_formula(n, k, l, fast) == sat.draw_formula(n, k, l, plain)
        assert fast.getstate() == plain.getstate()


@pytest.mark.parametrize(("n", "k", "l"), SHAPES, ids=str)
def test_fast_generate_equals_the_plain_generate(n: int, k: int, l: int) -> None:  # noqa: E741
    family = get("sat")
    for unique in (False, True) if k <= 10 else (False,):
        knobs = sat.SatKnobs(n=n, k=k, l=l, unique=unique)
        for seed in range(10):
            fast, plain = random.Random(seed), _Plain(seed)
            assert family.generate(knobs, fast) == family.generate(knobs, plain)
            assert fast.getstate() == plain.getstate()


def _digest(tasks: list[taskgen.Task]) -> str:
    digest = hashlib.sha256()
    for task in tasks:
        digest.update(task.model_dump_json().encode() + b"\n")
    return digest.hexdigest()


def test_tasks_are_byte_identical_to_before_the_fast_paths() -> None:
    """Digests of the tasks the plain generator made (commit 5bca850)."""
    tasks = [taskgen.sample("sat", level, seed) for level in range(1, 11) for seed in range(10)]
    assert _digest(tasks) == "0b6faa2441fb34acd2ae938f088a4ec1a9431f77249162786b8e6762c5a9b932"
    knobs: list[dict[str, int | bool]] = [
        {"k": 8, "l": 20},
        {"n": 4, "k": 9, "l": 30},
        {"unique": True},
        {"n": 2, "k": 6, "l": 10},
        {"k": 30, "l": 60},
        {"n": 1, "k": 4, "l": 4},
    ]
    tasks = [
        taskgen.sample("sat", level, seed, **extra)
        for extra in knobs
        for level in (1, 3, 5, 8)
        for seed in range(8)
    ]
    assert _digest(tasks) == "cf8a7d878fc2381d41456db11395752a5b65693289b1865f4a56c685f1a105f6"


def test_pool_limit_is_the_one_random_sample_uses() -> None:
    """Just below and above the limit, ``sample`` makes the draws the pool (or set) rule says."""
    for size in range(1, 12):
        limit = _draws.sample_pool_limit(size)
        for population in (limit, limit + 1):
            for seed in range(5):
                rng = random.Random(seed)
                drawn = rng.sample(range(population), size)
                replay = random.Random(seed)
                if population <= limit:
                    pool, expected = list(range(population)), []
                    for i in range(size):
                        j = replay._randbelow(population - i)  # type: ignore[attr-defined]
                        expected.append(pool[j])
                        pool[j] = pool[population - i - 1]
                else:
                    expected = []
                    while len(expected) < size:
                        j = replay._randbelow(population)  # type: ignore[attr-defined]
                        if j not in expected:
                            expected.append(j)
                assert drawn == expected
                assert rng.getstate() == replay.getstate()


def test_pick_table_matches_random_sample() -> None:
    for n, k in ((1, 5), (2, 7), (3, 5), (3, 14), (4, 9)):
        table = sat._pick_table(n, k)
        assert table is not None
        numbers, sets = table
        radices = range(k, k - n, -1)
        for seed in range(200):
            rng = random.Random(seed)
            state = rng.getstate()
            drawn = sorted(rng.sample(range(1, k + 1), n))
            rng.setstate(state)
            index = 0
            for radix in radices:
                index = index * radix + rng._randbelow(radix)  # type: ignore[attr-defined]
            assert sets[numbers[index]] == tuple(drawn)


def test_clause_table_orders_and_writes_clauses_like_the_plain_code() -> None:
    for n, k in ((1, 3), (2, 4), (3, 5), (3, 14)):
        table = sat._clause_table(n, k)
        assert table is not None
        names = sat.variable_names(k)
        by_rank = sorted(range(len(table.clauses)), key=table.rank.__getitem__)
        listed = [list(table.clauses[code]) for code in by_rank]
        assert listed == sorted(listed, key=lambda c: [(abs(x), x < 0) for x in c])
        for code, clause in enumerate(table.clauses):
            assert table.texts[code] == sat.format_clause(clause, names)
            assert table.all_positive[code] == all(x > 0 for x in clause)
            assert table.all_negative[code] == all(x < 0 for x in clause)


def _plain_prompt_lines(num_vars: int, clauses: list[list[int]]) -> str:
    names = sat.variable_names(num_vars)
    return "\n".join(f"{i:>3}. ({sat.format_clause(c, names)})" for i, c in enumerate(clauses, 1))


@pytest.mark.parametrize("num_vars", [1, 3, 4, 26, 27, 120, sat._TABLE_VARS + 1])
def test_prompt_lists_every_clause_as_format_clause_writes_it(num_vars: int) -> None:
    rng = random.Random(num_vars)
    clauses = [
        [rng.choice((1, -1)) * rng.randint(1, num_vars) for _ in range(rng.randint(1, 4))]
        for _ in range(rng.randint(1, 130))
    ]
    prompt = sat.render_prompt(num_vars, clauses)
    lines = _plain_prompt_lines(num_vars, clauses)
    assert "Clauses:\n" + lines + "\n\n" in prompt
    assert f"and {len(clauses)} clause" in prompt


def test_long_and_short_formulas_after_each_other_are_numbered_right() -> None:
    for count in (3, sat._KEPT_LINES + 7, 40, 2 * sat._KEPT_LINES + 1, 5):
        clauses = [[1 + i % 5, -(1 + (i + 1) % 5)] for i in range(count)]
        assert "Clauses:\n" + _plain_prompt_lines(5, clauses) + "\n\n" in sat.render_prompt(
            5, clauses
        )
    assert len(sat._LINE_STARTS[0]) <= 2 * sat._KEPT_LINES


# -- checking --------------------------------------------------------------------------------


def _plain_parse(payload: str, num_vars: int) -> str | Check:
    bits = "".join(unwrap_latex(payload).split())
    for position, char in enumerate(bits[: num_vars + 1], 1):
        if char not in "01":
            return Check(
                False, 0.0, f"character {position} is {char[:1]!r}; use only 0 and 1", False
            )
    if len(bits) != num_vars:
        return Check(False, 0.0, f"expected {num_vars} characters of 0/1, got {len(bits)}", False)
    return bits


def _plain_check(instance: dict[str, object], payload: str) -> Check:
    clauses: list[list[int]] = instance["clauses"]  # type: ignore[assignment]
    parsed = _plain_parse(payload, instance["num_vars"])  # type: ignore[arg-type]
    if isinstance(parsed, Check):
        return parsed
    failed = sat.unsatisfied_clauses(clauses, parsed)
    if not failed:
        return Check(True, 1.0, f"all {len(clauses)} clauses are satisfied")
    return Check(False, 0.0, f"clause {failed[0]} is unsatisfied ({len(failed)} of {len(clauses)})")


@st.composite
def _formulas(draw: st.DrawFn) -> tuple[int, list[list[int]]]:
    num_vars = draw(st.integers(1, 24))
    literal = st.integers(1, num_vars).flatmap(lambda v: st.sampled_from([v, -v]))
    clauses = draw(st.lists(st.lists(literal, min_size=1, max_size=4), min_size=1, max_size=30))
    return num_vars, clauses


@settings(max_examples=400, deadline=None)
@given(_formulas(), st.data())
def test_check_and_accepts_agree_with_the_plain_check(
    formula: tuple[int, list[list[int]]], data: st.DataObject
) -> None:
    num_vars, clauses = formula
    instance = {"num_vars": num_vars, "clauses": clauses}
    bits = data.draw(st.text("01", min_size=num_vars, max_size=num_vars))
    payload = data.draw(
        st.sampled_from(
            [bits, f" {bits} ", "\\text{" + bits + "}", bits + ".", bits[:-1], bits + "0"]
        )
        | st.text("01 2x.", max_size=num_vars + 2)
    )
    family = get("sat")
    assert sat.satisfies(clauses, bits) == (not sat.unsatisfied_clauses(clauses, bits))
    assert sat.parse_assignment(payload, num_vars) == _plain_parse(payload, num_vars)
    check = family.check(instance, payload)
    assert check == _plain_check(instance, payload)
    assert family.accepts(instance, payload) == check.correct


@settings(max_examples=300, deadline=None)
@given(_formulas())
def test_constant_solves_agrees_with_the_default(formula: tuple[int, list[list[int]]]) -> None:
    num_vars, clauses = formula
    instance = {"num_vars": num_vars, "clauses": clauses}
    family = get("sat")
    expected = Family.constant_solves(family, instance)
    assert family.constant_solves(instance) == expected
    assert expected == sat.constant_satisfies(clauses)


def test_every_assignment_of_small_formulas_is_judged_like_the_plain_check() -> None:
    family = get("sat")
    for level in (1, 2, 3):
        for seed in range(5):
            task = taskgen.sample("sat", level, seed)
            for values in product("01", repeat=task.instance["num_vars"]):
                payload = "".join(values)
                assert family.check(task.instance, payload) == _plain_check(task.instance, payload)


def test_long_assignments_skip_the_kept_literal_sets() -> None:
    num_vars = sat._KEPT_BITS + 5
    clauses = [[1, -num_vars], [num_vars, 2]]
    assert sat.satisfies(clauses, "1" * num_vars)
    assert not sat.satisfies(clauses, "0" * num_vars)


def test_answer_layout_is_shared_and_writes_bits() -> None:
    family = get("sat")
    layout = family.answer_layout({"num_vars": 3, "clauses": [[1]]})
    assert layout is family.answer_layout({"num_vars": 3, "clauses": [[-2]]})
    assert layout.write(layout.fill([1, 0, 1])) == "101"


def _plain_preferred(solver: Solver, order: list[int], planted: list[bool]) -> list[bool]:
    """The greedy search without the model's witness: one solver call per variable."""
    assumptions: list[int] = []
    for var in order:
        preferred = var if planted[var] else -var
        assumptions.append(
            preferred if solver.solve(assumptions=[*assumptions, preferred]) else -preferred
        )
    other = [False] * len(planted)
    for literal in assumptions:
        other[abs(literal)] = literal > 0
    return other


@pytest.mark.parametrize(("n", "k", "l"), [(2, 5, 4), (3, 6, 8), (3, 9, 20), (3, 12, 30)], ids=str)
def test_witness_guided_search_finds_the_plain_greedy_solution(n: int, k: int, l: int) -> None:  # noqa: E741
    calls = 0
    for seed in range(30):
        rng = random.Random(seed)
        planted, clauses = sat.draw_formula(n, k, l, rng)
        blocker = [-var if planted[var] else var for var in range(1, k + 1)]
        order = list(range(1, k + 1))
        rng.shuffle(order)
        with Solver(name="minisat22", bootstrap_with=[*map(list, clauses), blocker]) as solver:
            while solver.solve():
                fast = sat._preferred_other_solution(solver, order, planted)
                assert fast == _plain_preferred(solver, order, planted)
                assert fast != planted
                calls += 1
                pivot = next(var for var in order if fast[var] != planted[var])
                solver.add_clause([-pivot if fast[pivot] else pivot])
    assert calls > 30
