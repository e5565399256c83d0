"""Arithmetic expressions with exact rationals: tokens, a parser, an evaluator, digit holes.

Not a family module (the leading underscore keeps it out of discovery). Nothing here calls
``eval``: text is split into tokens by hand and parsed by recursive descent.

Grammar (standard precedence; operators of one level group from the left)::

    expr   := term   (("+" | "-") term)*
    term   := factor (("*" | "/" | "%") factor)*
    factor := NUMBER | "(" expr ")"

A NUMBER is a run of digits, read in decimal (a leading 0 is allowed: ``07`` is seven); in
a *template* it may also hold ``?`` holes, one unknown digit each. There is no unary minus.

Meanings, over exact rationals (:class:`fractions.Fraction`):

* ``+``, ``-``, ``*``: as usual;
* ``a / b``: exact rational division (``7 / 2`` is 7/2); ``b = 0`` is an error;
* ``a % b``: only for whole numbers ``a`` and ``b`` with ``b != 0``; Python's floor modulo,
  ``a - b * floor(a / b)``, whose sign follows ``b`` (``-7 % 3 == 2``); anything else is an
  error.

>>> evaluate(parse(tokenize("(3 + 4) * 2 - 7 / 2")))
Fraction(21, 2)
>>> evaluate(parse(tokenize("1 - 8 % 3")))
Fraction(-1, 1)
>>> sorted(hole_counts(parse(tokenize("?+?", holes=True)), {}).items())[:3]
[(0, 1), (1, 2), (2, 3)]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

OPERATORS = "+-*/%"
"""Every binary operator the grammar knows."""
MAX_TOKENS = 400
"""Longest expression (in tokens) the tokenizer reads; longer text is refused."""
MAX_STATES = 60_000
"""Most distinct values one sub-expression may take while holes are enumerated."""

Value = int | Fraction
"""A value: an ``int`` when whole (faster), else a ``Fraction``."""

_ALIASES = (
    ("\\times", "*"),
    ("\\cdot", "*"),
    ("\\div", "/"),
    ("\\%", "%"),
    ("\\left", ""),
    ("\\right", ""),
    ("\u00d7", "*"),  # multiplication sign
    ("\u22c5", "*"),  # dot operator
    ("\u00b7", "*"),  # middle dot
    ("\u2217", "*"),  # asterisk operator
    ("\u00f7", "/"),  # division sign
    ("\u2212", "-"),  # minus sign
    ("\u2013", "-"),  # en dash
)
_TOKEN = re.compile(r"\s*(?:([0-9?]+)|([-+*/%()]))")


class ExprError(ValueError):
    """Raised when text is not an expression of the grammar; the message is a short reason."""


class EvalError(ValueError):
    """Raised when an expression has no value (a division by zero, a bad ``%``)."""


@dataclass(frozen=True)
class Num:
    """A number token; ``index`` counts numbers from the left, from 0."""

    text: str
    index: int


@dataclass(frozen=True)
class Bin:
    """A binary operation."""

    op: str
    left: Node
    right: Node


Node = Num | Bin
"""A node of a parsed expression."""


def normalise(text: str) -> str:
    """Replaces the operator spellings models use (``\\times``, ``×``, ``−``) by ASCII.

    >>> normalise("3 \\\\times 4 \u2212 1")
    '3 * 4 - 1'
    """
    for alias, plain in _ALIASES:
        text = text.replace(alias, plain)
    return text


def tokenize(text: str, *, holes: bool = False) -> list[str]:
    """Splits ``text`` into number, operator and parenthesis tokens.

    Whitespace separates tokens and is otherwise ignored (``1 2`` is two numbers).

    Raises:
        ExprError: a character outside the grammar, a ``?`` when ``holes`` is false, or
            more than :data:`MAX_TOKENS` tokens.
    """
    tokens: list[str] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            shown = text[position : position + 8].strip()
            raise ExprError(f"unexpected {shown!r} at character {position + 1}")
        token = match.group(1) or match.group(2)
        if not holes and "?" in token:
            raise ExprError("the answer still has a '?'")
        tokens.append(token)
        if len(tokens) > MAX_TOKENS:
            raise ExprError(f"more than {MAX_TOKENS} tokens")
        position = match.end()
    return tokens


def is_number(token: str) -> bool:
    """Returns whether a token is a number (digits and holes), not an operator or bracket."""
    return token[:1].isdigit() or token[:1] == "?"


def parse(tokens: Sequence[str]) -> Node:
    """Parses tokens by the grammar above.

    Raises:
        ExprError: the tokens are not one complete expression.

    >>> parse(["2", "*", "(", "3", "+", "4", ")"])
    Bin(op='*', left=Num(text='2', index=0), right=Bin(op='+', left=Num(text='3', index=1), \
right=Num(text='4', index=2)))
    """
    parser = _Parser(tokens)
    node = parser.expr(0)
    if parser.position != len(tokens):
        raise ExprError(f"unexpected {tokens[parser.position]!r} at token {parser.position + 1}")
    return node


class _Parser:
    """Recursive descent over a token list (depth is bounded by :data:`MAX_TOKENS`)."""

    def __init__(self, tokens: Sequence[str]) -> None:
        self.tokens = tokens
        self.position = 0
        self.numbers = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def expr(self, depth: int) -> Node:
        node = self.term(depth)
        while self.peek() in ("+", "-"):
            op = self.tokens[self.position]
            self.position += 1
            node = Bin(op, node, self.term(depth))
        return node

    def term(self, depth: int) -> Node:
        node = self.factor(depth)
        while self.peek() in ("*", "/", "%"):
            op = self.tokens[self.position]
            self.position += 1
            node = Bin(op, node, self.factor(depth))
        return node

    def factor(self, depth: int) -> Node:
        token = self.peek()
        where = f"token {self.position + 1}"
        if token is None:
            raise ExprError("the expression ends too early")
        if token == "(":
            if depth >= 60:
                raise ExprError("parentheses are nested too deeply")
            self.position += 1
            node = self.expr(depth + 1)
            if self.peek() != ")":
                raise ExprError(f"a '(' is not closed (at {where})")
            self.position += 1
            return node
        if is_number(token):
            self.position += 1
            self.numbers += 1
            return Num(token, self.numbers - 1)
        raise ExprError(f"expected a number or '(' at {where}, got {token!r}")


def apply(op: str, left: Value, right: Value) -> Value:
    """Applies one operator with the meanings above; whole results come back as ``int``.

    Raises:
        EvalError: division or ``%`` by zero, or ``%`` of a number that is not whole.

    >>> apply("/", 7, 2), apply("/", 8, 2), apply("%", -7, 3)
    (Fraction(7, 2), 4, 2)
    """
    if op == "+":
        result: Value = left + right
    elif op == "-":
        result = left - right
    elif op == "*":
        result = left * right
    elif op == "/":
        if right == 0:
            raise EvalError("divides by zero")
        result = Fraction(left) / right
    elif op == "%":
        if right == 0:
            raise EvalError("takes % by zero")
        whole_left, whole_right = _whole(left), _whole(right)
        if whole_left is None or whole_right is None:
            raise EvalError("takes % of a number that is not whole")
        result = whole_left % whole_right
    else:
        raise EvalError(f"unknown operator {op!r}")
    if isinstance(result, Fraction) and result.denominator == 1:
        return int(result.numerator)
    return result


def _whole(value: Value) -> int | None:
    if isinstance(value, int):
        return value
    return int(value.numerator) if value.denominator == 1 else None


def evaluate(node: Node, values: Mapping[int, int] | None = None) -> Fraction:
    """Returns the exact value of ``node``; ``values`` overrides numbers by index.

    Raises:
        EvalError: some operation has no value.
    """

    def walk(current: Node) -> Value:
        if isinstance(current, Num):
            if values is not None and current.index in values:
                return values[current.index]
            return int(current.text)
        return apply(current.op, walk(current.left), walk(current.right))

    return Fraction(walk(node))


def numbers(node: Node) -> list[Num]:
    """Returns the number leaves of ``node`` from left to right."""
    if isinstance(node, Num):
        return [node]
    return [*numbers(node.left), *numbers(node.right)]


def spaced(tokens: Sequence[str]) -> str:
    """Writes tokens for reading: spaces around operators, none inside brackets.

    >>> spaced(["(", "3", "+", "?", ")", "*", "4"])
    '(3 + ?) * 4'
    """
    return "".join(f" {t} " if t in OPERATORS else t for t in tokens)


# -- digit holes ------------------------------------------------------------------------------


class TooManyStates(ValueError):
    """Raised when enumerating holes would track more than :data:`MAX_STATES` values."""


def leaf_options(
    text: str, allowed: Mapping[int, Sequence[int]], first_hole: int
) -> dict[Value, int]:
    """Returns value -> number of fillings of one number template such as ``"1?3"``.

    Holes are numbered from ``first_hole`` in reading order; ``allowed`` restricts the
    digits of some holes (default: 0-9).
    """
    counts: dict[Value, int] = {0: 1}
    hole = first_hole
    for char in text:
        if char == "?":
            digits: Sequence[int] = allowed.get(hole, range(10))
            hole += 1
        else:
            digits = (int(char),)
        following: dict[Value, int] = {}
        for value, count in counts.items():
            for digit in digits:
                key: Value = value * 10 + digit
                following[key] = following.get(key, 0) + count
        counts = following
    return counts


def hole_counts(
    node: Node,
    allowed: Mapping[int, Sequence[int]],
    *,
    cap: int | None = None,
    budget: int = 200_000,
) -> dict[Value, int]:
    """Returns value -> number of hole fillings giving it, for a template expression.

    Fillings whose value is undefined (a division by zero, a bad ``%``) are left out.
    Each hole is one digit 0-9 unless ``allowed`` (hole index -> digits) restricts it;
    holes are numbered in reading order from 0. Sub-expressions are disjoint in their
    holes, so combining the value tables of the two sides of each operator is exact.
    Counts are capped at ``cap`` when given (``cap=2`` answers "none, one or several?").

    Raises:
        TooManyStates: combining the tables would take more than ``budget`` operations
            in all, or a table would hold more than :data:`MAX_STATES` values. The limit
            depends on the template alone, so the outcome is the same in every process.
    """
    first: dict[int, int] = {}
    seen = 0
    for leaf in numbers(node):
        first[leaf.index] = seen
        seen += leaf.text.count("?")
    spent = 0

    def walk(current: Node) -> dict[Value, int]:
        nonlocal spent
        if isinstance(current, Num):
            return leaf_options(current.text, allowed, first[current.index])
        left, right = walk(current.left), walk(current.right)
        spent += len(left) * len(right)
        if spent > budget:
            raise TooManyStates(f"more than {budget} operations")
        result: dict[Value, int] = {}
        op = current.op
        for a, count_a in left.items():
            for b, count_b in right.items():
                try:
                    value = apply(op, a, b)
                except EvalError:
                    continue
                total = result.get(value, 0) + count_a * count_b
                result[value] = total if cap is None else min(total, cap)
        if len(result) > MAX_STATES:
            raise TooManyStates(f"{len(result)} values")
        return result

    return walk(node)
