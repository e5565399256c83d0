"""English words by frequency rank, from the ``wordfreq`` package, and a pattern index.

Not a family module (the leading underscore keeps it out of discovery). ``wordfreq`` ships
its word lists inside the package (no download at run time; its data is frozen since
version 3.0, so a rank cut-off names the same words on every machine). It is imported on
first use, so ``import taskgen`` does not load it.

Kept: lowercase ASCII alphabetic tokens (no digits, apostrophes or accents), without a
short list of slurs and obscenities. The order is wordfreq's frequency order.

>>> words = ranked_words(300)
>>> words[:4]
('the', 'to', 'and', 'of')
>>> index = PatternIndex(ranked_words(2000), 3, 5)
>>> index.matching(4, {0: "w", 3: "d"})[:3]
['word', 'wind', 'wild']
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

MAX_RANK = 50_000
"""The largest frequency-rank cut-off a family may ask for."""

BLOCKED = frozenset(
    {
        "anal", "anus", "arse", "ass", "asses", "asshole", "bastard", "bitch", "bitches",
        "blowjob", "boner", "boob", "boobs", "bullshit", "chink", "clit", "cock", "cocks",
        "coon", "crap", "cum", "cunt", "cunts", "dick", "dicks", "dildo", "dyke", "fag",
        "faggot", "fags", "fuck", "fucked", "fucker", "fuckers", "fuckin", "fucking", "fucks",
        "gook", "homo", "horny", "jizz", "kike", "milf", "nazi", "nazis", "negro", "nigga",
        "niggas", "nigger", "niggers", "orgasm", "penis", "piss", "pissed", "porn", "porno",
        "pussy", "rape", "raped", "rapist", "retard", "retarded", "semen", "sex", "sexy",
        "shit", "shits", "shitty", "slut", "sluts", "spic", "tits", "titty", "tranny", "twat",
        "vagina", "wank", "wanker", "whore", "whores",
    }
)  # fmt: skip
"""Words never drawn (slurs and obscenities); not meant to be complete."""


@functools.cache
def _top_words() -> tuple[str, ...]:
    from wordfreq import top_n_list  # lazy: a few hundred milliseconds, only when needed

    return tuple(top_n_list("en", MAX_RANK))


@functools.cache
def ranked_words(rank: int) -> tuple[str, ...]:
    """Returns the kept words among wordfreq's ``rank`` most frequent English tokens.

    Raises:
        ValueError: ``rank`` is not 1 to :data:`MAX_RANK`.
    """
    if not 1 <= rank <= MAX_RANK:
        raise ValueError(f"rank must be 1-{MAX_RANK}, got {rank}")
    return tuple(
        word
        for word in _top_words()[:rank]
        if word.isascii() and word.isalpha() and word.islower() and word not in BLOCKED
    )


class PatternIndex:
    """Words of lengths ``low``-``high`` by (length, position, letter), in rank order."""

    def __init__(self, words: Sequence[str], low: int, high: int) -> None:
        self.by_length: dict[int, list[str]] = {}
        self._by_letter: dict[tuple[int, int, str], list[str]] = {}
        for word in words:
            if low <= len(word) <= high:
                self.by_length.setdefault(len(word), []).append(word)
                for position, letter in enumerate(word):
                    self._by_letter.setdefault((len(word), position, letter), []).append(word)

    def matching(self, length: int, letters: Mapping[int, str]) -> list[str]:
        """Returns the words of ``length`` with ``letters[i]`` at position ``i``, in rank order."""
        if not letters:
            return list(self.by_length.get(length, []))
        lists = [self._by_letter.get((length, i, ch), []) for i, ch in sorted(letters.items())]
        shortest = min(lists, key=len)
        return [w for w in shortest if all(w[i] == ch for i, ch in letters.items())]
