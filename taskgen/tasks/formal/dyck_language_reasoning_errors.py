"""Dyck language reasoning errors: find the first wrong thought of a stack trace.

Description:
    The idea of SynLogic's ``dyck_language_reasoning_errors`` task (arXiv 2505.19641),
    implemented here from its rules, with the trace generated here and written in English
    (the original's trace said "栈" and "空" even in English prompts).

    The prompt shows a bracket sequence over the first ``n_types`` of ``()``, ``[]``,
    ``{}``, ``<>`` (balanced or not) and a numbered trace of a stack scan of it:

    * thought 1 states the method (always right);
    * thought ``i + 1`` reads character ``i`` and shows the stack after it, bottom to top;
      a closer that meets an empty stack or a non-matching top ends the scan, and that
      thought says so instead of showing a stack;
    * the last thought gives the verdict: balanced iff the scan did not end early and the
      stack is empty after the last character.

    A thought is **wrong** when it does not follow from the thought before it by these
    rules. A trace holds no wrong thought or exactly one, planted at a chosen thought, and
    the question is its number (or ``none``). After the mistake, the reasoner goes on
    from the wrong state as a real one would: every later thought follows correctly from
    its predecessor (so the trace may end early, or read past a real error). Hence the
    first wrong thought is the only one that breaks the rules locally, and also the first
    whose claim about the true stack is false: both readings give the same answer.

    Mistake kinds, each drawn only where it changes what the thought shows:

    * ``wrong pop``: a closer matching the top removes another bracket instead, or a
      closer that fails (non-matching top) pops the top anyway;
    * ``missed pop``: a closer matching the top leaves the stack unchanged;
    * ``wrong push``: an opener puts another opener type on the stack;
    * ``corrupted stack``: the step is right but a bracket below the top is changed,
      dropped or doubled;
    * ``wrong verdict``: the last thought concludes the opposite of what the stack shows.

    The original planted 1-5 mistakes that did not propagate (later thoughts showed the
    right stack again), asked for all of them, and flipped the verdict by chance.

Instance:
    ``{"pairs": ["()", "[]"], "sequence": "([])", "stacks": ["(", "([", "(", ""],
    "verdict": true}``: ``stacks[i]`` is what thought ``i + 2`` shows after character
    ``i + 1`` (``null`` when it ends the scan; only the last entry may be), ``verdict``
    what the last thought concludes. A trace that stops before the end without ending the
    scan, holds a character outside the pairs, or has two or more thoughts that break the
    rules, is refused.

Answer format:
    One thought number inside ``\\boxed{}`` (``\\boxed{4}``), or ``\\boxed{none}`` when
    every thought is right; case and surrounding spaces do not matter. As in
    ``word_sorting_mistake``, ``Thought 4`` is read as 4 and ``no``, ``no mistake`` and
    ``no mistakes`` as ``none``. Only the answer container is read. Anything else, or a
    number outside ``1..K`` (``K`` thoughts), is a format error.

Scoring:
    0/1: exact equality with the first wrong thought (or none). The reason names a right
    thought as right, or says that an earlier thought is already wrong, or that some
    thought is wrong, without naming the gold.

Difficulty:
    Longer sequences (so longer traces), more pair types, deeper stacks (a corrupted
    bracket deep in the stack is harder to see). ``hardness`` is
    ``len(sequence) + 2 * depth + 2 * n_types``. Shares: ``none`` 4 %, a wrong verdict 3 %
    (so "none" and "the last thought" are rarely right), else the wrong thought's
    character is drawn uniformly over the characters the correct scan reads, the kind
    uniformly among those possible there. Half the sequences are balanced; the others
    leave openers open or fail at a closer in their second half.

    =====  =======  ======  =====
    level  n_types  length  depth
    =====  =======  ======  =====
    1      2        8-12    3
    2      2        12-16   3
    3      3        14-20   4
    4      3        18-24   5
    5      3        22-30   5
    6      4        26-34   6
    7      4        30-40   7
    8      4        36-48   8
    9      4        42-56   9
    10     4        50-64   10
    =====  =======  ======  =====

    SynLogic's presets (types, length, mistakes): (2, 10, 1), (2, 15, 1), (3, 15, 2),
    (3, 20, 2), (4, 20, 2).

Knobs:
    ``n_types`` (1-4; one type allows no wrong push), ``min_length`` and ``max_length``
    (4-200), ``depth`` (most nesting, 2-40), ``balanced_share`` (0-1),
    ``none_share`` and ``verdict_share`` (0-0.5 each).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task
    ``dyck_language_reasoning_errors``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks.formal._dyck import (
    MAX_TYPES,
    OPENERS,
    PARTNER,
    alphabet,
    check_pairs,
    draw_with_error,
    max_depth,
    name_pairs,
    pairs_for,
    random_brackets,
    show_stack,
    spaced,
    step,
)
from taskgen.verifiers.extract import unwrap_latex
from taskgen.verifiers.parse import PayloadError, parse_integer

MAX_LENGTH = 200
MAX_DEPTH = 40
MAX_UNCLOSED = 3
MAX_ATTEMPTS = 200
NONE_WORDS = frozenset({"none", "no", "no mistake", "no mistakes"})
"""Answers read as "every thought is right" (as word_sorting_mistake reads them)."""
_THOUGHT_WORD = re.compile(r"^thought\s*", re.IGNORECASE)
KINDS: tuple[str, ...] = (
    "wrong pop",
    "missed pop",
    "wrong push",
    "corrupted stack",
    "wrong verdict",
)

LEVELS: dict[int, tuple[int, int, int, int]] = {
    1: (2, 8, 12, 3),
    2: (2, 12, 16, 3),
    3: (3, 14, 20, 4),
    4: (3, 18, 24, 5),
    5: (3, 22, 30, 5),
    6: (4, 26, 34, 6),
    7: (4, 30, 40, 7),
    8: (4, 36, 48, 8),
    9: (4, 42, 56, 9),
    10: (4, 50, 64, 10),
}
"""Level -> (n_types, min_length, max_length, depth)."""


class DyckTraceKnobs(BaseModel):
    """Knobs of the ``dyck_language_reasoning_errors`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n_types: int = Field(ge=1, le=MAX_TYPES, description="pair types offered")
    min_length: int = Field(ge=4, le=MAX_LENGTH, description="shortest sequence")
    max_length: int = Field(ge=4, le=MAX_LENGTH, description="longest sequence")
    depth: int = Field(ge=2, le=MAX_DEPTH, description="most nesting")
    balanced_share: float = Field(default=0.5, ge=0.0, le=1.0, description="balanced inputs")
    none_share: float = Field(default=0.04, ge=0.0, le=0.5, description="traces without mistake")
    verdict_share: float = Field(
        default=0.03, ge=0.0, le=0.5, description="traces whose only mistake is the verdict"
    )


class DyckTraceInstance(BaseModel):
    """``Task.instance`` of the ``dyck_language_reasoning_errors`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    pairs: list[str]
    sequence: str = Field(min_length=1, max_length=MAX_LENGTH)
    stacks: list[str | None] = Field(min_length=1, max_length=MAX_LENGTH)
    verdict: bool

    @model_validator(mode="after")
    def _consistent(self) -> DyckTraceInstance:
        check_pairs(self.pairs)
        allowed = alphabet(self.pairs)
        openers = "".join(pair[0] for pair in self.pairs)
        for char in self.sequence:
            if char not in allowed:
                raise ValueError(f"sequence holds {char!r}, not a bracket of {self.pairs}")
        if len(self.stacks) > len(self.sequence):
            raise ValueError("the trace has more character thoughts than characters")
        for index, shown in enumerate(self.stacks):
            if shown is None and index != len(self.stacks) - 1:
                raise ValueError(f"thought {index + 2} ends the scan but is not the last")
            if shown is not None and any(char not in openers for char in shown):
                raise ValueError(f"thought {index + 2} shows a stack with a non-opener")
        if self.stacks[-1] is not None and len(self.stacks) != len(self.sequence):
            raise ValueError("the trace stops before the end without ending the scan")
        wrong = wrong_thoughts(self.sequence, self.stacks, self.verdict)
        if len(wrong) > 1:
            raise ValueError(f"thoughts {wrong[:3]} all break the rules; at most one may")
        return self


# -- the trace --------------------------------------------------------------------------------


def wrong_thoughts(sequence: str, stacks: list[str | None], verdict: bool) -> list[int]:
    """Returns the numbers of the thoughts that do not follow from their predecessor.

    >>> wrong_thoughts("([])", ["(", "([", "(", ""], True)
    []
    >>> wrong_thoughts("([])", ["(", "((", None], False)
    [3]
    """
    wrong: list[int] = []
    previous = ""
    for index, shown in enumerate(stacks):
        if shown != step(previous, sequence[index]):
            wrong.append(index + 2)
        if shown is None:
            break
        previous = shown
    last = stacks[-1]
    if verdict != (last is not None and last == "" and len(stacks) == len(sequence)):
        wrong.append(len(stacks) + 2)
    return wrong


def first_wrong(instance: dict[str, Any]) -> int | None:
    """Returns the number of the first wrong thought of a (validated) instance, or None."""
    wrong = wrong_thoughts(instance["sequence"], instance["stacks"], instance["verdict"])
    return wrong[0] if wrong else None


def run(sequence: str, start: int, stack: str) -> list[str | None]:
    """Returns the correct stacks from character ``start`` on, from ``stack``."""
    shown: list[str | None] = []
    current: str | None = stack
    for char in sequence[start:]:
        current = step(current, char) if current is not None else None
        shown.append(current)
        if current is None:
            break
    return shown


def mistakes(previous: str, char: str, openers: str) -> dict[str, list[str]]:
    """Returns, by kind, what a wrong thought may show after ``char`` from ``previous``
    (each differs from the right step)."""
    right = step(previous, char)
    found: dict[str, list[str]] = {}
    if char in PARTNER:
        found["wrong push"] = [previous + o for o in openers if o != char]
    elif right is None:
        if previous:
            found["wrong pop"] = [previous[:-1]]
    else:
        others = {previous[:j] + previous[j + 1 :] for j in range(len(previous) - 1)}
        found["wrong pop"] = sorted(others - {right})
        found["missed pop"] = [previous]
    if right is not None and len(right) >= 2:
        variants: set[str] = set()
        for j in range(len(right) - 1):
            variants.update(right[:j] + o + right[j + 1 :] for o in openers if o != right[j])
            variants.add(right[:j] + right[j + 1 :])
            variants.add(right[: j + 1] + right[j:])
        variants.discard(right)
        found["corrupted stack"] = sorted(variants)
    return {kind: shown for kind, shown in found.items() if shown}


@dataclass(frozen=True)
class Trace:
    """A generated trace with the mistake planted in it."""

    stacks: list[str | None]
    verdict: bool
    kind: str | None
    """The mistake's kind, None for a right trace."""


def draw_sequence(knobs: DyckTraceKnobs, rng: random.Random) -> str:
    """Draws the input: balanced, or leaving openers open, or failing in its second half."""
    pairs = pairs_for(knobs.n_types)
    lengths = list(range(knobs.min_length, knobs.max_length + 1))
    if rng.random() < knobs.balanced_share:
        length = rng.choice([n for n in lengths if n % 2 == 0])
        return random_brackets(rng, length, pairs, end=0, bound=knobs.depth)[0]
    length = rng.choice(lengths)
    if rng.random() < 0.5:
        ends = [h for h in range(1, min(knobs.depth, MAX_UNCLOSED) + 1) if (length - h) % 2 == 0]
        return random_brackets(rng, length, pairs, end=rng.choice(ends), bound=knobs.depth)[0]
    for _ in range(MAX_ATTEMPTS):
        position = rng.randint(length // 2 + 1, length)
        found = draw_with_error(rng, length, position, pairs, knobs.depth)
        if found is not None:
            return found
    raise InvalidParamsError(  # pragma: no cover - an empty-stack error always fits
        f"dyck_language_reasoning_errors: no sequence in {MAX_ATTEMPTS} draws"
    )


def plant(sequence: str, knobs: DyckTraceKnobs, rng: random.Random) -> Trace:
    """Writes the trace of ``sequence`` with no mistake or one, propagated."""
    right = run(sequence, 0, "")
    right_verdict = right[-1] == "" and len(right) == len(sequence)
    roll = rng.random()
    if roll < knobs.none_share:
        return Trace(right, right_verdict, None)
    if roll < knobs.none_share + knobs.verdict_share:
        return Trace(right, not right_verdict, "wrong verdict")
    openers = OPENERS[: knobs.n_types]
    for _ in range(MAX_ATTEMPTS):
        index = rng.randrange(len(right))
        before = right[index - 1] if index else ""
        assert before is not None  # only the last stack may be None
        options = mistakes(before, sequence[index], openers)
        if not options:
            continue
        kind = rng.choice(sorted(options))
        shown = rng.choice(options[kind])
        stacks = [*right[:index], shown, *run(sequence, index + 1, shown)]
        last = stacks[-1]
        verdict = last == "" and len(stacks) == len(sequence)
        return Trace(stacks, verdict, kind)
    raise InvalidParamsError(  # pragma: no cover - an opener always allows some mistake
        "dyck_language_reasoning_errors: no thought can hold a mistake"
    )


# -- prompt -----------------------------------------------------------------------------------


def render_thoughts(sequence: str, stacks: list[str | None], verdict: bool) -> list[str]:
    """Writes the numbered thoughts of a trace."""
    lines = [
        "Thought 1: I read the characters one by one, keeping a stack of the brackets that "
        "are still open, written bottom to top. The stack starts empty."
    ]
    previous = ""
    for index, shown in enumerate(stacks):
        number, char = index + 2, sequence[index]
        if shown is not None:
            lines.append(
                f"Thought {number}: character {index + 1} is '{char}'; stack: {show_stack(shown)}."
            )
            previous = shown
        elif previous:
            lines.append(
                f"Thought {number}: character {index + 1} is '{char}', which does not match the "
                f"'{previous[-1]}' on top of the stack, so the sequence is not balanced."
            )
        else:
            lines.append(
                f"Thought {number}: character {index + 1} is '{char}', but the stack is empty: "
                "there is nothing to close, so the sequence is not balanced."
            )
    conclusion = "balanced" if verdict else "not balanced"
    number = len(stacks) + 2
    last = stacks[-1]
    if last is None:
        lines.append(
            f"Thought {number}: the scan ended at character {len(stacks)}, so the sequence "
            f"is {conclusion}."
        )
    else:
        lines.append(
            f"Thought {number}: all {len(sequence)} characters are read and the stack is "
            f"{show_stack(last)}, so the sequence is {conclusion}."
        )
    return lines


def render_prompt(pairs: list[str], sequence: str, stacks: list[str | None], verdict: bool) -> str:
    """Writes the prompt: the pairs, the sequence, the method, the trace and the question."""
    count = len(pairs)
    kinds = "one pair type" if count == 1 else f"{count} pair types"
    length = len(sequence)
    thoughts = len(stacks) + 2
    return (
        "Check a reasoning trace about brackets.\n\n"
        f"The brackets come in {kinds}: {name_pairs(pairs)}. A sequence is balanced when "
        "every opening bracket is later closed by the closing bracket of its own pair and "
        "the pairs nest properly: each closing bracket closes the most recent opening "
        "bracket that is still open.\n\n"
        f"The sequence has {length} characters, numbered 1 to {length} from the left (the "
        "spaces only separate them):\n\n"
        f"{spaced(sequence)}\n\n"
        "Someone checked it with a stack, one numbered thought at a time, meaning to follow "
        "this method:\n"
        "- Thought 1 states the method; the stack starts empty.\n"
        "- Each next thought reads the next character and shows the stack after it, bottom "
        "to top. An opening bracket is put on top. A closing bracket whose partner is the "
        "opening bracket on top removes that bracket. A closing bracket that meets an empty "
        "stack, or a top that is not its partner, ends the scan: that thought says so, and "
        "the sequence is not balanced.\n"
        "- The last thought gives the verdict: the sequence is balanced exactly when the "
        "scan did not end early and the stack is empty after the last character.\n\n"
        "The trace:\n\n" + "\n".join(render_thoughts(sequence, stacks, verdict)) + "\n\n"
        "Each thought should follow from the thought before it by the method. What is the "
        "number of the first thought that does not? If every thought is right, answer "
        "with the word none.\n"
        f"Format example (for a trace of {thoughts + 9} thoughts): "
        f"\\boxed{{{thoughts + 7}}}\n"
        "Think step by step, then put only the number (or none) inside \\boxed{}."
    )


# -- judging ----------------------------------------------------------------------------------


def read_answer(payload: str, thoughts: int) -> int | Check | None:
    """Reads a thought number or ``none``, or returns the format error."""
    text = unwrap_latex(payload).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'`":
        text = text[1:-1].strip()
    if text.casefold() in NONE_WORDS:
        return None
    try:
        value = parse_integer(_THOUGHT_WORD.sub("", text))  # "7" or "Thought 7"
    except PayloadError:
        shown = text[:30]
        reason = f"the answer {shown!r} is not a thought number or the word none"
        return Check(False, 0.0, reason, False)
    if not 1 <= value <= thoughts:
        reason = f"{value} is not a thought: they are numbered 1 to {thoughts}"
        return Check(False, 0.0, reason, False)
    return value


def judge(gold: int | None, value: int | None) -> Check:
    """Judges an answer against the first wrong thought ``gold``."""
    if value == gold:
        what = "every thought is right" if gold is None else f"thought {gold} is the first wrong"
        return Check(True, 1.0, f"right: {what}")
    if value is None:
        return Check(False, 0.0, "some thought does not follow from the one before it")
    if gold is not None and gold < value:
        return Check(False, 0.0, f"a thought before thought {value} is already wrong")
    return Check(False, 0.0, f"thought {value} follows from the thought before it")


# -- the family -------------------------------------------------------------------------------


@register("dyck_language_reasoning_errors")
class DyckLanguageReasoningErrors(Family):
    """Find the first wrong thought of a bracket stack trace (SynLogic's
    dyck_language_reasoning_errors)."""

    cell_answer = False  # a thought number or none, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Dyck reasoning errors: the first wrong thought of a bracket stack trace"
    Knobs = DyckTraceKnobs
    Instance = DyckTraceInstance

    def validate_for_generation(self, knobs: DyckTraceKnobs) -> None:
        if knobs.min_length > knobs.max_length:
            raise InvalidParamsError(
                "dyck_language_reasoning_errors: min_length must be at most max_length, got "
                f"{knobs.min_length} > {knobs.max_length}"
            )
        if knobs.none_share + knobs.verdict_share > 0.9:
            raise InvalidParamsError(
                "dyck_language_reasoning_errors: none_share + verdict_share must be at most "
                f"0.9, got {knobs.none_share + knobs.verdict_share:g}"
            )
        if knobs.min_length == knobs.max_length and knobs.min_length % 2:
            raise InvalidParamsError(
                "dyck_language_reasoning_errors: the length range needs an even length "
                f"(for balanced inputs), got {knobs.min_length}..{knobs.max_length}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n_types, low, high, depth = LEVELS[level]
        return {"n_types": n_types, "min_length": low, "max_length": high, "depth": depth}

    def generate(self, knobs: DyckTraceKnobs, rng: random.Random) -> Draft:
        pairs = pairs_for(knobs.n_types)
        sequence = draw_sequence(knobs, rng)
        trace = plant(sequence, knobs, rng)
        instance: dict[str, Any] = {
            "pairs": pairs,
            "sequence": sequence,
            "stacks": trace.stacks,
            "verdict": trace.verdict,
        }
        gold = first_wrong(instance)
        return Draft(
            render_prompt(pairs, sequence, trace.stacks, trace.verdict),
            "none" if gold is None else str(gold),
            instance,
            {"kind": trace.kind, "thoughts": len(trace.stacks) + 2},
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        value = read_answer(payload, len(instance["stacks"]) + 2)
        if isinstance(value, Check):
            return value
        return judge(first_wrong(instance), value)

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        return {
            "first-thought": ["1"],
            "last-thought": [str(len(instance["stacks"]) + 2)],
            "none": ["none"],
        }

    def hardness(self, task: Task) -> float:
        """Sequence length, plus twice the deepest nesting and the pair types."""
        sequence: str = task.instance["sequence"]
        return len(sequence) + 2 * max_depth(sequence) + 2 * len(task.instance["pairs"])
