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
from dataclasses import dataclass
from typing import Literal, get_args

Container = Literal["boxed", "answer", "auto"]
CONTAINERS: tuple[str, ...] = get_args(Container)
MAX_PAYLOAD_CHARS = 100_000
"""Payloads longer than this are rejected before any family parser sees them."""

_BOXED = re.compile(r"\\boxed\s*\{")
_BRACES = re.compile(r"(?<!\\)[{}]")
_LATEX_WRAPPER = re.compile(r"^\\(?:text|textbf|texttt|mathrm|mathtt|mathbf)\s*\{(.*)\}$", re.S)


@dataclass(frozen=True)
class Extraction:
    """The payload found in a completion, or ``None`` with the reason it was not."""

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

    Escaped braces (``\\{``) are literal and do not count. Runs in linear time.

    >>> last_boxed(r"\\boxed{a} \\boxed{\\text{b}}")
    '\\\\text{b}'
    """
    last = text.rfind("\\boxed{")
    if last >= 0 and text.rfind("\\boxed") == last:  # common case: a plain last box
        end = text.find("}", last + 7)
        inner = text[last + 7 : end]
        if end >= 0 and "{" not in inner and "\\" not in inner:
            return inner
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
    """Strips whitespace, surrounding ``$`` and a ``\\text{...}``-style wrapper around a payload.

    >>> unwrap_latex(r" $\\text{1011}$ ")
    '1011'
    """
    value = payload.strip()
    if "$" not in value and "\\" not in value:  # nothing to unwrap (the common case)
        return value
    for _ in range(3):
        if len(value) >= 2 and value[0] == "$" and value[-1] == "$":
            value = value.strip("$").strip()
        match = _LATEX_WRAPPER.match(value)
        if match is None:
            break
        value = match.group(1).strip()
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
