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
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Any

from pysat.solvers import Solver

from taskgen.core.registry import Check
from taskgen.tasks._cnf import CNF, SOLVER, VarPool, exactly_one
from taskgen.tasks._draws import sample_of, sample_range
from taskgen.tasks._progress import SolutionSpace
from taskgen.verifiers.grid import Grid, changed_givens, compact_digits, read_grid
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
        candidates = [sample_of(rng, column, len(column)) for column in missing]
        owner: dict[int, int] = {}
        for column in sample_range(rng, n, n):
            _augment(column, candidates, owner, set())
        row = [0] * n
        for symbol, column in owner.items():
            row[column] = symbol
        for column, symbol in enumerate(row):
            missing[column].remove(symbol)
        square.append(row)
    rows = sample_range(rng, n, n)
    cols = sample_range(rng, n, n)
    symbols = [0, *(v + 1 for v in sample_range(rng, n, n))]
    return [[symbols[square[r][c]] for c in cols] for r in rows]


def random_sudoku(box_rows: int, box_cols: int, rng: random.Random) -> Grid:
    """Draws a full sudoku grid (side ``box_rows * box_cols``) by randomised backtracking.

    The cell with the fewest candidates is filled first (ties: the first in reading order;
    the scan stops at the first cell with at most one candidate), candidates in an rng-drawn
    order. Each cell keeps the mask of values its units use, updated on its peers when a
    value is placed, so the scan is one table look-up per empty cell.
    """
    n = box_rows * box_cols
    full = (1 << (n + 1)) - 2
    row_of, col_of, box_of = _sudoku_cell_units(box_rows, box_cols)
    peers = latin_propagator(box_rows, box_cols, n).peers
    free_count = _free_counts(n)
    row_used = [0] * n
    col_used = [0] * n
    box_used = [0] * n
    used = [0] * (n * n)
    flat = [0] * (n * n)
    empty = list(range(n * n))
    values_of = _free_values(n)
    bits = [(i + 1).bit_length() for i in range(n + 1)]
    getrandbits = rng.getrandbits

    def fill() -> bool:
        if not empty:
            return True
        at, least = 0, n + 1
        for k, i in enumerate(empty):
            count = free_count[used[i]]
            if count <= 1:
                at, least = k, count
                break
            if count < least:
                at, least = k, count
        if least == 0:
            return False
        cell = empty.pop(at)
        r, c, b = row_of[cell], col_of[cell], box_of[cell]
        values = list(values_of[full & ~used[cell]])
        # rng.shuffle(values), with the very draws CPython's shuffle makes
        for i in range(len(values) - 1, 0, -1):
            k = bits[i]
            j = getrandbits(k)
            while j > i:
                j = getrandbits(k)
            values[i], values[j] = values[j], values[i]
        around = peers[cell]
        for value in values:
            bit = 1 << value
            flat[cell] = value
            row_used[r] |= bit
            col_used[c] |= bit
            box_used[b] |= bit
            for p in around:
                used[p] |= bit
            if fill():
                return True
            row_used[r] &= ~bit
            col_used[c] &= ~bit
            box_used[b] &= ~bit
            for p in around:
                used[p] = row_used[row_of[p]] | col_used[col_of[p]] | box_used[box_of[p]]
        flat[cell] = 0
        empty.insert(at, cell)
        return False

    fill()
    return [flat[r * n : r * n + n] for r in range(n)]


@lru_cache(maxsize=16)
def _free_values(n: int) -> tuple[tuple[int, ...], ...]:
    """Returns, per mask of values ``1..n`` (bit ``v``), the values it holds, ascending."""
    return tuple(tuple(v for v in range(1, n + 1) if mask >> v & 1) for mask in range(1 << (n + 1)))


@lru_cache(maxsize=16)
def _free_counts(n: int) -> tuple[int, ...]:
    """Returns, per mask of used values ``1..n`` (bit ``v``), how many values are still free."""
    return tuple(n - used.bit_count() for used in range(1 << (n + 1)))


@lru_cache(maxsize=16)
def _sudoku_cell_units(
    box_rows: int, box_cols: int
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Returns each flat cell's row, column and box index (boxes in reading order)."""
    n = box_rows * box_cols
    cells = range(n * n)
    rows = tuple(i // n for i in cells)
    cols = tuple(i % n for i in cells)
    boxes = tuple((i // n // box_rows) * box_rows + i % n // box_cols for i in cells)
    return rows, cols, boxes


# -- propagation: exact uniqueness decisions without a SAT solver -------------------------------

CONTRADICTION, STUCK, SOLVED = -1, 0, 1
"""Outcomes of :meth:`Propagator.propagate`."""


class Propagator:
    """Bitmask constraint propagation and search over an ``n`` x ``n`` grid with units.

    A grid is a flat list of ``n * n`` domains; bit ``v - 1`` of a domain means "the cell may
    hold ``v``". Propagation applies only sound deductions (a fixed value leaves its peers, a
    value with one place in a unit goes there, ``a < b`` cuts ``a`` below the largest value of
    ``b`` and ``b`` above the smallest of ``a``), so :data:`CONTRADICTION` proves there is no
    solution and :data:`SOLVED` (every domain one value, all constraints met) proves the
    solution is the only one. :meth:`search` branches on top of it, exhaustively.

    Uniqueness tests use this before any SAT solver: building a solver with the ~12,000
    clauses of a 9 x 9 sudoku costs more than deciding most removals this way.
    """

    def __init__(self, n: int, units: Sequence[Sequence[int]]) -> None:
        self.n = n
        self.full = (1 << n) - 1
        self.units = tuple(tuple(unit) for unit in units)
        cell_units: list[list[int]] = [[] for _ in range(n * n)]
        for index, unit in enumerate(self.units):
            for cell in unit:
                cell_units[cell].append(index)
        self.cell_units = tuple(tuple(found) for found in cell_units)
        self.peers = tuple(
            tuple(sorted({p for u in found for p in self.units[u]} - {cell}))
            for cell, found in enumerate(cell_units)
        )

    def domains(self, givens: Sequence[int]) -> list[int] | None:
        """Returns the domains left by the flat ``givens`` (0 = empty), peers already cut;
        ``None`` if two givens clash or leave a cell no value."""
        full = self.full
        used = [0] * len(self.units)
        for cell, value in enumerate(givens):
            if value:
                bit = 1 << (value - 1)
                for u in self.cell_units[cell]:
                    if used[u] & bit:
                        return None
                    used[u] |= bit
        out = []
        for cell, value in enumerate(givens):
            if value:
                out.append(1 << (value - 1))
            else:
                mask = 0
                for u in self.cell_units[cell]:
                    mask |= used[u]
                if not full & ~mask:
                    return None
                out.append(full & ~mask)
        return out

    def propagate(
        self, dom: list[int], queue: list[int], less: Sequence[tuple[int, int]] = ()
    ) -> int:
        """Propagates ``dom`` in place to a fixpoint; returns the outcome.

        ``queue`` lists the cells fixed but not yet cut from their peers; ``less`` holds flat
        ``(a, b)`` pairs meaning cell ``a`` holds a smaller value than cell ``b``.
        """
        peers, units, full = self.peers, self.units, self.full
        while True:
            while queue:
                cell = queue.pop()
                mask = dom[cell]
                keep = ~mask
                for peer in peers[cell]:
                    d = dom[peer]
                    if d & mask:
                        d &= keep
                        if not d:
                            return CONTRADICTION
                        dom[peer] = d
                        if not d & (d - 1):
                            queue.append(peer)
            changed = False
            for a, b in less:
                da, db = dom[a], dom[b]
                na = da & ((1 << (db.bit_length() - 1)) - 1)
                nb = db & ~(((na & -na) << 1) - 1)
                if na != da or nb != db:
                    if not na or not nb:
                        return CONTRADICTION
                    changed = True
                    if na != da:
                        dom[a] = na
                        if not na & (na - 1):
                            queue.append(a)
                    if nb != db:
                        dom[b] = nb
                        if not nb & (nb - 1):
                            queue.append(b)
            if queue:
                continue
            for unit in units:
                once = twice = 0
                for cell in unit:
                    d = dom[cell]
                    twice |= once & d
                    once |= d
                if once != full:
                    return CONTRADICTION
                hidden = once & ~twice
                if hidden:
                    for cell in unit:
                        d = dom[cell]
                        h = d & hidden
                        if h and h != d:
                            if h & (h - 1):
                                return CONTRADICTION
                            dom[cell] = h
                            queue.append(cell)
            if not queue and not changed:
                break
        for d in dom:
            if d & (d - 1):
                return STUCK
        return SOLVED

    def search(
        self,
        dom: list[int],
        less: Sequence[tuple[int, int]],
        budget: int,
        skip: Sequence[int] | None = None,
    ) -> tuple[int, list[int] | None]:
        """Looks for a solution of propagated, not contradictory ``dom`` by branching.

        Returns ``(SOLVED, domains)`` for the first solution found other than ``skip`` (a
        list of domains), ``(CONTRADICTION, None)`` when the whole tree holds none, or
        ``(STUCK, None)`` when more than ``budget`` branches would be needed (the caller
        then asks an exact solver).
        """
        left = [budget]

        def branch(dom: list[int]) -> tuple[int, list[int] | None]:
            best, best_count = -1, self.n + 1
            for cell, d in enumerate(dom):
                count = d.bit_count()
                if 1 < count < best_count:
                    best, best_count = cell, count
                    if count == 2:
                        break
            if best < 0:
                return (CONTRADICTION, None) if dom == skip else (SOLVED, dom)
            d = dom[best]
            while d:
                bit = d & -d
                d ^= bit
                left[0] -= 1
                if left[0] < 0:
                    return STUCK, None
                trial = dom.copy()
                trial[best] = bit
                outcome = self.propagate(trial, [best], less)
                if outcome == SOLVED and trial != skip:
                    return SOLVED, trial
                if outcome == STUCK:
                    outcome, found = branch(trial)
                    if outcome != CONTRADICTION:
                        return outcome, found
            return CONTRADICTION, None

        return branch(dom)

    def other_solution(
        self,
        givens: Sequence[int],
        less: Sequence[tuple[int, int]],
        planted: Sequence[int],
        budget: int,
        exclude: tuple[int, int] | None = None,
    ) -> tuple[int, list[int] | None]:
        """Decides whether the clues have a solution other than ``planted`` (flat values).

        Returns ``(CONTRADICTION, None)`` when there is none (the solution is unique),
        ``(SOLVED, values)`` with another solution's flat values, or ``(STUCK, None)`` past
        ``budget`` branches (undecided). ``exclude`` is ``(cell, value)`` when the clues
        plus that given force ``planted``: any other solution then differs there, so the
        cell need not try it (a removed sign needs no such help: the caller reverses it in
        ``less``, since adjacent cells of a Latin square differ).
        """
        dom = self.domains(givens)
        if dom is None:
            return CONTRADICTION, None
        if exclude is not None:
            cell, value = exclude
            dom[cell] &= ~(1 << (value - 1))
            if not dom[cell]:
                return CONTRADICTION, None
        queue = [cell for cell, d in enumerate(dom) if not d & (d - 1) and not givens[cell]]
        outcome = self.propagate(dom, queue, less)
        skip = [1 << (v - 1) for v in planted]
        if outcome == STUCK:
            outcome, found = self.search(dom, less, budget, skip)
        elif outcome == SOLVED:
            found = None if dom == skip else dom
            outcome = SOLVED if found else CONTRADICTION
        else:
            found = None
        if found is None:
            return outcome, None
        return outcome, [d.bit_length() for d in found]


@lru_cache(maxsize=32)
def latin_propagator(box_rows: int, box_cols: int, n: int) -> Propagator:
    """Returns the (shared, stateless) propagator of an ``n`` x ``n`` Latin square, with
    ``box_rows`` x ``box_cols`` boxes as units too when both are non-zero."""
    units = [[r * n + c for c in range(n)] for r in range(n)]
    units += [[r * n + c for r in range(n)] for c in range(n)]
    if box_rows and box_cols:
        units += [
            [(top + r) * n + left + c for r in range(box_rows) for c in range(box_cols)]
            for top in range(0, n, box_rows)
            for left in range(0, n, box_cols)
        ]
    return Propagator(n, units)


def prune_batched(
    order: Sequence[int],
    total: int,
    floor: int,
    decide: Callable[[list[bool], int | None], tuple[int, list[int] | None]],
    breaks: Callable[[list[int], int], bool],
) -> list[bool]:
    """The clue-removal loop of :func:`prune_clues`, with the same result, in batches.

    ``decide(active, dropped)`` answers whether the active clues force the solution:
    ``(CONTRADICTION, None)`` yes, ``(SOLVED, witness)`` no, with another solution (or
    ``None`` for none at hand), ``(STUCK, None)`` undecided. ``dropped`` is the clue just
    dropped from a set that forced the solution when one clue is tried alone; the answer
    must then be exact. ``breaks(witness, index)`` says whether a witness breaks clue
    ``index``.

    A batch of the next clues in ``order`` is dropped at once when the rest still force the
    solution: every puzzle between holds more clues, so is unique too and the one-by-one
    loop would drop each of them. A witness satisfies every clue it does not break, so it
    proves that dropping any batch prefix holding all of its still active broken clues
    leaves another solution; batches shrink to just before such a prefix, and a clue whose
    drop a witness refutes is kept without a test. Undecided batches are halved.
    """
    active = [True] * total
    remaining = total
    position = 0
    size = total
    witnesses: list[list[int]] = []  # each witness's broken clues that are still active
    while position < len(order) and remaining > floor:
        k = min(size, remaining - floor, len(order) - position)
        batch = order[position : position + k]
        spot = {index: at for at, index in enumerate(batch)}
        for broken in witnesses:
            if broken and all(index in spot for index in broken):
                k = min(k, max(spot[index] for index in broken))
        if k == 0:
            kept = order[position]  # a witness refutes dropping it: the loop keeps it
            witnesses = [broken for broken in witnesses if kept not in broken]
            position += 1
            size = 1
            continue
        batch = batch[:k]
        for index in batch:
            active[index] = False
        outcome, witness = decide(active, batch[0] if k == 1 else None)
        if outcome == CONTRADICTION:
            remaining -= k
            position += k
            size = 2 * k
            dropped = set(batch)
            witnesses = [[i for i in broken if i not in dropped] for broken in witnesses]
            continue
        for index in batch:
            active[index] = True
        if witness is not None:
            witnesses.append([i for i in range(total) if active[i] and breaks(witness, i)])
            size = k
        elif k == 1:
            witnesses = [broken for broken in witnesses if batch[0] not in broken]
            position += 1
        else:
            size = k // 2
    return active


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
        """Returns the variable "cell (r, c) holds v" (0-based cell, value ``1..n``): the
        number ``(r * n + c) * n + v``, which callers may compute themselves."""
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


class ReusedOracle:
    """Uniqueness questions about many puzzles of one shape, on one SAT solver per thread.

    Building a solver with the ~12,000 base clauses of a 9 x 9 sudoku costs about 10 ms,
    more than all the questions a puzzle asks it. Here the base clauses go in once; each
    puzzle adds its "some cell differs from the solution" clause behind a fresh selector,
    asks under that selector plus its given cells, and retires the selector with a unit
    clause when done. Verdicts are exact either way, so what a generator makes does not
    depend on which oracle answered. The solver is rebuilt after ``limit`` puzzles so that
    retired selectors do not pile up.

    ``guarded(encoding)`` lists optional clue sets every puzzle of the shape may use (each
    possible futoshiki sign): each goes in once behind its own selector, see :meth:`guards`.
    """

    def __init__(
        self,
        make_encoding: Callable[[], GridEncoding],
        limit: int = 500,
        guarded: Callable[[GridEncoding], Sequence[CNF]] | None = None,
    ) -> None:
        self._make_encoding = make_encoding
        self._limit = limit
        self._guarded = guarded
        self._local = threading.local()

    def guards(self) -> tuple[int, ...]:
        """The selectors of the ``guarded`` clue sets, in their order."""
        return self._solver()[2]

    def _solver(self) -> tuple[GridEncoding, Solver, tuple[int, ...]]:
        """This thread's encoding, solver and guards, built on first use and after ``limit``."""
        local = self._local
        if getattr(local, "solver", None) is None or local.used >= self._limit:
            if getattr(local, "solver", None) is not None:
                local.solver.delete()
            encoding = self._make_encoding()
            solver = Solver(name=SOLVER, bootstrap_with=encoding.clauses)
            guards = []
            for clauses in self._guarded(encoding) if self._guarded else ():
                guard = encoding.fresh()
                for clause in clauses:
                    solver.add_clause([-guard, *clause])
                guards.append(guard)
            local.encoding, local.solver, local.guards = encoding, solver, tuple(guards)
            local.used = 0
        return local.encoding, local.solver, local.guards

    @contextmanager
    def puzzle(
        self, solution: Grid, witness: bool = True
    ) -> Iterator[Callable[[Sequence[int]], list[int] | None]]:
        """Yields ``other_solution(given_literals)`` for ``solution``: ``None`` when the
        givens (cell variables ``(r * n + c) * n + v``, see :meth:`GridEncoding.lit`) force
        it, else the flat values of another solution (``[]`` when ``witness`` is off: the
        caller only asks whether one exists). A puzzle that asks nothing costs nothing."""
        asked: list[tuple[Solver, int]] = []

        def other_solution(givens: Sequence[int]) -> list[int] | None:
            if not asked:
                encoding, solver, _ = self._solver()
                self._local.used += 1
                n = encoding.n
                selector = encoding.fresh()
                planted = [
                    (r * n + c) * n + v for r, row in enumerate(solution) for c, v in enumerate(row)
                ]
                solver.add_clause([-selector, *(-lit for lit in planted)])
                # the solver first tries the planted values, so a model found differs in few
                # cells, and a witness that breaks few clues refutes more removals
                solver.set_phases(planted)
                asked.append((solver, selector))
            solver, selector = asked[0]
            if not solver.solve(assumptions=[selector, *givens]):
                return None
            if not witness:
                return []
            n = len(solution)
            # exactly one value per cell: the true cell variables come cell by cell
            return [(lit - 1) % n + 1 for lit in solver.get_model()[: n**3] if lit > 0]

        try:
            yield other_solution
        finally:
            for solver, selector in asked:
                solver.add_clause([-selector])


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


def two_blanks_in_a_row(puzzle: Grid) -> bool:
    """Returns whether a row of ``puzzle`` has two blanks, so any constant fill repeats a
    value in it: the fast half of a Latin family's ``constant_solves``.

    >>> two_blanks_in_a_row([[1, 0], [0, 0]])
    True
    """
    return any(row.count(0) > 1 for row in puzzle)


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


@lru_cache(maxsize=32)
def box_getters(box_rows: int, box_cols: int) -> tuple[itemgetter[Any], ...]:
    """Returns, per box in reading order, a getter of its values from a flat grid."""
    n = box_rows * box_cols
    return tuple(
        itemgetter(*[(top + r) * n + left + c for r in range(box_rows) for c in range(box_cols)])
        for top in range(0, n, box_rows)
        for left in range(0, n, box_cols)
    )


def latin_holds(
    grid: Grid,
    puzzle: Grid | None,
    boxes: Sequence[itemgetter[Any]] = (),
    less: Sequence[Sequence[int]] = (),
) -> bool:
    """Returns whether a well-formed grid over ``1..n`` (as :func:`read_latin_grid` returns
    it) keeps the givens and holds ``n`` distinct values in every row, column and box, and
    meets every ``less`` entry: exactly when :func:`judge` finds nothing broken.

    One pass of set sizes, for the common case of a correct answer; :func:`judge` gives the
    reasons when this says no.
    """
    n = len(grid)
    if puzzle is not None:
        for row, given in zip(grid, puzzle, strict=True):
            if [v if g else 0 for v, g in zip(row, given, strict=True)] != given:
                return False
    for row in grid:
        if len(set(row)) != n:
            return False
    for column in zip(*grid, strict=True):
        if len(set(column)) != n:
            return False
    if boxes:
        flat = [v for row in grid for v in row]
        for box in boxes:
            if len(set(box(flat))) != n:
                return False
    return all(grid[r1][c1] < grid[r2][c2] for r1, c1, r2, c2 in less)


_VALUE_DIGITS = "0123456789"
_DIGIT_TO_VALUE = bytes.maketrans(b"0123456789", bytes(range(10)))
_NONZERO_TO_FF = bytes([0] + [255] * 255)


def compact_latin_holds(
    payload: str,
    n: int,
    puzzle: Grid | None,
    boxes: Sequence[itemgetter[Any]] = (),
    less: Sequence[Sequence[int]] = (),
) -> bool | None:
    """:func:`latin_holds` for a payload written as compact JSON rows of digits ``1..n``,
    judged on its digits without reading a grid; None for any other payload (and for
    ``n > 9``), which the caller reads the general way.

    Exact: such a payload is the grid its digits spell, and one-digit values compare as
    their digits do, so the verdict is :func:`latin_holds`'s on that grid. The givens are
    compared all at once: the answer's values and the givens as one byte per cell, read as
    integers, must agree wherever a given byte is not 0. About twice as fast for a 9 x 9
    answer (no JSON, no lists of integers).
    """
    digits = compact_digits(payload, n, n) if n <= 9 else None
    if digits is None or digits.strip(_VALUE_DIGITS[1 : n + 1]):
        return None  # another form, or a value out of 1..n: the reader words the reason
    if puzzle is not None:
        if len(puzzle) != n or any(len(row) != n for row in puzzle):
            return None
        try:
            givens = bytes(chain.from_iterable(puzzle))
        except (TypeError, ValueError):  # not small integers: let the general way say so
            return None
        values = int.from_bytes(digits.encode().translate(_DIGIT_TO_VALUE), "big")
        kept = int.from_bytes(givens.translate(_NONZERO_TO_FF), "big")  # 0xFF under a given
        if values & kept != int.from_bytes(givens, "big"):
            return False
    for start in range(0, n * n, n):
        if len(set(digits[start : start + n])) != n:
            return False
    for column in range(n):
        if len(set(digits[column::n])) != n:
            return False
    for box in boxes:  # the same flat indices as on a list of values
        if len(set(box(digits))) != n:
            return False
    return all(digits[r1 * n + c1] < digits[r2 * n + c2] for r1, c1, r2, c2 in less)


def read_latin_answer(
    payload: str,
    n: int,
    puzzle: Grid | None,
    boxes: Sequence[itemgetter[Any]] = (),
    less: Sequence[Sequence[int]] = (),
) -> Grid | Check | None:
    """Reads and judges an answer the fast ways first: None when it keeps the givens and
    every unit and ``less`` entry holds; else the format-error :class:`Check`, or the grid
    (which breaks a rule: :func:`judge` words how).

    A compact answer is judged on its digits (:func:`compact_latin_holds`); any other form
    is read, then judged by :func:`latin_holds`.
    """
    holds = compact_latin_holds(payload, n, puzzle, boxes, less)
    if holds:
        return None
    grid = read_latin_grid(payload, n)
    if isinstance(grid, Check) or holds is False:
        return grid
    return None if latin_holds(grid, puzzle, boxes, less) else grid


def latin_accepts(
    payload: str,
    n: int,
    puzzle: Grid | None,
    boxes: Sequence[itemgetter[Any]] = (),
    less: Sequence[Sequence[int]] = (),
) -> bool:
    """``read_latin_answer(...) is None`` without reading a grid that the digits already
    settle (generation screens ask this many times)."""
    holds = compact_latin_holds(payload, n, puzzle, boxes, less)
    if holds is not None:
        return holds
    grid = read_latin_grid(payload, n)
    return not isinstance(grid, Check) and latin_holds(grid, puzzle, boxes, less)


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
