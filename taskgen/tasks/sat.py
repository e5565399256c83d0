"""SAT: find an assignment that satisfies a CNF formula with a planted solution.

Description:
    The idea of SATURN (arXiv 2505.16368), implemented here from its description. The model
    sees a Boolean formula in conjunctive normal form and must give one assignment of its
    variables that makes every clause true. Every generated formula is satisfiable by
    construction: a random assignment is planted first and every clause agrees with it.

Instance:
    ``{"num_vars": k, "clauses": [[...], ...]}`` with DIMACS-style signed integers over
    variables ``1..k``: ``3`` means "x3 is true", ``-3`` means "x3 is false". A clause is
    the OR of its literals, the formula the AND of its clauses. Users may build tasks from
    their own CNF text with :func:`from_dimacs`.

Answer format:
    A string of exactly ``k`` characters ``0``/``1``, variable 1 first, inside ``\\boxed{}``.
    For the clauses ``(A | !B) & (B | C)`` over A, B, C the answer ``\\boxed{101}`` sets
    A true, B false, C true. Whitespace inside the box and a ``\\text{}`` wrapper are ignored;
    anything else of the wrong length or alphabet is a format error (the original accepted
    answers of the wrong length; this checker does not).

Scoring:
    Correct iff every clause is satisfied; any satisfying assignment counts, not only the
    planted one. Partial credit for a well-formed answer is progress toward the nearest
    solution (:mod:`taskgen.verifiers.progress`): ``max(0, 1 - d / b)`` with ``d`` the
    variables to flip to reach the nearest satisfying assignment (python-sat finds it) and
    ``b`` what the better constant, or a random assignment, must flip. (The fraction of
    satisfied clauses gave all-ones 0.94.)

Difficulty:
    Levels map to ``(n, k, l)`` = (clause width, variables, clauses) so that SATURN's
    estimate ``D = log2(k) + 2*log2(l) - n + k/n`` strictly increases:

    =====  ===========  =====  =========================================
    level  (n, k, l)    D      note
    =====  ===========  =====  =========================================
    1      (3, 3, 3)    2.75   warm-up
    2      (3, 4, 4)    4.33
    3      (3, 5, 5)    5.63   SATURN 1.5B stage 1
    4      (3, 5, 8)    6.99   SATURN 1.5B stage 2 (paper)
    5      (3, 5, 13)   8.39   SATURN 7B stage 1
    6      (3, 5, 15)   8.80   SATURN 7B stage 2
    7      (3, 6, 20)   10.23  SATURN unseen test level
    8      (3, 7, 40)   12.79  SATURN's hardest test level
    9      (3, 10, 50)  14.94  beyond SATURN
    10     (3, 14, 70)  17.73  beyond SATURN
    =====  ===========  =====  =========================================

Knobs:
    ``n`` clause width (literals per clause, distinct variables), ``k`` variables, ``l``
    clauses (distinct), ``unique``: when true, clauses consistent with the planted solution
    are added until python-sat proves it is the only solution (an exact-answer variant; the
    instance then has more than ``l`` clauses and ``meta["added_for_uniqueness"]`` says how
    many). Beyond 26 variables they are named ``x1..xk`` (SATURN's letters stop at Z).

References:
    Liu et al., "SATURN: SAT-based Reinforcement Learning to Unleash Language Model
    Reasoning", arXiv 2505.16368.

Version history:
    v0: first release.
    v1: no formula is satisfied by a constant assignment (redrawn); partial credit measures
    the distance to the nearest solution instead of the fraction of satisfied clauses.
"""

from __future__ import annotations

import math
import random
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import combinations, product
from operator import add, mul
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pysat.solvers import Solver

from taskgen.core.api import build_task
from taskgen.core.errors import DimacsError, InvalidParamsError, UnsatisfiableError
from taskgen.core.registry import Check, Draft, Family, get, register
from taskgen.core.task import Task
from taskgen.tasks._draws import sample_pool_limit
from taskgen.tasks._progress import SolutionSpace, cached_space
from taskgen.verifiers.extract import unwrap_latex
from taskgen.verifiers.progress import AnswerLayout

Clause = tuple[int, ...]
"""A clause as DIMACS literals: ``(1, -3)`` is ``x1 OR NOT x3``."""

MAX_WIDTH = 100
MAX_VARS = 100_000
MAX_CLAUSES = 1_000_000
_ENUMERATE_BELOW = 200_000  # enumerate all consistent clauses when there are this few
_SOLVER = "minisat22"  # stable for a decade: imported golds do not drift with solver updates

LEVELS: dict[int, tuple[int, int, int]] = {
    1: (3, 3, 3),
    2: (3, 4, 4),
    3: (3, 5, 5),
    4: (3, 5, 8),
    5: (3, 5, 13),
    6: (3, 5, 15),
    7: (3, 6, 20),
    8: (3, 7, 40),
    9: (3, 10, 50),
    10: (3, 14, 70),
}


def saturn_difficulty(n: int, k: int, l: int) -> float:  # noqa: E741  (SATURN's names)
    """Returns SATURN's difficulty estimate ``D = log2(k) + 2*log2(l) - n + k/n``.

    >>> round(saturn_difficulty(3, 5, 5), 2)
    5.63
    """
    return math.log2(k) + 2 * math.log2(l) - n + k / n


@lru_cache(maxsize=256)
def _rounded_d(n: int, k: int, l: int) -> float:  # noqa: E741
    return round(saturn_difficulty(n, k, l), 4)


def max_distinct_clauses(n: int, k: int) -> int:
    """Returns how many distinct width-``n`` clauses over ``k`` variables one assignment satisfies.

    >>> max_distinct_clauses(3, 3)
    7
    """
    return math.comb(k, n) * ((1 << n) - 1)


class SatKnobs(BaseModel):
    """Knobs of the ``sat`` family (SATURN's names)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n: int = Field(ge=1, le=MAX_WIDTH, description="clause width (literals per clause)")
    k: int = Field(ge=1, le=MAX_VARS, description="number of variables")
    l: int = Field(ge=1, le=MAX_CLAUSES, description="number of clauses")  # noqa: E741
    unique: bool = Field(default=False, description="add clauses until the solution is unique")

    @model_validator(mode="after")
    def _width_fits(self) -> SatKnobs:
        if self.n > self.k:
            raise ValueError(f"clause width n={self.n} exceeds the number of variables k={self.k}")
        return self


class SatInstance(BaseModel):
    """``Task.instance`` of the ``sat`` family: DIMACS-style clauses over ``1..num_vars``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    num_vars: int = Field(ge=1, le=MAX_VARS)
    clauses: list[list[int]] = Field(min_length=1, max_length=MAX_CLAUSES)

    @model_validator(mode="after")
    def _literals_in_range(self) -> SatInstance:
        for index, clause in enumerate(self.clauses):
            if not clause:
                raise ValueError(f"clause {index} is empty")
            for literal in clause:
                if literal == 0 or abs(literal) > self.num_vars:
                    raise ValueError(
                        f"clause {index} has literal {literal}; use ±1..±{self.num_vars}"
                    )
        return self


# -- generation -------------------------------------------------------------------------------


def _literal(var: int, planted: list[bool], agrees: bool) -> int:
    """Returns the literal of ``var`` that is true (``agrees``) or false under ``planted``."""
    return var if planted[var] == agrees else -var


def _clause_for(variables: Clause, pattern: int, planted: list[bool]) -> Clause:
    return tuple(
        _literal(var, planted, bool(pattern >> bit & 1)) for bit, var in enumerate(variables)
    )


def draw_clauses(n: int, k: int, l: int, planted: list[bool], rng: random.Random) -> list[Clause]:  # noqa: E741
    """Draws ``l`` distinct width-``n`` clauses, each satisfied by ``planted``, uniformly.

    Each clause has ``n`` distinct variables and a non-zero "agreement pattern": at least
    one literal is true under the planted assignment (SATURN's construction).
    """
    limit = max_distinct_clauses(n, k)
    patterns = 2**n
    if limit <= _ENUMERATE_BELOW and 2 * l > limit:
        every = [
            _clause_for(variables, pattern, planted)
            for variables in combinations(range(1, k + 1), n)
            for pattern in range(1, patterns)
        ]
        return rng.sample(every, l)
    chosen: list[Clause] = []
    seen: set[Clause] = set()
    population = range(1, k + 1)
    while len(chosen) < l:
        variables = tuple(sorted(rng.sample(population, n)))
        clause = _clause_for(variables, rng.randrange(1, patterns), planted)
        if clause not in seen:
            seen.add(clause)
            chosen.append(clause)
    return chosen


def constant_satisfies(clauses: list[Clause] | list[list[int]]) -> bool:
    """Returns whether all-false or all-true satisfies ``clauses``.

    All-false fails only a clause of positive literals, all-true one of negative literals.

    >>> constant_satisfies([(1, 2), (-1, 2)]), constant_satisfies([(1, 2), (-1, -2)])
    (True, False)
    """
    return not any(all(x > 0 for x in c) for c in clauses) or not any(
        all(x < 0 for x in c) for c in clauses
    )


MAX_DRAWS = 100_000
"""Draws of planted assignment and clauses before giving up on a constant-free formula."""


def draw_formula(
    n: int,
    k: int,
    l: int,  # noqa: E741
    rng: random.Random,
) -> tuple[list[bool], list[Clause]]:
    """Draws a planted assignment and ``l`` clauses it satisfies, no constant satisfying them.

    Rejection sampling, so the formula is uniform among those SATURN's construction makes
    that no constant assignment satisfies. A plain ``random.Random`` draws through
    :func:`_draw_formula_bits` (the same numbers, the same generator state after); any other
    generator through :func:`draw_clauses`.

    Raises:
        InvalidParamsError: no such formula was drawn in :data:`MAX_DRAWS` tries.
    """
    if type(rng) is random.Random:
        answer, clauses = _as_clauses(_draw_formula_bits(n, k, l, rng))
        return [False, *(bit == "1" for bit in answer)], clauses
    for _ in range(MAX_DRAWS):
        bits = rng.getrandbits(k)
        planted = [False] + [bool(bits >> i & 1) for i in range(k)]
        clauses = draw_clauses(n, k, l, planted, rng)
        if not constant_satisfies(clauses):
            return planted, clauses
    raise _no_formula(n, k, l)


def _as_clauses(drawn: Drawn) -> tuple[str, list[Clause]]:
    """Returns a drawn formula's answer and clauses (literal tuples, in the order drawn)."""
    if drawn[2] is None:
        return drawn[0], drawn[1]
    return drawn[0], list(map(drawn[2].clauses.__getitem__, drawn[1]))


def _no_formula(n: int, k: int, l: int) -> InvalidParamsError:  # noqa: E741
    return InvalidParamsError(
        f"sat: no formula with n={n}, k={k}, l={l} that no constant satisfies in {MAX_DRAWS} draws"
    )


_SIGN = {"0": -1, "1": 1}
"""The sign of a variable's true literal by its answer character."""


@lru_cache(maxsize=64)
def _pattern_signs(n: int) -> tuple[tuple[int, ...], ...]:
    """Per ``randrange(1, 2**n)`` draw minus one: the sign that makes each of the clause's
    literals agree (+1) or disagree (-1) with the planted assignment."""
    return tuple(
        tuple(1 if pattern >> bit & 1 else -1 for bit in range(n)) for pattern in range(1, 1 << n)
    )


Drawn = tuple[str, list[Clause], None] | tuple[str, list[int], "_ClauseTable"]
"""A formula drawn by :func:`_draw_formula_bits`: the planted answer and the clauses in the
order drawn, as literal tuples or as codes of a :class:`_ClauseTable`."""


def _draw_formula_bits(
    n: int,
    k: int,
    l: int,  # noqa: E741
    rng: random.Random,
) -> Drawn:
    """:func:`draw_formula` for a plain ``random.Random``.

    It makes exactly the ``getrandbits`` calls that ``getrandbits(k)``, ``sample(range(1,
    k + 1), n)`` and ``randrange(1, 2**n)`` make (CPython's ``_randbelow``: draw
    ``bit_length(m)`` bits until the number is below ``m``), so the formula and the
    generator's state after are the same. Where :func:`_pick_table` tabulates the sample,
    the clauses come out as codes of :func:`_clause_table` (for few variables looked up in
    the planted answer's :func:`_answer_codes`); otherwise a clause's literals come from
    the planted signs in one ``map``.
    """
    getrandbits = rng.getrandbits
    limit = max_distinct_clauses(n, k)
    dense = limit <= _ENUMERATE_BELOW and 2 * l > limit
    pooled = k <= sample_pool_limit(n)
    picks = _pick_table(n, k) if pooled and not dense else None
    table = _clause_table(n, k) if picks is not None else None
    per_answer = picks is not None and len(picks[1]) << (n + k) <= _ANSWER_CODES_SIZE
    population = list(range(1, k + 1))
    for _ in range(MAX_DRAWS):
        answer = format(getrandbits(k), f"0{k}b")[::-1]
        if picks is not None and table is not None:
            keys = _draw_picked(n, k, l, getrandbits, picks[0])
            if per_answer:
                codes = list(map(_answer_codes(n, k, answer).__getitem__, keys))
            else:
                codes = _codes_of(n, picks[1], answer, keys)
            if any(map(table.all_positive.__getitem__, codes)) and any(
                map(table.all_negative.__getitem__, codes)
            ):
                return answer, codes, table
            continue
        if dense:
            clauses = draw_clauses(n, k, l, [False, *(bit == "1" for bit in answer)], rng)
        else:
            true = [0, *map(mul, population, map(_SIGN.__getitem__, answer))]
            clauses = _draw_sampled(n, k, l, getrandbits, pooled, true, _pattern_signs(n))
        if max(map(min, clauses)) > 0 and min(map(max, clauses)) < 0:
            return answer, clauses, None
    raise _no_formula(n, k, l)


@dataclass(frozen=True)
class _ClauseTable:
    """Every width-``n`` clause over variables ``1..k`` by code ``set << n | negated``.

    ``set`` numbers the variable set as :func:`_pick_table` does; bit ``b`` of ``negated``
    says the set's ``b``-th smallest variable appears negated.
    """

    clauses: tuple[Clause, ...]
    rank: tuple[int, ...]
    """Place of each clause in the prompt's clause order (the order of :func:`_sort_key`)."""
    texts: tuple[str, ...]
    """Each clause as :func:`format_clause` writes it."""
    all_positive: tuple[bool, ...]
    all_negative: tuple[bool, ...]


@lru_cache(maxsize=16)
def _clause_table(n: int, k: int) -> _ClauseTable | None:
    """Returns the :class:`_ClauseTable` of ``(n, k)`` where :func:`_pick_table` has one."""
    picks = _pick_table(n, k)
    if picks is None:
        return None
    clauses = tuple(
        tuple(-v if negated >> bit & 1 else v for bit, v in enumerate(variables))
        for variables in picks[1]
        for negated in range(1 << n)
    )
    order = _sort_key(k)
    rank = [0] * len(clauses)
    for place, code in enumerate(sorted(range(len(clauses)), key=lambda i: order(clauses[i]))):
        rank[code] = place
    names = variable_names(k)
    return _ClauseTable(
        clauses,
        tuple(rank),
        tuple(format_clause(clause, names) for clause in clauses),
        tuple(min(clause) > 0 for clause in clauses),
        tuple(max(clause) < 0 for clause in clauses),
    )


_ANSWER_CODES_SIZE = 1 << 16
"""Most codes the :func:`_answer_codes` tables of one ``(n, k)`` hold together (every answer)."""


@lru_cache(maxsize=1024)
def _answer_codes(n: int, k: int, answer: str) -> tuple[int, ...]:
    """Returns, per :func:`_draw_picked` key, the :class:`_ClauseTable` code of the clause
    under the planted ``answer``."""
    picks = _pick_table(n, k)
    assert picks is not None
    return tuple(_codes_of(n, picks[1], answer, range(len(picks[1]) * ((1 << n) - 1))))


def _codes_of(
    n: int, sets: tuple[tuple[int, ...], ...], answer: str, keys: Iterable[int]
) -> list[int]:
    """Returns the :class:`_ClauseTable` codes of :func:`_draw_picked` keys under the
    planted ``answer``: a literal is negated where the planted value differs from the
    pattern's agreement bit (:func:`_literal`)."""
    planted = [0, *(bit == "1" for bit in answer)]
    patterns = (1 << n) - 1
    codes: list[int] = []
    if n == 3:
        for key in keys:
            number, r = divmod(key, 7)
            a, b, c = sets[number]
            codes.append(number << 3 | ((planted[a] | planted[b] << 1 | planted[c] << 2) ^ (r + 1)))
        return codes
    for key in keys:
        number, r = divmod(key, patterns)
        agreed = sum(planted[v] << bit for bit, v in enumerate(sets[number]))
        codes.append(number << n | (agreed ^ (r + 1)))
    return codes


_PICK_TABLE_SIZE = 1 << 15
"""Most pick sequences :func:`_pick_table` tabulates."""


@lru_cache(maxsize=64)
def _pick_table(n: int, k: int) -> tuple[tuple[int, ...], tuple[tuple[int, ...], ...]] | None:
    """Tabulates ``random.Random.sample(range(1, k + 1), n)``'s pool algorithm.

    Pick ``i`` is a pool index below ``k - i``; the sequence read as a mixed-radix number
    (first pick most significant) indexes the first table, which holds the number of the
    sorted variable set drawn; the second table holds the sets by number. ``None`` when
    there are more than :data:`_PICK_TABLE_SIZE` sequences.
    """
    radices = range(k, k - n, -1)
    if math.prod(radices) > _PICK_TABLE_SIZE:
        return None
    numbers: dict[tuple[int, ...], int] = {}
    table: list[int] = []
    for sequence in product(*(range(radix) for radix in radices)):
        pool = list(range(1, k + 1))
        left = k
        chosen: list[int] = []
        for j in sequence:
            left -= 1
            chosen.append(pool[j])
            pool[j] = pool[left]
        table.append(numbers.setdefault(tuple(sorted(chosen)), len(numbers)))
    return tuple(table), tuple(numbers)


def _draw_picked(
    n: int,
    k: int,
    l: int,  # noqa: E741
    getrandbits: Callable[[int], int],
    table: tuple[int, ...],
) -> list[int]:
    """Draws ``l`` distinct clauses with :func:`_pick_table`, each as ``set * patterns +
    pattern - 1`` (``pattern`` from ``randrange(1, 2**n)``), in the order first drawn."""
    patterns = (1 << n) - 1
    pattern_bits = patterns.bit_length()
    chosen: dict[int, None] = {}
    if n == 3:  # every level's width: the three picks unrolled
        k1, k2 = k - 1, k - 2
        b0, b1, b2 = k.bit_length(), k1.bit_length(), k2.bit_length()
        while len(chosen) < l:
            j = getrandbits(b0)
            while j >= k:
                j = getrandbits(b0)
            x = getrandbits(b1)
            while x >= k1:
                x = getrandbits(b1)
            y = getrandbits(b2)
            while y >= k2:
                y = getrandbits(b2)
            r = getrandbits(3)
            while r >= 7:
                r = getrandbits(3)
            chosen[table[(j * k1 + x) * k2 + y] * 7 + r] = None
        return list(chosen)
    steps = [(radix.bit_length(), radix) for radix in range(k, k - n, -1)]
    while len(chosen) < l:
        index = 0
        for bits, radix in steps:
            j = getrandbits(bits)
            while j >= radix:
                j = getrandbits(bits)
            index = index * radix + j
        r = getrandbits(pattern_bits)
        while r >= patterns:
            r = getrandbits(pattern_bits)
        chosen[table[index] * patterns + r] = None
    return list(chosen)


def _draw_sampled(
    n: int,
    k: int,
    l: int,  # noqa: E741
    getrandbits: Callable[[int], int],
    pooled: bool,
    true: list[int],
    signs: tuple[tuple[int, ...], ...],
) -> list[Clause]:
    """Draws ``l`` distinct clauses as ``sample`` and ``randrange`` would, without a table
    (``true[v]`` is the literal of ``v`` that the planted assignment makes true)."""
    patterns = (1 << n) - 1
    pattern_bits = patterns.bit_length()
    k_bits = k.bit_length()
    population = list(range(1, k + 1))
    pick = true.__getitem__
    chosen: dict[Clause, None] = {}
    while len(chosen) < l:
        if pooled:
            pool = population[:]
            left = k
            variables = []
            for _ in range(n):
                bits = left.bit_length()
                j = getrandbits(bits)
                while j >= left:
                    j = getrandbits(bits)
                left -= 1
                variables.append(pool[j])
                pool[j] = pool[left]
        else:
            picked: set[int] = set()
            for _ in range(n):
                j = getrandbits(k_bits)
                while j >= k or j in picked:
                    j = getrandbits(k_bits)
                picked.add(j)
            variables = [j + 1 for j in picked]
        variables.sort()
        r = getrandbits(pattern_bits)
        while r >= patterns:
            r = getrandbits(pattern_bits)
        chosen[tuple(map(mul, map(pick, variables), signs[r]))] = None
    return list(chosen)


def _preferred_other_solution(solver: Solver, order: list[int], planted: list[bool]) -> list[bool]:
    """Returns the solution (≠ planted) that agrees with planted greedily along ``order``.

    It is a function of the formula alone, not of the solver's search, so generation stays
    byte-identical across python-sat versions. The solver must hold the planted blocker and
    have just found a solution. Its model is a witness: a preferred literal that the latest
    model makes true is satisfiable together with the literals fixed so far (the model
    agrees with all of them), so the solver is asked only where the model disagrees.
    """
    witness = set(solver.get_model() or ())
    assumptions: list[int] = []
    for var in order:
        preferred = _literal(var, planted, True)
        if preferred in witness:
            assumptions.append(preferred)
        elif solver.solve(assumptions=[*assumptions, preferred]):
            witness = set(solver.get_model() or ())
            assumptions.append(preferred)
        else:
            assumptions.append(-preferred)
            if -preferred not in witness:  # (a model leaves no variable out, but be sure)
                witness = set()
    other = [False] * (len(planted))
    for literal in assumptions:
        other[abs(literal)] = literal > 0
    return other


def make_unique(
    clauses: list[Clause], n: int, k: int, planted: list[bool], rng: random.Random
) -> list[Clause]:
    """Returns the clauses to add so that ``planted`` becomes the formula's only solution.

    While python-sat finds another solution ``b``, add a width-``n`` clause that ``b``
    falsifies and ``planted`` satisfies: it takes one variable where they differ plus
    ``n - 1`` others, each literal false under ``b``.
    """
    blocker = [_literal(var, planted, False) for var in range(1, k + 1)]
    order = list(range(1, k + 1))
    rng.shuffle(order)
    added: list[Clause] = []
    with Solver(name=_SOLVER, bootstrap_with=[*map(list, clauses), blocker]) as solver:
        while solver.solve():
            other = _preferred_other_solution(solver, order, planted)
            differing = [var for var in range(1, k + 1) if other[var] != planted[var]]
            pivot = rng.choice(differing)
            rest = rng.sample([var for var in range(1, k + 1) if var != pivot], n - 1)
            variables = sorted([pivot, *rest])
            clause = tuple(var if not other[var] else -var for var in variables)
            added.append(clause)
            solver.add_clause(list(clause))
    return added


# -- prompt -----------------------------------------------------------------------------------


def variable_names(k: int) -> list[str]:
    """Returns display names: ``A..Z`` for up to 26 variables, else ``x1..xk``."""
    if k <= 26:
        return list(string.ascii_uppercase[:k])
    return [f"x{i}" for i in range(1, k + 1)]


def _name_range(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) <= 26:
        return ", ".join(names)
    return f"{names[0]}, {names[1]}, ..., {names[-1]}"


def format_clause(clause: list[int] | Clause, names: list[str]) -> str:
    """Renders a clause readably: ``[1, -3]`` → ``A | !C``."""
    return " | ".join(("!" if lit < 0 else "") + names[abs(lit) - 1] for lit in clause)


def render_prompt(num_vars: int, clauses: list[list[int]] | list[Clause]) -> str:
    """Writes the prompt for a formula (also used for imported DIMACS formulas)."""
    head, tail = _prompt_frame(num_vars, len(clauses))
    return head + _clause_lines(num_vars, clauses) + tail


@lru_cache(maxsize=256)
def _prompt_frame(num_vars: int, count: int) -> tuple[str, str]:
    """Returns the prompt's text before and after the clause lines."""
    names = variable_names(num_vars)
    width = 3 if num_vars == 4 else 4
    example_names = (
        variable_names(width) if num_vars <= 26 else [f"x{i}" for i in range(1, width + 1)]
    )
    example_bits = "1" + "0" * (width - 2) + "1"
    head = (
        "Solve this Boolean satisfiability (SAT) problem.\n\n"
        f"The formula has {num_vars} variable{'s' if num_vars != 1 else ''} "
        f"({_name_range(names)}) and {count} clause{'s' if count != 1 else ''}. "
        "The formula is true when every clause is true. A clause is true when at least one of "
        'its literals is true; "|" separates the literals of a clause. A literal is a variable, '
        'true when the variable is true, or a variable preceded by "!", true when the variable '
        "is false.\n\n"
        "Clauses:\n"
    )
    tail = (
        "\n\n"
        "Find an assignment of true/false values that makes the formula true; any satisfying "
        f"assignment is accepted. Write it as a string of exactly {num_vars} character"
        f"{'s' if num_vars != 1 else ''}, one per variable in the order {_name_range(names)}: "
        "1 for true, 0 for false.\n"
        f"Format example for {width} variables {', '.join(example_names)} with only "
        f"{example_names[0]} and {example_names[-1]} true: \\boxed{{{example_bits}}}\n"
        "Think step by step, then put only your final string inside \\boxed{}."
    )
    return head, tail


_LINE_STARTS: list[tuple[str, ...]] = [()]
"""``_LINE_STARTS[0][i]`` opens clause line ``i + 1``: ``"  1. ("``. Replaced by a longer
tuple, never changed in place, so a thread reading it never sees a half-written one."""

_KEPT_LINES = 4096
"""Most clause line starts kept between prompts (a huge imported formula's are not kept)."""

_TABLE_VARS = 4096
"""Largest variable count whose literal names are kept in a table."""


@lru_cache(maxsize=32)
def _literal_names(num_vars: int) -> list[str]:
    """Returns the display name of each literal, indexed by the literal itself: ``names[-3]``
    is ``"!C"`` (a negative index counts from the end, where the negated names are)."""
    names = variable_names(num_vars)
    return ["", *names, *("!" + name for name in reversed(names))]


def _numbered(texts: list[str]) -> str:
    """Returns the clause lines ``"  1. (A | !B)"``, one per clause text."""
    count = len(texts)
    starts = _LINE_STARTS[0]
    if count > len(starts):
        starts = tuple(f"{i:>3}. (" for i in range(1, max(count, 2 * len(starts)) + 1))
        if count <= _KEPT_LINES:
            _LINE_STARTS[0] = starts
    return ")\n".join(map(add, starts, texts)) + ")"  # map stops at the last text


def _clause_lines(num_vars: int, clauses: list[list[int]] | list[Clause]) -> str:
    """Returns the numbered clause lines, as :func:`format_clause` writes each clause."""
    if num_vars > _TABLE_VARS:
        names = variable_names(num_vars)
        texts = [format_clause(clause, names) for clause in clauses]
    else:
        name = _literal_names(num_vars).__getitem__
        texts = list(map(" | ".join, map(partial(map, name), clauses)))
    return _numbered(texts)


def format_assignment(values: list[bool]) -> str:
    """Formats an assignment (index 0 unused) as the answer string, variable 1 first."""
    return "".join("1" if value else "0" for value in values[1:])


# -- checking ---------------------------------------------------------------------------------


def unsatisfied_clauses(clauses: list[list[int]], bits: str) -> list[int]:
    """Returns the 1-based numbers of the clauses that the 0/1 string ``bits`` falsifies."""
    return [
        number
        for number, clause in enumerate(clauses, 1)
        if not any((bits[abs(lit) - 1] == "1") == (lit > 0) for lit in clause)
    ]


def satisfies(clauses: list[list[int]], bits: str) -> bool:
    """Returns whether the 0/1 string ``bits`` satisfies every clause (literals within
    ``±len(bits)``): ``not unsatisfied_clauses(clauses, bits)``, with no Python-level loop.

    >>> satisfies([[1, -2], [2, 3]], "101"), satisfies([[1, -2], [2, 3]], "100")
    (True, False)
    """
    true = _true_literals(bits) if len(bits) <= _KEPT_BITS else _literals_of(bits)
    return not any(map(true.isdisjoint, clauses))


_KEPT_BITS = 20
"""Assignments up to this many variables keep their set of true literals (:func:`satisfies`)."""


def _literals_of(bits: str) -> frozenset[int]:
    """Returns the literals the 0/1 string ``bits`` makes true: ``v`` or ``-v`` per variable."""
    return frozenset(map(mul, range(1, len(bits) + 1), map(_SIGN.__getitem__, bits)))


_true_literals = lru_cache(maxsize=4096)(_literals_of)


def parse_assignment(payload: str, num_vars: int) -> str | Check:
    """Reads a payload as a 0/1 string of length ``num_vars``, or returns a format-error Check."""
    if len(payload) == num_vars and not payload.strip("01"):
        return payload  # already clean: what the reading below returns for it
    bits = "".join(unwrap_latex(payload).split())
    for position, char in enumerate(bits[: num_vars + 1], 1):
        if char not in "01":
            return Check(
                False, 0.0, f"character {position} is {char[:1]!r}; use only 0 and 1", False
            )
    if len(bits) != num_vars:
        return Check(False, 0.0, f"expected {num_vars} characters of 0/1, got {len(bits)}", False)
    return bits


@lru_cache(maxsize=1024)
def _all_satisfied(count: int) -> Check:
    """The (immutable) check of a correct answer to a formula of ``count`` clauses."""
    return Check(True, 1.0, f"all {count} clauses are satisfied")


@lru_cache(maxsize=64)
def _bits_layout(num_vars: int) -> AnswerLayout:
    """Returns the layout of a ``num_vars``-bit answer (shared between calls, so read-only)."""
    free = tuple((0, var) for var in range(num_vars))
    return AnswerLayout(1, num_vars, (0, 1), MappingProxyType({}), free, "bits")


@lru_cache(maxsize=16)
def _sort_key(num_vars: int) -> Callable[[Clause], tuple[int, ...]]:
    """Returns the clause order key: ``(abs(x), x < 0)`` per literal, as one integer each."""
    codes = [0] * (2 * num_vars + 1)
    for var in range(1, num_vars + 1):
        codes[var], codes[-var] = 2 * var, 2 * var + 1
    code = codes.__getitem__
    return lambda clause: tuple(map(code, clause))


# -- the family -------------------------------------------------------------------------------


@register("sat")
class Sat(Family):
    """Satisfy a CNF formula with a planted solution (SATURN-style)."""

    version = 1
    kind = "sat"
    description = "Boolean satisfiability: give an assignment satisfying every clause (SATURN)"
    Knobs = SatKnobs
    Instance = SatInstance

    def validate_for_generation(self, knobs: SatKnobs) -> None:
        if knobs.k < 2 or knobs.l < 2:
            raise InvalidParamsError(
                f"sat: k and l must be at least 2 (a formula that no constant assignment "
                f"satisfies needs two variables and two clauses), got k={knobs.k}, l={knobs.l}"
            )
        limit = max_distinct_clauses(knobs.n, knobs.k)
        if knobs.l > limit:
            raise InvalidParamsError(
                f"sat: l must be at most {limit} for n={knobs.n}, k={knobs.k} (the distinct "
                f"clauses one assignment satisfies), got {knobs.l}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n, k, l = LEVELS[level]  # noqa: E741
        return {"n": n, "k": k, "l": l}

    def generate(self, knobs: SatKnobs, rng: random.Random) -> Draft:
        n, k = knobs.n, knobs.k
        if type(rng) is random.Random:
            drawn = _draw_formula_bits(n, k, knobs.l, rng)
            if drawn[2] is not None and not knobs.unique:
                answer, codes, table = drawn
                codes.sort(key=table.rank.__getitem__)
                ordered = list(map(list, map(table.clauses.__getitem__, codes)))
                head, tail = _prompt_frame(k, len(codes))
                lines = _numbered(list(map(table.texts.__getitem__, codes)))
                return Draft(
                    prompt=head + lines + tail,
                    answer=answer,
                    instance={"num_vars": k, "clauses": ordered},
                    meta={"saturn_d": _rounded_d(n, k, len(ordered))},
                )
            answer, clauses = _as_clauses(drawn)
        else:
            planted, clauses = draw_formula(n, k, knobs.l, rng)
            answer = format_assignment(planted)
        if knobs.unique:
            planted = [False, *(bit == "1" for bit in answer)]
            added = make_unique(clauses, n, k, planted, rng)
            clauses = [*clauses, *added]
        ordered = list(map(list, sorted(clauses, key=_sort_key(k))))
        meta: dict[str, Any] = {"saturn_d": _rounded_d(n, k, len(ordered))}
        if knobs.unique:
            meta["added_for_uniqueness"] = len(added)
        return Draft(
            prompt=render_prompt(k, ordered),
            answer=answer,
            instance={"num_vars": k, "clauses": ordered},
            meta=meta,
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        clauses: list[list[int]] = instance["clauses"]
        num_vars: int = instance["num_vars"]
        if len(payload) == num_vars and not payload.strip("01"):  # parse_assignment's fast path
            bits = payload
        else:
            parsed = parse_assignment(payload, num_vars)
            if isinstance(parsed, Check):
                return parsed
            bits = parsed
        true = _true_literals(bits) if num_vars <= _KEPT_BITS else _literals_of(bits)
        if not any(map(true.isdisjoint, clauses)):  # satisfies(), inlined
            return _all_satisfied(len(clauses))
        failed = unsatisfied_clauses(clauses, bits)
        return Check(
            False,
            0.0,
            f"clause {failed[0]} is unsatisfied ({len(failed)} of {len(clauses)})",
            progress=lambda: self.space(instance).credit([[int(bit) for bit in bits]]),
        )

    def constant_solves(self, instance: dict[str, Any]) -> bool:
        """All-false solves when every clause has a negative literal, all-true when every
        clause has a positive one: the default's verdict without writing the answers."""
        clauses: list[list[int]] = instance["clauses"]
        if not clauses or not all(clauses):
            return super().constant_solves(instance)
        return max(map(min, clauses)) < 0 or min(map(max, clauses)) > 0

    def accepts(self, instance: dict[str, Any], payload: str) -> bool:
        """Returns ``check(...).correct`` without wording a reason (generation screens)."""
        parsed = parse_assignment(payload, instance["num_vars"])
        return not isinstance(parsed, Check) and satisfies(instance["clauses"], parsed)

    def space(self, instance: dict[str, Any]) -> SolutionSpace:
        """The solution space behind partial credit (cached per instance)."""

        def build(instance: dict[str, Any]) -> SolutionSpace:
            options = [{0: -var, 1: var} for var in range(1, instance["num_vars"] + 1)]
            return SolutionSpace(self.answer_layout(instance), instance["clauses"], options)

        return cached_space(self.name, instance, build)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        return _bits_layout(instance["num_vars"])

    def hardness(self, task: Task) -> float:
        """SATURN's D over the task's actual clause count."""
        return saturn_difficulty(task.params["n"], task.params["k"], len(task.instance["clauses"]))


# -- DIMACS -----------------------------------------------------------------------------------


def parse_dimacs(text: str) -> tuple[int, list[list[int]]]:
    """Parses DIMACS CNF text into ``(num_vars, clauses)``.

    Comment lines (``c``) are skipped, a ``%`` line ends the formula (SATLIB files), repeated
    literals inside a clause are dropped. Without a ``p cnf`` header the variable count is
    the largest variable used.

    >>> parse_dimacs("p cnf 3 2\\n1 -3 0\\n2 3 0\\n")
    (3, [[1, -3], [2, 3]])

    Raises:
        DimacsError: with the line number of the first problem.
    """
    declared_vars: int | None = None
    declared_clauses: int | None = None
    clauses: list[list[int]] = []
    current: list[int] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("c"):
            continue
        if line.startswith("%"):
            break
        if line.startswith("p"):
            fields = line.split()
            if len(fields) != 4 or fields[1] != "cnf" or not all(f.isdigit() for f in fields[2:]):
                raise DimacsError(f"line {number}: expected 'p cnf VARIABLES CLAUSES'")
            if declared_vars is not None:
                raise DimacsError(f"line {number}: a second 'p cnf' header")
            declared_vars, declared_clauses = int(fields[2]), int(fields[3])
            continue
        for token in line.split():
            try:
                literal = int(token)
            except ValueError:
                raise DimacsError(f"line {number}: {token[:20]!r} is not an integer") from None
            if declared_vars is not None and abs(literal) > declared_vars:
                raise DimacsError(
                    f"line {number}: literal {literal} exceeds the header's "
                    f"{declared_vars} variables"
                )
            if literal == 0:
                if not current:
                    raise UnsatisfiableError(f"line {number}: the formula has an empty clause")
                clauses.append(current)
                current = []
            elif literal not in current:
                current.append(literal)
    if current:
        clauses.append(current)
    if not clauses:
        raise DimacsError("no clauses found")
    if declared_clauses is not None and declared_clauses != len(clauses):
        raise DimacsError(f"the header declares {declared_clauses} clauses; found {len(clauses)}")
    num_vars = declared_vars if declared_vars else max(abs(x) for c in clauses for x in c)
    return num_vars, clauses


def level_for(d: float) -> int:
    """Returns the highest level whose SATURN D is at most ``d`` (at least 1)."""
    fitting = [level for level, nkl in LEVELS.items() if saturn_difficulty(*nkl) <= d]
    return max(fitting, default=1)


def from_dimacs(text: str, *, seed: int = 0) -> Task:
    """Turns a user's DIMACS CNF text into a ``sat`` Task, the gold answer found by python-sat.

    ``params`` records the widest clause as ``n``, the variables as ``k``, the clauses as
    ``l``; ``difficulty`` is the highest level whose D the formula reaches.

    >>> task = from_dimacs("p cnf 2 2\\n1 2 0\\n-1 0\\n")
    >>> task.answer
    '01'

    Raises:
        DimacsError: the text is not DIMACS CNF.
        UnsatisfiableError: the formula has no satisfying assignment.
    """
    num_vars, clauses = parse_dimacs(text)
    if num_vars > MAX_VARS or len(clauses) > MAX_CLAUSES:
        raise DimacsError(f"formula too large: at most {MAX_VARS} variables, {MAX_CLAUSES} clauses")
    with Solver(name=_SOLVER, bootstrap_with=clauses) as solver:
        if not solver.solve():
            raise UnsatisfiableError("the formula is unsatisfiable, so it has no gold answer")
        model = solver.get_model() or []
    values = [False] * (num_vars + 1)
    for literal in model:
        if abs(literal) <= num_vars:
            values[abs(literal)] = literal > 0
    width = max(len(c) for c in clauses)
    knobs = SatKnobs(n=min(width, num_vars), k=num_vars, l=len(clauses))
    d = saturn_difficulty(knobs.n, knobs.k, knobs.l)
    family = get("sat")
    draft = Draft(
        prompt=render_prompt(num_vars, clauses),
        answer=format_assignment(values),
        instance={"num_vars": num_vars, "clauses": clauses},
        meta={"saturn_d": round(d, 4), "source": "dimacs"},
    )
    return build_task(family, level_for(d), seed, knobs, draft=draft)


def to_dimacs(task: Task) -> str:
    """Writes a ``sat`` task's formula as DIMACS CNF text (the inverse of :func:`parse_dimacs`)."""
    clauses = task.instance["clauses"]
    header = f"p cnf {task.instance['num_vars']} {len(clauses)}"
    return "\n".join([header, *(" ".join(map(str, c)) + " 0" for c in clauses)]) + "\n"
