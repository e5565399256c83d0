"""Helpers shared by the sum and island puzzles (kukurasu, survo, number_wall).

Not a family module (the leading underscore keeps it out of discovery). It holds:

* :func:`sum_equals`, a CNF encoding of sums for python-sat (counts: :func:`exactly`);
* :func:`reveal_until_unique`, the generators' way to make a puzzle's solution unique;
* :func:`render_table`, a grid with row and column labels for prompts;
* :func:`plain_grid`, the fast path of reading a well-formed grid answer (survo, kukurasu).

>>> pool = VarPool()
>>> x, y = pool.var("x"), pool.var("y")
>>> clauses = sum_equals([[(x, 2), (-x, 0)], [(y, 3), (-y, 0)]], 3, pool)
>>> sorted(solve(clauses) & {x, y})  # only y (worth 3) may be true
[2]
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from pysat.solvers import Solver

from taskgen.core.registry import Draft
from taskgen.tasks._cnf import CNF, SOLVER, VarPool, exactly, fresh_var, solve
from taskgen.verifiers.grid import Grid, format_grid

Cell = tuple[int, int]
"""A grid cell as 0-based ``(row, column)``."""

Term = Sequence[tuple[int, int]]
"""One summand: ``(literal, value)`` options of which exactly one is true (the caller says so)."""

__all__ = [
    "CNF",
    "Cell",
    "Term",
    "VarPool",
    "exactly",
    "grid_draft",
    "plain_grid",
    "render_table",
    "reveal_until_unique",
    "solve",
    "sum_equals",
]


def sum_equals(terms: Sequence[Term], target: int, pool: VarPool) -> CNF:
    """Returns clauses saying the chosen values of ``terms`` add up to ``target``.

    Each term lists ``(literal, value)`` options with non-negative values, exactly one of
    them true (the caller encodes that). The encoding walks the terms left to right with one
    fresh variable per reachable partial sum: "the first k terms may add up to t". A chosen
    option moves the walk from t to t + value; sums that overshoot ``target``, or can no
    longer reach it, are forbidden, and so is every final sum but ``target``. Any assignment
    of the terms with the right total extends to the auxiliaries; none with a wrong total does.

    Raises:
        ValueError: an option has a negative value.
    """
    if any(value < 0 for term in terms for _, value in term):
        raise ValueError("sum_equals needs non-negative values")
    most = [max((value for _, value in term), default=0) for term in terms]
    least = [min((value for _, value in term), default=0) for term in terms]
    reach_high = [0] * (len(terms) + 1)
    reach_low = [0] * (len(terms) + 1)
    for index in range(len(terms) - 1, -1, -1):
        reach_high[index] = reach_high[index + 1] + most[index]
        reach_low[index] = reach_low[index + 1] + least[index]
    clauses: CNF = []
    states: dict[int, int | None] = {0: None}  # partial sum -> its variable (None: always)
    for index, term in enumerate(terms):
        following: dict[int, int] = {}
        for partial, state in sorted(states.items()):
            guard = [] if state is None else [-state]
            for literal, value in term:
                total = partial + value
                rest_high, rest_low = reach_high[index + 1], reach_low[index + 1]
                if total + rest_low > target or total + rest_high < target:
                    clauses.append([*guard, -literal])
                    continue
                if total not in following:
                    following[total] = fresh_var(pool)
                clauses.append([*guard, -literal, following[total]])
        states = dict(following)
    if target not in states:
        blocker = fresh_var(pool)
        return [*clauses, [blocker], [-blocker]]
    return clauses


def reveal_until_unique(clauses: CNF, gold: Sequence[int], order: Sequence[int]) -> list[int]:
    """Returns which unknowns to reveal so that the gold is the only solution left.

    ``gold[i]`` is the literal that unknown ``i`` has in the gold solution; the unknowns
    together must determine a solution. Walking ``order`` once, an unknown that some
    solution (with the reveals so far) gives another value is revealed; one that no
    solution can change is forced and stays hidden. Reveals only add constraints, so a
    forced unknown stays forced, and at the end every unknown is revealed or forced: the
    solution is unique. Each step asks only "is there a solution with this value flipped?",
    a fact about the formula, so the result does not depend on the solver's search.
    """
    revealed: list[int] = []
    with Solver(name=SOLVER, bootstrap_with=clauses) as solver:
        for index in order:
            if solver.solve(assumptions=[-gold[index]]):
                revealed.append(index)
                solver.add_clause([gold[index]])
    return revealed


def grid_draft(
    prompt: str,
    solution: Grid,
    instance: dict[str, Any],
    meta: dict[str, Any],
    revealed: int | None,
) -> Draft:
    """Returns the Draft of a grid puzzle; ``revealed`` (None without ``unique``) goes to meta."""
    if revealed is not None:
        meta = {**meta, "revealed_for_uniqueness": revealed}
    return Draft(prompt=prompt, answer=format_grid(solution), instance=instance, meta=meta)


def render_table(
    cells: Sequence[Sequence[str]],
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    *,
    right: Sequence[str] | None = None,
    bottom: Sequence[str] | None = None,
    corner: str = "",
    right_title: str = "",
) -> str:
    """Renders cells with row and column labels and optional totals right and below.

    >>> print(render_table([["."]], ["1"], ["1"], right=["1"], bottom=["1"], right_title="sum"))
        1 | sum
      1 . |   1
    sum 1
    """
    label_width = max(len(label) for label in [*row_labels, "sum" if bottom else "", corner])
    width = max(len(text) for text in [*(c for row in cells for c in row), *col_labels])
    if bottom:
        width = max(width, *(len(text) for text in bottom))
    right_width = max((len(text) for text in [*(right or []), right_title]), default=0)

    def line(label: str, items: Sequence[str], tail: str | None) -> str:
        body = " ".join(item.rjust(width) for item in items)
        text = f"{label.rjust(label_width)} {body}"
        return text if tail is None else f"{text} | {tail.rjust(right_width)}"

    lines = [line(corner, col_labels, right_title if right is not None else None)]
    for index, row in enumerate(cells):
        lines.append(line(row_labels[index], row, None if right is None else right[index]))
    if bottom is not None:
        lines.append(line("sum", bottom, None))
    return "\n".join(lines)


# -- fast path: answers written as plain JSON rows ---------------------------------------------

_MAX_PLAIN_CHARS = 20_000
"""The longest payload :func:`plain_grid` reads (the shared grid reader's limit)."""

_PLAIN_ROWS = re.compile(r"\[ *\[[-0-9 ,]*\](?: *, *\[[-0-9 ,]*\])* *\]")
"""JSON rows of bare integers, the form prompts ask for: ``json.loads`` reads them as lists
of lists of integers or refuses them."""


def plain_grid(payload: str, rows: int, cols: int) -> Grid | None:
    """Returns the grid of an answer written as plain JSON rows of integers, else None.

    The common case, read by one regular expression and ``json.loads``; None sends the
    payload the general way (:func:`taskgen.verifiers.grid.read_grid`, which words the
    reasons). Exact: where this returns a grid, ``read_grid(payload, rows, cols)`` returns
    the same one. The text starts with ``[`` and ends with ``]`` and is ASCII without ``$``
    or a backslash, so the shared leniency rule leaves it as it is; it is no longer than
    that reader's limit; the pattern allows only integers two brackets deep, and the shape
    is checked here.

    >>> plain_grid("[[1, 2], [3, 4]]", 2, 2)
    [[1, 2], [3, 4]]
    >>> plain_grid("[[1,2]]", 2, 2) is None
    True
    """
    if len(payload) > _MAX_PLAIN_CHARS or _PLAIN_ROWS.fullmatch(payload) is None:
        return None
    try:
        grid: Grid = json.loads(payload)
    except ValueError:  # digits JSON refuses (a leading zero, a lone sign)
        return None
    if len(grid) != rows or list(map(len, grid)) != [cols] * rows:
        return None
    return grid
