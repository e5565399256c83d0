"""Safe payload parsers: JSON and Python literals with size caps, never ``eval``.

Both raise :class:`PayloadError` (a ``ValueError``) with a short reason on any failure,
including pathological input (deep nesting, huge numbers), so a checker can turn the
message straight into a verdict.

>>> parse_json("[[1, 2], [3, 4]]")
[[1, 2], [3, 4]]
>>> parse_literal("(1, 'a')")
(1, 'a')
"""

from __future__ import annotations

import ast
import json
from typing import Any

DEFAULT_MAX_CHARS = 20_000
MAX_DEPTH = 32


class PayloadError(ValueError):
    """Raised when an answer payload cannot be parsed; the message is a short reason."""


def _depth_ok(text: str) -> bool:
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest <= MAX_DEPTH


def _check_size(text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise PayloadError(f"answer is too long ({len(text)} characters; at most {max_chars})")
    if not _depth_ok(text):
        raise PayloadError(f"answer is nested deeper than {MAX_DEPTH} levels")


def parse_json(payload: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> Any:
    """Parses ``payload`` as JSON (after stripping whitespace), with size and depth caps."""
    text = payload.strip()
    _check_size(text, max_chars)
    try:
        return json.loads(text)
    except (ValueError, RecursionError, MemoryError) as exc:
        raise PayloadError(f"answer is not valid JSON ({type(exc).__name__})") from None


def parse_literal(payload: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> Any:
    """Parses ``payload`` as a Python literal with ``ast.literal_eval`` and size caps."""
    text = payload.strip()
    _check_size(text, max_chars)
    try:
        return ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError) as exc:
        raise PayloadError(f"answer is not a valid literal ({type(exc).__name__})") from None
