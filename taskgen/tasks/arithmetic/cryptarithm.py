"""Cryptarithm: find the digit each letter stands for so that the equation holds.

Description:
    The idea of SynLogic's ``cryptarithm`` task (arXiv 2505.19641), implemented here from its
    rules. An equation of words (``ABC + DEF = GHIJ``, ``ABCD - EFG = HIJ`` or
    ``ABC * DE = FGHIJ``) stands for an equation of whole numbers written in decimal: each
    letter is one digit, different letters are different digits, the same letter is the
    same digit everywhere, and no word starts with 0 (every word has at least two
    letters). Addition may have 2-5 words on the left; subtraction and multiplication
    have two.

    Every puzzle has **exactly one** solution, proven during generation by a complete
    search: a column-wise backtracking search from the rightmost column assigns the
    letters of each column's operands and derives the result's digit (from the column
    sum and carry, or for ``*`` from the product of the operands' low digits, which fixes
    the product's low digits), and counts solutions up to two. A subtraction
    ``A - B = C`` is searched as ``C + B = A``.

    Words are random letters, not English words: a sum of real words with a unique
    solution (``SEND + MORE = MONEY``) is too rare to draw. Generation: the left numbers
    are drawn uniformly with ``min_length..max_length`` digits (first digit non-zero); a
    draw is kept when the result has two or more digits, a sum has one digit more than
    its longest term (the carry into a new column, as ``M = 1`` in ``SEND + MORE =
    MONEY``, the classic first clue; without it a unique solution is rare), the distinct
    digits number ``min_letters..max_letters``, the solution is unique, and no lazy
    assignment (digits 0, 1, 2, ... or 1, 2, ..., 9, 0 in order of first appearance or in
    alphabetical order) solves it. Each digit then gets a random letter of ``A-Z``.

Instance:
    ``{"operands": ["ABC", "DEF"], "operator": "+", "result": "GHIJ"}``: the words left of
    ``=`` in order, the operator (``+``, ``-`` or ``*``) and the word right of ``=``. Words
    are 2-8 uppercase letters, at most 10 distinct letters in all; ``-`` and ``*`` take
    exactly two operands, ``+`` two to five. The instance is not searched on load (the
    checker judges any answer by the rules).

Answer format:
    The equation with the digits in place of the letters, inside ``\\boxed{}``: for
    ``AA + A = BCD`` (a different puzzle, shown in the prompt) ``\\boxed{99 + 9 = 108}``.
    Spaces are optional; ``×``, ``\\times``, ``\\cdot`` and ``−`` are read as ``*`` and ``-``.
    The letter-to-digit mapping is read too: ``\\boxed{A=9, B=1, C=0, D=8}`` (pairs separated by
    commas, semicolons or spaces; letters in either case; ``:`` instead of ``=``). An
    equation with another operator, another number of words, or a number with another
    count of digits than its word, and a mapping that leaves out a letter or names one not
    in the puzzle, are format errors.

Scoring:
    0/1. Correct iff the answer gives every letter one digit, different letters different
    digits, no word a leading 0, and the equation holds; by uniqueness that is the gold.
    The reason names the first problem: a letter given two digits, two letters sharing a
    digit, a word starting with 0, or the value the left side takes.

Difficulty:
    More words, longer words, subtraction, then multiplication; more distinct letters.
    ``hardness`` is the letters shown in the puzzle (all words) plus twice the distinct
    letters, plus 3 per left word beyond two, 2 for ``-`` and 10 for ``*``. Addition
    results are one digit longer than the longest term (see Description).

    =====  =====  ======  ========  =======  ======================
    level  words  length  operator  letters  ms per task (measured)
    =====  =====  ======  ========  =======  ======================
    1      2      3       ``+``     4-5      9
    2      2      3-4     ``-``     4-5      12
    3      2      4       ``+``     5-6      3
    4      2      4-5     ``-``     5-6      7
    5      2      4-5     ``+``     6-7      11
    6      3      3-4     ``+``     6-7      33
    7      2      2-3     ``*``     5-7      3
    8      3      4-5     ``+``     7-8      37
    9      2      3-4     ``*``     7-9      6
    10     2      4       ``*``     8-10     7
    =====  =====  ======  ========  =======  ======================

    SynLogic's ``run.sh`` used 3-4 letters with one or two of ``+ -``.

Knobs:
    ``words`` (2-5 operands; 4-5 word sums take 15-25 ms per search, so about a second
    per task), ``min_length`` and ``max_length`` (2-6 letters per operand),
    ``operator`` (``+``, ``-`` or ``*``), ``min_letters`` and ``max_letters`` (4-10 distinct
    letters).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``cryptarithm``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
import re
import string
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks.arithmetic._expr import ExprError, is_number, normalise, tokenize
from taskgen.verifiers.extract import unwrap_latex

MAX_DRAWS = 20_000
"""Draws before knobs are declared impossible."""
MAX_PAYLOAD = 2_000
MAX_WORD = 8
"""Longest word an instance may hold."""

Operator = Literal["+", "-", "*"]
Mapping = dict[str, int]

LEVELS: dict[int, tuple[int, int, int, str, int, int]] = {
    1: (2, 3, 3, "+", 4, 5),
    2: (2, 3, 4, "-", 4, 5),
    3: (2, 4, 4, "+", 5, 6),
    4: (2, 4, 5, "-", 5, 6),
    5: (2, 4, 5, "+", 6, 7),
    6: (3, 3, 4, "+", 6, 7),
    7: (2, 2, 3, "*", 5, 7),
    8: (3, 4, 5, "+", 7, 8),
    9: (2, 3, 4, "*", 7, 9),
    10: (2, 4, 4, "*", 8, 10),
}
"""Level -> (words, min_length, max_length, operator, min_letters, max_letters)."""

_PAIR = re.compile(r"([A-Za-z])\s*[=:]\s*([0-9])")
_SEPARATORS = re.compile(r"[\s,;]*")


class CryptarithmKnobs(BaseModel):
    """Knobs of the ``cryptarithm`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    words: int = Field(default=2, ge=2, le=5, description="words left of '='")
    min_length: int = Field(ge=2, le=6, description="fewest letters of a left word")
    max_length: int = Field(ge=2, le=6, description="most letters of a left word")
    operator: Operator = Field(default="+", description="+, - or *")
    min_letters: int = Field(ge=4, le=10, description="fewest distinct letters")
    max_letters: int = Field(ge=4, le=10, description="most distinct letters")


class CryptarithmInstance(BaseModel):
    """``Task.instance`` of the ``cryptarithm`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    operands: list[str] = Field(min_length=2, max_length=5)
    operator: Operator
    result: str

    @model_validator(mode="after")
    def _words(self) -> CryptarithmInstance:
        for word in [*self.operands, self.result]:
            if not (2 <= len(word) <= MAX_WORD and word.isascii() and word.isupper()):
                raise ValueError(f"words must be 2-{MAX_WORD} letters A-Z, got {word[:20]!r}")
            if not word.isalpha():
                raise ValueError(f"words must be letters A-Z, got {word[:20]!r}")
        if len(set("".join([*self.operands, self.result]))) > 10:
            raise ValueError("more than 10 distinct letters (there are only 10 digits)")
        if self.operator != "+" and len(self.operands) != 2:
            raise ValueError(f"{self.operator!r} takes exactly two operands")
        return self


# -- the complete search ----------------------------------------------------------------------


def as_sum_or_product(
    operands: list[str], operator: str, result: str
) -> tuple[list[str], str, str]:
    """Returns the puzzle as ``terms (+ or *) = total``: a subtraction ``A - B = C`` is
    searched as ``C + B = A``."""
    if operator == "-":
        return [result, operands[1]], "+", operands[0]
    return list(operands), operator, result


def solutions(operands: list[str], operator: str, result: str, limit: int = 2) -> list[Mapping]:
    """Returns up to ``limit`` letter -> digit solutions, by a complete column-wise search.

    Columns are taken from the right. In each, the letters of the left words not met
    before get every unused digit (never 0 for a word's first letter); the total's digit
    in that column then follows (from the column sum and the carry; for ``*`` from the
    product of the operands' low digits, which fixes the product's low digits) and must
    agree with its letter. Every assignment is either pruned by a column that fails or
    reaches the end, so the count is exact.

    >>> solutions(["SEND", "MORE"], "+", "MONEY")
    [{'D': 7, 'E': 5, 'Y': 2, 'N': 6, 'R': 8, 'O': 0, 'S': 9, 'M': 1}]
    >>> len(solutions(["AB", "B"], "+", "CA"))
    2
    """
    terms, op, total = as_sum_or_product(operands, operator, result)
    width = len(total)
    if any(len(word) > width for word in terms):
        return []
    leading = {word[0] for word in [*terms, total] if len(word) > 1}
    seen: set[str] = set()
    columns: list[tuple[list[str], list[str], str, bool]] = []
    for k in range(width):
        column = [word[-1 - k] for word in terms if len(word) > k]
        new: list[str] = []
        for letter in column:
            if letter not in seen:
                seen.add(letter)
                new.append(letter)
        below = total[-1 - k]
        columns.append((column, new, below, below not in seen))
        seen.add(below)
    mapping: Mapping = {}
    used = [False] * 10
    found: list[Mapping] = []
    powers = [10**k for k in range(width + 1)]

    def column_done(k: int, state: int, low: tuple[int, int]) -> None:
        _, _, below, below_new = columns[k]
        digit = state % 10
        carry = state // 10
        if below_new:
            if used[digit] or (digit == 0 and below in leading):
                return
            used[digit] = True
            mapping[below] = digit
            step(k + 1, carry, low)
            used[digit] = False
            del mapping[below]
        elif mapping[below] == digit:
            step(k + 1, carry, low)

    def assign(k: int, index: int, carry: int, low: tuple[int, int]) -> None:
        column, new, below, below_new = columns[k]
        if index < len(new):
            letter = new[index]
            if (
                op == "+"
                and index == len(new) - 1
                and not below_new
                and below != letter
                and column.count(letter) == 1
            ):
                # the column's digit is known: the last letter is forced modulo 10
                rest = carry + sum(mapping[other] for other in column if other != letter)
                digit = (mapping[below] - rest) % 10
                if not used[digit] and (digit or letter not in leading):
                    used[digit] = True
                    mapping[letter] = digit
                    assign(k, index + 1, carry, low)
                    used[digit] = False
                    del mapping[letter]
                return
            for digit in range(1 if letter in leading else 0, 10):
                if not used[digit]:
                    used[digit] = True
                    mapping[letter] = digit
                    assign(k, index + 1, carry, low)
                    used[digit] = False
                    del mapping[letter]
                    if len(found) >= limit:
                        return
            return
        if op == "+":
            column_done(k, carry + sum(mapping[letter] for letter in column), low)
            return
        a, b = low
        first, second = terms
        if len(first) > k:
            a += mapping[first[-1 - k]] * powers[k]
        if len(second) > k:
            b += mapping[second[-1 - k]] * powers[k]
        column_done(k, (a * b // powers[k]) % 10, (a, b))

    def step(k: int, carry: int, low: tuple[int, int]) -> None:
        if len(found) >= limit:
            return
        if k == width:
            if (op == "+" and carry == 0) or (
                op == "*" and low[0] * low[1] == value(total, mapping)
            ):
                found.append(dict(mapping))
            return
        assign(k, 0, carry, low)

    step(0, 0, (0, 0))
    return found


def value(word: str, mapping: Mapping) -> int:
    """Returns the number a word stands for under ``mapping``."""
    number = 0
    for letter in word:
        number = number * 10 + mapping[letter]
    return number


def holds(operands: list[int], operator: str, result: int) -> bool:
    """Returns whether ``operands[0] op operands[1] ... = result`` is true."""
    if operator == "+":
        return sum(operands) == result
    if operator == "-":
        return operands[0] - operands[1] == result
    return operands[0] * operands[1] == result


def left_value(operands: list[int], operator: str) -> int:
    """Returns the value of the left side."""
    if operator == "+":
        return sum(operands)
    if operator == "-":
        return operands[0] - operands[1]
    return operands[0] * operands[1]


# -- generation -------------------------------------------------------------------------------


def lazy_mappings(operands: list[str], result: str) -> dict[str, Mapping]:
    """Returns the assignments a model could write without solving, by class: digits
    0, 1, 2, ... (and 1, ..., 9, 0) to the letters in order of first appearance, and in
    alphabetical order."""
    order = list(dict.fromkeys("".join([*operands, result])))
    alphabetical = sorted(order)
    counting = list(range(10))
    from_one = [*range(1, 10), 0]
    return {
        "first-appearance-0": dict(zip(order, counting, strict=False)),
        "first-appearance-1": dict(zip(order, from_one, strict=False)),
        "alphabetical-0": dict(zip(alphabetical, counting, strict=False)),
        "alphabetical-1": dict(zip(alphabetical, from_one, strict=False)),
    }


def draw_equation(knobs: CryptarithmKnobs, rng: random.Random) -> tuple[list[int], int] | None:
    """Draws the numbers of one equation, or None when the draw breaks a rule: the result
    must have 2+ digits, a sum one digit more than its longest term, and the digits used
    must number ``min_letters..max_letters``."""
    lengths = [rng.randint(knobs.min_length, knobs.max_length) for _ in range(knobs.words)]
    numbers = [rng.randint(10 ** (length - 1), 10**length - 1) for length in lengths]
    if knobs.operator == "-" and numbers[0] < numbers[1]:
        numbers.reverse()
    result = left_value(numbers, knobs.operator)
    if result < 10:
        return None
    if knobs.operator == "+" and len(str(result)) <= max(lengths):
        return None
    letters = len(set("".join(str(n) for n in [*numbers, result])))
    if not knobs.min_letters <= letters <= knobs.max_letters:
        return None
    return numbers, result


def generate_puzzle(
    knobs: CryptarithmKnobs, rng: random.Random
) -> tuple[list[str], str, Mapping, int]:
    """Draws (operands, result, the unique solution, draws spent).

    Raises:
        InvalidParamsError: no draw had a unique solution within :data:`MAX_DRAWS`.
    """
    for attempt in range(1, MAX_DRAWS + 1):
        drawn = draw_equation(knobs, rng)
        if drawn is None:
            continue
        numbers, result = drawn
        used = sorted(set("".join(str(n) for n in [*numbers, result])))
        letters = rng.sample(string.ascii_uppercase, len(used))
        letter_of = dict(zip(used, letters, strict=True))
        operands = ["".join(letter_of[ch] for ch in str(n)) for n in numbers]
        total = "".join(letter_of[ch] for ch in str(result))
        found = solutions(operands, knobs.operator, total)
        if len(found) != 1:
            continue
        lazy = lazy_mappings(operands, total)
        if any(mapping == found[0] for mapping in lazy.values()):
            continue
        if judge(operands, knobs.operator, total, EXAMPLE_MAPPING).correct:
            continue
        return operands, total, found[0], attempt
    raise InvalidParamsError(
        f"cryptarithm: no puzzle with a unique solution in {MAX_DRAWS} draws with "
        f"{knobs.model_dump()}; allow more letters or longer words"
    )


def write_equation(operands: list[str], operator: str, result: str, mapping: Mapping) -> str:
    """Writes the numeric equation of a solution, e.g. ``9567 + 1085 = 10652``."""
    numbers = [str(value(word, mapping)) for word in operands]
    return f" {operator} ".join(numbers) + f" = {value(result, mapping)}"


# -- prompt -----------------------------------------------------------------------------------

EXAMPLE_PUZZLE = "AA + A = BCD"
EXAMPLE_EQUATION = "99 + 9 = 108"
"""A one-letter word never appears in a task, so the example equation is never an answer."""
EXAMPLE_MAPPING = "A=9, B=1, C=0, D=8"
"""The generator redraws the (rare) puzzle this mapping would solve."""
_OPERATOR_WORDS = {"+": "addition", "-": "subtraction", "*": "multiplication"}


def render_puzzle(operands: list[str], operator: str, result: str) -> str:
    """Writes the puzzle on one line, e.g. ``ABC + DEF = GHIJ``."""
    return f" {operator} ".join(operands) + f" = {result}"


def render_prompt(operands: list[str], operator: str, result: str) -> str:
    """Writes the prompt: the puzzle, the rules and the answer format."""
    letters = len(set("".join([*operands, result])))
    return (
        "Solve this cryptarithm (an " + _OPERATOR_WORDS[operator] + " puzzle).\n\n"
        f"    {render_puzzle(operands, operator, result)}\n\n"
        f"Each of the {letters} letters stands for one digit from 0 to 9. Different letters "
        "stand for different digits, and the same letter is the same digit everywhere. "
        "Each word is a whole number written in decimal, and no word starts with 0. "
        + ("* means multiplication. " if operator == "*" else "")
        + "Find the digits that make the equation true; there is exactly one way.\n\n"
        "Answer with the equation written in digits. Format example for the different "
        f"puzzle {EXAMPLE_PUZZLE}: \\boxed{{{EXAMPLE_EQUATION}}} (the letters as "
        f"\\boxed{{{EXAMPLE_MAPPING}}} are read too).\n"
        "Think step by step, then put only the equation in digits inside \\boxed{}."
    )


# -- reading an answer ------------------------------------------------------------------------


def read_mapping(text: str, letters: set[str]) -> Mapping | Check | None:
    """Reads ``A=1, B=2, ...``; None when the text is not in that form."""
    pairs = _PAIR.findall(text)
    if not pairs or _SEPARATORS.fullmatch(_PAIR.sub("", text)) is None:
        return None
    mapping: Mapping = {}
    for letter, digit in pairs:
        key = letter.upper()
        if key not in letters:
            return Check(False, 0.0, f"the letter {key} is not in the puzzle", False)
        if key in mapping and mapping[key] != int(digit):
            return Check(False, 0.0, f"the letter {key} is given {mapping[key]} and {digit}")
        mapping[key] = int(digit)
    missing = sorted(letters - set(mapping))
    if missing:
        shown = ", ".join(missing[:5])
        return Check(False, 0.0, f"no digit for the letter(s) {shown}", False)
    return mapping


def read_equation(text: str, operands: list[str], operator: str, result: str) -> Mapping | Check:
    """Reads the equation in digits and returns the mapping its digits give the letters."""
    text = normalise(text)
    if text.count("=") != 1:
        return Check(False, 0.0, "the answer is not one equation 'left = right'", False)
    left, _, right = text.partition("=")
    try:
        tokens = tokenize(left)
        right_tokens = tokenize(right)
    except ExprError as exc:
        return Check(False, 0.0, f"not an equation in digits: {exc}", False)
    numbers = tokens[0::2]
    ops = tokens[1::2]
    shape_ok = (
        len(numbers) == len(operands)
        and len(ops) == len(operands) - 1
        and all(is_number(t) for t in numbers)
        and all(op == operator for op in ops)
        and len(right_tokens) == 1
        and is_number(right_tokens[0])
    )
    if not shape_ok:
        return Check(
            False,
            0.0,
            f"the answer is not shaped like {render_puzzle(operands, operator, result)}",
            False,
        )
    mapping: Mapping = {}
    for number, word in zip([*numbers, right_tokens[0]], [*operands, result], strict=True):
        if len(number) != len(word):
            reason = f"{number[:12]} has {len(number)} digits; the word {word} has {len(word)}"
            return Check(False, 0.0, reason, False)
        for digit, letter in zip(number, word, strict=True):
            if mapping.setdefault(letter, int(digit)) != int(digit):
                reason = f"the letter {letter} is written {mapping[letter]} and {digit}"
                return Check(False, 0.0, reason)
    return mapping


def judge(operands: list[str], operator: str, result: str, payload: str) -> Check:
    """Returns the verdict on one answer (see Scoring)."""
    text = unwrap_latex(payload)
    if len(text) > MAX_PAYLOAD:
        return Check(False, 0.0, f"answer is too long ({len(text)} characters)", False)
    if not text:
        return Check(False, 0.0, "the answer is empty", False)
    letters = set("".join([*operands, result]))
    read = read_mapping(text, letters)
    if read is None:
        read = read_equation(text, operands, operator, result)
    if isinstance(read, Check):
        return read
    owner: dict[int, str] = {}
    for letter in sorted(read):
        digit = read[letter]
        if digit in owner:
            return Check(False, 0.0, f"the letters {owner[digit]} and {letter} are both {digit}")
        owner[digit] = letter
    for word in [*operands, result]:
        if read[word[0]] == 0:
            return Check(False, 0.0, f"the word {word} starts with 0")
    numbers = [value(word, read) for word in operands]
    total = value(result, read)
    if not holds(numbers, operator, total):
        got = left_value(numbers, operator)
        equation = write_equation(operands, operator, result, read)
        return Check(False, 0.0, f"{equation[:60]} is false: the left side is {got}")
    return Check(True, 1.0, f"{write_equation(operands, operator, result, read)[:60]} holds")


# -- the family -------------------------------------------------------------------------------


@register("cryptarithm")
class Cryptarithm(Family):
    """Find the digit of each letter so that the word equation holds (unique solution)."""

    cell_answer = False  # an equation in digits, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Cryptarithm: letters stand for digits; make the word equation true"
    Knobs = CryptarithmKnobs
    Instance = CryptarithmInstance

    def validate_for_generation(self, knobs: CryptarithmKnobs) -> None:
        if knobs.min_length > knobs.max_length or knobs.min_letters > knobs.max_letters:
            raise InvalidParamsError(
                "cryptarithm: min_length must be at most max_length and min_letters at most "
                f"max_letters, got {knobs.min_length}-{knobs.max_length} and "
                f"{knobs.min_letters}-{knobs.max_letters}"
            )
        if knobs.operator != "+" and knobs.words != 2:
            raise InvalidParamsError(
                f"cryptarithm: {knobs.operator!r} takes words=2, got {knobs.words}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        words, min_length, max_length, operator, min_letters, max_letters = LEVELS[level]
        return {
            "words": words,
            "min_length": min_length,
            "max_length": max_length,
            "operator": operator,
            "min_letters": min_letters,
            "max_letters": max_letters,
        }

    def generate(self, knobs: CryptarithmKnobs, rng: random.Random) -> Draft:
        operands, result, solution, draws = generate_puzzle(knobs, rng)
        return Draft(
            prompt=render_prompt(operands, knobs.operator, result),
            answer=write_equation(operands, knobs.operator, result, solution),
            instance={"operands": operands, "operator": knobs.operator, "result": result},
            meta={"letters": len(solution), "draws": draws},
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        return judge(instance["operands"], instance["operator"], instance["result"], payload)

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        operands: list[str] = instance["operands"]
        operator: str = instance["operator"]
        result: str = instance["result"]
        answers = {"puzzle": [render_puzzle(operands, operator, result)]}
        for name, mapping in lazy_mappings(operands, result).items():
            if len(mapping) == len(set("".join([*operands, result]))):
                answers[name] = [write_equation(operands, operator, result, mapping)]
        return answers

    def hardness(self, task: Task) -> float:
        """Letters shown plus twice the distinct letters, 3 per word beyond two, plus 2 for
        ``-`` and 10 for ``*``."""
        operands: list[str] = task.instance["operands"]
        words = [*operands, task.instance["result"]]
        bonus = {"+": 0.0, "-": 2.0, "*": 10.0}[task.instance["operator"]]
        shown = sum(len(word) for word in words)
        return shown + 2.0 * len(set("".join(words))) + 3.0 * (len(operands) - 2) + bonus
