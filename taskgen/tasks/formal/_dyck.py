"""Bracket machinery shared by the Dyck families: pair types, the stack scan, random
sequences with controlled nesting depth, and the text forms the prompts use.

A *Dyck sequence* (balanced bracket sequence) over a set of pairs is one where scanning left
to right with a stack never fails: an opening bracket is pushed, a closing bracket must
match the opening bracket on top of the stack, which is then popped, and the stack is empty
at the end. Only the four ASCII pairs exist here: ``()``, ``[]``, ``{}`` and ``<>``; a task
with ``n_types`` pair types uses the first ``n_types`` of them, and its prompt names every
pair it uses.

Random sequences are drawn as lattice paths (an opener is a step up, a closer a step down)
uniformly among the paths of a given length from one height to another that stay within
``[0, bound]``, optionally required to touch ``bound`` (so the nesting depth is exactly
``bound``). The counts behind the uniform draw are exact integers, cached per shape.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

PAIRS: tuple[str, ...] = ("()", "[]", "{}", "<>")
"""Every pair type, in the order tasks take them (``n_types`` = 2 is ``()`` and ``[]``)."""
OPENERS = "".join(pair[0] for pair in PAIRS)
CLOSERS = "".join(pair[1] for pair in PAIRS)
PARTNER: dict[str, str] = {pair[0]: pair[1] for pair in PAIRS}
"""Opening bracket -> its closing bracket."""
OPENER_OF: dict[str, str] = {pair[1]: pair[0] for pair in PAIRS}
"""Closing bracket -> its opening bracket."""
MAX_TYPES = len(PAIRS)

Table = tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
"""Path counts by step, then flag (bound reached), then height."""


def pairs_for(n_types: int) -> list[str]:
    """Returns the first ``n_types`` pair types.

    >>> pairs_for(2)
    ['()', '[]']
    """
    return list(PAIRS[:n_types])


def check_pairs(pairs: list[str]) -> None:
    """Raises ``ValueError`` unless ``pairs`` is a non-empty prefix of :data:`PAIRS`."""
    if not pairs or pairs != list(PAIRS[: len(pairs)]):
        raise ValueError(f"pairs must be the first 1-{MAX_TYPES} of {list(PAIRS)}, got {pairs}")


def alphabet(pairs: list[str]) -> str:
    """Returns every bracket character of ``pairs``.

    >>> alphabet(["()", "[]"])
    '()[]'
    """
    return "".join(pairs)


def name_pairs(pairs: list[str]) -> str:
    """Names the pairs for a prompt.

    >>> name_pairs(["()", "[]", "{}"])
    '"(" with ")", "[" with "]" and "{" with "}"'
    """
    named = [f'"{pair[0]}" with "{pair[1]}"' for pair in pairs]
    if len(named) == 1:
        return named[0]
    return ", ".join(named[:-1]) + " and " + named[-1]


def spaced(text: str) -> str:
    """Writes brackets with one space between them (how prompts show sequences).

    >>> spaced("([])")
    '( [ ] )'
    """
    return " ".join(text)


def show_stack(stack: str) -> str:
    """Writes a stack bottom to top, or ``empty``.

    >>> show_stack("([")
    '( ['
    >>> show_stack("")
    'empty'
    """
    return spaced(stack) if stack else "empty"


# -- the scan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scan:
    """What a left-to-right stack scan of a bracket string finds."""

    error: int | None
    """0-based index of the first closer with an empty stack or a non-matching top."""
    stack: str
    """Openers still open (bottom to top) at the end, or just before the error."""

    @property
    def balanced(self) -> bool:
        """Whether the string is a Dyck sequence (no failing closer, nothing left open)."""
        return self.error is None and not self.stack


def step(stack: str, char: str) -> str | None:
    """Applies one character to a stack: the new stack, or None when the closer fails.

    >>> step("(", "["), step("([", "]"), step("([", ")"), step("", ")")
    ('([', '(', None, None)
    """
    if char in PARTNER:
        return stack + char
    if stack and PARTNER[stack[-1]] == char:
        return stack[:-1]
    return None


def scan(text: str) -> Scan:
    """Scans ``text`` (bracket characters only) left to right with a stack.

    >>> scan("([)]")
    Scan(error=2, stack='([')
    >>> scan("(()").stack, scan("()").balanced
    ('(', True)
    """
    stack = ""
    for index, char in enumerate(text):
        after = step(stack, char)
        if after is None:
            return Scan(index, stack)
        stack = after
    return Scan(None, stack)


def first_error_position(text: str) -> int:
    """Returns the 1-based position of the first failing closer; -1 if ``text`` is balanced;
    ``len(text) + 1`` if no closer fails but openers are left unclosed.

    >>> first_error_position("([)]"), first_error_position("()"), first_error_position("(()")
    (3, -1, 4)
    """
    found = scan(text)
    if found.error is not None:
        return found.error + 1
    return -1 if not found.stack else len(text) + 1


def closing(stack: str) -> str:
    """Returns the closers that close ``stack``, top first: the shortest completion.

    >>> closing("([{")
    '}])'
    """
    return "".join(PARTNER[opener] for opener in reversed(stack))


# -- random paths -----------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _counts(length: int, end: int, bound: int, touch: bool) -> Table:
    """Returns ``table[i][flag][h]``: the paths of ``length - i`` steps from height ``h`` to
    ``end`` within ``[0, bound]``; with ``touch``, only those that reach ``bound`` unless
    ``flag`` (already reached) is 1."""
    width = bound + 1
    final_free = tuple(1 if h == end else 0 for h in range(width))
    final_touch = tuple(1 if h == end and (h == bound) else 0 for h in range(width))
    rows: list[tuple[tuple[int, ...], tuple[int, ...]]] = [
        (final_touch if touch else final_free, final_free)
    ]
    for _ in range(length):
        unflagged, flagged = rows[-1]
        new_flagged = tuple(
            (flagged[h + 1] if h < bound else 0) + (flagged[h - 1] if h > 0 else 0)
            for h in range(width)
        )
        if touch:
            new_unflagged = tuple(
                ((flagged[h + 1] if h + 1 == bound else unflagged[h + 1]) if h < bound else 0)
                + (unflagged[h - 1] if h > 0 else 0)
                for h in range(width)
            )
        else:
            new_unflagged = new_flagged
        rows.append((new_unflagged, new_flagged))
    rows.reverse()
    return tuple(rows)


def count_paths(length: int, start: int, end: int, bound: int, touch: bool = False) -> int:
    """Returns how many paths of ``length`` steps go from ``start`` to ``end`` within
    ``[0, bound]`` (touching ``bound`` when ``touch``).

    >>> count_paths(6, 0, 0, 3), count_paths(6, 0, 0, 3, touch=True), count_paths(6, 0, 0, 2)
    (5, 1, 4)
    """
    if not (0 <= start <= bound and 0 <= end <= bound) or length < 0:
        return 0
    table = _counts(length, end, bound, touch)
    return table[0][1 if start == bound else 0][start]


def random_path(
    rng: random.Random, length: int, start: int, end: int, bound: int, touch: bool = False
) -> list[bool]:
    """Draws uniformly one path counted by :func:`count_paths` (True = a step up).

    Raises ``ValueError`` when there is no such path.
    """
    if count_paths(length, start, end, bound, touch) == 0:
        raise ValueError(
            f"no path of {length} steps from height {start} to {end} within 0..{bound}"
            + (" touching the bound" if touch else "")
        )
    table = _counts(length, end, bound, touch)
    steps: list[bool] = []
    height, flag = start, 1 if start == bound else 0
    for i in range(length):
        up = 0
        if height < bound:
            up_flag = 1 if flag or height + 1 == bound else 0
            up = table[i + 1][up_flag][height + 1]
        down = table[i + 1][flag][height - 1] if height > 0 else 0
        if rng.randrange(up + down) < up:
            height += 1
            flag = 1 if flag or height == bound else 0
            steps.append(True)
        else:
            height -= 1
            steps.append(False)
    return steps


def fill_path(rng: random.Random, steps: list[bool], stack: str, openers: str) -> tuple[str, str]:
    """Writes a path as brackets: each step up a random opener of ``openers``, each step down
    the closer of the stack's top. Returns (the brackets, the stack after them)."""
    out: list[str] = []
    for up in steps:
        if up:
            opener = rng.choice(openers)
            stack += opener
            out.append(opener)
        else:
            out.append(PARTNER[stack[-1]])
            stack = stack[:-1]
    return "".join(out), stack


def random_brackets(
    rng: random.Random,
    length: int,
    pairs: list[str],
    *,
    start: str = "",
    end: int = 0,
    bound: int,
    touch: bool = False,
) -> tuple[str, str]:
    """Draws ``length`` brackets that scan cleanly from the open ``start`` stack to a stack
    of ``end`` openers, never more than ``bound`` deep. Returns (brackets, final stack)."""
    steps = random_path(rng, length, len(start), end, bound, touch)
    return fill_path(rng, steps, start, "".join(pair[0] for pair in pairs))


def max_depth(text: str) -> int:
    """Returns the deepest nesting reached while scanning ``text`` (up to any error).

    >>> max_depth("(()[[]])")
    3
    """
    depth = best = 0
    for char in text:
        if char in PARTNER:
            depth += 1
            best = max(best, depth)
        elif depth == 0:
            break
        else:
            depth -= 1
    return best


def _tail_end(length: int, start: int) -> int:
    """Returns the smallest depth a clean tail of ``length`` brackets from depth ``start``
    can end at (parity and reach)."""
    end = max(0, start - length)
    return end if (length - start + end) % 2 == 0 else end + 1


def weighted_choice(rng: random.Random, values: list[int], weights: list[int]) -> int:
    """Draws one of ``values`` with exact integer ``weights`` (at least one positive)."""
    pick = rng.randrange(sum(weights))
    for value, weight in zip(values, weights, strict=True):
        if pick < weight:
            return value
        pick -= weight
    raise AssertionError("unreachable")  # pragma: no cover


def draw_with_error(
    rng: random.Random,
    length: int,
    position: int,
    pairs: list[str],
    bound: int,
    *,
    openers_only_kept: float = 1.0,
) -> str | None:
    """Draws ``length`` brackets whose first error is at ``position`` (1-based), or None
    when no depth fits there (or a head of openers only is dropped).

    The ``position - 1`` brackets before the error are drawn uniformly among those that
    scan cleanly within ``bound``; a head of openers only (the error is then the first
    closer) is kept with probability ``openers_only_kept``. The error is a closer of
    another type than the top, or any closer on an empty stack; the rest continues as if
    it had popped the top, ending as shallow as parity allows.
    """
    closers = [pair[1] for pair in pairs]
    head_length = position - 1
    heights = [
        h
        for h in range(min(bound, head_length) + 1)
        if (head_length - h) % 2 == 0 and (h == 0 or len(pairs) > 1)
    ]
    if not heights:
        return None
    weights = [count_paths(head_length, 0, h, bound) for h in heights]
    end = weighted_choice(rng, heights, weights)
    head, stack = random_brackets(rng, head_length, pairs, end=end, bound=bound)
    if (
        head
        and len(stack) == len(head)
        and openers_only_kept < 1.0
        and rng.random() >= openers_only_kept
    ):
        return None
    if stack:
        bad = rng.choice([c for c in closers if c != PARTNER[stack[-1]]])
        stack = stack[:-1]
    else:
        bad = rng.choice(closers)
    tail_length = length - position
    end = _tail_end(tail_length, len(stack))
    if end > bound:
        return None  # pragma: no cover - the tail never needs more than one extra level
    tail, _ = random_brackets(rng, tail_length, pairs, start=stack, end=end, bound=bound)
    return head + bad + tail
