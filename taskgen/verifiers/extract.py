"""Answer extraction: the one protocol every family shares.

1. Text up to the last ``</think>`` is ignored (an opened but unclosed ``<think>`` means the
   model never finished thinking: no answer).
2. The answer is the content of the **last** ``\\boxed{...}`` with balanced braces, or of the
   last ``<answer>...</answer>`` when that container is chosen.

Nothing here evaluates text; it only slices it.

>>> extract_answer("<think>\\\\boxed{1}</think> \\\\boxed{10} then \\\\boxed{{0}1}").payload
'{0}1'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, NamedTuple, get_args

import numpy as np

Container = Literal["boxed", "answer", "auto"]
CONTAINERS: tuple[str, ...] = get_args(Container)
MAX_PAYLOAD_CHARS = 100_000
"""Payloads longer than this are rejected before any family parser sees them."""
_VECTOR_SCAN_CHARS = 50_000
"""Completions longer than this find their last box with array arithmetic (same result)."""

_BOXED = re.compile(r"\\boxed\s*\{")
_BRACES = re.compile(r"(?<!\\)[{}]")
_LATEX_WRAPPER = re.compile(r"^\\(?:text|textbf|texttt|mathrm|mathtt|mathbf)\s*\{(.*)\}$", re.S)


class Extraction(NamedTuple):
    """The payload found in a completion, or ``None`` with the reason it was not.

    A named tuple (immutable; built in half the time of a frozen dataclass, once per
    ``verify``)."""

    payload: str | None
    reason: str = ""


def strip_thinking(text: str) -> str | None:
    """Returns the text after the last ``</think>``; ``None`` if thinking is still open.

    Thinking is open when a ``<think>`` follows the last ``</think>`` (or there is a
    ``<think>`` and no ``</think>`` at all): the model never finished, so there is no answer.

    >>> strip_thinking("<think>hmm</think>done")
    'done'
    >>> strip_thinking("<think>still going") is None
    True
    >>> strip_thinking("<think>a</think> <think>\\boxed{1}") is None
    True
    """
    end = text.rfind("</think>")
    body = text[end + len("</think>") :] if end >= 0 else text
    if "<think>" in body:
        return None
    return body


def last_boxed(text: str) -> str | None:
    """Returns the content of the last ``\\boxed{...}`` whose braces balance, else ``None``.

    Escaped braces (``\\{``) are literal and do not count. Runs in linear time; long texts
    (megabytes of braces) take the vectorised path, which gives the same answer.

    >>> last_boxed(r"\\boxed{a} \\boxed{\\text{b}}")
    '\\\\text{b}'
    """
    last = text.rfind("\\boxed{")
    if last >= 0 and text.rfind("\\boxed") == last:  # common case: a plain last box
        end = text.find("}", last + 7)
        inner = text[last + 7 : end]
        if end >= 0 and "{" not in inner and "\\" not in inner:
            return inner
    if len(text) > _VECTOR_SCAN_CHARS:
        return _last_boxed_vectorised(text)
    return _last_boxed_scan(text)


def _last_boxed_scan(text: str) -> str | None:
    """The reference algorithm: match every brace after the first box with a stack."""
    starts = [m.end() - 1 for m in _BOXED.finditer(text)]
    if not starts:
        return None
    closing: dict[int, int] = {}
    stack: list[int] = []
    for match in _BRACES.finditer(text, starts[0]):
        if match.group() == "{":
            stack.append(match.start())
        elif stack:
            closing[stack.pop()] = match.start()
    for open_at in reversed(starts):
        close_at = closing.get(open_at)
        if close_at is not None:
            return text[open_at + 1 : close_at]
    return None


_WIDE_SPACE = re.compile("[\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
"""Whitespace that ``\\s`` matches beyond Latin-1 (the vectorised path maps it to a space)."""


def _is_space(data: np.ndarray) -> np.ndarray:
    """Marks the Latin-1 bytes that ``\\s`` matches (tab to return, separators, space,
    next line, no-break space)."""
    marks: np.ndarray = (
        ((data >= 9) & (data <= 13))
        | ((data >= 28) & (data <= 32))
        | (data == 0x85)
        | (data == 0xA0)
    )
    return marks


def _last_boxed_vectorised(text: str) -> str | None:
    """:func:`_last_boxed_scan` with numpy: a brace at ``p`` closes at the first later point
    where the running brace depth drops below its depth at ``p``, so a suffix minimum of the
    depth says at once whether a box closes. One character becomes one byte (others map to
    ``?``), so byte offsets are text offsets."""
    latin = _WIDE_SPACE.sub(" ", text) if _WIDE_SPACE.search(text) else text
    data = np.frombuffer(latin.encode("latin-1", "replace"), dtype=np.uint8)
    size = len(data)
    if size < 8:  # too short to hold a box with a brace after it
        return _last_boxed_scan(text)
    backslash = data == ord("\\")
    opens = data == ord("{")
    closes = data == ord("}")
    opens[1:] &= ~backslash[:-1]
    closes[1:] &= ~backslash[:-1]
    depth = np.cumsum(opens.view(np.int8) - closes.view(np.int8), dtype=np.int32)
    later_min = np.empty_like(depth)
    later_min[:-1] = np.minimum.accumulate(depth[::-1])[::-1][1:]
    later_min[-1] = np.iinfo(np.int32).max
    words = np.flatnonzero(backslash)
    words = words[words + 6 < size]
    for offset, char in enumerate(b"boxed", 1):
        words = words[data[words + offset] == char]
    ends = words + 6
    spaced = ends[_is_space(data[ends])]
    if len(spaced):  # "\\boxed {": the brace is the next non-space character
        solid = np.flatnonzero(~_is_space(data))
        found = np.searchsorted(solid, spaced)
        spaced = solid[found[found < len(solid)]]
    open_at = -1
    for starts in (ends, spaced):
        braces = starts[opens[starts]]
        closed = braces[later_min[braces] < depth[braces]]
        if len(closed):
            open_at = max(open_at, int(closed[-1]))
    if open_at < 0:
        return None
    close_at = open_at + 1 + int(np.argmax(depth[open_at + 1 :] < depth[open_at]))
    return text[open_at + 1 : close_at]


def last_tagged(text: str, tag: str = "answer") -> str | None:
    """Returns the content of the last ``<tag>...</tag>``, else ``None``.

    >>> last_tagged("<answer>1</answer> <answer> 2 </answer>")
    ' 2 '
    """
    close_tag = f"</{tag}>"
    end = text.rfind(close_tag)
    if end < 0:
        return None
    start = text.rfind(f"<{tag}>", 0, end)
    if start < 0:
        return None
    return text[start + len(tag) + 2 : end]


def unwrap_latex(payload: str) -> str:
    """Applies the one leniency rule every family reads its payload with.

    In order: Unicode NFKC normalisation (full-width digits and letters become ASCII),
    surrounding whitespace, surrounding ``$`` and a ``\\text{...}``-style wrapper (up to three
    layers), and one trailing full stop, outside or inside the wrapper. Grid families then
    read a number written ``1``, ``1.0`` or ``"1"`` alike
    (see :func:`taskgen.verifiers.grid.parse_int_grid`).

    >>> unwrap_latex(r" $\\text{1011}$ ")
    '1011'
    >>> unwrap_latex("\uff11\uff10\uff11.")
    '101'
    """
    value = payload.strip()
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value).strip()
    value = _drop_full_stop(value)
    if "$" in value or "\\" in value:
        for _ in range(3):
            if len(value) >= 2 and value[0] == "$" and value[-1] == "$":
                value = value.strip("$").strip()
            match = _LATEX_WRAPPER.match(value)
            if match is None:
                break
            value = match.group(1).strip()
        value = _drop_full_stop(value)
    return value


def _drop_full_stop(value: str) -> str:
    """Drops one sentence-ending full stop (not an ellipsis)."""
    if value.endswith(".") and not value.endswith(".."):
        return value[:-1].rstrip()
    return value


def extract_answer(text: str, container: Container = "boxed") -> Extraction:
    """Finds the answer payload of a completion under the shared protocol.

    ``container`` is ``"boxed"`` (the default), ``"answer"`` (``<answer>`` tags) or
    ``"auto"`` (the last box, else the last answer tags).
    """
    body = strip_thinking(text)
    if body is None:
        return Extraction(None, "no answer: <think> was never closed")
    payload: str | None = None
    if container in ("boxed", "auto"):
        payload = last_boxed(body)
    if payload is None and container in ("answer", "auto"):
        payload = last_tagged(body, "answer")
    if payload is None:
        wanted = {
            "boxed": "no \\boxed{} answer found",
            "answer": "no <answer></answer> found",
            "auto": "no \\boxed{} or <answer></answer> found",
        }
        return Extraction(None, wanted.get(container, "no answer found"))
    if len(payload) > MAX_PAYLOAD_CHARS:
        return Extraction(
            None, f"answer is too long ({len(payload)} characters; at most {MAX_PAYLOAD_CHARS})"
        )
    if not payload.strip():
        return Extraction(None, "the answer is empty")
    return Extraction(payload)


def boxed(payload: str) -> str:
    """Wraps a payload the way a perfect model would write it: ``\\boxed{payload}``."""
    return f"\\boxed{{{payload}}}"
