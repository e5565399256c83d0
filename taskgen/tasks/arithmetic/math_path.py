"""Math path: restore the hidden digits of an arithmetic equation.

Description:
    The idea of SynLogic's ``math_path`` task (arXiv 2505.19641), implemented here from its
    description. An equation ``left = right`` is drawn: the left side has ``operators``
    binary operators from a chosen set of ``+ - * / %`` between numbers of one to
    ``max_digits`` digits, with ``parens`` bracketed groups; the right side is its value (a
    whole number, possibly negative). A share of the left side's digits is then replaced by
    ``?``. The model replaces every ``?`` by one digit so that the equation holds exactly.

    Arithmetic is this project's own (``_expr``: tokenizer, recursive-descent parser, exact
    rationals with :class:`fractions.Fraction`); model text never reaches ``eval``. The
    meanings are stated in the prompt: ``/`` is exact rational division (``7 / 2`` is three
    and a half; dividing by zero makes the left side undefined, so the equation fails);
    ``a % b`` is defined only for whole ``a`` and ``b`` with ``b != 0`` and is Python's floor
    modulo ``a - b * floor(a / b)`` (the sign follows ``b``); ``*``, ``/`` and ``%`` bind
    tighter than ``+`` and ``-``, operators of one level group from the left, brackets
    first; there is no unary minus. A number may start with 0 (``07`` is seven).

    The original evaluated the model's text with Python ``eval`` (float division) and did
    not compare brackets; here brackets, operators and every shown digit must be kept.

Instance:
    ``{"left": "(3+?)*1?-12/4", "right": 101}``: the left side in compact form (no spaces;
    ``?`` for a hidden digit) and the whole number on the right.

Answer format:
    The completed equation inside ``\\boxed{}``, spaces optional. For ``? + 4 * ? = 14`` (the
    prompt's own example uses another equation) ``\\boxed{2+4*3=14}`` is right and
    ``\\boxed{2+4*4=14}`` wrong. ``\\times``, ``\\cdot``, ``×``, ``÷``, ``\\div``, ``−`` and ``\\%``
    are read as ``*``, ``/``, ``-`` and ``%``; the right side may be left out. The hidden
    digits alone, left to right with nothing between them (``\\boxed{23}`` above), are read
    too: that is how the answer layout (one row of the hidden digits, values 0-9) writes a
    filling, so the registry's constant and random attacks reach the checker. A different
    sequence of numbers, operators or brackets, a number with another count of digits, or
    a character outside the grammar is a format error.

Scoring:
    Any restoration is correct when every shown digit, operator, bracket and the right side
    are kept, every ``?`` is one digit, and the left side's exact value equals the right
    side; several restorations usually exist and each is accepted (``unique`` makes the
    restoration unique). A changed shown digit or right side scores 0 with the reason
    ending "(a changed given earns no credit)"; otherwise the reason names the value the
    left side takes, or why it has none.

    Scoring is 0/1: no partial credit. The answer is one row of digits (an
    :class:`~taskgen.verifiers.progress.AnswerLayout`, so constant fills are attacked and
    tasks a constant solves are drawn again), but distance to the nearest valid filling
    does not measure progress here: one equation constrains the holes once and valid
    fillings are dense. Measured on levels 3-8 (8 tasks each, an exact search over value
    tables), a uniformly random filling of 3-8 holes is only 2.0-2.9 digits (40-67 % of
    its holes) from some valid filling, about as far as the gold with two digits changed;
    credit by that distance would pay guessing.

Difficulty:
    More operators, more hidden digits, longer numbers, brackets, then ``/`` and ``%``.
    ``hardness`` is ``hidden digits * log2(10) + operators + 2 * bracket pairs``.

    =====  =========  =====  ========  ==========  ==========  ==============================
    level  operators  share  brackets  max digits  drawn from  hidden digits (mean, 20 seeds)
    =====  =========  =====  ========  ==========  ==========  ==============================
    1      2          0.5    0         1           ``+-*``     2
    2      3          0.5    0         1           ``+-*``     2
    3      3          0.5    1         2           ``+-*``     3.1
    4      4          0.5    1         2           ``+-*/``    4.1
    5      5          0.5    1         2           ``+-*/``    4.8
    6      6          0.5    1         2           ``+-*/%``   5.0
    7      7          0.55   2         2           ``+-*/%``   6.8
    8      8          0.6    2         2           ``+-*/%``   7.8
    9      9          0.6    2         3           ``+-*/%``   11.9
    10     10         0.65   3         3           ``+-*/%``   14.7
    =====  =========  =====  ========  ==========  ==========  ==============================

    SynLogic's ``run.sh`` used 10 operators with 50-100 % of the digits hidden.

Knobs:
    ``operators`` (2-20), ``share`` of the left side's digits hidden (at least 2 are),
    ``parens`` bracketed groups of 2-4 numbers (non-overlapping, never the whole side;
    at most ``(operators + 1) // 2``), ``max_digits`` (1-3) per number, ``operator_set``
    (a string of distinct characters from ``+-*/%``), ``unique`` (default False): when
    true, hidden digits are shown again, in random order, until the restoration is unique
    (a digit is shown when some valid filling gives it another value, or when the
    enumeration would be too costly to tell); ``meta["revealed_for_uniqueness"]`` says how
    many. ``meta["fillings"]`` is the number of valid fillings when an enumeration within
    a fixed budget can count them, else ``None``.

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``math_path``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import math
import random
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks.arithmetic._expr import (
    OPERATORS,
    EvalError,
    ExprError,
    TooManyStates,
    evaluate,
    hole_counts,
    is_number,
    normalise,
    parse,
    spaced,
    tokenize,
)
from taskgen.verifiers.extract import unwrap_latex
from taskgen.verifiers.progress import AnswerLayout

MAX_OPERATORS = 20
MAX_NUMBER_DIGITS = 6
"""Longest number an instance may hold (keeps every value small enough to compute)."""
MAX_VALUE = 100_000
"""Largest absolute value of a generated equation's right side."""
MAX_DRAWS = 5_000
"""Expressions drawn before the knobs are declared impossible (e.g. only ``/``)."""
COUNT_BUDGET = 20_000
"""Value-table operations spent on counting fillings (meta) and on each uniqueness step."""
MAX_PAYLOAD = 2_000

LEVELS: dict[int, tuple[int, float, int, int, str]] = {
    1: (2, 0.5, 0, 1, "+-*"),
    2: (3, 0.5, 0, 1, "+-*"),
    3: (3, 0.5, 1, 2, "+-*"),
    4: (4, 0.5, 1, 2, "+-*/"),
    5: (5, 0.5, 1, 2, "+-*/"),
    6: (6, 0.5, 1, 2, "+-*/%"),
    7: (7, 0.55, 2, 2, "+-*/%"),
    8: (8, 0.6, 2, 2, "+-*/%"),
    9: (9, 0.6, 2, 3, "+-*/%"),
    10: (10, 0.65, 3, 3, "+-*/%"),
}

_DIGITS = re.compile(r"[0-9]+")
_RIGHT = re.compile(r"[+-]?\s*[0-9]+")


class MathPathKnobs(BaseModel):
    """Knobs of the ``math_path`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    operators: int = Field(ge=2, le=MAX_OPERATORS, description="binary operators on the left")
    share: float = Field(gt=0.0, le=1.0, description="share of the left side's digits hidden")
    parens: int = Field(default=0, ge=0, le=10, description="bracketed groups")
    max_digits: int = Field(default=1, ge=1, le=3, description="digits per number, at most")
    operator_set: str = Field(default="+-*", description="operators to draw from")
    unique: bool = Field(default=False, description="show digits until the filling is unique")

    @field_validator("operator_set")
    @classmethod
    def _known_operators(cls, value: str) -> str:
        if not value or set(value) - set(OPERATORS) or len(set(value)) != len(value):
            raise ValueError(f"must be distinct characters of {OPERATORS!r}")
        return value


class MathPathInstance(BaseModel):
    """``Task.instance`` of the ``math_path`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    left: str = Field(min_length=1, max_length=400, description="left side, compact, ? holes")
    right: int = Field(ge=-(10**12), le=10**12, description="the value of the left side")

    @model_validator(mode="after")
    def _parses(self) -> MathPathInstance:
        try:
            tokens = tokenize(self.left, holes=True)
            parse(tokens)
        except ExprError as exc:
            raise ValueError(f"left is not an expression: {exc}") from None
        if "".join(tokens) != self.left:
            raise ValueError("left must be written without spaces")
        if "?" not in self.left:
            raise ValueError("left has no '?' to restore")
        if not any(token in OPERATORS for token in tokens):
            raise ValueError("left has no operator")
        if any(is_number(t) and len(t) > MAX_NUMBER_DIGITS for t in tokens):
            raise ValueError(f"left has a number longer than {MAX_NUMBER_DIGITS} digits")
        return self


# -- generation -------------------------------------------------------------------------------


def draw_number(digits: int, rng: random.Random) -> str:
    """Returns a number of ``digits`` digits without a leading zero (1-9 for one digit)."""
    head = str(rng.randint(1, 9))
    return head + "".join(str(rng.randint(0, 9)) for _ in range(digits - 1))


def draw_groups(operands: int, groups: int, rng: random.Random) -> list[tuple[int, int]]:
    """Returns up to ``groups`` non-overlapping bracket spans ``[start, end)`` of operands,
    each of 2-4 operands and never all of them."""
    spans: list[tuple[int, int]] = []
    for _ in range(20 * groups):
        if len(spans) == groups:
            break
        width = rng.randint(2, min(4, operands - 1))
        start = rng.randint(0, operands - width)
        if all(start + width <= a or b <= start for a, b in spans):
            spans.append((start, start + width))
    return sorted(spans)


def draw_equation(knobs: MathPathKnobs, rng: random.Random) -> tuple[list[str], int]:
    """Draws left-side tokens whose exact value is a whole number within :data:`MAX_VALUE`.

    Raises:
        InvalidParamsError: no such expression in :data:`MAX_DRAWS` draws.
    """
    operands = knobs.operators + 1
    for _ in range(MAX_DRAWS):
        ops = [rng.choice(knobs.operator_set) for _ in range(knobs.operators)]
        nums = [draw_number(rng.randint(1, knobs.max_digits), rng) for _ in range(operands)]
        spans = draw_groups(operands, knobs.parens, rng)
        tokens: list[str] = []
        for index, number in enumerate(nums):
            tokens += ["("] * sum(1 for a, _ in spans if a == index)
            tokens.append(number)
            tokens += [")"] * sum(1 for _, b in spans if b == index + 1)
            if index < knobs.operators:
                tokens.append(ops[index])
        try:
            value = evaluate(parse(tokens))
        except EvalError:
            continue
        if value.denominator == 1 and abs(value) <= MAX_VALUE:
            return tokens, int(value)
    raise InvalidParamsError(
        f"math_path: no expression with operators {knobs.operator_set!r} had a whole value "
        f"within {MAX_VALUE} in {MAX_DRAWS} draws; choose other knobs"
    )


def digit_positions(tokens: list[str]) -> list[tuple[int, int]]:
    """Returns ``(token, character)`` of every digit or hole of the numbers, left to right."""
    return [(i, j) for i, t in enumerate(tokens) if is_number(t) for j in range(len(t))]


def with_holes(tokens: list[str], hidden: set[tuple[int, int]]) -> list[str]:
    """Returns the tokens with the ``hidden`` digit positions replaced by ``?``."""
    return [
        "".join("?" if (i, j) in hidden else ch for j, ch in enumerate(token))
        if is_number(token)
        else token
        for i, token in enumerate(tokens)
    ]


def has_other_filling(template: list[str], right: int, hole: int, digit: int) -> bool:
    """Returns whether some valid filling gives ``hole`` a digit other than ``digit``
    (True as well when the enumeration would exceed its budget: the caller then shows
    the digit, which is always safe)."""
    others = [d for d in range(10) if d != digit]
    try:
        counts = hole_counts(parse(template), {hole: others}, cap=1, budget=COUNT_BUDGET)
    except TooManyStates:
        return True
    return counts.get(right, 0) > 0


def count_fillings(template: list[str], right: int) -> int | None:
    """Returns the number of valid fillings, or None when counting exceeds its budget."""
    try:
        return hole_counts(parse(template), {}, budget=COUNT_BUDGET).get(right, 0)
    except TooManyStates:
        return None


def generate_puzzle(
    knobs: MathPathKnobs, rng: random.Random
) -> tuple[list[str], list[str], int, int | None]:
    """Draws (gold tokens, template tokens, right side, digits shown for uniqueness)."""
    for _ in range(MAX_DRAWS):
        tokens, right = draw_equation(knobs, rng)
        positions = digit_positions(tokens)
        count = max(2, math.floor(knobs.share * len(positions) + 0.5))
        if count > len(positions):
            continue
        hidden = set(rng.sample(positions, count))
        revealed: int | None = None
        if knobs.unique:
            order = sorted(hidden)
            rng.shuffle(order)
            revealed = 0
            for position in order:
                template = with_holes(tokens, hidden)
                hole = sorted(hidden).index(position)
                digit = int(tokens[position[0]][position[1]])
                if has_other_filling(template, right, hole, digit):
                    hidden.discard(position)
                    revealed += 1
            if len(hidden) < 2:
                continue
        return tokens, with_holes(tokens, hidden), right, revealed
    raise InvalidParamsError("math_path: no draw kept two hidden digits; hide more digits")


# -- prompt -----------------------------------------------------------------------------------


def render_prompt(template: list[str], right: int) -> str:
    """Writes the prompt: the equation, the meanings of the operators, the answer format."""
    holes = sum(token.count("?") for token in template)
    return (
        "Restore the hidden digits of this equation.\n\n"
        f"    {spaced(template)} = {right}\n\n"
        f"Each of the {holes} '?' on the left side stands for exactly one digit from 0 to 9. "
        "Replace every '?' by a digit so that the equation holds exactly. Keep every digit "
        "that is shown, every operator, every bracket and the right side as they are; a "
        "number may start with 0 (07 is seven).\n\n"
        "How the left side is computed:\n"
        "- + adds, - subtracts, * multiplies.\n"
        "- / is exact division: fractions are kept exactly (7 / 2 is three and a half, and "
        "7 / 2 * 2 is 7). Dividing by zero is not allowed.\n"
        "- a % b is the remainder, defined only when a and b are whole numbers and b is not "
        "0: a - b * floor(a / b), so its sign follows b (8 % 3 is 2, -7 % 3 is 2).\n"
        "- Brackets first; then *, / and % from left to right; then + and - from left to "
        "right. There is no negative sign in front of a number.\n\n"
        "Any restoration that makes the equation hold is accepted. Write the completed "
        "equation, with the same numbers, operators and brackets.\n"
        "Format example for the different equation ?7 - 8 = 9: \\boxed{17-8=9}\n"
        "Think step by step, then put only the completed equation inside \\boxed{}."
    )


# -- checking ---------------------------------------------------------------------------------


def read_filling(template: list[str], right: int, payload: str) -> list[int] | Check:
    """Reads an answer as the digits of the holes, left to right, or a :class:`Check`.

    The answer is the completed equation (right side optional) or the hidden digits alone.
    """
    holes = sum(token.count("?") for token in template)
    text = unwrap_latex(payload)
    if len(text) > MAX_PAYLOAD:
        return Check(False, 0.0, f"answer is too long ({len(text)} characters)", False)
    if not text:
        return Check(False, 0.0, "the answer is empty", False)
    if _DIGITS.fullmatch(text) and len(text) == holes:
        return [int(ch) for ch in text]
    text = normalise(text)
    if text.count("=") > 1:
        return Check(False, 0.0, "the answer has more than one '='", False)
    left, _, rest = text.partition("=")
    try:
        tokens = tokenize(left)
    except ExprError as exc:
        return Check(False, 0.0, f"left side: {exc}", False)
    if len(tokens) != len(template):
        return Check(
            False,
            0.0,
            f"the left side has {len(tokens)} numbers, operators and brackets; "
            f"the equation has {len(template)} (keep them all)",
            False,
        )
    digits: list[int] = []
    changed: str | None = None
    for position, (got, want) in enumerate(zip(tokens, template, strict=True), 1):
        if is_number(want) != is_number(got) or (not is_number(want) and got != want):
            return Check(
                False, 0.0, f"token {position} is {got!r}; the equation has {want!r}", False
            )
        if not is_number(want):
            continue
        if len(got) != len(want):
            return Check(
                False,
                0.0,
                f"number {got!r} has {len(got)} digits; {want!r} has {len(want)}",
                False,
            )
        for shown, written in zip(want, got, strict=True):
            if shown == "?":
                digits.append(int(written))
            elif shown != written and changed is None:
                changed = f"the number {want!r} is written {got!r}"
    if rest.strip():
        if not _RIGHT.fullmatch(rest.strip()):
            return Check(False, 0.0, f"the right side {rest.strip()[:20]!r} is not a number", False)
        written_right = int(rest.strip().replace(" ", ""))
        if written_right != right and changed is None:
            changed = f"the right side is {right}, the answer has {written_right}"
    if changed is not None:
        return Check(False, 0.0, f"{changed} (a changed given earns no credit)")
    return digits


def fill(template: list[str], digits: list[int]) -> list[str]:
    """Returns the template tokens with the holes filled by ``digits`` in order."""
    queue = iter(digits)
    return [
        "".join(str(next(queue)) if ch == "?" else ch for ch in token)
        if is_number(token)
        else token
        for token in template
    ]


def judge(template: list[str], right: int, digits: list[int]) -> Check:
    """Returns the verdict of a filling: does the left side's exact value equal the right?"""
    filled = fill(template, digits)
    equation = f"{''.join(filled)}={right}"
    try:
        value = evaluate(parse(filled))
    except EvalError as exc:
        return Check(False, 0.0, f"the left side {exc}, so {equation[:60]} fails")
    if value != right:
        shown = str(value) if value.denominator != 1 else str(value.numerator)
        return Check(False, 0.0, f"the left side is {shown[:40]}, not {right}")
    return Check(True, 1.0, f"{equation[:60]} holds")


# -- the family -------------------------------------------------------------------------------


@register("math_path")
class MathPath(Family):
    """Restore the hidden digits of an arithmetic equation (SynLogic's math_path)."""

    version = 0
    kind = "puzzle"
    description = "Math path: replace each ? by a digit so the arithmetic equation holds"
    Knobs = MathPathKnobs
    Instance = MathPathInstance

    def validate_for_generation(self, knobs: MathPathKnobs) -> None:
        most = (knobs.operators + 1) // 2
        if knobs.parens > most:
            raise InvalidParamsError(
                f"math_path: parens must be at most (operators + 1) // 2 = {most}, "
                f"got {knobs.parens}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        operators, share, parens, max_digits, operator_set = LEVELS[level]
        return {
            "operators": operators,
            "share": share,
            "parens": parens,
            "max_digits": max_digits,
            "operator_set": operator_set,
        }

    def generate(self, knobs: MathPathKnobs, rng: random.Random) -> Draft:
        tokens, template, right, revealed = generate_puzzle(knobs, rng)
        meta: dict[str, Any] = {
            "hidden": sum(token.count("?") for token in template),
            "fillings": count_fillings(template, right),
        }
        if revealed is not None:
            meta["revealed_for_uniqueness"] = revealed
        return Draft(
            prompt=render_prompt(template, right),
            answer=f"{''.join(tokens)}={right}",
            instance={"left": "".join(template), "right": right},
            meta=meta,
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        template = tokenize(instance["left"], holes=True)
        digits = read_filling(template, instance["right"], payload)
        if isinstance(digits, Check):
            return digits
        return judge(template, instance["right"], digits)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        holes = instance["left"].count("?")
        free = tuple((0, c) for c in range(holes))
        return AnswerLayout(1, holes, tuple(range(10)), {}, free, "bits")

    def hardness(self, task: Task) -> float:
        """Hidden digits times log2(10), plus operators, plus two per bracket pair."""
        left: str = task.instance["left"]
        operators = sum(left.count(op) for op in OPERATORS)
        return left.count("?") * math.log2(10) + operators + 2 * left.count("(")
