"""The text space every taskgen environment uses for prompts, observations and replies.

Gymnasium's default ``Text`` charset is letters and digits only, which rejects real prompts
and model replies; :class:`AnyText` accepts every Unicode string of an allowed length.

Async vector environments. ``AsyncVectorEnv`` (``gymnasium.make_vec(id, n,
vectorization_mode="async")``) passes observations through shared memory by default, and
reads that memory once, when it is built: right for a NumPy array (a view that later writes
show through), wrong for ``Text``, whose reader decodes the memory into strings at once, so
every observation stayed the initial ``'aaaa…'``. This module registers :class:`AnyText`'s
own implementations of Gymnasium's three shared-memory functions
(``gymnasium.vector.utils.create_shared_memory``, ``read_from_shared_memory``,
``write_to_shared_memory``): each environment's slot holds the length and the UTF-32 code
points of its text (any Unicode character, lone surrogates included), and the reader returns
a :class:`SharedTexts` view that decodes the current text whenever it is read. With the
default ``copy=True`` the vector environment hands out a plain ``tuple`` of strings; with
``copy=False`` the view itself (it changes at the next step, as an array would). The
registration happens when this module is imported, which every process that holds an
``AnyText`` has done, so it reaches the worker processes under any start method.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np
from gymnasium import spaces
from gymnasium.vector.utils import (
    create_shared_memory,
    read_from_shared_memory,
    write_to_shared_memory,
)

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


# -- shared memory for AsyncVectorEnv ---------------------------------------------------------

_CODE = np.int32
"""One UTF-32 code point per slot; slot 0 of each environment holds the text's length."""


def _slots(memory: Any) -> np.ndarray[Any, np.dtype[np.int32]]:
    return np.frombuffer(memory.get_obj(), dtype=_CODE)


class SharedTexts(Sequence[str]):
    """The texts of a vector environment's shared memory, decoded when read.

    What ``AsyncVectorEnv`` keeps as its observations when the observation space is
    :class:`AnyText`. A copy (``copy.copy``, ``copy.deepcopy``, pickling) is a plain tuple
    of the current strings, and it compares equal to such a tuple.
    """

    def __init__(self, memory: Any, n: int, max_length: int) -> None:
        self._memory = memory
        self._n = n
        self._width = max_length + 1

    def _text(self, index: int) -> str:
        slots = _slots(self._memory)
        start = index * self._width
        length = int(slots[start])
        codes = slots[start + 1 : start + 1 + length]
        return codes.tobytes().decode("utf-32-le", errors="surrogatepass")

    def __len__(self) -> int:
        """Returns the number of environments."""
        return self._n

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...

    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        """Returns the current text of environment ``index`` (a tuple for a slice)."""
        if isinstance(index, slice):
            return tuple(self._text(i) for i in range(self._n)[index])
        position = range(self._n)[index]  # IndexError and negative indices as a tuple's
        return self._text(position)

    def __iter__(self) -> Iterator[str]:
        """Yields the current texts in order."""
        return (self._text(i) for i in range(self._n))

    def __eq__(self, other: object) -> bool:
        """Returns whether ``other`` is a sequence of the same texts."""
        if isinstance(other, SharedTexts | tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    # mutable (its texts change under it), so unhashable, as a list is
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """Returns the repr of the tuple of current texts."""
        return repr(tuple(self))

    def __copy__(self) -> tuple[str, ...]:
        """Returns the current texts as a tuple."""
        return tuple(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> tuple[str, ...]:
        """Returns the current texts as a tuple."""
        return tuple(self)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickles as the tuple of current texts."""
        return (tuple, (tuple(self),))


@create_shared_memory.register(AnyText)
def _create_any_text_memory(space: AnyText, n: int = 1, ctx: Any = multiprocessing) -> Any:
    """Allocates, per environment, a length slot and ``max_length`` code-point slots."""
    return ctx.Array(np.dtype(_CODE).char, n * (space.max_length + 1))


@read_from_shared_memory.register(AnyText)
def _read_any_text_memory(space: AnyText, shared_memory: Any, n: int = 1) -> SharedTexts:
    """Returns a live view of the ``n`` texts (Gymnasium reads the memory only once)."""
    return SharedTexts(shared_memory, n, space.max_length)


@write_to_shared_memory.register(AnyText)
def _write_any_text_memory(space: AnyText, index: int, values: str, shared_memory: Any) -> None:
    """Stores ``values`` in environment ``index``'s slot.

    Raises:
        ValueError: ``values`` is not a string of at most ``max_length`` characters.
    """
    if not isinstance(values, str) or len(values) > space.max_length:
        shown = f"{len(values)} characters" if isinstance(values, str) else type(values).__name__
        raise ValueError(f"observation must be text of at most {space.max_length}, got {shown}")
    codes = np.frombuffer(values.encode("utf-32-le", errors="surrogatepass"), dtype=_CODE)
    slots = _slots(shared_memory)
    start = index * (space.max_length + 1)
    slots[start + 1 : start + 1 + len(codes)] = codes
    slots[start] = len(codes)
