"""Word sorting mistake: find the first wrong thought in a bucket-sort trace.

Description:
    The idea of SynLogic's ``word_sorting_mistake`` task (after BIG-Bench Extra Hard's
    word-sorting mistake finding; arXiv 2505.19641), implemented here from its rules. The
    prompt gives a list of distinct lowercase English words (wordfreq's ranked list, no
    download), an alphabet (the usual one, or at higher levels one with some letters moved
    to the front) with every letter's rank, and a numbered trace that sorts the words in
    ascending order by a bucket sort over letter positions:

    * the list starts as one group; each step takes the leftmost group of two or more words
      that can still be split, and a *letter thought* writes each of its words' letter at
      the group's next position with the letter's rank (a word with no letter there has
      rank 0);
    * a *grouping thought* splits that group by rank, lowest first, keeping the listed order
      inside each new group, and writes the whole list ("we now have: a < [b, c] < d"; square
      brackets mark groups still to split);
    * when no group of two or more words is left, the last thought reads the list off.

    The question: the number of the first thought that contains a mistake, or ``none``.

    Mistakes are planted under control: no mistake (about 3.5 % of tasks), or exactly one
    wrong thought at a chosen position, uniform over every thought but the last (thought 1
    has a quarter of the weight, so "1" is rarely right). Letter thoughts get a misread letter
    (a real word, a wrong letter, that letter's rank) or a wrong rank for a right letter;
    grouping thoughts get two new groups swapped, two new groups merged into one, a new
    group repeated, or a word lost. After the mistake the trace continues consistently from
    the wrong state: every later thought follows from the ones before it, so exactly one
    thought is locally wrong (a mistake whose continuation would leave words the letters can
    never tell apart is not used). The last thought (the read-off) is never wrong.

    The gold is not taken from the generator's label: a judge
    (``_sorting.wrong_thoughts``) walks the trace and compares each thought with the one
    correct next thought, worked out from the word list as the thoughts just before it show
    it; the correct next thought is unique (letters and ranks are functions of the words,
    the split by rank is a stable order), so any other content is a false claim. Loading an
    instance (and generating one) checks that the judge finds exactly the planted thought
    wrong, or no thought at all. The word list in the
    prompt is always the instance's true words: the original built it after corrupting a
    word, so a Thought-1 mistake showed the wrong spelling in the list itself.

Instance:
    ``{"words": ["bat", "apple", "bar"], "front": "", "mistake": {"thought": 4, "kind":
    "swap", "index": 0, "letter": "", "rank": 0}}``, or ``"mistake": null``: the words in
    the order shown, the letters moved to the front of the alphabet (``""``: the usual
    alphabet) and the planted mistake (see :class:`~taskgen.tasks.language._sorting.Mistake`).
    The trace is rebuilt from these; a mistake that does not fit its thought is refused.

Answer format:
    The number of the first wrong thought, or ``none``, inside ``\\boxed{}``:
    ``\\boxed{4}`` or ``\\boxed{none}``. ``Thought 4`` is read as 4; ``no``, ``no mistake``
    and ``no mistakes`` as ``none``; case is ignored. Anything else, or a number that is
    not a thought of the trace, is a format error.

Scoring:
    0/1: correct iff the answer names the first wrong thought (or ``none`` exactly when no
    thought is wrong). The reason says whether the named thought is correct, an earlier
    thought is already wrong, or the trace has a mistake; it does not give the number away.

Difficulty:
    More words, longer shared prefixes (more groups to split, so longer traces), rarer
    words, then a custom alphabet with more letters moved (ranks no longer follow a-z).
    ``hardness`` is (thoughts + 5 x words) x (1 + 0.1 x moved letters): the word count
    weighs in so that three seeds' mean grows steadily, the trace length varies more.

    =====  =====  ======  =====  ========  =====  =============================
    level  words  prefix  share  max rank  moved  thoughts (mean, seeds 0-39)
    =====  =====  ======  =====  ========  =====  =============================
    1      5      1       0.8    2000      -      10.3
    2      6      2       0.6    3000      -      11.7
    3      8      2       0.7    5000      -      15.7
    4      9      2       0.8    8000      -      15.8
    5      10     2       0.7    12000     2      16.7
    6      11     2       0.8    16000     3      19.4
    7      12     3       0.7    22000     3      26.9
    8      14     3       0.7    30000     4      31.6
    9      16     3       0.7    40000     5      34.5
    10     18     3       0.8    50000     6      43.5
    =====  =====  ======  =====  ========  =====  =============================

    SynLogic's ``run.sh`` used 5-30 words with a mistake in about 80 % of items.

Knobs:
    ``n_words`` (3-30), ``prefix_len`` (0-5) and ``prefix_share`` (0-1) of the clusters of
    words sharing their first letters, ``max_rank`` (500-50000), ``max_len`` (4-20),
    ``front_letters`` (0-12; 0 is the usual alphabet), ``none_share`` (0-1, share of tasks
    without a mistake; default 0.035), ``first_weight`` (0-1, weight of thought 1 against 1
    for every other thought; default 0.25). Traces have at least 9 thoughts (8 that can
    hold a mistake, so no position is common) and at most 99 (the prompt's format example
    is thought 100).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``word_sorting_mistake``);
    Kazemi et al., "BIG-Bench Extra Hard", arXiv 2502.19187 (word sorting).

Version history:
    v0: first release.
"""

from __future__ import annotations

import functools
import random
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks.language._sorting import (
    LETTER_MISTAKES,
    MAX_THOUGHTS,
    PLAIN,
    GroupThought,
    LetterThought,
    Mistake,
    MistakeKind,
    Thought,
    TraceError,
    alphabet_line,
    build_trace,
    check_front,
    draw_words,
    is_word,
    make_alphabet,
    render_thought,
    split,
    wrong_thoughts,
)
from taskgen.verifiers.extract import unwrap_latex

MIN_WORDS = 3
MAX_WORDS = 30
MIN_LEN = 3
MAX_WORD_CHARS = 30
MIN_POSITIONS = 8
"""Fewest thoughts that can hold a mistake (every thought but the last)."""
MAX_ATTEMPTS = 300
NONE_WORDS = frozenset({"none", "no", "no mistake", "no mistakes"})
_NUMBER = re.compile(r"^(?:thought\s*)?(\d{1,4})$")

LEVELS: dict[int, tuple[int, int, float, int, int, int]] = {
    1: (5, 1, 0.8, 2000, 8, 0),
    2: (6, 2, 0.6, 3000, 9, 0),
    3: (8, 2, 0.7, 5000, 10, 0),
    4: (9, 2, 0.8, 8000, 10, 0),
    5: (10, 2, 0.7, 12000, 11, 2),
    6: (11, 2, 0.8, 16000, 12, 3),
    7: (12, 3, 0.7, 22000, 12, 3),
    8: (14, 3, 0.7, 30000, 13, 4),
    9: (16, 3, 0.7, 40000, 14, 5),
    10: (18, 3, 0.8, 50000, 14, 6),
}
"""Level -> (n_words, prefix_len, prefix_share, max_rank, max_len, front_letters)."""

LETTER_WEIGHTS: dict[MistakeKind, float] = {"misread": 0.5, "rank": 0.5}
GROUP_WEIGHTS: dict[MistakeKind, float] = {"swap": 0.3, "merge": 0.3, "duplicate": 0.2, "drop": 0.2}


class WordSortingMistakeKnobs(BaseModel):
    """Knobs of the ``word_sorting_mistake`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n_words: int = Field(ge=MIN_WORDS, le=MAX_WORDS, description="words to sort")
    prefix_len: int = Field(default=1, ge=0, le=5, description="letters a cluster shares")
    prefix_share: float = Field(default=0.6, ge=0.0, le=1.0, description="share in clusters")
    max_rank: int = Field(default=5000, ge=500, le=50_000, description="word frequency cut-off")
    max_len: int = Field(default=10, ge=4, le=20, description="longest word")
    front_letters: int = Field(default=0, ge=0, le=12, description="letters moved to the front")
    none_share: float = Field(default=0.035, ge=0.0, le=1.0, description="tasks with no mistake")
    first_weight: float = Field(default=0.25, ge=0.0, le=1.0, description="weight of thought 1")


class MistakeModel(BaseModel):
    """The planted mistake of an instance (see :class:`_sorting.Mistake`)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    thought: int = Field(ge=1, le=MAX_THOUGHTS)
    kind: MistakeKind
    index: int = Field(ge=0, le=10 * MAX_WORDS)
    letter: str = Field(max_length=1)
    rank: int = Field(ge=0, le=26)


class WordSortingMistakeInstance(BaseModel):
    """``Task.instance`` of the ``word_sorting_mistake`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    words: list[str] = Field(min_length=2, max_length=MAX_WORDS)
    front: str
    mistake: MistakeModel | None

    @model_validator(mode="after")
    def _consistent(self) -> WordSortingMistakeInstance:
        for word in self.words:
            if not is_word(word, MAX_WORD_CHARS):
                raise ValueError(f"{word[:40]!r} is not a lowercase word of a-z letters")
        if len(set(self.words)) != len(self.words):
            raise ValueError("a word is repeated")
        check_front(self.front)
        spec = _spec(self.mistake.model_dump() if self.mistake else None)
        analyse(tuple(self.words), self.front, spec)  # raises ValueError when inconsistent
        return self


# -- the trace --------------------------------------------------------------------------------


def _spec(mistake: dict[str, Any] | None) -> Mistake | None:
    return None if mistake is None else Mistake(**mistake)


@functools.lru_cache(maxsize=1024)
def analyse(
    words: tuple[str, ...], front: str, mistake: Mistake | None
) -> tuple[tuple[Thought, ...], int | None]:
    """Returns the trace of an instance and its first wrong thought (None: no mistake).

    Raises:
        ValueError: the mistake does not fit its thought (:class:`TraceError`), or the
            judge finds another wrong thought than the planted one (every thought after
            the mistake must follow from the ones before it).
    """
    alphabet = make_alphabet(front)
    thoughts = build_trace(words, alphabet, mistake)
    wrong = wrong_thoughts(words, alphabet, thoughts)
    planted = [mistake.thought] if mistake is not None else []
    if wrong != planted:
        raise ValueError(f"the wrong thoughts are {wrong[:5]}, not the planted {planted}")
    return tuple(thoughts), wrong[0] if wrong else None


def _weighted(rng: random.Random, weights: dict[MistakeKind, float]) -> list[MistakeKind]:
    """Returns the kinds in a random order drawn by weight (first = preferred)."""
    left = dict(weights)
    order: list[MistakeKind] = []
    while left:
        kinds = sorted(left)
        pick = rng.choices(kinds, weights=[left[k] for k in kinds])[0]
        order.append(pick)
        del left[pick]
    return order


def propose(rng: random.Random, thought: Thought, number: int, kind: MistakeKind) -> Mistake | None:
    """Draws the details of a ``kind`` mistake at thought ``number`` (the correct thought
    there is ``thought``); None when the kind does not fit."""
    if isinstance(thought, LetterThought):
        lettered = [i for i, line in enumerate(thought.lines) if line.letter is not None]
        if kind not in LETTER_MISTAKES or not lettered:
            return None
        index = rng.choice(lettered)
        line = thought.lines[index]
        if kind == "misread":
            letter = rng.choice([ch for ch in PLAIN if ch != line.letter])
            return Mistake(number, kind, index, letter=letter)
        offsets = [d for d in (-3, -2, -1, 1, 2, 3) if 1 <= line.rank + d <= 26]
        return Mistake(number, kind, index, rank=line.rank + rng.choice(offsets))
    return None


def propose_grouping(
    rng: random.Random, letters: LetterThought, number: int, kind: MistakeKind
) -> Mistake | None:
    """Draws a ``kind`` mistake for the grouping thought ``number`` that follows ``letters``."""
    groups = split(letters.lines, letters.position)
    if kind in ("swap", "merge"):
        if len(groups) < 2:
            return None
        return Mistake(number, kind, rng.randrange(len(groups) - 1))
    if kind == "duplicate":
        return Mistake(number, kind, rng.randrange(len(groups)))
    return Mistake(number, kind, rng.randrange(len(letters.group)))


def plant(
    rng: random.Random, words: list[str], alphabet: str, correct: list[Thought], number: int
) -> Mistake | None:
    """Returns a mistake at thought ``number`` that builds a sensible trace, or None."""
    thought = correct[number - 1]
    for _ in range(4):
        if isinstance(thought, LetterThought):
            kinds = _weighted(rng, LETTER_WEIGHTS)
        else:
            kinds = _weighted(rng, GROUP_WEIGHTS)
        for kind in kinds:
            if isinstance(thought, GroupThought):
                letters = correct[number - 2]
                if not isinstance(letters, LetterThought):  # pragma: no cover - by construction
                    return None
                mistake = propose_grouping(rng, letters, number, kind)
            else:
                mistake = propose(rng, thought, number, kind)
            if mistake is None:
                continue
            try:
                trace = build_trace(words, alphabet, mistake)
            except TraceError:
                continue
            if wrong_thoughts(words, alphabet, trace) == [number]:
                return mistake
    return None


def generate_instance(
    knobs: WordSortingMistakeKnobs, rng: random.Random
) -> tuple[list[str], str, Mistake | None]:
    """Draws words, an alphabet and a mistake position, then plants the mistake."""
    for _ in range(MAX_ATTEMPTS):
        words = draw_words(
            rng,
            knobs.n_words,
            knobs.max_rank,
            knobs.prefix_len,
            knobs.prefix_share,
            MIN_LEN,
            knobs.max_len,
        )
        rng.shuffle(words)
        front = "".join(rng.sample(PLAIN, knobs.front_letters))
        alphabet = make_alphabet(front)
        try:
            correct = build_trace(words, alphabet)
        except TraceError:
            continue
        positions = len(correct) - 1
        if positions < MIN_POSITIONS:
            continue
        if rng.random() < knobs.none_share:
            return words, front, None
        weights = [knobs.first_weight] + [1.0] * (positions - 1)
        number = rng.choices(range(1, positions + 1), weights=weights)[0]
        mistake = plant(rng, words, alphabet, correct, number)
        if mistake is not None:
            return words, front, mistake
    raise InvalidParamsError(
        f"word_sorting_mistake: no trace with {MIN_POSITIONS}+ thoughts and a mistake in "
        f"{MAX_ATTEMPTS} draws with {knobs.model_dump()}; use more words or longer prefixes"
    )


# -- prompt -----------------------------------------------------------------------------------

FORMAT_EXAMPLE = str(MAX_THOUGHTS + 1)
"""A thought number past every trace: never an answer here."""


def render_prompt(words: list[str], front: str, thoughts: tuple[Thought, ...]) -> str:
    """Writes the prompt: the words, the alphabet, the method, the trace and the question."""
    alphabet = make_alphabet(front)
    if front:
        letters = ", ".join(front)
        alphabet_text = (
            f"The alphabet is a custom one: the letters {letters} are moved to the front, in "
            "this order, and all other letters follow in their usual order. Each letter's "
            f"rank: {alphabet_line(alphabet)}."
        )
    else:
        alphabet_text = (
            f"The alphabet is the usual one. Each letter's rank: {alphabet_line(alphabet)}."
        )
    trace = "\n".join(
        render_thought(i, thought, len(words)) for i, thought in enumerate(thoughts, 1)
    )
    return (
        "Word sorting: find the first mistake.\n\n"
        f"The task is to sort these {len(words)} words (lowercase letters a-z, no word "
        "twice) in ascending order:\n"
        + ", ".join(words)
        + "\n\n"
        + alphabet_text
        + " Words are compared letter by letter from the left; a word that ends before any "
        "difference (the start of a longer word) comes first.\n\n"
        "The method: the list starts as one group. Each step takes the leftmost group of two "
        "or more words and looks at the next letter position of its words (letter 1 for the "
        "whole list, letter 2 for words that share letter 1, and so on). A letter thought "
        "writes each word of the group with its letter there and that letter's rank; a word "
        "with no letter there (it has ended) gets 'none' with rank 0. The next thought "
        "splits the group by rank, lowest rank first, keeping the order in which the words "
        "were listed inside each new group, and writes the whole list: groups still to "
        "split are in square brackets, single words are settled, and '<' separates them. "
        "When no group of two or more words is left, the last thought reads the list off "
        "from left to right.\n\n"
        "Here is a trace of the method:\n" + trace + "\n\n"
        "A thought is wrong when it does not follow from the word list, the alphabet and "
        "the thoughts before it: a wrong letter or rank, groups in the wrong order, groups "
        "that should be separate written as one, a group written twice, or a word lost. "
        "Later thoughts may build on an earlier mistake; only the first wrong thought "
        "counts.\n"
        "Answer with the number of the first wrong thought, or with the word none if every "
        "thought is correct.\n"
        f"Format example (for a mistake in thought {FORMAT_EXAMPLE}): "
        f"\\boxed{{{FORMAT_EXAMPLE}}}\n"
        "Think step by step, then put only your final answer inside \\boxed{}."
    )


# -- reading an answer ------------------------------------------------------------------------


def read_answer(payload: str, thoughts: int) -> int | Check | None:
    """Reads a thought number (or None for ``none``), or returns the format-error Check."""
    text = " ".join(unwrap_latex(payload).lower().split())
    if len(text) > 40:
        return Check(False, 0.0, "answer is not a thought number or none", False)
    if text in NONE_WORDS:
        return None
    match = _NUMBER.match(text)
    if match is None:
        return Check(False, 0.0, f"answer {text[:30]!r} is not a thought number or none", False)
    number = int(match.group(1))
    if not 1 <= number <= thoughts:
        return Check(False, 0.0, f"there is no thought {number}: thoughts are 1-{thoughts}", False)
    return number


# -- the family -------------------------------------------------------------------------------


def _analysis(instance: dict[str, Any]) -> tuple[tuple[Thought, ...], int | None]:
    return analyse(tuple(instance["words"]), instance.get("front", ""), _spec(instance["mistake"]))


@register("word_sorting_mistake")
class WordSortingMistake(Family):
    """Name the first wrong thought of a bucket-sort trace of a word list (or none)."""

    cell_answer = False  # a thought number, scored 0/1
    version = 0
    kind = "puzzle"
    description = "find the first wrong thought in a letter-by-letter sorting trace"
    Knobs = WordSortingMistakeKnobs
    Instance = WordSortingMistakeInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n, prefix_len, share, max_rank, max_len, front = LEVELS[level]
        return {
            "n_words": n,
            "prefix_len": prefix_len,
            "prefix_share": share,
            "max_rank": max_rank,
            "max_len": max_len,
            "front_letters": front,
        }

    def generate(self, knobs: WordSortingMistakeKnobs, rng: random.Random) -> Draft:
        words, front, mistake = generate_instance(knobs, rng)
        thoughts, gold = analyse(tuple(words), front, mistake)
        spec = (
            None
            if mistake is None
            else {
                "thought": mistake.thought,
                "kind": mistake.kind,
                "index": mistake.index,
                "letter": mistake.letter,
                "rank": mistake.rank,
            }
        )
        instance = {"words": words, "front": front, "mistake": spec}
        meta = {"thoughts": len(thoughts), "kind": mistake.kind if mistake else "none"}
        answer = "none" if gold is None else str(gold)
        return Draft(render_prompt(words, front, thoughts), answer, instance, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        thoughts, gold = _analysis(instance)
        found = read_answer(payload, len(thoughts))
        if isinstance(found, Check):
            return found
        if found == gold:
            what = "no thought is wrong" if gold is None else f"thought {gold} is the first mistake"
            return Check(True, 1.0, what)
        if found is None:
            return Check(False, 0.0, "the trace has a mistake")
        if gold is None or found < gold:
            return Check(False, 0.0, f"thought {found} is correct")
        return Check(False, 0.0, f"an earlier thought than {found} is already wrong")

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        thoughts, _ = _analysis(instance)
        return {
            "first thought": ["1"],
            "last thought": [str(len(thoughts))],
            "no mistake": ["none"],
        }

    def hardness(self, task: Task) -> float:
        """(Thoughts + 5 x words) x (1 + 0.1 x moved letters)."""
        thoughts, _ = _analysis(task.instance)
        front = len(task.instance.get("front", ""))
        return (len(thoughts) + 5.0 * len(task.instance["words"])) * (1.0 + 0.1 * front)
