"""Region maps for the placement puzzles (star_placement_puzzle, norinori).

Not a family module (the leading underscore keeps it out of discovery). Both puzzles split a
square grid into regions that must each hold a fixed number of marked cells (stars, shaded
cells), and both are generated the same way: draw the marked cells first, then grow regions
around them, then adjust the regions until python-sat proves the drawn marking is the only
solution. This module holds that shared machinery:

* :func:`grow_regions` grows one region from each seed cell until the grid is covered;
* :func:`pair_regions` merges those regions two by two (a random perfect matching of
  neighbouring regions), so that each region holds two marked cells;
* :class:`RegionOracle` with :func:`make_unique` moves single cells between regions until the
  marking is the only solution; :func:`make_unique_by_windows` does so square by square
  first, for puzzles whose ambiguities are local and multiply on a large grid (Norinori);
* :func:`cardinality` encodes "exactly k of these cells" for python-sat;
* :func:`letters` / :func:`labels_from_letters` convert region maps to rows of letters, and
  :func:`region_map_error` says what is wrong with a malformed one.

Every choice comes from the ``rng`` passed in, and every solver result used is a fact about
the formula: a complete, sorted list of solutions (or "there are at least ``cap``"), never
the particular model a solver happens to return. The result is therefore the same with any
SAT solver, version or platform.

>>> import random
>>> labels = grow_regions(3, [(0, 0), (2, 2)], random.Random(1))
>>> sorted({v for row in labels for v in row})
[0, 1]
>>> letters([[0, 0, 1], [2, 1, 1]])
['AAB', 'CBB']
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Sequence

from pysat.card import CardEnc, EncType
from pysat.solvers import Solver

from taskgen.tasks._cnf import CNF, SOLVER, exactly_one

Cell = tuple[int, int]
"""A grid cell as 0-based ``(row, column)``."""
Labels = list[list[int]]
"""A region map: the region number of every cell, row 0 first."""

ALPHABET = string.ascii_uppercase + string.ascii_lowercase
"""Region letters in order: ``A``-``Z`` then ``a``-``z`` (52 regions at most)."""
PAIRWISE_MAX = 12
"""Largest set whose "exactly one" is encoded pairwise (see :func:`cardinality`)."""
MATCHING_BUDGET = 2_000
"""Search steps :func:`pair_regions` may take before giving up on a region map."""


def orthogonal(cell: Cell, size: int) -> list[Cell]:
    """Returns the side neighbours of ``cell`` inside a ``size`` x ``size`` grid.

    >>> orthogonal((0, 0), 3)
    [(1, 0), (0, 1)]
    """
    r, c = cell
    steps = ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1))
    return [(a, b) for a, b in steps if 0 <= a < size and 0 <= b < size]


def grow_regions(
    size: int, seeds: Sequence[Cell], rng: random.Random, *, skew: float = 0.0, least: int = 1
) -> Labels:
    """Grows region ``i`` from ``seeds[i]`` until every cell of the grid has a region.

    First every region, in a random order, takes free neighbouring cells one at a time until
    it has ``least`` cells (or no free neighbour). Then each step picks a region with room to
    grow, with weight ``u ** skew`` for a number ``u`` drawn per region (``skew`` 0: all
    alike; larger: some regions stay small while others spread), and gives it a random free
    cell next to it. A seed is never taken by another region, so each region holds exactly
    one seed; every region is connected.
    """
    labels = [[-1] * size for _ in range(size)]
    frontier: list[list[Cell]] = []
    for index, (r, c) in enumerate(seeds):
        labels[r][c] = index
    for seed in seeds:
        frontier.append([cell for cell in orthogonal(seed, size) if labels[cell[0]][cell[1]] < 0])
    weight = [rng.random() ** skew for _ in seeds]

    def take(region: int) -> bool:
        """Gives ``region`` one random free neighbouring cell; False if it has none."""
        cells = frontier[region]
        while cells:
            pick = rng.randrange(len(cells))
            cells[pick], cells[-1] = cells[-1], cells[pick]
            r, c = cells.pop()
            if labels[r][c] < 0:
                labels[r][c] = region
                cells.extend(n for n in orthogonal((r, c), size) if labels[n[0]][n[1]] < 0)
                return True
        return False

    for _ in range(least - 1):
        for region in rng.sample(range(len(seeds)), len(seeds)):
            take(region)
    growing = [index for index, cells in enumerate(frontier) if cells]
    while growing:
        total = sum(weight[region] for region in growing)
        point = rng.random() * total
        slot = len(growing) - 1
        for index, region in enumerate(growing):
            point -= weight[region]
            if point < 0:
                slot = index
                break
        if not take(growing[slot]):
            growing.pop(slot)
    return labels


def region_cells(labels: Labels) -> list[list[Cell]]:
    """Returns the cells of every region, region 0 first, each in reading order."""
    count = 1 + max(v for row in labels for v in row)
    cells: list[list[Cell]] = [[] for _ in range(count)]
    for r, row in enumerate(labels):
        for c, v in enumerate(row):
            cells[v].append((r, c))
    return cells


def renumber(labels: Labels) -> Labels:
    """Returns ``labels`` with regions numbered by first appearance in reading order."""
    order: dict[int, int] = {}
    for row in labels:
        for v in row:
            order.setdefault(v, len(order))
    return [[order[v] for v in row] for row in labels]


def pair_regions(labels: Labels, rng: random.Random) -> Labels | None:
    """Merges the regions of ``labels`` two by two, each with a neighbouring one.

    A random perfect matching of the regions' neighbour graph is searched by backtracking
    (the unmatched region with the fewest unmatched neighbours first, its partners in random
    order). Returns the merged map, renumbered, or None when no matching is found within
    :data:`MATCHING_BUDGET` steps (the caller grows new regions).
    """
    size = len(labels)
    count = 1 + max(v for row in labels for v in row)
    if count % 2:
        return None
    linked: list[set[int]] = [set() for _ in range(count)]
    for r in range(size):
        for c in range(size):
            for a, b in ((r + 1, c), (r, c + 1)):
                if a < size and b < size and labels[a][b] != labels[r][c]:
                    linked[labels[r][c]].add(labels[a][b])
                    linked[labels[a][b]].add(labels[r][c])
    partners = [sorted(s) for s in linked]
    for options in partners:
        rng.shuffle(options)
    mate = [-1] * count
    steps = 0

    def search() -> bool:
        nonlocal steps
        steps += 1
        if steps > MATCHING_BUDGET:
            return False
        best, best_options = -1, 0
        for region in range(count):
            if mate[region] < 0:
                free = sum(1 for other in partners[region] if mate[other] < 0)
                if best < 0 or free < best_options:
                    best, best_options = region, free
        if best < 0:
            return True
        for other in partners[best]:
            if mate[other] < 0:
                mate[best], mate[other] = other, best
                if search():
                    return True
                mate[best] = mate[other] = -1
        return False

    if not search():
        return None
    return renumber([[min(v, mate[v]) for v in row] for row in labels])


def letters(labels: Labels) -> list[str]:
    """Writes a region map as rows of letters (region 0 is ``A``)."""
    return ["".join(ALPHABET[v] for v in row) for row in labels]


def labels_from_letters(rows: Sequence[str]) -> Labels:
    """Reads rows of region letters back into region numbers (``A`` is 0)."""
    return [[ALPHABET.index(ch) for ch in row] for row in rows]


def region_map_error(rows: Sequence[str], size: int) -> str | None:
    """Returns why ``rows`` is not a region map of a ``size`` x ``size`` grid, or None.

    A region map has ``size`` rows of ``size`` letters; its regions are the first letters of
    :data:`ALPHABET`, each one used and side-connected.

    >>> region_map_error(["AB", "BA"], 2)
    'region A is not connected'
    """
    if len(rows) != size or any(len(row) != size for row in rows):
        return f"regions must be {size} rows of {size} letters"
    used = {ch for row in rows for ch in row}
    if not used <= set(ALPHABET):
        return "regions use a character that is not a letter A-Z or a-z"
    count = len(used)
    if used != set(ALPHABET[:count]):
        return f"regions must be named by the first {count} letters, each used"
    for index, cells in enumerate(region_cells(labels_from_letters(rows))):
        if not is_connected(set(cells)):
            return f"region {ALPHABET[index]} is not connected"
    return None


def is_connected(cells: set[Cell]) -> bool:
    """Returns whether ``cells`` (non-empty) are side-connected."""
    if not cells:
        return False
    start = min(cells)
    seen = {start}
    stack = [start]
    while stack:
        r, c = stack.pop()
        for step in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if step in cells and step not in seen:
                seen.add(step)
                stack.append(step)
    return len(seen) == len(cells)


# -- uniqueness -------------------------------------------------------------------------------


RegionRule = Callable[[Sequence[int], int], tuple[CNF, int]]
"""Encodes "this region holds the right number of marked cells" over its cells' literals,
with auxiliary variables above the given top variable; returns (clauses, new top)."""
Marking = frozenset[Cell]
"""One solution: the set of its marked cells."""


def cardinality(literals: Sequence[int], count: int, top: int) -> tuple[CNF, int]:
    """Returns clauses saying exactly ``count`` of ``literals`` hold, and the new top variable.

    Exactly one of at most :data:`PAIRWISE_MAX` literals: pairwise, no auxiliaries; else a
    sequential counter above ``top`` (linear in the literals, where pairwise is quadratic).

    >>> cardinality([1, 2], 1, 2)
    ([[1, 2], [-1, -2]], 2)
    """
    if count == 1 and len(literals) <= PAIRWISE_MAX:
        return exactly_one(literals), top
    if not 0 <= count <= len(literals):
        return [[top + 1], [-(top + 1)]], top + 1
    encoded = CardEnc.equals(
        lits=list(literals), bound=count, top_id=top, encoding=EncType.seqcounter
    )
    return [list(clause) for clause in encoded.clauses], max(top, encoded.nv)


def exactly_rule(count: int) -> RegionRule:
    """Returns the region rule "exactly ``count`` of these cells are marked"."""

    def rule(literals: Sequence[int], top: int) -> tuple[CNF, int]:
        return cardinality(literals, count, top)

    return rule


class RegionOracle:
    """An incremental solver that lists the solutions of a changing region map.

    ``base`` holds every rule but the regions' (rows, columns, touching, dominoes) and
    ``var[r][c]`` is true when cell ``(r, c)`` is marked; every solution marks the same
    number of cells. Each region's rule is guarded by a selector, so a region that changes
    gets a new selector (its old rule is simply no longer assumed) and a move is undone by
    restoring the old selectors.
    """

    def __init__(
        self, base: CNF, var: Sequence[Sequence[int]], top: int, labels: Labels, rule: RegionRule
    ) -> None:
        self.var = var
        self.top = top
        self.labels = labels
        self.rule = rule
        self.size = len(labels)
        self._flat = [((r, c), var[r][c]) for r in range(self.size) for c in range(self.size)]
        self.solver = Solver(name=SOLVER, bootstrap_with=base)
        self.cells = {i: set(cells) for i, cells in enumerate(region_cells(labels))}
        self.selector: dict[int, int] = {region: self._guard(region) for region in self.cells}
        self._undo: tuple[Cell, int, int, int, int] | None = None
        self.fixed: list[int] = []
        """Literals assumed in every call (cells held at their gold value)."""
        self.calls = 0
        """Solver calls made so far (a work budget; the count follows from the formula)."""

    def _guard(self, region: int) -> int:
        literals = [self.var[r][c] for r, c in sorted(self.cells[region])]
        self.top += 1
        selector = self.top
        clauses, self.top = self.rule(literals, self.top)
        self.solver.append_formula([[-selector, *clause] for clause in clauses])
        return selector

    def assumptions(self, extra: Sequence[int] = ()) -> list[int]:
        """Returns the selectors of the current regions' rules, :attr:`fixed`, then ``extra``."""
        return [*(self.selector[region] for region in sorted(self.selector)), *self.fixed, *extra]

    def solutions(self, cap: int, marked: Cell | None = None) -> list[Marking] | None:
        """Returns every solution (that marks ``marked``, if given), or None if there are
        ``cap`` or more. The list is sorted, so it does not depend on the solver's search."""
        self.top += 1
        guard = self.top
        assumptions = self.assumptions([guard])
        if marked is not None:
            assumptions.append(self.var[marked[0]][marked[1]])
        found: list[Marking] = []
        while len(found) < cap and self._solve(assumptions):
            model = self.solver.get_model() or []
            cells = frozenset(cell for cell, v in self._flat if model[v - 1] > 0)
            found.append(cells)
            # every solution marks as many cells, so another one leaves one of these unmarked
            self.solver.add_clause([-guard, *(-self.var[r][c] for r, c in cells)])
        self.solver.add_clause([-guard])
        if len(found) >= cap:
            return None
        return sorted(found, key=sorted)

    def _solve(self, assumptions: list[int]) -> bool:
        self.calls += 1
        return bool(self.solver.solve(assumptions=assumptions))

    def targets(self, cell: Cell, least: int = 1) -> list[int]:
        """Returns the regions ``cell`` may move to: its side neighbours' regions, when its
        own region stays connected without it and keeps ``least`` cells (else none)."""
        r, c = cell
        source = self.labels[r][c]
        rest = self.cells[source] - {cell}
        if len(rest) < least or not is_connected(rest):
            return []
        return sorted({self.labels[a][b] for a, b in orthogonal(cell, self.size)} - {source})

    def move(self, cell: Cell, target: int) -> None:
        """Moves ``cell`` to region ``target`` (one of :meth:`targets`)."""
        r, c = cell
        source = self.labels[r][c]
        self._undo = (cell, source, target, self.selector[source], self.selector[target])
        self.labels[r][c] = target
        self.cells[source].discard(cell)
        self.cells[target].add(cell)
        self.selector[source] = self._guard(source)
        self.selector[target] = self._guard(target)

    def undo(self) -> None:
        """Undoes the last :meth:`move`."""
        if self._undo is None:
            return
        (r, c), source, target, old_source, old_target = self._undo
        self.labels[r][c] = source
        self.cells[target].discard((r, c))
        self.cells[source].add((r, c))
        self.selector[source], self.selector[target] = old_source, old_target
        self._undo = None

    def close(self) -> None:
        """Frees the solver."""
        self.solver.delete()


def _try_moves(
    oracle: RegionOracle,
    found: list[Marking],
    cells: Sequence[Cell],
    rng: random.Random,
    least: int,
    strict: bool,
) -> list[Marking] | None:
    """Makes the first move of a cell in ``cells`` that leaves fewer solutions than
    ``found`` (``strict``) or no more; returns the new solutions, or None if none does."""
    for cell in cells:
        kept = [marking for marking in found if cell not in marking]
        broken = len(found) - len(kept)
        targets = oracle.targets(cell, least)
        rng.shuffle(targets)
        for target in targets:
            oracle.move(cell, target)
            new = oracle.solutions(broken if strict else broken + 1, cell)
            if new is not None:
                return sorted([*kept, *new], key=sorted)
            oracle.undo()
    return None


def make_unique(
    base: CNF,
    var: Sequence[Sequence[int]],
    top: int,
    gold: Sequence[Sequence[int]],
    labels: Labels,
    rule: RegionRule,
    rng: random.Random,
    cap: int = 200,
    least: int = 1,
    sideways: int = 0,
) -> bool:
    """Moves cells between regions of ``labels`` (in place) until the gold is the only solution.

    Every solution of the map is listed (at most ``cap``, else False: the caller grows a new
    map). While there are several, a cell that the gold leaves unmarked but other solutions
    mark (the most often marked first) moves to a neighbouring region: that breaks every
    solution marking it and keeps every other one, and the move is kept when the solutions
    that mark the cell under the new map are fewer than those it broke. When no such move
    lowers the count, up to ``sideways`` moves that keep the count (any unmarked cell of the
    gold, from a random start) reshape the map. The count never rises; the result is True
    once the gold is the only solution (python-sat has listed them all), False when no move
    helps. A move never leaves a region with fewer than ``least`` cells. The listed solutions
    are facts about the formula and ties are broken by ``rng``, so the result does not depend
    on the solver's search.
    """
    size = len(labels)
    oracle = RegionOracle(base, var, top, labels, rule)
    order = [(r, c) for r in range(size) for c in range(size) if not gold[r][c]]
    try:
        return _settle(oracle, order, rng, cap, least, sideways)
    finally:
        oracle.close()


def make_unique_by_windows(
    base: CNF,
    var: Sequence[Sequence[int]],
    top: int,
    gold: Sequence[Sequence[int]],
    labels: Labels,
    rule: RegionRule,
    rng: random.Random,
    window: int,
    cap: int = 200,
    least: int = 1,
    sideways: int = 0,
    budget: int | None = None,
) -> bool:
    """Like :func:`make_unique`, but first window by window, for puzzles whose ambiguities are
    local (a large grid then has too many solutions to list, as their count multiplies).

    For each ``window`` x ``window`` square (corners every ``window // 2`` cells, in random
    order) the cells outside it are assumed to be as in the gold, so only the solutions that
    differ from the gold inside the square are listed and removed as in :func:`make_unique`;
    then the whole grid is settled, which lists every solution and so proves uniqueness.
    Returns False when a step fails or more than ``budget`` solver calls are made (the
    caller grows a new map: a fresh map is cheaper than a stubborn one).
    """
    size = len(labels)
    oracle = RegionOracle(base, var, top, labels, rule)
    unmarked = [(r, c) for r in range(size) for c in range(size) if not gold[r][c]]
    step = max(1, window // 2)
    corners = sorted({min(i, max(0, size - window)) for i in range(0, size, step)})
    squares = [(r, c) for r in corners for c in corners]
    rng.shuffle(squares)
    try:
        for top_row, left in squares:
            inside = {
                (r, c)
                for r in range(top_row, min(size, top_row + window))
                for c in range(left, min(size, left + window))
            }
            oracle.fixed = [
                var[r][c] if gold[r][c] else -var[r][c]
                for r in range(size)
                for c in range(size)
                if (r, c) not in inside
            ]
            cells = [cell for cell in unmarked if cell in inside]
            if cells and not _settle(oracle, cells, rng, cap, least, sideways, budget):
                return False
        oracle.fixed = []
        return _settle(oracle, unmarked, rng, cap, least, sideways, budget)
    finally:
        oracle.close()


def _settle(
    oracle: RegionOracle,
    order: list[Cell],
    rng: random.Random,
    cap: int,
    least: int,
    sideways: int,
    budget: int | None = None,
) -> bool:
    """Runs :func:`make_unique`'s search on ``oracle``, moving only the cells of ``order``
    (the gold's unmarked cells it may move; shuffled here); gives up once ``oracle`` has
    made more than ``budget`` solver calls."""
    rng.shuffle(order)
    rank = {cell: index for index, cell in enumerate(order)}
    found = oracle.solutions(cap)
    if found is None:
        return False
    while len(found) > 1:
        if budget is not None and oracle.calls > budget:
            return False
        often: dict[Cell, int] = {}
        for marking in found:
            for cell in marking:
                if cell in rank:
                    often[cell] = often.get(cell, 0) + 1
        candidates = sorted(often, key=lambda cell: (-often[cell], rank[cell]))
        improved = _try_moves(oracle, found, candidates, rng, least, strict=True)
        if improved is None:
            if sideways <= 0:
                return False
            sideways -= 1
            start = rng.randrange(len(order))
            rotated = order[start:] + order[:start]
            improved = _try_moves(oracle, found, rotated, rng, least, strict=False)
            if improved is None:
                return False
        found = improved
    return True
