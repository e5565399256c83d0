"""The sum grids' fast paths agree with the plain code they replace (survo, kukurasu; issue 16).

* Survo draws its numbers and hidden cells through :mod:`taskgen.tasks._draws` (tested in
  ``tests/tasks/test_draws.py``); its generator equals the one first written with randint and
  ``rng.sample``.
* Its table is written with a cached ``%`` template; the shared ``render_table`` is the
  reference.
* :func:`~taskgen.tasks.grids._sums.plain_grid` reads plain JSON rows; wherever it answers,
  the shared :func:`~taskgen.verifiers.grid.read_grid` must give the same grid. Kukurasu
  reads compact 0/1 rows off their digits (``solves_compact``); wherever it answers, the
  answer read the general way and checked must agree.
* The lean correctness tests (``solves``) and ``accepts`` agree with the reasoned rules and
  with rules written out here from the docstrings, on gold, near-miss and junk answers.
* The ``constant_solves`` shortcuts agree with the default (write every constant fill, ask).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import taskgen
from taskgen.core.registry import Check, Family, get
from taskgen.tasks.grids import _sums, kukurasu, survo
from taskgen.verifiers.grid import Grid, changed_givens, read_grid

SURVO = get("survo")
KUKURASU = get("kukurasu")


def _reference_puzzle(
    knobs: survo.SurvoKnobs, rng: random.Random
) -> tuple[dict[str, Any], Grid, int | None]:
    """The generator as it was written first: randint, ``rng.sample`` of the cells."""
    size = knobs.n
    inner = [[rng.randint(knobs.low, knobs.high) for _ in range(size - 1)] for _ in range(size - 1)]
    solution = survo.with_sums(inner)
    cells = [(r, c) for r in range(size - 1) for c in range(size - 1)]
    hidden = sorted(rng.sample(cells, knobs.x))
    grid: list[list[int | None]] = [list(row) for row in solution]
    for r, c in hidden:
        grid[r][c] = None
    instance = {"grid": grid, "candidates": sorted(solution[r][c] for r, c in hidden)}
    return instance, solution, None


@pytest.mark.parametrize(
    "knobs",
    [
        *({"n": n, "x": x} for n, x in survo.LEVELS.values()),
        {"n": 3, "x": 4},
        {"n": 10, "x": 81},
        {"n": 10, "x": 1},
        {"n": 6, "x": 10, "low": 0, "high": 99},
        {"n": 5, "x": 16, "low": 7, "high": 7},
    ],
    ids=str,
)
def test_generate_puzzle_draws_as_the_first_generator(knobs: dict[str, Any]) -> None:
    parsed = survo.SurvoKnobs(**knobs)
    for seed in range(40):
        fast, reference = random.Random(seed), random.Random(seed)
        assert survo.generate_puzzle(parsed, fast) == _reference_puzzle(parsed, reference)
        assert fast.getstate() == reference.getstate()


# -- the prompt's table -----------------------------------------------------------------------


def _reference_table(grid: list[list[int | None]]) -> str:
    """The table as the prompt first wrote it, through the shared ``render_table``."""
    size = len(grid)
    cells = [["." if v is None else str(v) for v in row] for row in grid]
    table = _sums.render_table(
        [row[:-1] for row in cells[:-1]],
        [str(r) for r in range(1, size)],
        [str(c) for c in range(1, size)],
        right=[row[-1] for row in cells[:-1]],
        bottom=cells[-1][:-1],
        right_title="sum",
    )
    return table + f" | {cells[-1][-1]}"


@st.composite
def _tables(draw: st.DrawFn) -> list[list[int | None]]:
    size = draw(st.integers(3, 10))
    number = st.one_of(st.integers(0, 9), st.integers(-999, 99_999))
    grid: list[list[int | None]] = [[draw(number) for _ in range(size)] for _ in range(size)]
    for r in range(size - 1):
        for c in range(size - 1):
            if draw(st.booleans()):
                grid[r][c] = None
    return grid


@settings(max_examples=400, deadline=None)
@given(_tables())
def test_table_template_writes_what_render_table_writes(grid: list[list[int | None]]) -> None:
    assert survo.render_table_text(grid) == _reference_table(grid)


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 9), st.integers(0, 1000), st.data())
def test_table_of_non_negative_tables_is_render_tables(side: int, high: int, data: Any) -> None:
    number = st.integers(0, high)
    inner = [[data.draw(number) for _ in range(side)] for _ in range(side)]
    grid: list[list[int | None]] = [list(row) for row in survo.with_sums(inner)]
    for r in range(side):
        for c in range(side):
            if data.draw(st.booleans()):
                grid[r][c] = None
    expected = _reference_table(grid)
    assert survo.render_table_text(grid, non_negative=True) == expected
    assert survo.render_table_text(grid) == expected


def test_table_of_generated_tasks_is_render_tables() -> None:
    for level in range(1, 11):
        for seed in range(10):
            grid = taskgen.sample("survo", level, seed).instance["grid"]
            assert survo.render_table_text(grid) == _reference_table(grid)
            assert survo.render_table_text(grid, non_negative=True) == _reference_table(grid)
            assert _reference_table(grid) in taskgen.sample("survo", level, seed).prompt


# -- reading plain answers --------------------------------------------------------------------

_TOKENS = ["[", "]", ",", " ", "0", "1", "2", "9", "-", "01", "10", "1.0", "1e2", "true", "null"]
_TOKENS += ["\n", "\t", '"1"', "99999", "[[", "]]", "],[", "$", "\\", ".", "\uff11", "[]"]


@st.composite
def _grid_texts(draw: st.DrawFn) -> tuple[str, int, int]:
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    if draw(st.booleans()):  # well-formed rows with random spacing, sometimes a wrong shape
        shape_rows = rows + draw(st.sampled_from([0, 0, 0, 1, -1]))
        cell = st.one_of(st.integers(0, 1), st.integers(-20, 200))
        grid = [[draw(cell) for _ in range(cols)] for _ in range(max(shape_rows, 0))]
        space = st.sampled_from(["", " ", "  "])
        text = "[" + draw(space)
        text += ("," + draw(space)).join(
            "[" + ("," + draw(space)).join(str(v) for v in row) + "]" for row in grid
        )
        return text + draw(space) + "]", rows, cols
    tokens = draw(st.lists(st.sampled_from(_TOKENS), max_size=30))
    return "".join(tokens), rows, cols


@settings(max_examples=800, deadline=None)
@given(_grid_texts())
def test_plain_grid_reads_what_read_grid_reads(case: tuple[str, int, int]) -> None:
    text, rows, cols = case
    plain = _sums.plain_grid(text, rows, cols)
    if plain is not None:
        assert plain == read_grid(text, rows, cols)


def test_plain_grid_takes_the_forms_prompts_ask_for_and_refuses_others() -> None:
    assert _sums.plain_grid("[[1,2],[3,4]]", 2, 2) == [[1, 2], [3, 4]]
    assert _sums.plain_grid("[ [1, -2] , [3,4] ]", 2, 2) == [[1, -2], [3, 4]]
    long_payload = "[[1," + " " * 20_000 + "2]]"
    refused = ["[[1,2],[3]]", "[[1,2]]", "[[01,2],[3,4]]", "[[1.0,2],[3,4]]", long_payload]
    for text in refused:
        assert _sums.plain_grid(text, 2, 2) is None, text[:30]
    assert isinstance(read_grid(long_payload, 1, 2), Check)  # the shared reader's limit


# -- survo: the lean check against the rules --------------------------------------------------


def _survo_rules(instance: dict[str, Any], table: Grid) -> bool:
    """The rules as the docstring states them, written out cell by cell."""
    grid = instance["grid"]
    size = len(grid)
    used = []
    for r in range(size):
        for c in range(size):
            if grid[r][c] is None:
                used.append(table[r][c])
            elif grid[r][c] != table[r][c]:
                return False
    if Counter(used) != Counter(instance["candidates"]):
        return False
    for k in range(size - 1):
        if sum(table[k][c] for c in range(size - 1)) != table[k][size - 1]:
            return False
        if sum(table[r][k] for r in range(size - 1)) != table[size - 1][k]:
            return False
    return True


def _mutations(gold: Grid, free: list[tuple[int, int]], rng: random.Random) -> list[Grid]:
    """Near misses of ``gold``: a cell moved by one, two free cells swapped, a sum changed,
    a free cell set at random, two free cells moved in opposite directions."""
    out = []
    for _ in range(6):
        grid = [row[:] for row in gold]
        kind = rng.randrange(5)
        r, c = rng.choice(free) if free else (0, 0)
        if kind == 0:
            grid[r][c] += rng.choice([-1, 1])
        elif kind == 1 and len(free) > 1:
            (r1, c1), (r2, c2) = rng.sample(free, 2)
            grid[r1][c1], grid[r2][c2] = grid[r2][c2], grid[r1][c1]
        elif kind == 2:
            r2 = rng.randrange(len(grid))
            grid[r2][-1] += 1
        elif kind == 3:
            grid[r][c] = rng.randrange(0, 12)
        elif len(free) > 1:
            (r1, c1), (r2, c2) = rng.sample(free, 2)
            grid[r1][c1] += 1
            grid[r2][c2] -= 1
        out.append(grid)
    return out


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10), st.integers(0, 10_000), st.booleans())
def test_survo_fast_verdicts_agree_with_the_rules(level: int, seed: int, unique: bool) -> None:
    task = taskgen.sample("survo", level, seed, unique=unique)
    instance = task.instance
    size = len(instance["grid"])
    gold = json.loads(task.answer)
    rng = random.Random(seed)
    free = survo.hidden_cells(instance["grid"])
    tables = [gold, *_mutations(gold, free, rng)]
    tables.append([[rng.randrange(0, 20) for _ in range(size)] for _ in range(size)])
    tables.append([[1] * size for _ in range(size)])
    for table in tables:
        rules = _survo_rules(instance, table)
        reasoned = not survo.first_changed(instance["grid"], table) and not survo.broken_rules(
            instance, table
        )
        assert survo.solves(instance, table) == rules == reasoned
        for payload in (json.dumps(table), json.dumps(table, separators=(",", ":"))):
            check = SURVO.check(instance, payload)
            assert check.correct == rules == SURVO.accepts(instance, payload)
            if rules:
                assert check.reason == f"all {2 * (size - 1)} sums hold with the listed numbers"
        lines = "\n".join(" ".join(map(str, row)) for row in table)  # the general reader
        assert SURVO.check(instance, lines).correct == rules == SURVO.accepts(instance, lines)
    for junk in ["", "[]", "[[1,2]]", "x", task.answer[:-1], "[[true]]", json.dumps(gold) + "."]:
        assert SURVO.accepts(instance, junk) == SURVO.check(instance, junk).correct


@st.composite
def _survo_payloads(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A table (mostly consistent, hidden inner cells), and an answer in some form."""
    size = draw(st.integers(3, 6))
    # up to nine digits: the most a template's hidden number may have (its line-sum check
    # packs every line into one integer, which these sizes would break with a small base)
    big = st.integers(-(10**9) + 1, 10**9 - 1)
    number = st.one_of(st.integers(0, 9), st.integers(-30, 300), big)
    inner = [[draw(number) for _ in range(size - 1)] for _ in range(size - 1)]
    table = survo.with_sums(inner)
    if draw(st.integers(0, 4)) == 0:  # an inconsistent table: no answer solves it
        r, c = draw(st.integers(0, size - 1)), draw(st.integers(0, size - 1))
        table[r][c] += 1
    inner_cells = [(r, c) for r in range(size - 1) for c in range(size - 1)]
    hidden = draw(st.lists(st.sampled_from(inner_cells), unique=True, max_size=len(inner_cells)))
    grid: list[list[int | None]] = [list(row) for row in table]
    for r, c in hidden:
        grid[r][c] = None
    instance = {"grid": grid, "candidates": sorted(table[r][c] for r, c in hidden)}
    answer = [row[:] for row in table]
    near_miss: bool = draw(st.booleans())
    if hidden and near_miss:  # a moved or swapped hidden number
        (r, c), (r2, c2) = draw(st.sampled_from(hidden)), draw(st.sampled_from(hidden))
        if draw(st.booleans()):
            answer[r][c] += draw(st.sampled_from([-1, 1, 10, 2**31, -(2**40)]))
        else:
            answer[r][c], answer[r2][c2] = answer[r2][c2], answer[r][c]
    form = draw(st.integers(0, 3))
    if form == 0:
        payload = json.dumps(answer, separators=(",", ":"))
    elif form == 1:
        payload = json.dumps(answer)
    elif form == 2:  # the compact form with one character changed or a number rewritten
        text = list(json.dumps(answer, separators=(",", ":")))
        at = draw(st.integers(0, len(text) - 1))
        text[at] = draw(st.sampled_from(["0", "1", "9", ",", "[", "]", " ", "-0", "01", "-"]))
        payload = "".join(text)
    else:
        payload = json.dumps(answer, separators=(",", ":")) + draw(st.sampled_from(["", ".", " "]))
    return instance, payload


@settings(max_examples=800, deadline=None)
@given(_survo_payloads())
def test_survo_template_agrees_with_reading_then_checking(
    case: tuple[dict[str, Any], str],
) -> None:
    instance, payload = case
    compiled = survo.Template.build(instance)
    assert compiled is not None
    fast = compiled.solves(payload)
    size = len(instance["grid"])
    table = read_grid(payload, size, size)
    if fast is not None:
        assert not isinstance(table, Check)
        assert fast == survo.solves(instance, table) == _survo_rules(instance, table)
    correct = not isinstance(table, Check) and _survo_rules(instance, table)
    for _ in range(3):  # unseen, seen once (compiled now), compiled
        assert SURVO.accepts(instance, payload) == correct
        assert SURVO.check(instance, payload).correct == correct


@pytest.mark.parametrize("magnitude", [9, 10**4, 10**9 - 1])
def test_survo_template_base_exceeds_every_line_miss(magnitude: int) -> None:
    """No line's miss can carry into another line's digit of the packed line-sum check."""
    rng = random.Random(magnitude)
    for size in (3, 5, 8):
        inner = [
            [rng.randint(-magnitude, magnitude) for _ in range(size - 1)] for _ in range(size - 1)
        ]
        table = survo.with_sums(inner)
        grid: list[list[int | None]] = [list(row) for row in table]
        for r in range(size - 1):
            for c in range(size - 1):
                if rng.random() < 0.6:
                    grid[r][c] = None
        compiled = survo.Template.build({"grid": grid, "candidates": [1]})
        assert compiled is not None
        columns = [list(column) for column in zip(*grid, strict=True)]
        for line in [*grid[:-1], *columns[:-1]]:  # the inner rows and columns, sum last
            hidden = [v for v in line[:-1] if v is None]
            need = line[-1] - sum(v for v in line[:-1] if v is not None)  # type: ignore[operator]
            if hidden:  # a hidden number has at most nine digits
                assert len(hidden) * (10**9 - 1) + abs(need) < compiled.base


def test_survo_template_takes_the_gold_and_follows_an_edited_instance() -> None:
    task = taskgen.sample("survo", 5, 2)
    instance = json.loads(json.dumps(task.instance))
    assert survo.template(instance) is None  # the first sighting compiles nothing
    compiled = survo.template(instance)
    assert compiled is not None and compiled.solves(task.answer) is True
    assert survo.template(instance) is compiled
    assert compiled.solves(json.dumps(json.loads(task.answer))) is None  # spaced: read it
    gold = json.loads(task.answer)
    r, c = survo.hidden_cells(instance["grid"])[0]
    instance["grid"][r][c] = gold[r][c]  # shown now, and no longer listed
    instance["candidates"].remove(gold[r][c])
    assert survo.template(instance) is not compiled
    assert SURVO.check(instance, task.answer).correct
    instance["grid"][-1][-1] += 1  # the grand total is shown as given: the gold changes it
    assert not SURVO.check(instance, task.answer).correct
    assert not SURVO.accepts(instance, task.answer)


def test_survo_template_refuses_malformed_instances() -> None:
    assert survo.Template.build({"grid": [[1, None], [None, 2]], "candidates": [1, 1]}) is None
    assert survo.Template.build({"grid": [[1, 2], [3]], "candidates": []}) is None
    assert survo.Template.build({"grid": [[1, 2.0], [3, 4]], "candidates": []}) is None


# -- kukurasu: the lean check against the rules -----------------------------------------------


def _kukurasu_rules(instance: dict[str, Any], grid: Grid) -> bool:
    rows, cols = instance["rows"], instance["cols"]
    if any(grid[r][c] != v for r, c, v in instance["givens"]):
        return False
    for r in range(rows):
        if sum(c + 1 for c in range(cols) if grid[r][c] == 1) != instance["row_sums"][r]:
            return False
    for c in range(cols):
        if sum(r + 1 for r in range(rows) if grid[r][c] == 1) != instance["col_sums"][c]:
            return False
    return True


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10), st.integers(0, 10_000), st.integers(0, 6), st.booleans())
def test_kukurasu_fast_verdicts_agree_with_the_rules(
    level: int, seed: int, givens: int, unique: bool
) -> None:
    task = taskgen.sample("kukurasu", level, seed, givens=givens, unique=unique and level <= 7)
    instance = task.instance
    rows, cols = instance["rows"], instance["cols"]
    gold = json.loads(task.answer)
    rng = random.Random(seed)
    grids = [gold]
    for flips in (1, 1, 2, 2, 3):
        grid = [row[:] for row in gold]
        for _ in range(flips):
            r, c = rng.randrange(rows), rng.randrange(cols)
            grid[r][c] ^= 1
        grids.append(grid)
    grids.append([[rng.randrange(2) for _ in range(cols)] for _ in range(rows)])
    grids += [[[v] * cols for _ in range(rows)] for v in (0, 1)]
    for grid in grids:
        rules = _kukurasu_rules(instance, grid)
        reasoned = not changed_givens(grid, instance["givens"]) and not kukurasu.broken_lines(
            instance, grid
        )
        assert kukurasu.solves(instance, grid) == rules == reasoned
        for payload in (json.dumps(grid), json.dumps(grid, separators=(",", ":"))):
            check = KUKURASU.check(instance, payload)
            assert check.correct == rules == KUKURASU.accepts(instance, payload)
            if rules:
                assert check.reason == f"all {rows} row and {cols} column totals match"
    wide = json.dumps([[2, *row[1:]] for row in gold])  # a 2 is a format error, never shading
    for junk in ["", "[]", "[[1,0]]", "x", task.answer[:-1], "[[true]]", wide, "1 0; 0 1"]:
        assert KUKURASU.accepts(instance, junk) == KUKURASU.check(instance, junk).correct
    assert not KUKURASU.check(instance, wide).format_ok


_BIT_TOKENS = ["[", "]", ",", " ", "0", "1", "2", "01", "10", "1.0", "true", "[[", "]]", "],["]


@st.composite
def _bit_payloads(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    grid = [[draw(st.integers(0, 1)) for _ in range(cols)] for _ in range(rows)]
    row_sums, col_sums = kukurasu.targets(grid)
    if draw(st.booleans()):  # totals of another grid: mostly wrong
        other = [[draw(st.integers(0, 1)) for _ in range(cols)] for _ in range(rows)]
        row_sums, col_sums = kukurasu.targets(other)
    cells = [(r, c) for r in range(rows) for c in range(cols)]
    givens = [
        [r, c, draw(st.integers(0, 1))]
        for r, c in draw(st.lists(st.sampled_from(cells), max_size=3, unique=True))
    ]
    instance = {
        "rows": rows,
        "cols": cols,
        "row_sums": row_sums,
        "col_sums": col_sums,
        "givens": givens,
    }
    form = draw(st.integers(0, 3))
    if form == 0:
        payload = json.dumps(grid, separators=(",", ":"))
    elif form == 1:
        payload = json.dumps(grid)
    elif form == 2:  # the compact form with one character changed
        text = list(json.dumps(grid, separators=(",", ":")))
        text[draw(st.integers(0, len(text) - 1))] = draw(st.sampled_from("01,[] 2"))
        payload = "".join(text)
    else:
        payload = "".join(draw(st.lists(st.sampled_from(_BIT_TOKENS), max_size=25)))
    return instance, payload


@settings(max_examples=800, deadline=None)
@given(_bit_payloads())
def test_kukurasu_compact_reading_agrees_with_reading_then_checking(
    case: tuple[dict[str, Any], str],
) -> None:
    instance, payload = case
    fast = kukurasu.solves_compact(instance, payload)
    grid = read_grid(payload, instance["rows"], instance["cols"], low=0, high=1)
    if fast is not None:
        assert not isinstance(grid, Check)
        assert fast == kukurasu.solves(instance, grid) == _kukurasu_rules(instance, grid)
    correct = not isinstance(grid, Check) and _kukurasu_rules(instance, grid)
    assert (
        KUKURASU.accepts(instance, payload) == correct == KUKURASU.check(instance, payload).correct
    )


def test_kukurasu_compact_reading_takes_the_gold() -> None:
    for level in range(1, 11):
        task = taskgen.sample("kukurasu", level, 0, givens=2)
        assert kukurasu.solves_compact(task.instance, task.answer) is True
        assert kukurasu.solves_compact(task.instance, json.dumps(json.loads(task.answer))) is None


# -- constant-answer screens ------------------------------------------------------------------


def _survo_instances() -> list[dict[str, Any]]:
    out = [
        taskgen.sample("survo", level, seed).instance for level in (1, 2, 5) for seed in range(20)
    ]
    for side, value, hide in ((2, 3, 4), (3, 5, 2), (4, 0, 5), (3, 7, 9)):
        table = survo.with_sums([[value] * side for _ in range(side)])
        grid: list[list[int | None]] = [list(row) for row in table]
        cells = [(r, c) for r in range(side) for c in range(side)][:hide]
        for r, c in cells:
            grid[r][c] = None
        out.append({"grid": grid, "candidates": [value] * hide})  # a constant solves this
        wrong_sum = [row[:] for row in grid]
        wrong_sum[0][-1] = (wrong_sum[0][-1] or 0) + 1
        out.append({"grid": wrong_sum, "candidates": [value] * hide})  # no answer solves this
    mixed = survo.with_sums([[4, 4], [4, 5]])
    out.append({"grid": [[None, None, 8], [4, None, 9], [8, 9, 17]], "candidates": [4, 4, 5]})
    out.append({"grid": [list(row) for row in mixed], "candidates": []})
    return out


def _kukurasu_instances() -> list[dict[str, Any]]:
    out = [
        taskgen.sample("kukurasu", level, seed, givens=givens).instance
        for level in (1, 3)
        for seed in range(10)
        for givens in (0, 3)
    ]
    for rows, cols in ((3, 3), (3, 4)):
        for value in (0, 1):
            full = [[value] * cols for _ in range(rows)]
            row_sums, col_sums = kukurasu.targets(full)
            base = {"rows": rows, "cols": cols, "row_sums": row_sums, "col_sums": col_sums}
            out.append({**base, "givens": []})  # the constant solves it
            out.append({**base, "givens": [[0, 0, value]]})  # still
            out.append({**base, "givens": [[0, 0, 1 - value]]})  # its rows miss: ruled out
            shifted = {**base, "col_sums": [s + 1 for s in col_sums]}
            out.append({**shifted, "givens": []})  # rows fit, columns do not: written, refused
    return out


@pytest.mark.parametrize(
    ("family", "instances"), [(SURVO, _survo_instances), (KUKURASU, _kukurasu_instances)]
)
def test_the_constant_screen_agrees_with_the_default(
    family: Family, instances: Callable[[], list[dict[str, Any]]]
) -> None:
    verdicts = []
    for instance in instances():
        verdict = family.constant_solves(instance)
        assert verdict == Family.constant_solves(family, instance), instance
        verdicts.append(verdict)
    assert any(verdicts) and not all(verdicts)
