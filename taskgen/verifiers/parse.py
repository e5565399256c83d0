"""Safe payload parsers: JSON and Python literals with size caps, never ``eval``.

Both raise :class:`PayloadError` (a ``ValueError``) with a short reason on any failure,
including pathological input (deep nesting, huge numbers), so a checker can turn the
message straight into a verdict.

>>> parse_json("[[1, 2], [3, 4]]")
[[1, 2], [3, 4]]
>>> parse_literal("(1, 'a')")
(1, 'a')
>>> parse_items("[yes, No ,'yes']")
['yes', 'No', 'yes']
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from taskgen.verifiers.extract import unwrap_latex

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


_ITEM_SEPARATORS = re.compile(r"\s*[,;\n\uff0c\u3001\uff1b]\s*")
_QUOTES = "\"'`"
MAX_ITEMS = 1000


def parse_items(payload: str, *, max_items: int = MAX_ITEMS) -> list[str]:
    """Splits a list answer into its items: ``A, C``, ``[A, C]``, ``["A","C"]``, one per line.

    The shared reader of every family whose answer is a short list (labels, yes/no words,
    numbers). It applies :func:`~taskgen.verifiers.extract.unwrap_latex`, drops one pair of
    surrounding brackets, splits on commas (also full-width ``，`` and ``、``), semicolons and
    newlines, and strips whitespace and one pair of quotes around each item. It never
    evaluates anything; an empty answer is an empty list.

    Raises :class:`PayloadError` when there are more than ``max_items`` items or an item is
    empty (``A,,C``).
    """
    text = unwrap_latex(payload)
    _check_size(text, DEFAULT_MAX_CHARS)
    if len(text) >= 2 and text[0] + text[-1] in ("[]", "()", "{}"):
        text = text[1:-1].strip()
    if not text:
        return []
    items = _ITEM_SEPARATORS.split(text)
    if len(items) > max_items:
        raise PayloadError(f"answer has {len(items)} items; at most {max_items}")
    cleaned = []
    for item in items:
        item = item.strip()
        if len(item) >= 2 and item[0] == item[-1] and item[0] in _QUOTES:
            item = item[1:-1].strip()
        if not item:
            raise PayloadError("answer has an empty item (two separators in a row)")
        cleaned.append(item)
    return cleaned


_INTEGER = re.compile(r"([+-]?)(\d{1,30})(?:\.0+)?")


def parse_integer(payload: str) -> int:
    """Reads an answer that is one whole number: ``12``, ``-3``, ``+4``, ``12.0``.

    The shared reader of families whose answer is a count or a position. It applies
    :func:`~taskgen.verifiers.extract.unwrap_latex` and nothing else: ``12 apples`` or
    ``1,200`` are format errors, so the prompt should say "just the number".

    >>> parse_integer(r"$\\text{-7}$")
    -7
    """
    text = unwrap_latex(payload)
    match = _INTEGER.fullmatch(text)
    if match is None:
        shown = text[:20] + ("..." if len(text) > 20 else "")
        raise PayloadError(f"answer is not a whole number: {shown!r}")
    value = int(match.group(2))
    return -value if match.group(1) == "-" else value


_JSON_KINDS: dict[type, str] = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def json_kind(value: object) -> str:
    """Names a parsed JSON value's kind for an error message: ``an object``, ``a list``, ...

    >>> json_kind([1]), json_kind(None)
    ('a list', 'null')
    """
    return _JSON_KINDS.get(type(value), type(value).__name__)
