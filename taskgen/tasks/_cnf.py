"""CNF helpers shared by families that prove uniqueness with python-sat.

Not a family module (the leading underscore keeps it out of discovery). Results of
:func:`count_solutions` are facts about the formula, so they do not depend on the solver's
search order or version.

>>> pool = VarPool()
>>> x, y = pool.var("x"), pool.var("y")
>>> count_solutions([*exactly_one([x, y])], limit=5)
2
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from pysat.card import CardEnc, EncType
from pysat.solvers import Solver

CNF = list[list[int]]
SOLVER = "minisat22"


class VarPool:
    """Maps hashable keys (``("cell", r, c, v)``) to consecutive DIMACS variables from 1."""

    def __init__(self) -> None:
        self._ids: dict[Hashable, int] = {}

    def var(self, key: Hashable) -> int:
        """Returns the variable of ``key``, creating it on first use."""
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self._ids) + 1
        return found

    def copy(self) -> VarPool:
        """Returns an independent pool holding the same variables (keys are shared)."""
        twin = VarPool()
        twin._ids = dict(self._ids)
        return twin

    @property
    def top(self) -> int:
        """The largest variable handed out so far (auxiliary variables start above it)."""
        return len(self._ids)

    def reserve(self, count: int) -> None:
        """Skips ``count`` variables (used by cardinality encodings' auxiliaries)."""
        for _ in range(count):
            self.var(("__aux__", len(self._ids)))


def exactly_one(literals: Sequence[int]) -> CNF:
    """Returns clauses saying exactly one of ``literals`` is true (pairwise, no auxiliaries)."""
    clauses: CNF = [list(literals)]
    clauses += [[-a, -b] for i, a in enumerate(literals) for b in literals[i + 1 :]]
    return clauses


def fresh_var(pool: VarPool) -> int:
    """Returns a new auxiliary variable of ``pool``."""
    pool.reserve(1)
    return pool.top


def exactly(literals: Sequence[int], bound: int, pool: VarPool) -> CNF:
    """Returns clauses saying exactly ``bound`` of ``literals`` are true (a totalizer)."""
    if bound > len(literals) or bound < 0:
        blocker = fresh_var(pool)
        return [[blocker], [-blocker]]
    encoded = CardEnc.equals(
        lits=list(literals), bound=bound, top_id=pool.top, encoding=EncType.totalizer
    )
    pool.reserve(max(0, encoded.nv - pool.top))
    return [list(clause) for clause in encoded.clauses]


def count_solutions(
    clauses: Iterable[Sequence[int]], limit: int = 2, project: Sequence[int] | None = None
) -> int:
    """Counts satisfying assignments up to ``limit``, distinct on the ``project`` variables.

    ``project`` (default: every variable in the clauses) names the variables that define a
    solution, so auxiliary variables do not multiply the count.
    """
    formula = [list(clause) for clause in clauses]
    keys = list(project) if project is not None else sorted({abs(x) for c in formula for x in c})
    count = 0
    with Solver(name=SOLVER, bootstrap_with=formula) as solver:
        while count < limit and solver.solve():
            count += 1
            model = set(solver.get_model() or [])
            solver.add_clause([-v if v in model else v for v in keys])
    return count


def solve(clauses: Iterable[Sequence[int]]) -> set[int] | None:
    """Returns the true variables of one model, or ``None`` when unsatisfiable."""
    with Solver(name=SOLVER, bootstrap_with=[list(c) for c in clauses]) as solver:
        if not solver.solve():
            return None
        return {lit for lit in solver.get_model() or [] if lit > 0}
