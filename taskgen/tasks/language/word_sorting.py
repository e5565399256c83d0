"""Word sorting: put a list of words in order by a stated rule.

Description:
    The idea of SynLogic's ``word_sorting`` task (arXiv 2505.19641), implemented here from
    its rules. A list of distinct lowercase English words (from wordfreq's frequency-ranked
    list, :mod:`taskgen.tasks.language._words`; no download) is to be sorted by one rule:

    * ``alphabetical``: ascending by the usual alphabet ``a``-``z``;
    * ``reverse_alphabetical``: the exact reverse of the ascending order;
    * ``length``: shortest first, words of one length in ascending alphabetical order;
    * ``custom``: ascending by a custom alphabet in which some letters are moved to the
      front in a stated order and the others keep their usual order (the prompt writes the
      whole alphabet out with every letter's rank);
    * ``custom_reverse``: the exact reverse of the ``custom`` order.

    Comparison is letter by letter from the left: at the first position where two words
    differ, the letter earlier in the alphabet comes first; a word that ends before any
    difference (a prefix of the other, ``car`` before ``card``) comes first. A descending
    rule reverses that whole order, so there ``card`` comes before ``car``. Words are
    lowercase ASCII letters only (no accents, digits, spaces or apostrophes), and no word is
    repeated, so the sorted list is unique.

    Generation draws the words with clusters that share their first ``prefix_len`` letters
    (``prefix_share`` of the list), shuffles them, and redraws until no lazy answer is right:
    the list as given (never already sorted), the list reversed, the plain ascending or
    descending sort when the rule is another, the length sort with ties left in the given
    order (length rule), and a custom sort applied to the first letter only (custom rules).
    The original's ``generate()`` called a module-level object instead of ``self``; here the
    generator is an ordinary method of the registered family.

Instance:
    ``{"words": ["pear", "apple", "fig"], "rule": "custom", "front": "pf"}``: the words in
    the order shown, the rule, and the letters moved to the front (``""`` unless the rule is
    a custom one). Repeated words, characters outside ``a``-``z``, or front letters with a
    plain rule are refused.

Answer format:
    Every word once, in the sorted order, separated by commas, inside ``\\boxed{}``. For
    ``pear, apple, fig`` sorted alphabetically: ``\\boxed{apple, fig, pear}``. Brackets around
    the list, quotes around words, semicolons, new lines or plain spaces as separators are
    read too (:func:`~taskgen.verifiers.parse.parse_items`, then whitespace); letter case is
    ignored (answers are lower-cased).

Scoring:
    0/1: correct iff the answer is exactly the sorted list. A wrong number of words (or an
    unreadable list) is a format error. Otherwise the reason names the first word that is
    not in the list, else the first word written twice, else the first position where the
    order is wrong, with the word that belongs there and why (``position 3 should be 'car',
    not 'card': 'car' is a prefix of 'card'``). The answer is not a grid of cells: no partial
    credit.

Difficulty:
    More words, longer shared prefixes in more of the list, rarer words (a higher frequency
    rank cut-off), then rules that need more care: reverse and length, then a custom alphabet
    with more letters moved. ``hardness`` is words x (1 + mean shared prefix of neighbours in
    the sorted list) x a rule weight (1 plain, 1.1 length, 1.15 reverse, 1.3 custom, 1.4
    custom reverse; + 0.05 per moved letter).

    =====  =====  =======================  =====  ======  =====  ========  ========
    level  words  rules                    moved  prefix  share  max rank  max len
    =====  =====  =======================  =====  ======  =====  ========  ========
    1      5      alphabetical             -      1       0.4    2000      8
    2      6      alphabetical, reverse    -      1       0.5    3000      9
    3      8      alpha., reverse, length  -      2       0.5    5000      10
    4      10     alpha., reverse, length  -      2       0.5    8000      10
    5      12     reverse, length, custom  2      2       0.6    12000     11
    6      14     length, custom, c. rev.  3      3       0.6    16000     12
    7      16     custom, custom reverse   3      3       0.6    22000     12
    8      18     custom, custom reverse   4      3       0.7    30000     13
    9      21     custom, custom reverse   5      4       0.7    40000     14
    10     24     custom, custom reverse   6      4       0.8    50000     14
    =====  =====  =======================  =====  ======  =====  ========  ========

    SynLogic's ``run.sh`` used 5-15 words and 2-4 moved letters, ascending or descending.

Knobs:
    ``n_words`` (4-60), ``rules`` (1-5 distinct rule names; one is drawn per task),
    ``front_letters`` (1-12, used by the custom rules), ``prefix_len`` (0-5) and
    ``prefix_share`` (0-1) of the shared-prefix clusters, ``max_rank`` (500-50000, the
    frequency-rank cut-off of the word list), ``max_len`` (4-20 letters; words have at least
    3).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``word_sorting``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks.language._sorting import (
    CUSTOM_RULES,
    PLAIN,
    Rule,
    alphabet_line,
    check_front,
    common_prefix,
    draw_words,
    first_letter_only,
    is_word,
    make_alphabet,
    sort_words,
    why_first,
)
from taskgen.verifiers.parse import PayloadError, parse_items

MIN_WORDS = 4
MAX_WORDS = 60
MIN_LEN = 3
MAX_WORD_CHARS = 30
MAX_ATTEMPTS = 400
"""Draws before knobs are declared impossible."""
QUOTES = "\"'`"

LEVELS: dict[int, tuple[int, tuple[Rule, ...], int, int, float, int, int]] = {
    1: (5, ("alphabetical",), 1, 1, 0.4, 2000, 8),
    2: (6, ("alphabetical", "reverse_alphabetical"), 1, 1, 0.5, 3000, 9),
    3: (8, ("alphabetical", "reverse_alphabetical", "length"), 1, 2, 0.5, 5000, 10),
    4: (10, ("alphabetical", "reverse_alphabetical", "length"), 1, 2, 0.5, 8000, 10),
    5: (12, ("reverse_alphabetical", "length", "custom"), 2, 2, 0.6, 12000, 11),
    6: (14, ("length", "custom", "custom_reverse"), 3, 3, 0.6, 16000, 12),
    7: (16, ("custom", "custom_reverse"), 3, 3, 0.6, 22000, 12),
    8: (18, ("custom", "custom_reverse"), 4, 3, 0.7, 30000, 13),
    9: (21, ("custom", "custom_reverse"), 5, 4, 0.7, 40000, 14),
    10: (24, ("custom", "custom_reverse"), 6, 4, 0.8, 50000, 14),
}
"""Level -> (n_words, rules, front_letters, prefix_len, prefix_share, max_rank, max_len)."""

RULE_WEIGHT: dict[str, float] = {
    "alphabetical": 1.0,
    "length": 1.1,
    "reverse_alphabetical": 1.15,
    "custom": 1.3,
    "custom_reverse": 1.4,
}


class WordSortingKnobs(BaseModel):
    """Knobs of the ``word_sorting`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n_words: int = Field(ge=MIN_WORDS, le=MAX_WORDS, description="words to sort")
    rules: list[Rule] = Field(min_length=1, max_length=5, description="rules to draw from")
    front_letters: int = Field(default=3, ge=1, le=12, description="letters moved (custom)")
    prefix_len: int = Field(default=1, ge=0, le=5, description="letters a cluster shares")
    prefix_share: float = Field(default=0.5, ge=0.0, le=1.0, description="share in clusters")
    max_rank: int = Field(default=5000, ge=500, le=50_000, description="word frequency cut-off")
    max_len: int = Field(default=10, ge=4, le=20, description="longest word")

    @field_validator("rules")
    @classmethod
    def _distinct(cls, rules: list[Rule]) -> list[Rule]:
        if len(set(rules)) != len(rules):
            raise ValueError(f"rules must be distinct, got {rules}")
        return rules


class WordSortingInstance(BaseModel):
    """``Task.instance`` of the ``word_sorting`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    words: list[str] = Field(min_length=2, max_length=MAX_WORDS)
    rule: Rule
    front: str

    @model_validator(mode="after")
    def _consistent(self) -> WordSortingInstance:
        for word in self.words:
            if not is_word(word, MAX_WORD_CHARS):
                raise ValueError(f"{word[:40]!r} is not a lowercase word of a-z letters")
        if len(set(self.words)) != len(self.words):
            raise ValueError("a word is repeated")
        check_front(self.front)
        if (self.rule in CUSTOM_RULES) != bool(self.front):
            raise ValueError("front letters are given exactly when the rule is a custom one")
        return self


# -- generation -------------------------------------------------------------------------------


def alphabet_of(instance: dict[str, Any]) -> str:
    """Returns the alphabet a (validated) instance sorts by."""
    return make_alphabet(instance.get("front", "")) if instance["rule"] in CUSTOM_RULES else PLAIN


def lazy_orders(words: list[str], rule: Rule, alphabet: str) -> dict[str, list[str]]:
    """Returns the orders a model could write without applying the rule, by class."""
    orders = {"as given": list(words), "reversed": words[::-1]}
    if rule != "alphabetical":
        orders["alphabetical"] = sort_words(words, "alphabetical", PLAIN)
    if rule != "reverse_alphabetical":
        orders["descending"] = sort_words(words, "reverse_alphabetical", PLAIN)
    if rule == "length":
        orders["length, ties as given"] = sorted(words, key=len)
    if rule in CUSTOM_RULES:
        orders["first letter only"] = first_letter_only(words, rule, alphabet)
    return orders


def _fair(words: list[str], rule: Rule, alphabet: str) -> bool:
    gold = sort_words(words, rule, alphabet)
    return all(order != gold for order in lazy_orders(words, rule, alphabet).values())


def generate_instance(knobs: WordSortingKnobs, rng: random.Random) -> tuple[list[str], Rule, str]:
    """Draws words, a rule and (custom) front letters until no lazy answer is right."""
    for _ in range(MAX_ATTEMPTS):
        rule = knobs.rules[rng.randrange(len(knobs.rules))]
        words = draw_words(
            rng,
            knobs.n_words,
            knobs.max_rank,
            knobs.prefix_len,
            knobs.prefix_share,
            MIN_LEN,
            knobs.max_len,
        )
        front = ""
        if rule in CUSTOM_RULES:
            for _ in range(20):
                front = "".join(rng.sample(PLAIN, knobs.front_letters))
                set_orders = lazy_orders(words, rule, make_alphabet(front))
                gold = sort_words(words, rule, make_alphabet(front))
                if all(set_orders[k] != gold for k in ("alphabetical", "first letter only")):
                    break
        alphabet = make_alphabet(front) if front else PLAIN
        for _ in range(10):
            rng.shuffle(words)
            if _fair(words, rule, alphabet):
                return words, rule, front
    raise InvalidParamsError(
        f"word_sorting: no fair word list in {MAX_ATTEMPTS} draws with {knobs.model_dump()}; "
        "use more words, a larger max_rank or more front letters"
    )


# -- prompt -----------------------------------------------------------------------------------

FORMAT_EXAMPLE = "kiwi, lime, pear"
"""Three words: never an answer here (every list has at least four words)."""

COMPARISON = (
    "Compare two words letter by letter from the left: at the first position where they "
    "differ, the word whose letter comes earlier in the alphabet comes first. If one word "
    "ends before any difference (it is the start of the other, like car and card), the "
    "shorter word comes first."
)


def rule_text(rule: Rule, front: str) -> str:
    """Writes the sorting rule for the prompt."""
    if rule == "alphabetical":
        return "Sort the words in ascending alphabetical order (a to z). " + COMPARISON
    if rule == "reverse_alphabetical":
        return (
            "Sort the words in descending alphabetical order (z to a): exactly the reverse of "
            "the ascending order. For the ascending order: "
            + COMPARISON
            + " Reversed, a longer word comes before a word it starts with (card before car)."
        )
    if rule == "length":
        return (
            "Sort the words by length, shortest first; words with the same number of letters "
            "go in ascending alphabetical order (a to z). " + COMPARISON
        )
    alphabet = make_alphabet(front)
    moved = ", ".join(front)
    text = (
        f"Use a custom alphabet: the letters {moved} are moved to the front, in this order, "
        "and all other letters follow in their usual order. The full alphabet, with each "
        f"letter's rank: {alphabet_line(alphabet)}. "
    )
    if rule == "custom":
        return text + "Sort the words in ascending order by this alphabet. " + COMPARISON
    return (
        text + "Sort the words in descending order by this alphabet: exactly the reverse of the "
        "ascending order. For the ascending order: "
        + COMPARISON
        + " Reversed, a longer word comes before a word it starts with (card before car)."
    )


def render_prompt(words: list[str], rule: Rule, front: str) -> str:
    """Writes the prompt: the words, the rule and the answer format."""
    n = len(words)
    return (
        "Word sorting.\n\n"
        f"Here are {n} words, all lowercase English letters a-z (no accents, digits or "
        "spaces); no word appears twice:\n"
        + ", ".join(words)
        + "\n\n"
        + rule_text(rule, front)
        + "\n\n"
        f"Write all {n} words, each exactly once, in the sorted order, separated by commas. "
        "Letter case and spaces around the words are ignored.\n"
        f"Format example for three other words: \\boxed{{{FORMAT_EXAMPLE}}}\n"
        "Think step by step, then put only your final list inside \\boxed{}."
    )


# -- reading an answer ------------------------------------------------------------------------


def read_words(payload: str) -> list[str] | Check:
    """Reads the answer's words (lower-cased), or returns the format-error :class:`Check`."""
    try:
        items = parse_items(payload)
    except PayloadError as exc:
        return Check(False, 0.0, str(exc), False)
    words = []
    for item in items:
        for piece in item.split():
            piece = piece.strip(QUOTES)
            if piece:
                words.append(piece.lower())
    return words


# -- the family -------------------------------------------------------------------------------


@register("word_sorting")
class WordSorting(Family):
    """Sort words by a stated rule: alphabetical, reverse, by length or a custom alphabet."""

    cell_answer = False  # a list of words, scored 0/1
    version = 0
    kind = "puzzle"
    description = "sort words alphabetically, in reverse, by length or by a custom alphabet"
    Knobs = WordSortingKnobs
    Instance = WordSortingInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n, rules, front, prefix_len, share, max_rank, max_len = LEVELS[level]
        return {
            "n_words": n,
            "rules": list(rules),
            "front_letters": front,
            "prefix_len": prefix_len,
            "prefix_share": share,
            "max_rank": max_rank,
            "max_len": max_len,
        }

    def generate(self, knobs: WordSortingKnobs, rng: random.Random) -> Draft:
        words, rule, front = generate_instance(knobs, rng)
        gold = sort_words(words, rule, make_alphabet(front) if front else PLAIN)
        meta = {"shared_prefix": round(_mean_shared(gold), 4)}
        instance = {"words": words, "rule": rule, "front": front}
        return Draft(render_prompt(words, rule, front), ", ".join(gold), instance, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        words: list[str] = instance["words"]
        rule: Rule = instance["rule"]
        alphabet = alphabet_of(instance)
        found = read_words(payload)
        if isinstance(found, Check):
            return found
        if len(found) != len(words):
            reason = f"expected {len(words)} comma-separated words, got {len(found)}"
            return Check(False, 0.0, reason, False)
        known, written = set(words), set(found)
        missing = [w for w in words if w not in written]
        for word in found:
            if word not in known:
                return Check(
                    False, 0.0, f"{word[:30]!r} is not in the list ({missing[0]!r} is missing)"
                )
        seen: set[str] = set()
        for word in found:
            if word in seen:
                return Check(False, 0.0, f"{word!r} is written twice ({missing[0]!r} is missing)")
            seen.add(word)
        gold = sort_words(words, rule, alphabet)
        for position, (wrote, right) in enumerate(zip(found, gold, strict=True), 1):
            if wrote != right:
                why = why_first(right, wrote, rule, alphabet)
                return Check(
                    False, 0.0, f"position {position} should be {right!r}, not {wrote!r}: {why}"
                )
        return Check(True, 1.0, f"all {len(words)} words in the right order")

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        orders = lazy_orders(instance["words"], instance["rule"], alphabet_of(instance))
        return {name: [", ".join(order)] for name, order in orders.items()}

    def hardness(self, task: Task) -> float:
        """Words x (1 + mean shared prefix of sorted neighbours) x the rule's weight."""
        instance = task.instance
        rule = instance["rule"]
        gold = sort_words(instance["words"], rule, alphabet_of(instance))
        weight = RULE_WEIGHT[rule] + 0.05 * len(instance.get("front", ""))
        return len(gold) * (1.0 + _mean_shared(gold)) * weight


def _mean_shared(order: list[str]) -> float:
    pairs = list(itertools.pairwise(order))
    return sum(common_prefix(a, b) for a, b in pairs) / len(pairs) if pairs else 0.0
