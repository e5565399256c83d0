"""Latin-square helpers shared by sudoku, futoshiki, calcudoko and skyscraper_puzzle.

Not a family module (the leading underscore keeps it out of discovery). It holds:

* random full solutions: :func:`random_latin_square` (any ``n``) and :func:`random_sudoku`
  (a Latin square whose boxes are permutations too);
* the CNF of "every cell holds one value, every unit holds each value once"
  (:class:`GridEncoding`), the base of every uniqueness proof;
* :class:`UniquenessOracle`: an incremental python-sat solver that holds that CNF plus a
  clause forbidding the planted solution, so "is the planted solution the only one under
  these clues?" is one solver call with the clues' selector literals as assumptions;
* :func:`prune_clues`: the clue-removal loop (drop clues in an rng-drawn order while the
  solution stays unique);
* checker helpers: :func:`read_grid` (payload → grid or format error), :func:`judge`
  (givens, then rows/columns/boxes, then the family's rules → a Check whose partial credit
  is progress toward the solution, see :func:`latin_space`) and the prompt's shared closing
  lines, :func:`answer_instructions`.

Only satisfiable / unsatisfiable answers of the solver are used during generation, never
its models, so a seed's puzzle is a fact about the formulas and does not depend on the
solver's search order or version.

>>> import random
>>> square = random_latin_square(4, random.Random(0))
>>> all(sorted(row) == [1, 2, 3, 4] for row in square)
True
>>> all(sorted(col) == [1, 2, 3, 4] for col in zip(*square))
True
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from functools import lru_cache

from pysat.solvers import Solver

from taskgen.core.registry import Check
from taskgen.tasks._cnf import CNF, SOLVER, VarPool, exactly_one
from taskgen.tasks._progress import SolutionSpace
from taskgen.verifiers.grid import Grid, changed_givens, read_grid
from taskgen.verifiers.progress import AnswerLayout

Cell = tuple[int, int]
"""A cell as 0-based ``(row, column)``."""


def cell_name(cell: Sequence[int]) -> str:
    """Returns the 1-based name of a 0-based cell, as prompts and reasons write it.

    >>> cell_name((0, 2))
    '(1,3)'
    """
    return f"({cell[0] + 1},{cell[1] + 1})"


def rows_and_columns(n: int) -> list[list[Cell]]:
    """Returns the ``2n`` units of an ``n`` x ``n`` Latin square: rows first, then columns."""
    rows = [[(r, c) for c in range(n)] for r in range(n)]
    cols = [[(r, c) for r in range(n)] for c in range(n)]
    return rows + cols


def repeated_value(grid: Grid, unit: Sequence[Cell]) -> int | None:
    """Returns the smallest value that occurs twice in ``unit``, or ``None`` if none does.

    >>> repeated_value([[1, 2], [2, 2]], [(1, 0), (1, 1)])
    2
    """
    seen: set[int] = set()
    repeats: list[int] = []
    for r, c in unit:
        value = grid[r][c]
        if value in seen:
            repeats.append(value)
        seen.add(value)
    return min(repeats) if repeats else None


# -- random full solutions --------------------------------------------------------------------


def _augment(
    column: int,
    candidates: list[list[int]],
    owner: dict[int, int],
    visited: set[int],
) -> bool:
    """Kuhn's augmenting step: gives ``column`` a symbol, re-seating earlier owners."""
    for symbol in candidates[column]:
        if symbol in visited:
            continue
        visited.add(symbol)
        previous = owner.get(symbol)
        if previous is None or _augment(previous, candidates, owner, visited):
            owner[symbol] = column
            return True
    return False


def random_latin_square(n: int, rng: random.Random) -> Grid:
    """Draws an ``n`` x ``n`` Latin square over ``1..n`` row by row, never backtracking.

    Each new row is a perfect matching of columns to the symbols still missing from them,
    found by augmenting paths over rng-shuffled candidates. A Latin rectangle always
    extends by a row (Hall's theorem), so this never fails. Rows, columns and symbols are
    relabelled at random at the end, which spreads the draws over many isotopy classes.
    """
    missing = [list(range(1, n + 1)) for _ in range(n)]
    square: Grid = []
    for _ in range(n):
        candidates = [rng.sample(column, len(column)) for column in missing]
        owner: dict[int, int] = {}
        for column in rng.sample(range(n), n):
            _augment(column, candidates, owner, set())
        row = [0] * n
        for symbol, column in owner.items():
            row[column] = symbol
        for column, symbol in enumerate(row):
            missing[column].remove(symbol)
        square.append(row)
    rows = rng.sample(range(n), n)
    cols = rng.sample(range(n), n)
    symbols = [0, *rng.sample(range(1, n + 1), n)]
    return [[symbols[square[r][c]] for c in cols] for r in rows]


def random_sudoku(box_rows: int, box_cols: int, rng: random.Random) -> Grid:
    """Draws a full sudoku grid (side ``box_rows * box_cols``) by randomised backtracking.

    The cell with the fewest candidates is filled first (ties: the first in reading order),
    candidates in an rng-drawn order.
    """
    n = box_rows * box_cols
    full = (1 << (n + 1)) - 2
    row_used = [0] * n
    col_used = [0] * n
    box_used = [0] * n
    grid = [[0] * n for _ in range(n)]

    def box(r: int, c: int) -> int:
        return (r // box_rows) * box_rows + c // box_cols

    def fill() -> bool:
        best: tuple[int, int] | None = None
        best_free = 0
        best_count = n + 1
        for r in range(n):
            for c in range(n):
                if grid[r][c]:
                    continue
                free = full & ~(row_used[r] | col_used[c] | box_used[box(r, c)])
                count = free.bit_count()
                if count < best_count:
                    best, best_free, best_count = (r, c), free, count
                    if count <= 1:
                        break
            if best_count <= 1:
                break
        if best is None:
            return True
        if best_count == 0:
            return False
        r, c = best
        b = box(r, c)
        values = [v for v in range(1, n + 1) if best_free >> v & 1]
        rng.shuffle(values)
        for value in values:
            bit = 1 << value
            grid[r][c] = value
            row_used[r] |= bit
            col_used[c] |= bit
            box_used[b] |= bit
            if fill():
                return True
            row_used[r] &= ~bit
            col_used[c] &= ~bit
            box_used[b] &= ~bit
        grid[r][c] = 0
        return False

    fill()
    return grid


# -- CNF ----------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _base_encoding(
    n: int, units: tuple[tuple[Cell, ...], ...]
) -> tuple[VarPool, tuple[tuple[int, ...], ...]]:
    """Returns the cell variables and the base clauses of :class:`GridEncoding`, built once
    per shape.

    Every sudoku of one shape has the same ~12,000 base clauses; building them afresh per
    task made that many short-lived lists, so the garbage collector ran about fifteen times
    per 9 x 9 puzzle (a fifth of generation time, more next to a large library). Immutable
    tuples built once are shared by every encoding instead; the clauses, their order and
    the variable numbering are exactly what the loop below always produced.
    """
    pool = VarPool()
    for r in range(n):
        for c in range(n):
            for v in range(1, n + 1):
                pool.var(("x", r, c, v))

    def lit(r: int, c: int, v: int) -> int:
        return pool.var(("x", r, c, v))

    clauses: CNF = []
    for r in range(n):
        for c in range(n):
            clauses += exactly_one([lit(r, c, v) for v in range(1, n + 1)])
    for unit in units:
        for v in range(1, n + 1):
            clauses += exactly_one([lit(r, c, v) for r, c in unit])
    return pool, tuple(tuple(clause) for clause in clauses)


class GridEncoding:
    """The CNF of an ``n`` x ``n`` grid over ``1..n`` whose ``units`` hold each value once.

    ``lit(r, c, v)`` is the variable "cell (r, c) holds v". Other variables (selectors,
    auxiliaries) come from the same :attr:`pool`, after the cell variables.
    """

    def __init__(self, n: int, units: Sequence[Sequence[Cell]]) -> None:
        self.n = n
        pool, clauses = _base_encoding(n, tuple(tuple(unit) for unit in units))
        self.pool = pool.copy()
        self.clauses: list[Sequence[int]] = list(clauses)
        """The clauses: the shared base (tuples, never to be mutated) plus what callers add."""

    def lit(self, r: int, c: int, v: int) -> int:
        """Returns the variable "cell (r, c) holds v" (0-based cell, value ``1..n``)."""
        return self.pool.var(("x", r, c, v))

    def fresh(self) -> int:
        """Returns a new auxiliary variable."""
        return self.pool.var(("aux", self.pool.top))

    @property
    def cell_vars(self) -> list[int]:
        """The cell variables, which define a solution (for counting solutions)."""
        return list(range(1, self.n**3 + 1))

    def givens(self, puzzle: Grid) -> CNF:
        """Returns unit clauses fixing the non-zero cells of ``puzzle``."""
        return [[self.lit(r, c, v)] for r, row in enumerate(puzzle) for c, v in enumerate(row) if v]

    def decode(self, model: set[int]) -> Grid:
        """Reads a grid from the true variables of a model."""
        n = self.n
        return [
            [next((v for v in range(1, n + 1) if self.lit(r, c, v) in model), 0) for c in range(n)]
            for r in range(n)
        ]


class UniquenessOracle:
    """Answers "is ``solution`` the only solution under these clues?" with one SAT call.

    The solver holds the encoding's clauses and one clause saying "some cell differs from
    ``solution``". A clue is added once, guarded by a selector literal; the question is then
    whether the solver is unsatisfiable under the selectors of the active clues. A given
    cell needs no guard: its selector is its own cell literal.
    """

    def __init__(self, encoding: GridEncoding, solution: Grid) -> None:
        self.encoding = encoding
        n = encoding.n
        differs = [-encoding.lit(r, c, solution[r][c]) for r in range(n) for c in range(n)]
        self._solver = Solver(name=SOLVER, bootstrap_with=[*encoding.clauses, differs])
        self.calls = 0

    def add(self, clauses: CNF) -> None:
        """Adds unguarded clauses (definitions of auxiliary variables)."""
        for clause in clauses:
            self._solver.add_clause(clause)

    def guard(self, clauses: CNF) -> int:
        """Adds ``clauses`` switched on by a new selector literal and returns the selector."""
        selector = self.encoding.fresh()
        for clause in clauses:
            self._solver.add_clause([-selector, *clause])
        return selector

    def is_unique(self, selectors: Sequence[int]) -> bool:
        """Returns whether the planted solution is the only one when ``selectors`` hold."""
        self.calls += 1
        return not self._solver.solve(assumptions=list(selectors))

    def close(self) -> None:
        """Frees the solver."""
        self._solver.delete()

    def __enter__(self) -> UniquenessOracle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def prune_clues(
    oracle: UniquenessOracle, selectors: Sequence[int], order: Sequence[int], floor: int = 0
) -> list[bool]:
    """Drops clues along ``order`` while the solution stays unique; returns which remain.

    ``selectors[i]`` switches clue ``i`` on; ``order`` lists clue indices in the order to
    try them (drawn from the caller's rng). A clue is dropped when the remaining clues
    still force the solution; removal stops once only ``floor`` clues are left. The caller
    must have checked that all clues together force the solution.
    """
    active = [True] * len(selectors)
    remaining = len(selectors)
    for index in order:
        if remaining <= floor:
            break
        active[index] = False
        if oracle.is_unique([s for s, on in zip(selectors, active, strict=True) if on]):
            remaining -= 1
        else:
            active[index] = True
    return active


# -- answers and checking ---------------------------------------------------------------------

FORMAT_EXAMPLE = "\\boxed{[[1,2],[2,1]]}"
"""The answer-format example every prompt shows (a 2 x 2 grid, so it is never a gold)."""


def answer_instructions(n: int) -> str:
    """Returns the closing lines of a prompt asking for an ``n`` x ``n`` grid over ``1..n``."""
    return (
        f"Write the completed grid as a JSON list of {n} rows, top row first, each row a list "
        f"of {n} integers from 1 to {n}, left to right.\n"
        f"Format example for a 2x2 grid: {FORMAT_EXAMPLE}\n"
        "Think step by step, then put only your final grid inside \\boxed{}."
    )


def read_latin_grid(payload: str, n: int) -> Grid | Check:
    """Reads an ``n`` x ``n`` grid over ``1..n``, or returns a format-error :class:`Check`."""
    return read_grid(payload, n, n, low=1, high=n)


def count_givens(puzzle: Grid) -> int:
    """Returns how many cells of ``puzzle`` are given (non-zero).

    >>> count_givens([[0, 2], [1, 0]])
    2
    """
    return sum(1 for row in puzzle for v in row if v)


def givens_error(puzzle: list[list[int]], n: int) -> str | None:
    """Returns why ``puzzle`` is not an ``n`` x ``n`` grid of givens over ``0..n``, if it is not.

    Instance models raise ``ValueError`` with this text.
    """
    if len(puzzle) != n or any(len(row) != n for row in puzzle):
        return f"puzzle must be {n}x{n}"
    if any(not 0 <= v <= n for row in puzzle for v in row):
        return f"puzzle values must be 0-{n}"
    return None


def given_mismatch(grid: Grid, puzzle: Grid) -> list[str]:
    """Returns a reason per given (non-zero) cell of ``puzzle`` that ``grid`` changes."""
    givens = ((r, c, v) for r, row in enumerate(puzzle) for c, v in enumerate(row) if v)
    return changed_givens(grid, givens)


def unit_failures(grid: Grid, units: Sequence[tuple[str, Sequence[Cell]]]) -> list[str]:
    """Returns a reason per named unit that repeats a value (``"row 2 repeats 4"``)."""
    failures = []
    for name, unit in units:
        repeated = repeated_value(grid, unit)
        if repeated is not None:
            failures.append(f"{name} repeats {repeated}")
    return failures


def latin_units(n: int) -> list[tuple[str, list[Cell]]]:
    """Returns the rows and columns of an ``n`` x ``n`` grid with their 1-based names."""
    units = rows_and_columns(n)
    return [(f"row {i + 1}", unit) for i, unit in enumerate(units[:n])] + [
        (f"column {i + 1}", unit) for i, unit in enumerate(units[n:])
    ]


def latin_layout(n: int, puzzle: Grid | None) -> AnswerLayout:
    """Returns the answer cells of an ``n`` x ``n`` Latin-square puzzle over ``1..n``; the
    non-zero cells of ``puzzle`` (if any) are the givens the answer must keep."""
    cells = [(r, c) for r in range(n) for c in range(n)]
    fixed = {(r, c): puzzle[r][c] for r, c in cells if puzzle is not None and puzzle[r][c]}
    free = tuple(cell for cell in cells if cell not in fixed)
    return AnswerLayout(n, n, tuple(range(1, n + 1)), fixed, free)


def latin_space(encoding: GridEncoding, layout: AnswerLayout) -> SolutionSpace:
    """Returns the solution space of a Latin-square puzzle for partial credit.

    ``encoding`` must already hold every rule and clue of the instance.
    """
    n = encoding.n
    options = [{v: encoding.lit(r, c, v) for v in range(1, n + 1)} for r, c in layout.free]
    return SolutionSpace(layout, encoding.clauses, options)


def judge(
    grid: Grid,
    units: Sequence[tuple[str, Sequence[Cell]]],
    puzzle: Grid | None,
    rules: tuple[list[str], int],
    success: str,
    space: Callable[[], SolutionSpace],
) -> Check:
    """Checks a well-formed grid: givens, then units, then the family's own rules.

    ``rules`` is (the reasons of the family's broken rules, how many such rules there are).
    The reason names the first broken constraint; the partial credit is ``space()``'s
    progress credit (0 when a given is changed).
    """
    failures: list[str] = []
    total = len(units) + rules[1]
    if puzzle is not None:
        changed = given_mismatch(grid, puzzle)
        if changed:
            return Check(False, 0.0, f"{changed[0]} (a changed given earns no credit)")
        total += count_givens(puzzle)
    failures += unit_failures(grid, units) + rules[0]
    if not failures:
        return Check(True, 1.0, success)
    return tally(failures, total, lambda: space().credit(grid))


def tally(failures: Sequence[str], total: int, progress: Callable[[], float]) -> Check:
    """Turns the reasons of broken constraints into a wrong :class:`Check`.

    The reason names the first broken constraint and how many broke; ``progress`` computes
    the partial credit when a policy asks for it.

    >>> tally(["row 2 repeats 4"], 8, lambda: 0.5).reason
    'row 2 repeats 4 (1 of 8 constraints broken)'
    """
    broken = len(failures)
    return Check(
        False,
        0.0,
        f"{failures[0]} ({broken} of {total} constraint{'s' if total != 1 else ''} broken)",
        progress=progress,
    )
