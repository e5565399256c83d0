"""The text space every taskgen environment uses for prompts, observations and replies.

Gymnasium's default ``Text`` charset is letters and digits only, which rejects real prompts
and model replies; :class:`AnyText` accepts every Unicode string of an allowed length.
"""

from __future__ import annotations

from typing import Any

from gymnasium import spaces

MAX_TEXT_LENGTH = 1_000_000
"""Longest observation or action, in characters (about 250k tokens)."""

SAMPLE_CHARSET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    " \n\t.,;:!?'\"()[]{}<>+-*/=_|\\^~#$%&@`" + "äéßñ→≤≥×·—…∧∨¬✓中文"
)
"""Characters :meth:`AnyText.sample` draws from (containment accepts any character)."""


class AnyText(spaces.Text):
    """A ``Text`` space for natural language: any Unicode string of an allowed length.

    ``sample()`` draws from :data:`SAMPLE_CHARSET` (ASCII, whitespace, punctuation and a few
    non-ASCII letters and symbols); ``contains()`` accepts every character, because prompts
    and model replies use all of Unicode. Flattening to integer arrays is not supported.

    >>> space = AnyText(100)
    >>> "Satisfy (A ∨ ¬B) — answer in \\\\boxed{}, 中文 ok ✓" in space
    True
    >>> 42 in space
    False
    """

    def __init__(
        self, max_length: int = MAX_TEXT_LENGTH, *, min_length: int = 0, seed: int | None = None
    ) -> None:
        super().__init__(max_length, min_length=min_length, charset=SAMPLE_CHARSET, seed=seed)

    def contains(self, x: Any) -> bool:
        """Returns whether ``x`` is a string of an allowed length (any characters)."""
        return isinstance(x, str) and self.min_length <= len(x) <= self.max_length

    @property
    def is_np_flattenable(self) -> bool:
        """Returns False: characters outside the sample charset have no index."""
        return False

    def __repr__(self) -> str:
        """Returns ``AnyText(min, max)``."""
        return f"AnyText({self.min_length}, {self.max_length})"

    def __eq__(self, other: object) -> bool:
        """Returns whether ``other`` is an AnyText with the same length bounds."""
        return (
            isinstance(other, AnyText)
            and self.min_length == other.min_length
            and self.max_length == other.max_length
        )

    def __hash__(self) -> int:
        """Hashes the length bounds."""
        return hash((type(self).__name__, self.min_length, self.max_length))
