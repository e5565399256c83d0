"""Game of 24: combine the given numbers with arithmetic to reach the target.

Description:
    The idea of SynLogic's ``game_of_24`` task (verifier key ``mathador``, arXiv 2505.19641),
    implemented here from its rules. The model is given 3-6 whole numbers, a target and the
    allowed operators (a subset of ``+ - * /``) and writes one arithmetic expression that
    uses every given number exactly as often as it is given, no other number, only the
    allowed operators and brackets, and whose exact value is the target.

    Arithmetic is this project's own (``_expr``: tokenizer, recursive-descent parser, exact
    rationals); model text never reaches ``eval``. ``/`` is exact division (``8/3`` is eight
    thirds, so ``8/(3-8/3)`` is 24); dividing by zero makes the expression fail. ``*`` and
    ``/`` bind tighter than ``+`` and ``-``, one level groups from the left, and there is no
    negative sign in front of a number or bracket (a subtraction may go below zero).

    Every task has a solution, found during generation by a search over **all** expression
    trees (every pairing of two of the remaining values by every allowed operator, in both
    orders), not only the left folds ``((a op b) op c) op d`` the original searched. The
    original checker never compared the value with the target (it subtracted the result
    from itself), and read operators character by character, so ``**`` and ``//`` passed;
    here the value must equal the target and both are refused with a reason.

    Generation: the numbers are drawn uniformly (with repetition) from ``low..high`` and
    shown in the drawn order. With ``needs_fractions`` false, a target is drawn uniformly
    from ``target_low..target_high`` and kept when the search reaches it (a budget of
    search states bounds an unsolvable draw; it is then redrawn). With ``needs_fractions``
    true (at most 4 numbers), every value the numbers reach is enumerated twice, once with
    any intermediate value and once with whole intermediate values only, and the target is
    drawn from the targets in range that only the first set holds: every solution then
    passes through a fraction (as ``8/(3-8/3)`` does). A target equal to the sum or the
    product of all the numbers is never chosen (``3+4+8+9`` or ``1*2*3*4`` would solve it
    without thought).

Instance:
    ``{"numbers": [3, 3, 8, 8], "target": 24, "operators": "+-*/"}``: the numbers in the
    order shown, the target and the allowed operators. A list of 2-6 numbers from 1 to
    9999, a target within +-10**9 and distinct operators from ``+-*/`` are required; the
    instance is not searched on load (the checker judges any expression by the rules).

Answer format:
    One expression inside ``\\boxed{}``, spaces optional, e.g. ``\\boxed{8/(3-8/3)}`` for the
    numbers 3, 3, 8, 8 and the target 24. ``\\times``, ``\\cdot``, ``×``, ``÷``, ``\\div`` and
    ``−`` are read as ``*``, ``/`` and ``-``. A trailing ``= target`` is accepted
    (``\\boxed{8/(3-8/3) = 24}``); another number after ``=`` is a wrong answer. Numbers
    are written in decimal as given (``08`` is not 8). Text that is not an expression of
    the grammar (letters, ``^``, unbalanced brackets, two numbers side by side) is a format
    error.

Scoring:
    0/1. Correct iff the expression parses, uses each given number exactly as often as
    given and no other number, uses only allowed operators, and its exact value equals
    the target; any such expression is accepted. The reason names the first problem:
    ``**`` or ``//``, an operator that is not allowed, a number not given (digits joined
    into a number count as that number), a number used too often or missing, a division
    by zero, or the value reached. No partial credit: the answer is an expression, not a
    grid of cells.

Difficulty:
    More numbers, a wider range, targets away from 24, division, then targets that only a
    fraction reaches. ``hardness`` is ``2.5 * count + log2(high + 1)``
    ``+ 0.5 * log2(target_high + 1)``, ``+ 1`` when ``/`` is allowed, ``+ 3`` when every
    solution needs a fraction (``meta["needs_fractions"]``: known for up to 4 numbers, None beyond).

    =====  =====  =======  =======  =========  ==============
    level  count  numbers  target   operators  needs fraction
    =====  =====  =======  =======  =========  ==============
    1      3      1-9      24       ``+-*``    no
    2      3      1-13     24       ``+-*/``   no
    3      4      1-9      24       ``+-*``    no
    4      4      1-13     24       ``+-*/``   no
    5      4      1-13     10-60    ``+-*/``   no
    6      4      1-13     10-60    ``+-*/``   yes
    7      5      1-20     50-200   ``+-*/``   no
    8      4      1-25     20-100   ``+-*/``   yes
    9      5      1-25     100-500  ``+-*/``   no
    10     6      1-50     100-999  ``+-*/``   no
    =====  =====  =======  =======  =========  ==============

    SynLogic's ``run.sh`` used 4 numbers from 1-9 and the target 24 (level 3 with ``/``).

Knobs:
    ``count`` (3-6), ``low`` and ``high`` (1-999, the range of the numbers),
    ``target_low`` and ``target_high`` (1-9999), ``operators`` (distinct characters of
    ``+-*/``), ``needs_fractions`` (default False; only with ``count`` at most 4).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``game_of_24``, ``mathador``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from fractions import Fraction
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks.arithmetic._expr import (
    EvalError,
    ExprError,
    evaluate,
    is_number,
    normalise,
    parse,
    tokenize,
)
from taskgen.verifiers.extract import unwrap_latex

ALLOWED = "+-*/"
"""Operators a task may allow."""
MIN_COUNT = 3
MAX_COUNT = 6
MAX_FRACTION_COUNT = 4
"""Most numbers for ``needs_fractions`` (every reachable value is enumerated)."""
MAX_DRAWS = 2_000
"""Draws before knobs are declared impossible."""
SEARCH_BUDGET = 20_000
"""Search states one draw may visit before it is redrawn (the limit is a count, so the
outcome is the same in every process)."""
MAX_PAYLOAD = 2_000

Value = int | Fraction

LEVELS: dict[int, tuple[int, int, int, int, int, str, bool]] = {
    1: (3, 1, 9, 24, 24, "+-*", False),
    2: (3, 1, 13, 24, 24, "+-*/", False),
    3: (4, 1, 9, 24, 24, "+-*", False),
    4: (4, 1, 13, 24, 24, "+-*/", False),
    5: (4, 1, 13, 10, 60, "+-*/", False),
    6: (4, 1, 13, 10, 60, "+-*/", True),
    7: (5, 1, 20, 50, 200, "+-*/", False),
    8: (4, 1, 25, 20, 100, "+-*/", True),
    9: (5, 1, 25, 100, 500, "+-*/", False),
    10: (6, 1, 50, 100, 999, "+-*/", False),
}
"""Level -> (count, low, high, target_low, target_high, operators, needs_fractions)."""


def _check_operators(value: str) -> str:
    if not value or set(value) - set(ALLOWED) or len(set(value)) != len(value):
        raise ValueError(f"must be distinct characters of {ALLOWED!r}, got {value!r}")
    return value


class GameOf24Knobs(BaseModel):
    """Knobs of the ``game_of_24`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    count: int = Field(ge=MIN_COUNT, le=MAX_COUNT, description="how many numbers")
    low: int = Field(default=1, ge=1, le=999, description="smallest number")
    high: int = Field(ge=1, le=999, description="largest number")
    target_low: int = Field(default=24, ge=1, le=9999, description="smallest target")
    target_high: int = Field(default=24, ge=1, le=9999, description="largest target")
    operators: str = Field(default=ALLOWED, description="allowed operators, from +-*/")
    needs_fractions: bool = Field(default=False, description="every solution needs a fraction")

    @field_validator("operators")
    @classmethod
    def _known(cls, value: str) -> str:
        return _check_operators(value)


class GameOf24Instance(BaseModel):
    """``Task.instance`` of the ``game_of_24`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    numbers: list[int] = Field(min_length=2, max_length=MAX_COUNT)
    target: int = Field(ge=-(10**9), le=10**9)
    operators: str

    @field_validator("operators")
    @classmethod
    def _known(cls, value: str) -> str:
        return _check_operators(value)

    @model_validator(mode="after")
    def _numbers(self) -> GameOf24Instance:
        for number in self.numbers:
            if not 1 <= number <= 9999:
                raise ValueError(f"numbers must be 1-9999, got {number}")
        return self


# -- search -----------------------------------------------------------------------------------


def combine(op: str, a: Value, b: Value) -> Value | None:
    """Returns ``a op b`` exactly (an ``int`` when whole), or None for a division by zero.

    >>> combine("/", 8, 3), combine("/", 8, 2), combine("/", 1, 0)
    (Fraction(8, 3), 4, None)
    """
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        result: Value = a * b
    else:
        if b == 0:
            return None
        if isinstance(a, int) and isinstance(b, int):
            return a // b if a % b == 0 else Fraction(a, b)
        result = Fraction(a) / b
    if isinstance(result, Fraction) and result.denominator == 1:
        return int(result.numerator)
    return result


def _pairings(operators: str, a: Value, b: Value) -> list[tuple[str, bool, Value]]:
    """Returns (op, swapped, value) for every way of combining ``a`` and ``b``."""
    found: list[tuple[str, bool, Value]] = []
    for op in operators:
        orders = (False,) if op in "+*" else (False, True)
        for swapped in orders:
            left, right = (b, a) if swapped else (a, b)
            value = combine(op, left, right)
            if value is not None:
                found.append((op, swapped, value))
    return found


def _combine_all(operators: str, left: set[float], right: set[float], whole: bool) -> set[float]:
    """Returns every ``a op b`` and ``b op a`` for ``a`` in ``left``, ``b`` in ``right``."""
    out: set[float] = set()
    add, sub, mul, div = (op in operators for op in "+-*/")
    for a in left:
        for b in right:
            if add:
                out.add(a + b)
            if sub:
                out.add(a - b)
                out.add(b - a)
            if mul:
                out.add(a * b)
            if div:
                if whole:
                    if b and a % b == 0:
                        out.add(a // b)
                    if a and b % a == 0:
                        out.add(b // a)
                else:
                    if b:
                        out.add(round(a / b, 9))
                    if a:
                        out.add(round(b / a, 9))
    return out


def _reach(numbers: tuple[int, ...], operators: str, whole: bool) -> set[float]:
    """Returns the values of every expression of all the numbers (see :func:`reachable`)."""
    n = len(numbers)
    table: dict[int, set[float]] = {1 << i: {number} for i, number in enumerate(numbers)}
    for mask in sorted(range(1, 1 << n), key=lambda m: (bin(m).count("1"), m)):
        if mask in table:
            continue
        low_bit = mask & -mask
        values: set[float] = set()
        sub = (mask - 1) & mask
        while sub:
            if sub & low_bit:
                values |= _combine_all(operators, table[sub], table[mask ^ sub], whole)
            sub = (sub - 1) & mask
        table[mask] = values
    return table[(1 << n) - 1]


@lru_cache(maxsize=256)
def reachable(numbers: tuple[int, ...], operators: str) -> tuple[frozenset[int], frozenset[int]]:
    """Returns (the whole values some expression of all the numbers takes, the whole values
    reached with whole intermediate values only), over every split of every sub-multiset.

    The second set is exact (integer arithmetic). The first is enumerated in floating point
    (rounded to 9 decimals, which tells apart every two fractions of the small numbers
    used here); a target taken from it is always confirmed by the exact :func:`solve`.

    >>> every, whole = reachable((3, 3, 8, 8), "+-*/")
    >>> 24 in every, 24 in whole
    (True, False)
    """
    every = _reach(numbers, operators, whole=False)
    whole_values = _reach(numbers, operators, whole=True)
    return (
        frozenset(round(v) for v in every if abs(v - round(v)) < 1e-6),
        frozenset(int(v) for v in whole_values),
    )


class SearchBudgetExceeded(Exception):
    """Raised when a search visits more than its budget of states."""


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}

Tree = int | tuple[str, "Tree", "Tree"]
"""A number, or ``(op, left, right)``."""


def write(tree: Tree) -> tuple[str, int]:
    """Writes a tree with the brackets precedence needs; returns (text, precedence).

    >>> write(("/", 8, ("-", 3, ("/", 8, 3))))[0]
    '8/(3-8/3)'
    """
    if isinstance(tree, int):
        return str(tree), 3
    op, left_tree, right_tree = tree
    level = _PRECEDENCE[op]
    left, left_level = write(left_tree)
    right, right_level = write(right_tree)
    if left_level < level:
        left = f"({left})"
    if right_level < level or (right_level == level and op in "-/"):
        right = f"({right})"
    return f"{left}{op}{right}", level


def _last_step(operators: str, a: Value, b: Value, target: int) -> tuple[str, bool] | None:
    """Returns (op, swapped) when ``a op b`` (or ``b op a``) equals ``target``."""
    for op, swapped, value in _pairings(operators, a, b):
        if value == target:
            return op, swapped
    return None


def solve(
    numbers: list[int], target: int, operators: str, budget: int = SEARCH_BUDGET
) -> str | None:
    """Returns an expression of ``numbers`` whose value is ``target``, or None if none is.

    Depth-first over every pairing of two remaining values (every expression tree);
    multisets of values already shown to fail are not searched again.

    Raises:
        SearchBudgetExceeded: more than ``budget`` states were visited.

    >>> solve([3, 3, 8, 8], 24, "+-*/")
    '8/(3-8/3)'
    >>> solve([1, 1, 1], 24, "+-*/") is None
    True
    """
    failed: set[tuple[Value, ...]] = set()
    visited = 0

    def walk(values: list[Value], trees: list[Tree]) -> Tree | None:
        nonlocal visited
        if len(values) == 2:
            step = _last_step(operators, values[0], values[1], target)
            if step is None:
                return None
            op, swapped = step
            return (op, trees[1], trees[0]) if swapped else (op, trees[0], trees[1])
        key = tuple(sorted(values))
        if key in failed:
            return None
        visited += 1
        if visited > budget:
            raise SearchBudgetExceeded(f"more than {budget} states")
        count = len(values)
        for i in range(count):
            for j in range(i + 1, count):
                rest = [values[k] for k in range(count) if k != i and k != j]
                rest_trees = [trees[k] for k in range(count) if k != i and k != j]
                a, b = values[i], values[j]
                for op, swapped, value in _pairings(operators, a, b):
                    tree: Tree = (op, trees[j], trees[i]) if swapped else (op, trees[i], trees[j])
                    found = walk([*rest, value], [*rest_trees, tree])
                    if found is not None:
                        return found
        failed.add(key)
        return None

    if len(numbers) == 1:
        return str(numbers[0]) if numbers[0] == target else None
    found = walk(list(numbers), list(numbers))
    return None if found is None else write(found)[0]


def needs_fractions(numbers: list[int], target: int, operators: str) -> bool | None:
    """Returns whether every solution passes through a fraction; None (not searched) for
    more than :data:`MAX_FRACTION_COUNT` numbers."""
    if len(numbers) > MAX_FRACTION_COUNT:
        return None
    every, whole = reachable(tuple(sorted(numbers)), operators)
    return target in every and target not in whole


# -- generation -------------------------------------------------------------------------------


def _lazy_targets(numbers: list[int]) -> set[int]:
    """Targets the numbers reach without thought (all added, all multiplied)."""
    return {sum(numbers), math.prod(numbers)}


def random_tree(numbers: list[int], operators: str, rng: random.Random) -> Tree | None:
    """Combines two random remaining values by a random allowed operator until one is left
    (every tree shape can come out); None after a division by zero."""
    values: list[Value] = list(numbers)
    trees: list[Tree] = list(numbers)
    while len(values) > 1:
        i, j = rng.sample(range(len(values)), 2)
        op = rng.choice(operators)
        value = combine(op, values[i], values[j])
        if value is None:
            return None
        tree: Tree = (op, trees[i], trees[j])
        for k in sorted((i, j), reverse=True):
            del values[k], trees[k]
        values.append(value)
        trees.append(tree)
    return trees[0]


def draw_task(knobs: GameOf24Knobs, rng: random.Random) -> tuple[list[int], int, str]:
    """Draws (numbers, target, a solution).

    Up to :data:`MAX_FRACTION_COUNT` numbers: the target is drawn from the values the
    numbers reach (see :func:`reachable`), and :func:`solve` finds the solution. More
    numbers: the target is the value of a random expression tree over them.

    Raises:
        InvalidParamsError: no draw fits the knobs within :data:`MAX_DRAWS`.
    """
    for _ in range(MAX_DRAWS):
        numbers = [rng.randint(knobs.low, knobs.high) for _ in range(knobs.count)]
        excluded = _lazy_targets(numbers)
        if knobs.count > MAX_FRACTION_COUNT:
            tree = random_tree(numbers, knobs.operators, rng)
            if tree is None:
                continue
            value = evaluate(parse(tokenize(write(tree)[0])))
            if (
                value.denominator == 1
                and knobs.target_low <= value <= knobs.target_high
                and value not in excluded
            ):
                return numbers, int(value), write(tree)[0]
            continue
        every, whole = reachable(tuple(sorted(numbers)), knobs.operators)
        if knobs.needs_fractions:
            candidates = sorted(
                value
                for value in every - whole
                if knobs.target_low <= value <= knobs.target_high and value not in excluded
            )
            if not candidates:
                continue
            target = rng.choice(candidates)
        else:
            target = rng.randint(knobs.target_low, knobs.target_high)
            if target in excluded or target not in every:
                continue
        try:
            solution = solve(numbers, target, knobs.operators)
        except SearchBudgetExceeded:
            continue
        if solution is not None:
            return numbers, target, solution
    raise InvalidParamsError(
        f"game_of_24: no solvable draw in {MAX_DRAWS} tries with {knobs.model_dump()}; "
        "widen the ranges or allow more operators"
    )


# -- prompt -----------------------------------------------------------------------------------

FORMAT_EXAMPLE = "7*(6+5+4)-3-2/1"
"""For the seven numbers 1-7 and the target 100: never an answer (tasks have at most 6)."""
_NAMES = {"+": "+ (add)", "-": "- (subtract)", "*": "* (multiply)", "/": "/ (divide)"}


def render_prompt(numbers: list[int], target: int, operators: str) -> str:
    """Writes the prompt: the numbers, the target, the rules and the answer format."""
    shown = ", ".join(str(n) for n in numbers)
    allowed = ", ".join(_NAMES[op] for op in operators)
    missing = [op for op in ALLOWED if op not in operators]
    banned = f" The operators {' and '.join(missing)} are not allowed." if missing else ""
    return (
        f"Reach the target {target} with the numbers {shown}.\n\n"
        "Write one arithmetic expression that uses every number in the list exactly as "
        "often as it appears there, and no other number. Do not join digits into new "
        f"numbers. Allowed: {allowed}, and brackets ( ).{banned} Powers (** or ^), floor "
        "division (//) and other operations are not allowed, and there is no negative sign "
        "in front of a number or bracket (a subtraction may give a negative value).\n\n"
        "The expression is computed exactly: division keeps fractions (8 / 3 is eight "
        "thirds), dividing by zero is not allowed, brackets first, then * and / from left "
        "to right, then + and - from left to right. Its value must equal "
        f"{target} exactly. Any such expression is accepted; you may end it with "
        f"'= {target}'.\n"
        f"Format example for the seven numbers 1, 2, 3, 4, 5, 6, 7 and the target 100: "
        f"\\boxed{{{FORMAT_EXAMPLE}}}\n"
        "Think step by step, then put only the expression inside \\boxed{}."
    )


# -- checking ---------------------------------------------------------------------------------


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def judge(numbers: list[int], target: int, operators: str, payload: str) -> Check:
    """Returns the verdict on one expression (see Scoring)."""
    text = unwrap_latex(payload)
    if len(text) > MAX_PAYLOAD:
        return Check(False, 0.0, f"answer is too long ({len(text)} characters)", False)
    text = normalise(text)
    if not text.strip():
        return Check(False, 0.0, "the answer is empty", False)
    for bad, name in (("**", "power"), ("//", "floor division")):
        if bad in text:
            return Check(False, 0.0, f"'{bad}' ({name}) is not allowed")
    if text.count("=") > 1:
        return Check(False, 0.0, "the answer has more than one '='", False)
    left, equals, right = text.partition("=")
    if equals:
        written = right.strip()
        if not written.isdigit() or not written.isascii():
            return Check(False, 0.0, f"after '=' comes {written[:20]!r}, not a number", False)
        if int(written) != target:
            return Check(False, 0.0, f"the answer claims {int(written)}; the target is {target}")
    try:
        tokens = tokenize(left)
        tree = parse(tokens)
    except ExprError as exc:
        return Check(False, 0.0, f"not an expression: {exc}", False)
    for token in tokens:
        if token in ALLOWED and token not in operators:
            return Check(False, 0.0, f"the operator {token!r} is not allowed here")
        if token == "%":
            return Check(False, 0.0, "the operator '%' is not allowed")
    given = Counter(str(n) for n in numbers)
    used = Counter(token for token in tokens if is_number(token))
    for token in used:
        if token not in given:
            return Check(False, 0.0, f"{token[:12]} is not one of the given numbers")
    for number in given:
        if used[number] > given[number]:
            return Check(
                False,
                0.0,
                f"the number {number} is used {_times(used[number])}; "
                f"it is given {_times(given[number])}",
            )
    for number in given:
        if used[number] < given[number]:
            if used[number] == 0:
                return Check(False, 0.0, f"the number {number} is missing")
            return Check(
                False,
                0.0,
                f"the number {number} is used {_times(used[number])}; "
                f"it is given {_times(given[number])}",
            )
    try:
        value = evaluate(tree)
    except EvalError as exc:
        return Check(False, 0.0, f"the expression {exc}")
    if value != target:
        return Check(False, 0.0, f"the expression equals {value}, not {target}")
    return Check(True, 1.0, f"the expression equals {target} and uses every number as given")


# -- the family -------------------------------------------------------------------------------


@register("game_of_24")
class GameOf24(Family):
    """Combine the given numbers with the allowed operators to reach the target."""

    cell_answer = False  # an expression, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Game of 24: reach the target with every given number and + - * /"
    Knobs = GameOf24Knobs
    Instance = GameOf24Instance

    def validate_for_generation(self, knobs: GameOf24Knobs) -> None:
        if knobs.low > knobs.high:
            raise InvalidParamsError(
                f"game_of_24: low must be at most high, got {knobs.low} > {knobs.high}"
            )
        if knobs.target_low > knobs.target_high:
            raise InvalidParamsError(
                "game_of_24: target_low must be at most target_high, got "
                f"{knobs.target_low} > {knobs.target_high}"
            )
        if knobs.needs_fractions and (
            knobs.count > MAX_FRACTION_COUNT or "/" not in knobs.operators
        ):
            raise InvalidParamsError(
                f"game_of_24: needs_fractions needs count 3-{MAX_FRACTION_COUNT} and '/' "
                f"allowed, got count {knobs.count} and operators {knobs.operators!r}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        count, low, high, target_low, target_high, operators, fractions = LEVELS[level]
        return {
            "count": count,
            "low": low,
            "high": high,
            "target_low": target_low,
            "target_high": target_high,
            "operators": operators,
            "needs_fractions": fractions,
        }

    def generate(self, knobs: GameOf24Knobs, rng: random.Random) -> Draft:
        numbers, target, solution = draw_task(knobs, rng)
        return Draft(
            prompt=render_prompt(numbers, target, knobs.operators),
            answer=solution,
            instance={"numbers": numbers, "target": target, "operators": knobs.operators},
            meta={"needs_fractions": needs_fractions(numbers, target, knobs.operators)},
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        return judge(instance["numbers"], instance["target"], instance["operators"], payload)

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        numbers = [str(n) for n in instance["numbers"]]
        return {
            "sum": ["+".join(numbers)],
            "product": ["*".join(numbers)],
            "listed": [", ".join(numbers), " ".join(numbers)],
        }

    def hardness(self, task: Task) -> float:
        """2.5 per number, log2 of the largest number allowed, half log2 of the largest
        target allowed, one for division, three when every solution needs a fraction."""
        params = task.params
        fractions = 3.0 if task.meta.get("needs_fractions") else 0.0
        division = 1.0 if "/" in task.instance["operators"] else 0.0
        return (
            2.5 * len(task.instance["numbers"])
            + math.log2(params.get("high", 1) + 1)
            + 0.5 * math.log2(params.get("target_high", 2) + 1)
            + division
            + fractions
        )
