"""Distance to the nearest solution, with python-sat, for partial credit (the rule is in
:mod:`taskgen.verifiers.progress`).

Not a family module (the leading underscore keeps it out of discovery). A family describes
its solutions as CNF plus, for every free cell, the literal of each value the cell may hold;
:class:`SolutionSpace` then answers "how many free cells must change to reach a solution?".

* When the solution is unique (proven once per instance with one solver call) the distance
  is the Hamming distance to it.
* Otherwise a totalizer counts the cells that differ from the answer, and a binary search
  with assumptions finds the least count any solution allows. Only counts below the
  baseline matter (anything else earns 0), so the search is capped there.

Spaces are cached per instance (by its canonical JSON), so the many completions a trainer
verifies against one task share one encoding, one solution and one baseline. Every solver
call has a conflict budget; a distance the budget cannot settle earns no credit.

>>> from taskgen.verifiers.progress import AnswerLayout
>>> layout = AnswerLayout(1, 2, (0, 1), {}, ((0, 0), (0, 1)), "bits")
>>> space = SolutionSpace(layout, [[1, 2], [-1, -2]], [{0: -1, 1: 1}, {0: -2, 1: 2}])
>>> space.distance([0, 0]), space.distance([1, 0])
(1, 0)
"""

from __future__ import annotations

import math
import random
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from pysat.card import ITotalizer
from pysat.solvers import Solver

from taskgen.core.seeding import canonical_json
from taskgen.tasks._cnf import SOLVER
from taskgen.verifiers.grid import Grid
from taskgen.verifiers.progress import AnswerLayout, progress_credit, random_fill_distance

CONFLICT_BUDGET = 200_000
"""Conflicts the one-off solve of an instance may spend (its solution and uniqueness)."""
SEARCH_BUDGET = 2_000
"""Conflicts each step of a nearest-solution search may spend; a step that runs out ends
the search with the nearest solution found so far (so credit is never over-stated)."""
SHUFFLES = 4
"""Shuffled solutions whose distances estimate the baseline when solutions are many."""
SHUFFLES_UNIQUE = 32
"""The same when the solution is unique (each distance is then a cheap Hamming count)."""
CACHE_SIZE = 256
"""Instances whose spaces are kept (a trainer verifies many completions per task)."""


class SolutionSpace:
    """The solutions of one puzzle instance, as seen from the free cells of its answer.

    ``options[i]`` maps each value free cell ``i`` (in ``layout.free`` order) may hold to
    the literal saying it holds that value; a value without a literal is never right.
    """

    def __init__(
        self,
        layout: AnswerLayout,
        clauses: Sequence[Sequence[int]],
        options: Sequence[dict[int, int]],
    ):
        self.layout = layout
        self.clauses = clauses
        self.options = list(options)
        self._top = max((abs(x) for clause in clauses for x in clause), default=0)
        self._top = max([self._top, *(abs(x) for o in self.options for x in o.values())])

    # -- the nearest solution ------------------------------------------------------------------

    @cached_property
    def _solution(self) -> tuple[list[int], bool] | None:
        """One solution's free values and whether it is the only one (None: none found)."""
        with Solver(name=SOLVER, bootstrap_with=self.clauses) as solver:
            solver.conf_budget(CONFLICT_BUDGET)
            if not solver.solve_limited():
                return None
            model = set(solver.get_model() or [])
            values = [
                next((v for v, lit in options.items() if lit in model), -1)
                for options in self.options
            ]
            chosen = [options[v] for options, v in zip(self.options, values, strict=True) if v >= 0]
            solver.add_clause([-lit for lit in chosen])
            solver.conf_budget(CONFLICT_BUDGET)
            unique = solver.solve_limited() is False
        return values, unique

    def distance(self, answer: Sequence[int], below: int | None = None) -> int:
        """Returns how many free cells of ``answer`` differ from the nearest solution.

        The result is capped at ``below`` (default: every free cell): a value of ``below``
        means "at least that many", or that the solver could not settle it.
        """
        cap = len(self.options) if below is None else below
        known = self._solution
        if known is None:
            return cap
        solution, unique = known
        if unique:
            return min(cap, sum(1 for a, s in zip(answer, solution, strict=True) if a != s))
        forced = 0
        differs: list[int] = []
        for options, value in zip(self.options, answer, strict=True):
            literal = options.get(value)
            if literal is None:
                forced += 1
            else:
                differs.append(-literal)
        if forced >= cap:
            return cap
        return forced + self._least_true(differs, cap - forced)

    def _least_true(self, literals: list[int], cap: int) -> int:
        """Returns the least number of ``literals`` true in a solution found, capped at ``cap``.

        The solver prefers the answer's own values (its phases), so it starts from the
        answer and solutions near it are found first.
        """
        bound = min(cap - 1, len(literals))
        with Solver(name=SOLVER, bootstrap_with=self.clauses) as solver:
            solver.set_phases([-lit for lit in literals])
            limit: list[int] = []
            if bound < len(literals):
                totalizer = ITotalizer(lits=literals, ubound=bound, top_id=self._top)
                solver.append_formula(totalizer.cnf.clauses)
                limit = list(totalizer.rhs)

            def reachable(count: int) -> int | None:
                """The true count of a solution with at most ``count`` true, if one is found."""
                assumptions = [-limit[count]] if count < len(limit) else []
                solver.conf_budget(SEARCH_BUDGET)
                if not solver.solve_limited(assumptions=assumptions):
                    return None
                model = set(solver.get_model() or [])
                return sum(1 for lit in literals if lit in model)

            best = reachable(bound)
            if best is None:
                return cap
            low = 0
            while low < best:
                middle = (low + best) // 2
                found = reachable(middle)
                if found is None:
                    low = middle + 1
                else:
                    best = found
            return best

    # -- credit ----------------------------------------------------------------------------

    @cached_property
    def baseline(self) -> float:
        """The distance that needs no solving: the least of a uniformly random fill's
        (expected), the best constant fill's, and a shuffled solution's (the right number of
        each value in random places, averaged over a few draws)."""
        free = len(self.options)
        best = random_fill_distance(free, len(self.layout.values))
        cap = math.ceil(best)
        for value in self.layout.values:
            best = min(best, self.distance([value] * free, cap))
        known = self._solution
        if known is not None and free > 1:
            solution, unique = known
            rng = random.Random(",".join(map(str, solution)))  # a str seed is stable
            draws = SHUFFLES_UNIQUE if unique else SHUFFLES
            shuffled = [self.distance(rng.sample(solution, free), cap) for _ in range(draws)]
            best = min(best, sum(shuffled) / draws)
        return best

    def credit(self, grid: Grid) -> float:
        """Returns the progress credit of a well-formed answer grid (0 if it changes a given)."""
        if self.layout.changed_fixed(grid) is not None:
            return 0.0
        baseline = self.baseline
        if baseline <= 0:
            return 0.0
        answer = [grid[r][c] for r, c in self.layout.free]
        return progress_credit(self.distance(answer, math.ceil(baseline)), baseline)


_CACHE: OrderedDict[tuple[str, str], SolutionSpace] = OrderedDict()


def cached_space(
    family: str, instance: dict[str, Any], build: Callable[[dict[str, Any]], SolutionSpace]
) -> SolutionSpace:
    """Returns ``build(instance)``, reusing the space of an equal instance of ``family``."""
    key = (family, canonical_json(instance))
    space = _CACHE.get(key)
    if space is None:
        space = _CACHE[key] = build(instance)
        if len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return space


def binary_layout(rows: int, cols: int, fixed: dict[tuple[int, int], int]) -> AnswerLayout:
    """Returns the cells of a 0/1 grid answer; ``fixed`` cells are given (kukurasu's
    shading, number_wall's islands)."""
    free = tuple((r, c) for r in range(rows) for c in range(cols) if (r, c) not in fixed)
    return AnswerLayout(rows, cols, (0, 1), fixed, free)


def binary_space(
    layout: AnswerLayout, clauses: Sequence[Sequence[int]], variable: Sequence[Sequence[int]]
) -> SolutionSpace:
    """Returns the space of a 0/1 grid whose cell ``(r, c)`` is 1 when ``variable[r][c]``
    is true."""
    options = [{0: -variable[r][c], 1: variable[r][c]} for r, c in layout.free]
    return SolutionSpace(layout, clauses, options)
