"""Dyck language errors: find the position of the first error in a bracket string.

Description:
    The idea of SynLogic's ``dyck_language_errors`` task (arXiv 2505.19641), implemented
    here from its rules. A string of ``L`` brackets over the first ``n_types`` of ``()``,
    ``[]``, ``{}``, ``<>`` is scanned left to right with a stack: an opener is pushed, a
    closer must match the opener on top, which it pops. The first **error** is the first
    closer that meets an empty stack or a non-matching top. The answer is:

    * its 1-based position (the first character is position 1), if there is an error;
    * ``-1`` if there is none and nothing is left open (the string is balanced);
    * ``L + 1`` if there is none but some openers are never closed (the error is "at the
      end"; the prompt states the number).

    The gold is the stack scan's result (``_dyck.first_error_position``), so it is unique.

    Generation decides the answer first, so that no constant answer and no lazy answer
    solves many tasks (the original made a fifth of its strings valid and had many errors
    at the end): ``L`` is drawn from the level's range; then a balanced string
    (``valid_share``, default 4 %), a string that scans cleanly but leaves 1-3 openers
    open (``unclosed_share``, 3 %), an error at position 1 or ``L`` (``edge_share``, 3 %),
    or else an error at a position drawn uniformly from ``2..L-1``. For an error at ``p``,
    the first ``p - 1`` brackets are drawn uniformly among those that scan cleanly (within
    ``depth``); when they are all openers (so the error is the first closer, a guess that
    needs no scan) the draw is kept with probability 0.15 only. Bracket ``p`` is a closer
    of another type than the top (``h > 0``) or any closer (``h = 0``); the rest continues
    as if that closer had popped the top, so the string looks like a balanced one with one
    slip. All paths stay within ``depth``. Over 1000 seeds no answer value is the gold of
    more than 9 % of a level's tasks.

Instance:
    ``{"pairs": ["()", "[]"], "sequence": "([)]"}``. A character outside the pairs, or an
    empty sequence, is refused.

Answer format:
    One integer inside ``\\boxed{}``: ``\\boxed{3}`` for ``( [ ) ]``; ``\\boxed{-1}`` for a
    balanced string; ``\\boxed{4}`` for ``( ( )`` (``L + 1``). A leading ``+`` and
    surrounding spaces are allowed. Only the answer container is read, and only an integer
    is an answer: words are never searched for (the original read any reply containing
    "valid", including "invalid: 5", as -1). Anything but an integer, or an integer other
    than -1 and 1..L+1, is a format error.

Scoring:
    0/1: exact integer equality with the gold. The reason says which way the answer is
    off without naming the gold: a position that is no error (everything up to it scans
    cleanly), an error earlier than the answer, a string wrongly called balanced, and so on.

Difficulty:
    Longer strings, more pair types, deeper nesting. ``hardness`` is
    ``L + 2 * (deepest nesting before the first error) + 2 * n_types``.

    =====  =======  ======  =====
    level  n_types  L       depth
    =====  =======  ======  =====
    1      2        12-18   3
    2      2        16-22   4
    3      3        18-24   4
    4      3        22-30   5
    5      3        28-36   6
    6      4        34-44   6
    7      4        40-52   7
    8      4        48-62   8
    9      4        56-74   9
    10     4        66-90   10
    =====  =======  ======  =====

    SynLogic's ``run.sh`` used (types, length) = (3, 10), (3, 15), (4, 20), (4, 30).

Knobs:
    ``n_types`` (1-4; with one type every error is a closer on an empty stack),
    ``min_length`` and ``max_length`` (4-400), ``depth`` (most nesting, 2-60),
    ``valid_share``, ``unclosed_share`` and ``edge_share`` (each 0-0.5, summing to at most
    0.9).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``dyck_language_errors``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks.formal._dyck import (
    MAX_TYPES,
    PARTNER,
    alphabet,
    check_pairs,
    draw_with_error,
    first_error_position,
    max_depth,
    name_pairs,
    pairs_for,
    random_brackets,
    scan,
    spaced,
)
from taskgen.verifiers.extract import unwrap_latex
from taskgen.verifiers.parse import PayloadError, parse_integer

MIN_LENGTH = 4
MAX_LENGTH = 400
MAX_DEPTH = 60
MAX_UNCLOSED = 3
"""Most openers left open in an "unclosed" string."""
MAX_ATTEMPTS = 200
OPENERS_ONLY_KEPT = 0.15
"""Chance to keep an error whose first closer it is (the brackets before it all openers)."""

LEVELS: dict[int, tuple[int, int, int, int]] = {
    1: (2, 12, 18, 3),
    2: (2, 16, 22, 4),
    3: (3, 18, 24, 4),
    4: (3, 22, 30, 5),
    5: (3, 28, 36, 6),
    6: (4, 34, 44, 6),
    7: (4, 40, 52, 7),
    8: (4, 48, 62, 8),
    9: (4, 56, 74, 9),
    10: (4, 66, 90, 10),
}
"""Level -> (n_types, min_length, max_length, depth)."""


class DyckErrorsKnobs(BaseModel):
    """Knobs of the ``dyck_language_errors`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n_types: int = Field(ge=1, le=MAX_TYPES, description="pair types offered")
    min_length: int = Field(ge=MIN_LENGTH, le=MAX_LENGTH, description="shortest string")
    max_length: int = Field(ge=MIN_LENGTH, le=MAX_LENGTH, description="longest string")
    depth: int = Field(ge=2, le=MAX_DEPTH, description="most nesting")
    valid_share: float = Field(default=0.04, ge=0.0, le=0.5, description="balanced strings")
    unclosed_share: float = Field(
        default=0.03, ge=0.0, le=0.5, description="strings that only leave openers open"
    )
    edge_share: float = Field(default=0.03, ge=0.0, le=0.5, description="errors at position 1 or L")


class DyckErrorsInstance(BaseModel):
    """``Task.instance`` of the ``dyck_language_errors`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    pairs: list[str]
    sequence: str = Field(min_length=1, max_length=MAX_LENGTH)

    @model_validator(mode="after")
    def _consistent(self) -> DyckErrorsInstance:
        check_pairs(self.pairs)
        allowed = alphabet(self.pairs)
        for char in self.sequence:
            if char not in allowed:
                raise ValueError(f"sequence holds {char!r}, not a bracket of {self.pairs}")
        return self


# -- generation -------------------------------------------------------------------------------


def draw_sequence(knobs: DyckErrorsKnobs, rng: random.Random) -> str:
    """Draws one string with the answer class decided first (see the module docstring)."""
    pairs = pairs_for(knobs.n_types)
    lengths = list(range(knobs.min_length, knobs.max_length + 1))
    length = rng.choice(lengths)
    roll = rng.random()
    if roll < knobs.valid_share:
        length = rng.choice([n for n in lengths if n % 2 == 0])
        return random_brackets(rng, length, pairs, end=0, bound=knobs.depth)[0]
    roll -= knobs.valid_share
    if roll < knobs.unclosed_share:
        ends = [h for h in range(1, min(knobs.depth, MAX_UNCLOSED) + 1) if (length - h) % 2 == 0]
        return random_brackets(rng, length, pairs, end=rng.choice(ends), bound=knobs.depth)[0]
    roll -= knobs.unclosed_share
    edge = roll < knobs.edge_share
    for _ in range(MAX_ATTEMPTS):
        position = rng.choice([1, length]) if edge else rng.randint(2, length - 1)
        found = draw_with_error(
            rng, length, position, pairs, knobs.depth, openers_only_kept=OPENERS_ONLY_KEPT
        )
        if found is not None:
            return found
    raise InvalidParamsError(  # pragma: no cover - position 1 always fits
        f"dyck_language_errors: no string in {MAX_ATTEMPTS} draws with {knobs.model_dump()}"
    )


# -- prompt -----------------------------------------------------------------------------------


def render_prompt(pairs: list[str], sequence: str) -> str:
    """Writes the prompt: the pairs, the scan rules, the string and the three answer rules."""
    length = len(sequence)
    count = len(pairs)
    kinds = "one pair type" if count == 1 else f"{count} pair types"
    return (
        "Find the first error in a bracket string.\n\n"
        f"The brackets come in {kinds}: {name_pairs(pairs)}. Read the string from left to "
        "right, keeping a stack of the opening brackets that are still open: an opening "
        "bracket is put on top of the stack; a closing bracket must be the partner of the "
        "opening bracket on top of the stack, which it then removes. An error is a closing "
        "bracket that comes when the stack is empty, or whose partner is not the opening "
        "bracket on top of the stack.\n\n"
        f"The string has {length} characters, numbered 1 to {length} from the left (the "
        "spaces only separate them):\n\n"
        f"{spaced(sequence)}\n\n"
        "Answer with one integer:\n"
        f"- the position (1 to {length}) of the first error, if there is an error;\n"
        "- -1 if there is no error and every opening bracket is closed (the string is "
        "balanced);\n"
        f"- {length + 1} (the length plus one) if there is no error but some opening "
        "brackets are never closed.\n"
        f"Format example (for a string of {length + 12} characters): "
        f"\\boxed{{{length + 9}}}\n"
        "Think step by step, then put only the integer inside \\boxed{}."
    )


# -- judging ----------------------------------------------------------------------------------


def read_position(payload: str, length: int) -> int | Check:
    """Reads the integer answer, or returns the format error."""
    try:
        value = parse_integer(payload)
    except PayloadError:
        shown = unwrap_latex(payload)[:30]
        reason = f"the answer {shown!r} is not an integer (write -1 for a balanced string)"
        return Check(False, 0.0, reason, False)
    if value != -1 and not 1 <= value <= length + 1:
        reason = f"{value} is not an answer here: use a position 1 to {length + 1}, or -1"
        return Check(False, 0.0, reason, False)
    return value


def judge(sequence: str, value: int) -> Check:
    """Judges an integer answer against the scan of ``sequence``."""
    length = len(sequence)
    gold = first_error_position(sequence)
    if value == gold:
        if gold == -1:
            return Check(True, 1.0, "right: the string is balanced")
        if gold == length + 1:
            return Check(True, 1.0, "right: no closer fails, but openers are left open")
        return Check(True, 1.0, f"right: the first error is at position {gold}")
    if value == -1:
        return Check(False, 0.0, "the string is not balanced")
    if value == length + 1:
        if gold == -1:
            return Check(False, 0.0, "every opening bracket is closed")
        return Check(False, 0.0, "a closing bracket fails before the end")
    if gold != length + 1 and gold != -1 and gold < value:
        return Check(False, 0.0, f"there is an error before position {value}")
    return Check(False, 0.0, f"character {value} is no error: the string scans cleanly up to it")


# -- the family -------------------------------------------------------------------------------


@register("dyck_language_errors")
class DyckLanguageErrors(Family):
    """Find the first error of a bracket string (SynLogic's dyck_language_errors)."""

    cell_answer = False  # one integer, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Dyck language errors: the position of the first failing bracket, or -1"
    Knobs = DyckErrorsKnobs
    Instance = DyckErrorsInstance

    def validate_for_generation(self, knobs: DyckErrorsKnobs) -> None:
        if knobs.min_length > knobs.max_length:
            raise InvalidParamsError(
                "dyck_language_errors: min_length must be at most max_length, got "
                f"{knobs.min_length} > {knobs.max_length}"
            )
        shares = knobs.valid_share + knobs.unclosed_share + knobs.edge_share
        if shares > 0.9:
            raise InvalidParamsError(
                "dyck_language_errors: valid_share + unclosed_share + edge_share must be at "
                f"most 0.9, got {shares:g}"
            )
        if knobs.min_length == knobs.max_length and knobs.min_length % 2 and knobs.valid_share:
            raise InvalidParamsError(
                "dyck_language_errors: a balanced string needs an even length in "
                f"{knobs.min_length}..{knobs.max_length}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n_types, low, high, depth = LEVELS[level]
        return {"n_types": n_types, "min_length": low, "max_length": high, "depth": depth}

    def generate(self, knobs: DyckErrorsKnobs, rng: random.Random) -> Draft:
        pairs = pairs_for(knobs.n_types)
        sequence = draw_sequence(knobs, rng)
        gold = first_error_position(sequence)
        found = scan(sequence)
        kind = "balanced" if gold == -1 else "unclosed" if found.error is None else "error"
        return Draft(
            render_prompt(pairs, sequence),
            str(gold),
            {"pairs": pairs, "sequence": sequence},
            {"kind": kind, "length": len(sequence)},
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        sequence: str = instance["sequence"]
        value = read_position(payload, len(sequence))
        if isinstance(value, Check):
            return value
        return judge(sequence, value)

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        sequence: str = instance["sequence"]
        length = len(sequence)
        closers = [i for i, char in enumerate(sequence, 1) if char not in PARTNER]
        return {
            "balanced": ["-1"],
            "last-position": [str(length)],
            "past-the-end": [str(length + 1)],
            "first-position": ["1"],
            "first-closer": [str(closers[0])] if closers else [],
        }

    def hardness(self, task: Task) -> float:
        """Length, plus twice the deepest nesting before the first error and the pair types."""
        sequence: str = task.instance["sequence"]
        found = scan(sequence)
        head = sequence if found.error is None else sequence[: found.error]
        return len(sequence) + 2 * max_depth(head) + 2 * len(task.instance["pairs"])
