"""Dyck language: complete a bracket sequence with the fewest closing brackets.

Description:
    The idea of SynLogic's ``dyck_language`` task (arXiv 2505.19641), implemented here from
    its rules. The prompt names the pair types in use (the first ``n_types`` of ``()``,
    ``[]``, ``{}``, ``<>``; the original claimed six types but only four exist, so here at
    most four are offered and every one is named) and shows the beginning of a bracket
    sequence that scans cleanly but leaves ``fill`` brackets open. The model writes the
    whole sequence: the beginning unchanged, then the fewest closing brackets that make it
    balanced.

    That completion is unique: after the beginning the stack holds ``fill`` open brackets;
    a balanced continuation must bring the depth from ``fill`` to 0, so one of exactly
    ``fill`` characters is all closers, and each closer must match the stack's top, which
    fixes it (``tests/tasks/formal/test_dyck_language.py`` checks this against every
    continuation on a sample of every level).

    Generation: the full sequence is a lattice path (opener up, closer down) drawn
    uniformly among the paths of ``length - fill`` steps from depth 0 to depth ``fill``
    that reach depth ``depth`` and never exceed it, with every opener's type drawn
    uniformly; its closers follow the stack. A draw is kept when the open brackets, read
    bottom to top, are not a palindrome of types, so closing them in opening order (a
    plausible slip) is never right; ``fill`` is at least 2, so "add one closer" never is.

Instance:
    ``{"pairs": ["()", "[]"], "prefix": "([()"}``: the pair types (a prefix of the list
    above) and the beginning. A beginning with a failing closer, with nothing left open, or
    with a character outside its pairs is refused.

Answer format:
    The full sequence inside ``\\boxed{}``, e.g. ``\\boxed{([()])}`` for the beginning
    ``( [ ( )``. Whitespace anywhere is ignored, one pair of surrounding quotes or
    backticks is dropped, and ``\\{`` / ``\\}`` are read as ``{`` / ``}``. Only the answer
    container is read. A character that is not a bracket of the task's pairs, or an empty
    answer, is a format error.

Scoring:
    0/1: correct iff the answer starts with the beginning, is balanced, and adds exactly
    ``fill`` characters (any balanced answer with these properties is the gold, see above).
    The reason names the first problem: the beginning changed (or only the completion
    written), the first closer that fails, the brackets left open, or a balanced answer
    longer than needed.

Difficulty:
    More pair types, longer sequences, deeper nesting and more brackets to close.
    ``hardness`` is ``len(prefix) + 2 * fill + 2 * depth + 2 * n_types``.

    =====  =======  ======  =====  ====
    level  n_types  length  depth  fill
    =====  =======  ======  =====  ====
    1      2        8       3      2
    2      2        12      3      2
    3      3        16      4      3
    4      3        20      5      3
    5      3        26      5      4
    6      4        32      6      4
    7      4        40      7      5
    8      4        50      8      6
    9      4        60      9      7
    10     4        72      10     8
    =====  =======  ======  =====  ====

    SynLogic's ``run.sh`` used (types, length, fill) = (2, 10, 1), (3, 15, 3), (4, 20, 5).

Knobs:
    ``n_types`` (2-4), ``length`` of the full sequence (6-400, even), ``depth`` (the
    deepest nesting, exactly reached, 2-60), ``fill`` (closers to add, 2-60, at most
    ``depth``; ``length >= 2 * depth``). One pair type, or ``fill`` 1, would make the lazy
    answers above right, so they are not offered.

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``dyck_language``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks.formal._dyck import (
    MAX_TYPES,
    OPENER_OF,
    PARTNER,
    alphabet,
    check_pairs,
    closing,
    count_paths,
    max_depth,
    name_pairs,
    pairs_for,
    random_brackets,
    scan,
    spaced,
)
from taskgen.verifiers.extract import unwrap_latex

MAX_LENGTH = 400
MAX_DEPTH = 60
MAX_ATTEMPTS = 200
"""Draws before knobs are declared impossible (a draw fails only on a palindromic stack)."""
MAX_ANSWER_CHARS = 4 * MAX_LENGTH
QUOTES = ('"', "'", "`")

LEVELS: dict[int, tuple[int, int, int, int]] = {
    1: (2, 8, 3, 2),
    2: (2, 12, 3, 2),
    3: (3, 16, 4, 3),
    4: (3, 20, 5, 3),
    5: (3, 26, 5, 4),
    6: (4, 32, 6, 4),
    7: (4, 40, 7, 5),
    8: (4, 50, 8, 6),
    9: (4, 60, 9, 7),
    10: (4, 72, 10, 8),
}
"""Level -> (n_types, length, depth, fill)."""


class DyckLanguageKnobs(BaseModel):
    """Knobs of the ``dyck_language`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n_types: int = Field(ge=2, le=MAX_TYPES, description="pair types offered")
    length: int = Field(ge=6, le=MAX_LENGTH, description="length of the full sequence (even)")
    depth: int = Field(ge=2, le=MAX_DEPTH, description="deepest nesting, exactly reached")
    fill: int = Field(ge=2, le=MAX_DEPTH, description="closing brackets to add")

    @field_validator("length")
    @classmethod
    def _even(cls, value: int) -> int:
        if value % 2:
            raise ValueError(f"length must be even (a balanced sequence), got {value}")
        return value


class DyckLanguageInstance(BaseModel):
    """``Task.instance`` of the ``dyck_language`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    pairs: list[str]
    prefix: str = Field(min_length=1, max_length=MAX_LENGTH)

    @model_validator(mode="after")
    def _consistent(self) -> DyckLanguageInstance:
        check_pairs(self.pairs)
        allowed = alphabet(self.pairs)
        for char in self.prefix:
            if char not in allowed:
                raise ValueError(f"prefix holds {char!r}, not a bracket of {self.pairs}")
        found = scan(self.prefix)
        if found.error is not None:
            raise ValueError(f"prefix fails at position {found.error + 1}")
        if not found.stack:
            raise ValueError("prefix is already balanced: nothing to complete")
        return self


# -- generation -------------------------------------------------------------------------------


def generate_prefix(knobs: DyckLanguageKnobs, rng: random.Random) -> str:
    """Draws a beginning whose open brackets are not a palindrome of types."""
    pairs = pairs_for(knobs.n_types)
    for _ in range(MAX_ATTEMPTS):
        prefix, stack = random_brackets(
            rng,
            knobs.length - knobs.fill,
            pairs,
            end=knobs.fill,
            bound=knobs.depth,
            touch=True,
        )
        if stack != stack[::-1]:
            return prefix
    raise InvalidParamsError(  # pragma: no cover - a palindrome has probability < 1/2
        f"dyck_language: no fitting sequence in {MAX_ATTEMPTS} draws with {knobs.model_dump()}"
    )


# -- prompt -----------------------------------------------------------------------------------

FORMAT_EXAMPLE = "<<>>"
"""For the beginning ``< <``: never an answer here (answers have at least 6 characters)."""


def render_prompt(pairs: list[str], prefix: str) -> str:
    """Writes the prompt: the pairs, the rules, the beginning and the answer format."""
    count = len(pairs)
    kinds = "one pair type" if count == 1 else f"{count} pair types"
    return (
        "Complete a bracket sequence.\n\n"
        f"The brackets come in {kinds}: {name_pairs(pairs)}. No other characters are used. "
        "A sequence is balanced when every opening bracket is later closed by the closing "
        "bracket of its own pair and the pairs nest properly: each closing bracket closes "
        'the most recent opening bracket that is still open. For example "( [ ] )" is '
        'balanced, while "( [ ) ]" and "( (" are not.\n\n'
        f"Here is the beginning of a sequence ({len(prefix)} characters; the spaces only "
        "separate them):\n\n"
        f"{spaced(prefix)}\n\n"
        "Add the fewest closing brackets at its end that make the whole sequence balanced. "
        "Answer with the full sequence: the beginning exactly as shown, followed by the "
        "brackets you add. Spaces in the answer are ignored.\n"
        f'Format example (for the beginning "< <"): \\boxed{{{FORMAT_EXAMPLE}}}\n'
        "Think step by step, then put only the full sequence inside \\boxed{}."
    )


# -- reading and judging an answer ------------------------------------------------------------


def read_sequence(payload: str, pairs: list[str]) -> str | Check:
    """Reads the brackets of an answer (whitespace dropped), or returns the format error."""
    text = unwrap_latex(payload)
    if len(text) > MAX_ANSWER_CHARS:
        return Check(False, 0.0, f"answer is too long ({len(text)} characters)", False)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in QUOTES:
        text = text[1:-1]
    text = "".join(text.replace("\\{", "{").replace("\\}", "}").split())
    if not text:
        return Check(False, 0.0, "the answer is empty", False)
    allowed = alphabet(pairs)
    for index, char in enumerate(text, 1):
        if char not in allowed:
            reason = (
                f"character {index} ({char[:1]!r}) is not one of this task's brackets "
                f"{' '.join(allowed)}"
            )
            return Check(False, 0.0, reason, False)
    return text


def judge(prefix: str, answer: str) -> Check:
    """Judges a bracket answer against the beginning ``prefix``."""
    needed = closing(scan(prefix).stack)
    if not answer.startswith(prefix):
        if answer == needed:
            reason = "only the added brackets were given: write the whole sequence"
        elif prefix.startswith(answer):
            reason = "the answer stops inside the given beginning"
        else:
            index = next(i for i, (a, b) in enumerate(zip(answer, prefix, strict=False)) if a != b)
            reason = f"the answer changes the given beginning at position {index + 1}"
        return Check(False, 0.0, reason)
    found = scan(answer)
    if found.error is not None:
        char = answer[found.error]
        position = found.error + 1
        if found.stack:
            reason = (
                f"position {position}: {char!r} cannot close the {found.stack[-1]!r} "
                f"that is open (it needs {PARTNER[found.stack[-1]]!r})"
            )
        else:
            reason = f"position {position}: {char!r} has no open {OPENER_OF[char]!r} to close"
        return Check(False, 0.0, reason)
    if found.stack:
        left = len(found.stack)
        return Check(False, 0.0, f"{left} bracket{'s' if left != 1 else ''} left open")
    added = len(answer) - len(prefix)
    if added > len(needed):
        reason = f"balanced, but {added} brackets are added where {len(needed)} suffice"
        return Check(False, 0.0, reason)
    return Check(True, 1.0, f"balanced with the fewest brackets added ({added})")


# -- the family -------------------------------------------------------------------------------


@register("dyck_language")
class DyckLanguage(Family):
    """Complete a bracket prefix with the fewest closers (SynLogic's dyck_language)."""

    cell_answer = False  # a bracket string, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Dyck language: complete a bracket sequence with the fewest closing brackets"
    Knobs = DyckLanguageKnobs
    Instance = DyckLanguageInstance

    def validate_for_generation(self, knobs: DyckLanguageKnobs) -> None:
        if knobs.fill > knobs.depth:
            raise InvalidParamsError(
                f"dyck_language: fill must be at most depth = {knobs.depth}, got {knobs.fill}"
            )
        if knobs.length < 2 * knobs.depth:
            raise InvalidParamsError(
                f"dyck_language: length must be at least 2 * depth = {2 * knobs.depth}, "
                f"got {knobs.length}"
            )
        if count_paths(knobs.length - knobs.fill, 0, knobs.fill, knobs.depth, True) == 0:
            raise InvalidParamsError(  # pragma: no cover - the two rules above suffice
                f"dyck_language: no sequence fits {knobs.model_dump()}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n_types, length, depth, fill = LEVELS[level]
        return {"n_types": n_types, "length": length, "depth": depth, "fill": fill}

    def generate(self, knobs: DyckLanguageKnobs, rng: random.Random) -> Draft:
        pairs = pairs_for(knobs.n_types)
        prefix = generate_prefix(knobs, rng)
        answer = prefix + closing(scan(prefix).stack)
        return Draft(
            render_prompt(pairs, prefix),
            answer,
            {"pairs": pairs, "prefix": prefix},
            {"depth": max_depth(answer), "fill": len(answer) - len(prefix)},
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        answer = read_sequence(payload, instance["pairs"])
        if isinstance(answer, Check):
            return answer
        return judge(instance["prefix"], answer)

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        prefix: str = instance["prefix"]
        stack = scan(prefix).stack
        closers = [pair[1] for pair in instance["pairs"]]
        return {
            "prefix-unchanged": [prefix],
            "closed-in-opening-order": [prefix + "".join(PARTNER[o] for o in stack)],
            "one-closer-added": [prefix + closer for closer in closers],
            "completion-only": [closing(stack)],
        }

    def hardness(self, task: Task) -> float:
        """Beginning length, plus twice the closers to add, the depth and the pair types."""
        prefix: str = task.instance["prefix"]
        fill = len(scan(prefix).stack)
        return len(prefix) + 2 * fill + 2 * max_depth(prefix) + 2 * len(task.instance["pairs"])
