"""Partial credit as progress toward a solution, the same rule for every cell-answer family.

The old rule, "the fraction of the puzzle's constraints an answer meets", paid trivial
answers most of the reward: a Latin square that ignores every clue meets all row and column
constraints, a grid of ones meets most island rules, and the givens with every blank set to
one digit keep every given. Progress instead counts what the answer itself gets right:

* only the **free** cells (those the model decides) count; changing a cell the puzzle gives
  earns nothing at all;
* the **distance** of an answer is the number of free cells in which it differs from the
  nearest solution (any solution, where a puzzle has several);
* the **baseline** is the distance that needs no solving: the smaller of what a uniformly
  random fill is expected to get wrong, ``free * (1 - 1/q)`` for ``q`` possible values, and
  the distance of the best constant fill (every free cell set to one value);
* the credit is ``max(0, 1 - distance / baseline)``: 0 for any answer no better than the
  baseline (every constant fill scores exactly 0), 1 for a solution, and ``1 - 1/baseline``
  for an answer one cell away from a solution.

A family that reads answers as cells describes them with an :class:`AnswerLayout` (returned
by its ``answer_layout`` hook); the distance itself is computed by the family's solver (see
``taskgen/tasks/_progress.py``).

>>> progress_credit(distance=1, baseline=4.0)
0.75
>>> progress_credit(distance=5, baseline=4.0)
0.0
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from taskgen.verifiers.grid import Grid, format_grid

Cell = tuple[int, int]
"""A cell as 0-based ``(row, column)``."""


@dataclass(frozen=True)
class AnswerLayout:
    """The cells of an answer: its shape, the values a cell may take, what the puzzle gives.

    ``style`` says how an answer is written: ``"grid"`` as JSON rows, ``"bits"`` as one
    string of digits (SAT's assignments, ``rows == 1``). Cells hold integers; a family whose
    answers are written with other tokens (arrows, letters) gives ``symbols``, the token of
    each value in ``values`` order, and the grid is then written as JSON rows of strings.

    >>> layout = AnswerLayout(1, 3, (0, 1), {}, ((0, 0), (0, 1), (0, 2)), "bits")
    >>> layout.write([[1, 0, 1]])
    '101'
    >>> AnswerLayout(1, 2, (0, 1), {}, ((0, 0), (0, 1)), symbols=("a", "b")).write([[1, 0]])
    '[["b","a"]]'
    """

    rows: int
    cols: int
    values: tuple[int, ...]
    fixed: Mapping[Cell, int]
    free: tuple[Cell, ...]
    style: Literal["grid", "bits"] = "grid"
    symbols: tuple[str, ...] | None = None

    def write(self, grid: Grid) -> str:
        """Writes ``grid`` in the form the family's prompt asks for."""
        if self.style == "bits":
            return "".join(str(v) for v in grid[0])
        if self.symbols is not None:
            token = dict(zip(self.values, self.symbols, strict=True))
            return json.dumps(
                [[token.get(v, str(v)) for v in row] for row in grid],
                separators=(",", ":"),
                ensure_ascii=False,
            )
        return format_grid(grid)

    def fill(self, free_values: Sequence[int]) -> Grid:
        """Returns the grid holding the fixed cells and ``free_values`` in :attr:`free` order."""
        grid = [[self.values[0]] * self.cols for _ in range(self.rows)]
        for (r, c), value in self.fixed.items():
            grid[r][c] = value
        for (r, c), value in zip(self.free, free_values, strict=True):
            grid[r][c] = value
        return grid

    def changed_fixed(self, grid: Grid) -> Cell | None:
        """Returns the first fixed cell ``grid`` changes, or ``None``."""
        for (r, c), value in self.fixed.items():
            if grid[r][c] != value:
                return (r, c)
        return None


def random_fill_distance(free: int, alphabet: int) -> float:
    """Returns how many of ``free`` cells a uniformly random fill is expected to get wrong.

    >>> random_fill_distance(8, 4)
    6.0
    """
    return free * (1.0 - 1.0 / alphabet) if alphabet > 0 else 0.0


def progress_credit(distance: int, baseline: float) -> float:
    """Returns ``max(0, 1 - distance / baseline)`` (0 when the baseline is 0)."""
    if baseline <= 0:
        return 0.0
    return max(0.0, 1.0 - distance / baseline)
