"""Word sorting helpers shared by ``word_sorting`` and ``word_sorting_mistake``.

Not a family module (the leading underscore keeps it out of discovery). It holds:

* alphabets: the usual ``a``-``z`` or a custom one with some letters moved to the front in a
  stated order (the others keep their usual order); a letter's *rank* is its 1-based place;
* sort keys for every rule (ascending or descending by an alphabet, by length then
  alphabetically), comparing letter by letter with a word that ends first sorting first;
* drawing distinct words from wordfreq's ranked list with clusters that share their first
  ``k`` letters (what makes a sort harder);
* the bucket-sort trace of ``word_sorting_mistake``: structured thoughts, one planted
  mistake, and an independent judge that finds the first thought that does not follow
  from the thoughts before it.

>>> alphabet = make_alphabet("qe")
>>> alphabet[:5]
'qeabc'
>>> sort_words(["card", "car", "ear", "queen"], "custom", alphabet)
['queen', 'ear', 'car', 'card']
>>> sort_words(["card", "car", "ear"], "reverse_alphabetical", PLAIN)
['ear', 'card', 'car']
"""

from __future__ import annotations

import functools
import random
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from taskgen.tasks.language._words import ranked_words

PLAIN = string.ascii_lowercase
"""The usual alphabet."""

Rule = Literal["alphabetical", "reverse_alphabetical", "length", "custom", "custom_reverse"]
RULES: tuple[Rule, ...] = (
    "alphabetical",
    "reverse_alphabetical",
    "length",
    "custom",
    "custom_reverse",
)
CUSTOM_RULES: tuple[Rule, ...] = ("custom", "custom_reverse")
DESCENDING_RULES: tuple[Rule, ...] = ("reverse_alphabetical", "custom_reverse")


# -- alphabets and keys ---------------------------------------------------------------------


def make_alphabet(front: str) -> str:
    """Returns the alphabet with the letters of ``front`` moved to the front, in that order.

    >>> make_alphabet("zx")[:4], len(make_alphabet("zx"))
    ('zxab', 26)
    """
    return front + "".join(ch for ch in PLAIN if ch not in front)


@functools.cache
def ranks_of(alphabet: str) -> dict[str, int]:
    """Returns each letter's 1-based rank in ``alphabet``."""
    return {ch: i + 1 for i, ch in enumerate(alphabet)}


def word_key(word: str, alphabet: str) -> tuple[int, ...]:
    """Returns the ranks of ``word``'s letters: tuples compare letter by letter, and a
    word that ends first (a prefix) sorts first."""
    ranks = ranks_of(alphabet)
    return tuple(ranks[ch] for ch in word)


def sort_words(words: Sequence[str], rule: Rule, alphabet: str) -> list[str]:
    """Returns ``words`` sorted by ``rule`` (``alphabet`` is used by the custom rules)."""
    if rule in ("alphabetical", "reverse_alphabetical"):
        alphabet = PLAIN
    if rule == "length":
        return sorted(words, key=lambda w: (len(w), word_key(w, PLAIN)))
    ordered = sorted(words, key=lambda w: word_key(w, alphabet))
    return ordered[::-1] if rule in DESCENDING_RULES else ordered


def first_letter_only(words: Sequence[str], rule: Rule, alphabet: str) -> list[str]:
    """Returns ``words`` sorted with ``alphabet`` for the first letter and the usual
    alphabet after it: a half-done custom sort (a lazy answer the generator rules out)."""
    ranks = ranks_of(alphabet)
    ordered = sorted(words, key=lambda w: (ranks[w[0]], word_key(w, PLAIN)))
    return ordered[::-1] if rule in DESCENDING_RULES else ordered


def common_prefix(a: str, b: str) -> int:
    """Returns how many first letters ``a`` and ``b`` share.

    >>> common_prefix("carton", "cart"), common_prefix("dog", "cat")
    (4, 0)
    """
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def why_first(first: str, second: str, rule: Rule, alphabet: str) -> str:
    """Explains in a few words why ``first`` comes before ``second`` under ``rule``.

    >>> why_first("car", "card", "alphabetical", PLAIN)
    "'car' is a prefix of 'card'"
    >>> why_first("bat", "bar", "reverse_alphabetical", PLAIN)
    "descending: letter 3 is 't' against 'r'"
    """
    if rule == "length" and len(first) != len(second):
        return f"'{first}' has {len(first)} letters, '{second}' has {len(second)}"
    if rule in ("alphabetical", "reverse_alphabetical", "length"):
        alphabet = PLAIN
    ascending = rule not in DESCENDING_RULES
    short, long_ = (first, second) if ascending else (second, first)
    shared = common_prefix(first, second)
    lead = "" if ascending else "descending: "
    if shared == len(short) and len(short) < len(long_):
        return f"{lead}'{short}' is a prefix of '{long_}'"
    ranks = ranks_of(alphabet)
    a, b = first[shared], second[shared]
    rank_note = f" (ranks {ranks[a]} and {ranks[b]})" if alphabet != PLAIN else ""
    return f"{lead}letter {shared + 1} is '{a}' against '{b}'{rank_note}"


def alphabet_line(alphabet: str) -> str:
    """Writes every letter with its rank: ``a=1, b=2, ...``."""
    return ", ".join(f"{ch}={i}" for i, ch in enumerate(alphabet, 1))


# -- drawing words --------------------------------------------------------------------------


@functools.cache
def word_pool(max_rank: int, min_len: int, max_len: int) -> tuple[str, ...]:
    """Returns the kept words among the ``max_rank`` most frequent, of ``min_len``-``max_len``
    letters, in frequency order."""
    return tuple(w for w in ranked_words(max_rank) if min_len <= len(w) <= max_len)


@functools.cache
def prefix_buckets(
    max_rank: int, min_len: int, max_len: int, length: int
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Returns (prefix, words) for every ``length``-letter prefix that two or more pool words
    share and at least one continues past, sorted by prefix (a stable order to draw from)."""
    buckets: dict[str, list[str]] = {}
    for word in word_pool(max_rank, min_len, max_len):
        if len(word) >= length:
            buckets.setdefault(word[:length], []).append(word)
    return tuple(
        (prefix, tuple(words))
        for prefix, words in sorted(buckets.items())
        if len(words) >= 2 and any(len(w) > length for w in words)
    )


def draw_words(
    rng: random.Random,
    count: int,
    max_rank: int,
    prefix_len: int,
    prefix_share: float,
    min_len: int,
    max_len: int,
) -> list[str]:
    """Draws ``count`` distinct words: about ``prefix_share`` of them in clusters of 2-4
    words sharing their first ``prefix_len`` letters, the rest uniform over the pool.

    The result is in drawing order (clusters first); callers shuffle it.
    """
    pool = word_pool(max_rank, min_len, max_len)
    if len(pool) < count:
        raise ValueError(
            f"only {len(pool)} words of {min_len}-{max_len} letters in rank {max_rank}"
        )
    chosen: list[str] = []
    seen: set[str] = set()
    clustered = round(count * prefix_share) if prefix_len > 0 else 0
    buckets = prefix_buckets(max_rank, min_len, max_len, prefix_len) if clustered >= 2 else ()
    while buckets and clustered - len(chosen) >= 2:
        size = min(rng.randint(2, 4), clustered - len(chosen))
        _, bucket = buckets[rng.randrange(len(buckets))]
        fresh = [w for w in bucket if w not in seen]
        if len(fresh) < 2:
            continue
        for word in rng.sample(fresh, min(size, len(fresh))):
            chosen.append(word)
            seen.add(word)
    while len(chosen) < count:
        word = pool[rng.randrange(len(pool))]
        if word not in seen:
            chosen.append(word)
            seen.add(word)
    return chosen


def is_word(text: object, max_len: int = 40) -> bool:
    """Returns whether ``text`` is a lowercase ASCII word of 1 to ``max_len`` letters."""
    return (
        isinstance(text, str)
        and 1 <= len(text) <= max_len
        and text.isascii()
        and text.isalpha()
        and text.islower()
    )


def check_front(front: str) -> None:
    """Raises ValueError unless ``front`` is distinct lowercase letters (or empty)."""
    if front and not is_word(front, 26):
        raise ValueError(f"front letters must be lowercase a-z, got {front[:30]!r}")
    if len(set(front)) != len(front):
        raise ValueError(f"front letters repeat a letter: {front!r}")


# -- the bucket-sort trace ------------------------------------------------------------------

MistakeKind = Literal["misread", "rank", "swap", "merge", "duplicate", "drop"]
LETTER_MISTAKES: tuple[MistakeKind, ...] = ("misread", "rank")
GROUP_MISTAKES: tuple[MistakeKind, ...] = ("swap", "merge", "duplicate", "drop")
MAX_THOUGHTS = 99
"""Longest trace (the prompt's format example is thought 100, never a valid answer)."""


class TraceError(ValueError):
    """Raised when a planted mistake cannot be applied or leads nowhere sensible."""


@dataclass(frozen=True)
class Mistake:
    """One planted mistake: the thought it is in and what goes wrong.

    ``index`` picks the line of a letter thought (misread, rank), the first of two adjacent
    new groups (swap, merge), the new group repeated (duplicate) or the word lost, counted
    through the new groups from the left (drop). ``letter`` is the misread letter, ``rank``
    the wrong rank.
    """

    thought: int
    kind: MistakeKind
    index: int
    letter: str = ""
    rank: int = 0


@dataclass(frozen=True)
class Group:
    """Words of the current list that agree in their first ``depth`` letters (as far as
    the trace knows); a group of two or more is split further while a word continues."""

    words: tuple[str, ...]
    depth: int

    @property
    def is_open(self) -> bool:
        """Whether the group still needs a split."""
        return len(self.words) >= 2 and any(len(w) > self.depth for w in self.words)


@dataclass(frozen=True)
class Line:
    """One word's letter at the position looked at (None: the word has ended) and rank."""

    word: str
    letter: str | None
    rank: int


@dataclass(frozen=True)
class LetterThought:
    """Looks at letter ``position + 1`` of every word of the leftmost open group."""

    group: tuple[str, ...]
    position: int
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class GroupThought:
    """Splits the group by rank; ``state`` is the whole list afterwards."""

    state: tuple[Group, ...]


@dataclass(frozen=True)
class FinalThought:
    """No open group is left: the list read off from left to right."""

    order: tuple[str, ...]


Thought = LetterThought | GroupThought | FinalThought


def true_lines(group: Group, alphabet: str) -> tuple[Line, ...]:
    """Returns the correct letter lines of ``group`` at its depth."""
    ranks = ranks_of(alphabet)
    p = group.depth
    return tuple(
        Line(w, w[p], ranks[w[p]]) if p < len(w) else Line(w, None, 0) for w in group.words
    )


def split(lines: Sequence[Line], position: int) -> list[Group]:
    """Returns the new groups by shown rank, lowest first, each in listed order."""
    by_rank: dict[int, list[str]] = {}
    for line in lines:
        by_rank.setdefault(line.rank, []).append(line.word)
    return [Group(tuple(by_rank[r]), position + 1) for r in sorted(by_rank)]


def _first_open(state: Sequence[Group]) -> int | None:
    return next((i for i, g in enumerate(state) if g.is_open), None)


def _corrupt_lines(lines: tuple[Line, ...], mistake: Mistake, alphabet: str) -> tuple[Line, ...]:
    if not 0 <= mistake.index < len(lines):
        raise TraceError(f"line {mistake.index} is outside the thought")
    line = lines[mistake.index]
    if line.letter is None:
        raise TraceError("the chosen word has no letter there")
    if mistake.kind == "misread":
        if not is_word(mistake.letter, 1) or mistake.letter == line.letter:
            raise TraceError("a misread letter must be another letter a-z")
        new = Line(line.word, mistake.letter, ranks_of(alphabet)[mistake.letter])
    elif mistake.kind == "rank":
        if not 1 <= mistake.rank <= 26 or mistake.rank == line.rank:
            raise TraceError("a wrong rank must be another rank 1-26")
        new = Line(line.word, line.letter, mistake.rank)
    else:
        raise TraceError(f"{mistake.kind} is not a mistake of a letter thought")
    return (*lines[: mistake.index], new, *lines[mistake.index + 1 :])


def _corrupt_groups(groups: list[Group], mistake: Mistake) -> list[Group]:
    j, kind = mistake.index, mistake.kind
    if kind in ("swap", "merge"):
        if not 0 <= j < len(groups) - 1:
            raise TraceError("no two new groups to swap or merge there")
        a, b = groups[j], groups[j + 1]
        middle = [b, a] if kind == "swap" else [Group(a.words + b.words, a.depth)]
        return groups[:j] + middle + groups[j + 2 :]
    if kind == "duplicate":
        if not 0 <= j < len(groups):
            raise TraceError("no new group to repeat there")
        return [*groups[: j + 1], groups[j], *groups[j + 1 :]]
    if kind == "drop":
        words = [w for g in groups for w in g.words]
        if not 0 <= j < len(words):
            raise TraceError("no word to drop there")
        lost = words[j]
        kept = [Group(tuple(w for w in g.words if w != lost), g.depth) for g in groups]
        return [g for g in kept if g.words]
    raise TraceError(f"{kind} is not a mistake of a grouping thought")


def build_trace(
    words: Sequence[str], alphabet: str, mistake: Mistake | None = None
) -> list[Thought]:
    """Returns the bucket-sort trace of ``words``, with ``mistake`` planted if given.

    After the mistake the trace goes on consistently from the wrong state (every later
    thought follows from the ones before it), so exactly one thought is wrong.

    Raises:
        TraceError: the mistake does not fit its thought, or leaves two words that the
            trace can never tell apart (it then has no sensible continuation).
    """
    state: list[Group] = [Group(tuple(words), 0)]
    thoughts: list[Thought] = []
    planted = mistake is None
    while True:
        at = _first_open(state)
        if at is None:
            if any(len(g.words) > 1 for g in state):
                raise TraceError("the mistake leaves words the letters cannot tell apart")
            thoughts.append(FinalThought(tuple(w for g in state for w in g.words)))
            break
        group = state[at]
        lines = true_lines(group, alphabet)
        if mistake is not None and mistake.thought == len(thoughts) + 1:
            lines = _corrupt_lines(lines, mistake, alphabet)
            planted = True
        thoughts.append(LetterThought(group.words, group.depth, lines))
        groups = split(lines, group.depth)
        if mistake is not None and mistake.thought == len(thoughts) + 1:
            groups = _corrupt_groups(groups, mistake)
            planted = True
        state = state[:at] + groups + state[at + 1 :]
        thoughts.append(GroupThought(tuple(state)))
        if len(thoughts) >= MAX_THOUGHTS:
            raise TraceError(f"the trace runs past {MAX_THOUGHTS} thoughts")
    if not planted:
        raise TraceError("the mistake's thought is not in the trace")
    return thoughts


def wrong_thoughts(words: Sequence[str], alphabet: str, thoughts: Sequence[Thought]) -> list[int]:
    """Returns the 1-based numbers of the thoughts that do not follow from the word list
    and the thoughts just before them (each judged on the list as those thoughts show it).

    Independent of how the trace was built: a letter thought must write the true letters
    and ranks of the leftmost open group of the shown list; a grouping thought must split
    that group by the ranks just shown; the last thought must read the shown list off, and
    nothing may follow it. A thought of the wrong type, or a missing last thought, ends the
    judging (everything from there on is counted wrong once).
    """
    wrong: list[int] = []
    state: list[Group] = [Group(tuple(words), 0)]
    i = 0
    while i < len(thoughts):
        at = _first_open(state)
        if at is None:
            if thoughts[i] != FinalThought(tuple(w for g in state for w in g.words)):
                wrong.append(i + 1)
            if i + 1 < len(thoughts):
                wrong.append(i + 2)
            return wrong
        group = state[at]
        shown = thoughts[i]
        if not isinstance(shown, LetterThought) or shown.group != group.words:
            return [*wrong, i + 1]
        if shown.lines != true_lines(group, alphabet) or shown.position != group.depth:
            wrong.append(i + 1)
        if i + 1 >= len(thoughts):
            return [*wrong, i + 2]
        after = thoughts[i + 1]
        if not isinstance(after, GroupThought):
            return [*wrong, i + 2]
        expected = (*state[:at], *split(shown.lines, group.depth), *state[at + 1 :])
        if after.state != expected:
            wrong.append(i + 2)
        state = list(after.state)
        i += 2
    return [*wrong, len(thoughts) + 1]


def first_wrong(words: Sequence[str], alphabet: str, thoughts: Sequence[Thought]) -> int | None:
    """Returns the number of the first thought that does not follow from the word list and
    the thoughts before it (see :func:`wrong_thoughts`), or None when every thought does."""
    wrong = wrong_thoughts(words, alphabet, thoughts)
    return wrong[0] if wrong else None


def render_state(state: Sequence[Group]) -> str:
    """Writes the list: open groups in square brackets, settled words bare, ``<`` between."""
    return " < ".join(
        "[" + ", ".join(g.words) + "]" if len(g.words) > 1 else g.words[0] for g in state
    )


def render_thought(number: int, thought: Thought, total: int) -> str:
    """Writes one thought as a line of the trace."""
    if isinstance(thought, LetterThought):
        where = (
            "every word"
            if thought.position == 0 and len(thought.group) == total
            else "the words in [" + ", ".join(thought.group) + "]"
        )
        shown = "; ".join(
            f"{line.word}: {line.letter if line.letter is not None else 'none'} ({line.rank})"
            for line in thought.lines
        )
        return f"Thought {number}: letter {thought.position + 1} of {where}: {shown}."
    if isinstance(thought, GroupThought):
        return f"Thought {number}: split by rank, we now have: {render_state(thought.state)}."
    return (
        f"Thought {number}: no group of two or more words is left, so the sorted list is: "
        + ", ".join(thought.order)
        + "."
    )
