"""Operation: evaluate an expression built with newly defined operator symbols.

Description:
    The idea of SynLogic's ``operation`` task (symbol redefinition, arXiv 2505.19641),
    implemented here from its description. New binary operators (``⊕``, ``△``, ...) are
    defined by formulas in ``x`` and ``y``: ``x ⊕ y = 2*x - y``, possibly through an earlier
    new operator (``x △ y = (x ⊕ y) * y``) and possibly with one condition (``x ◇ y = x + y
    if x is even, otherwise x * y``). A precedence table gives every operator a level (a
    higher level binds tighter) and a grouping direction. The model evaluates one expression.

    Meanings, all exact (rationals, :class:`fractions.Fraction`): ``+ - *`` as usual; ``/``
    exact division (only ever by a whole number written in a formula, never zero); ``^`` a
    power with a small whole exponent written in the formula; ``abs(t)`` the absolute value.
    ``a ⊕ b`` evaluates ``a`` and ``b`` first, then puts ``x = a`` and ``y = b`` into the
    formula (after choosing the branch, for a conditional operator). Conditions: "x is
    even" / "x is odd" / "y is even" / "y is odd" / "x + y is even" / "x + y is odd" hold
    only for a number that is a whole number (even: divisible by 2; odd: not); a fraction is
    neither even nor odd, so such a condition is false and the "otherwise" formula applies;
    "x is a multiple of 3" likewise holds only for a whole number divisible by 3; "x > y"
    and "x < y" compare exactly.

    Built-in levels: ``^`` 6 (right to left), ``* /`` 4, ``+ -`` 2 (left to right). New
    operators sit at levels 1, 3 or 5, between the built-ins, so no level mixes built-in and
    new operators; all new operators of one level share its direction (left to right or
    right to left, drawn per level and stated). Formulas follow the usual rules and always
    bracket an application of a new operator.

    One engine reads everything: a tokenizer and a precedence-climbing parser of this
    module read the formulas and the expression from the instance's text (the generator
    renders its trees and then computes the gold from the rendered text), and an evaluator
    with exact rationals computes the value. Nothing is passed to ``eval`` or ``sympify``:
    the original expanded symbols textually and ran Python ``eval`` with SIGALRM timeouts
    (Unix only), and compared answers with ``math_verify`` on the whole response. Here sizes
    are bounded by construction: every intermediate numerator and denominator must stay
    within ``10**9`` and one evaluation within 20,000 operations (an instance that breaks
    either is invalid); a generated value is at most 20,000 in size with a denominator of
    at most 100; a draw outside these bounds is drawn again, so evaluation is always fast.

    Generation keeps a formula only when it depends on both ``x`` and ``y`` (tested at
    sample points), is not a built-in renamed (``x + y``, ``x * y``, ``x - y``, ``y - x``)
    and stays within 1000 at ``x, y = 7, 6`` and ``6, 7`` (explosive formulas chained make
    nearly every expression exceed the bounds), and the two branches of a condition
    differ. It keeps an expression only when its value differs from the lazy readings:
    every new operator read as ``+``, or as ``*`` (with the usual precedence), and 0.
    Expressions use whole numbers 1-7; 16 expressions are tried per set of definitions.

Instance:
    ``{"operators": [{"symbol": "⊕", "level": 3, "assoc": "left", "formula": "2*x - y",
    "condition": null, "otherwise": null}, ...], "expression": "3 ⊕ 4 * (2 △ 5)"}``.
    ``condition`` is one of the texts above and ``otherwise`` its second formula (both or
    neither). A formula may use ``x``, ``y``, whole numbers, ``+ - * / ^``, ``abs(...)``,
    brackets and operators defined **before** it; ``/`` and ``^`` need a whole number
    written on their right (``/`` non-zero, ``^`` 0-4). The expression uses whole numbers,
    ``+ - *``, brackets and the new operators. Anything else, two operators of one level
    with different directions, or a value that exceeds the bounds makes the instance
    invalid.

Answer format:
    The exact value as one number inside ``\\boxed{}``: an integer (``-12``), a fraction
    (``7/2``, ``-7/2``, ``(-7)/2``, ``14/4``), LaTeX ``\\frac{7}{2}`` (also ``\\dfrac``,
    ``\\tfrac``, a sign in front or inside), or a terminating decimal (``3.5``) read exactly
    (``0.333`` is not ``1/3``). Spaces are ignored. The gold is written in lowest terms.
    Anything that is not one number (an expression, ``x = 3``, text) is a format error.

Scoring:
    0/1 by exact rational equality. No partial credit (the answer is not a grid of cells).
    The reason says the written value is not the expression's, without giving the value.

Difficulty:
    More new operators, definitions through earlier ones (a chain), conditional operators,
    a longer expression with brackets, longer formulas, then powers and divisions.
    ``hardness`` is ``operands + brackets + 3 * operators + 3 * nested + 2 * conditions
    + (1 if a formula has ^) + (1 if a formula has /)``.

    =====  =========  ======  ==========  ========  ========  =========  =====  ========
    level  operators  nested  conditions  operands  brackets  max terms  power  division
    =====  =========  ======  ==========  ========  ========  =========  =====  ========
    1      1          0       0           2         0         3          no     no
    2      1          0       0           3         0         3          no     no
    3      2          0       1           3         0         3          no     no
    4      2          1       1           4         0         3          yes    no
    5      2          1       1           5         1         3          yes    yes
    6      3          1       2           5         1         4          yes    yes
    7      3          2       2           6         1         4          yes    yes
    8      3          2       2           7         2         4          yes    yes
    9      4          3       3           8         2         4          yes    yes
    10     4          3       4           9         2         5          yes    yes
    =====  =========  ======  ==========  ========  ========  =========  =====  ========

    SynLogic's ``run.sh`` used 1-4 symbols and formulas of 3-5 variable slots, condition
    rate 0.5.

Knobs:
    ``symbols`` (1-6 new operators), ``nested`` (0 to symbols - 1: the last ``nested``
    operators are each defined through the one before), ``conditions`` (0 to symbols),
    ``operands`` (symbols + 1 to 12, at least 2), ``parens`` (bracket groups in the
    expression, at most (operands - 1) // 2), ``max_terms`` (2-6 leaves per formula),
    ``power`` and ``division`` (booleans: formulas may square or cube a variable, or divide
    by 2 or 3).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``operation``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.verifiers.extract import unwrap_latex

SYMBOLS: tuple[str, ...] = ("⊕", "⊗", "△", "▽", "◇", "☆", "□", "○")
"""Characters new operators are drawn from."""
BUILTIN_LEVELS: dict[str, tuple[int, str]] = {
    "^": (6, "right"),
    "*": (4, "left"),
    "/": (4, "left"),
    "+": (2, "left"),
    "-": (2, "left"),
}
NEW_LEVELS: tuple[int, ...] = (1, 3, 5)
"""Levels a new operator may take: between the built-ins, so no level mixes the two."""
CONDITIONS: tuple[str, ...] = (
    "x is even",
    "x is odd",
    "y is even",
    "y is odd",
    "x + y is even",
    "x + y is odd",
    "x is a multiple of 3",
    "x > y",
    "x < y",
)
LIMIT = 10**9
"""Largest numerator or denominator any intermediate value may have."""
MAX_VALUE = 20_000
"""Largest absolute value of a generated expression."""
MAX_DENOMINATOR = 100
GROWTH = 1000
"""Largest value a formula may take at x, y = 7, 6 or 6, 7 (see :func:`_grows`)."""
MAX_OPS = 20_000
"""Most arithmetic operations one evaluation may take."""
MAX_DRAWS = 3000
EXPRESSIONS_PER_DRAW = 16
"""Expressions tried with one set of definitions before new definitions are drawn."""
MAX_TEXT = 400
MAX_PAYLOAD = 200

Assoc = Literal["left", "right"]

LEVELS: dict[int, tuple[int, int, int, int, int, int, bool, bool]] = {
    1: (1, 0, 0, 2, 0, 3, False, False),
    2: (1, 0, 0, 3, 0, 3, False, False),
    3: (2, 0, 1, 3, 0, 3, False, False),
    4: (2, 1, 1, 4, 0, 3, True, False),
    5: (2, 1, 1, 5, 1, 3, True, True),
    6: (3, 1, 2, 5, 1, 4, True, True),
    7: (3, 2, 2, 6, 1, 4, True, True),
    8: (3, 2, 2, 7, 2, 4, True, True),
    9: (4, 3, 3, 8, 2, 4, True, True),
    10: (4, 3, 4, 9, 2, 5, True, True),
}
"""Level -> (symbols, nested, conditions, operands, parens, max_terms, power, division)."""


class OperationKnobs(BaseModel):
    """Knobs of the ``operation`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    symbols: int = Field(ge=1, le=6, description="new operators")
    nested: int = Field(default=0, ge=0, le=5, description="operators defined through another")
    conditions: int = Field(default=0, ge=0, le=6, description="operators with a condition")
    operands: int = Field(ge=2, le=12, description="numbers in the expression")
    parens: int = Field(default=0, ge=0, le=5, description="bracket groups in the expression")
    max_terms: int = Field(default=3, ge=2, le=6, description="most leaves of a formula")
    power: bool = Field(default=False, description="formulas may square or cube a variable")
    division: bool = Field(default=False, description="formulas may divide by 2 or 3")


# -- tokens, trees, parser ----------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:(\d{1,12})|(abs|x|y)|([-+*/^()]|[" + "".join(SYMBOLS) + "]))")


class SyntaxProblem(ValueError):
    """Raised when a formula or expression is not in the grammar."""


class TooBig(ValueError):
    """Raised when an evaluation exceeds :data:`LIMIT` or :data:`MAX_OPS`."""


@dataclass(frozen=True)
class Num:
    """A whole number written in the text."""

    value: int


@dataclass(frozen=True)
class Var:
    """``x`` or ``y``."""

    name: str


@dataclass(frozen=True)
class Abs:
    """``abs(inner)``."""

    inner: Node


@dataclass(frozen=True)
class Bin:
    """A binary operation, built-in or new."""

    op: str
    left: Node
    right: Node


Node = Num | Var | Abs | Bin
Table = dict[str, tuple[int, str]]
"""Operator -> (level, direction)."""


def tokenize(text: str) -> list[str]:
    """Splits text into numbers, ``x``, ``y``, ``abs``, operators and brackets.

    >>> tokenize("2*x ⊕ abs(y-1)")
    ['2', '*', 'x', '⊕', 'abs', '(', 'y', '-', '1', ')']
    """
    tokens: list[str] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise SyntaxProblem(f"unexpected {text[position : position + 6].strip()!r}")
        tokens.append(match.group(match.lastindex or 0))
        position = match.end()
    return tokens


class _Parser:
    """Precedence climbing over tokens with a table of levels and directions."""

    def __init__(self, tokens: list[str], table: Table) -> None:
        self.tokens = tokens
        self.table = table
        self.position = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def expr(self, floor: int, depth: int) -> Node:
        if depth > 40:
            raise SyntaxProblem("brackets are nested too deeply")
        left = self.primary(depth)
        while True:
            op = self.peek()
            if op is None or op not in self.table:
                return left
            level, direction = self.table[op]
            if level < floor:
                return left
            self.position += 1
            right = self.expr(level + 1 if direction == "left" else level, depth + 1)
            left = Bin(op, left, right)

    def primary(self, depth: int) -> Node:
        token = self.peek()
        if token is None:
            raise SyntaxProblem("the text ends too early")
        self.position += 1
        if token.isdigit():
            return Num(int(token))
        if token in ("x", "y"):
            return Var(token)
        if token in ("abs", "("):
            if token == "abs" and self.peek() != "(":
                raise SyntaxProblem("abs needs brackets")
            self.position += token == "abs"
            inner = self.expr(0, depth + 1)
            if self.peek() != ")":
                raise SyntaxProblem("a '(' is not closed")
            self.position += 1
            return Abs(inner) if token == "abs" else inner
        raise SyntaxProblem(f"unexpected {token!r}")


def parse(text: str, table: Table) -> Node:
    """Parses a formula or an expression with the operator ``table``.

    >>> parse("1 + 2 * 3", BUILTIN_LEVELS)
    Bin(op='+', left=Num(value=1), right=Bin(op='*', left=Num(value=2), right=Num(value=3)))
    """
    parser = _Parser(tokenize(text), table)
    node = parser.expr(0, 0)
    if parser.position != len(parser.tokens):
        raise SyntaxProblem(f"unexpected {parser.tokens[parser.position]!r}")
    return node


def walk(node: Node) -> list[Node]:
    """Returns every node of a tree (pre-order)."""
    if isinstance(node, Bin):
        return [node, *walk(node.left), *walk(node.right)]
    if isinstance(node, Abs):
        return [node, *walk(node.inner)]
    return [node]


def render(node: Node, table: Table, bracket_new: bool) -> str:
    """Writes a tree with the fewest brackets ``table`` needs; ``bracket_new`` brackets
    every application of a new operator (as formulas do).

    >>> render(parse("(1 + 2) * 3 - (4 - 5)", BUILTIN_LEVELS), BUILTIN_LEVELS, False)
    '(1 + 2) * 3 - (4 - 5)'
    """
    if isinstance(node, Num):
        return str(node.value)
    if isinstance(node, Var):
        return node.name
    if isinstance(node, Abs):
        return f"abs({render(node.inner, table, bracket_new)})"
    level, direction = table[node.op]

    def side(child: Node, is_left: bool) -> str:
        text = render(child, table, bracket_new)
        if not isinstance(child, Bin) or (bracket_new and child.op not in BUILTIN_LEVELS):
            return text  # a new operator's application is bracketed by itself
        inner = table[child.op][0]
        tight = direction == ("right" if is_left else "left")
        return f"({text})" if inner < level or (inner == level and tight) else text

    text = f"{side(node.left, True)} {node.op} {side(node.right, False)}"
    if node.op == "^":
        text = text.replace(" ^ ", "^")
    return f"({text})" if bracket_new and node.op not in BUILTIN_LEVELS else text


# -- definitions and evaluation -----------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    """One new operator: its formula, and its condition with the second formula."""

    symbol: str
    level: int
    assoc: str
    formula: Node
    condition: str | None = None
    otherwise: Node | None = None


def _parity(value: Fraction, divisor: int) -> bool | None:
    """Returns whether a whole number is divisible by ``divisor``; None for a fraction."""
    if value.denominator != 1:
        return None
    return value.numerator % divisor == 0


def holds(condition: str, x: Fraction, y: Fraction) -> bool:
    """Returns whether a condition holds (a fraction is neither even nor odd).

    >>> holds("x is even", Fraction(4), Fraction(1)), holds("x is odd", Fraction(3, 2), 0)
    (True, False)
    """
    subject = x + y if condition.startswith("x + y") else (y if condition[0] == "y" else x)
    if condition.endswith("is even"):
        return _parity(subject, 2) is True
    if condition.endswith("is odd"):
        return _parity(subject, 2) is False
    if condition.endswith("multiple of 3"):
        return _parity(subject, 3) is True
    return x > y if condition == "x > y" else x < y


class Evaluator:
    """Evaluates trees with the definitions, exactly, within :data:`LIMIT` and :data:`MAX_OPS`."""

    def __init__(self, definitions: dict[str, Definition]) -> None:
        self.definitions = definitions
        self.ops = 0
        self.known: dict[tuple[str, Fraction, Fraction], Fraction] = {}
        """Applications already computed (a new operator is a pure function)."""

    def value(self, node: Node, x: Fraction | None = None, y: Fraction | None = None) -> Fraction:
        if isinstance(node, Num):
            return Fraction(node.value)
        if isinstance(node, Var):
            found = x if node.name == "x" else y
            if found is None:
                raise SyntaxProblem("x and y belong in formulas only")
            return found
        if isinstance(node, Abs):
            return abs(self.value(node.inner, x, y))
        left, right = self.value(node.left, x, y), self.value(node.right, x, y)
        self.ops += 1
        if self.ops > MAX_OPS:
            raise TooBig(f"more than {MAX_OPS} operations")
        if node.op in BUILTIN_LEVELS:
            result = _builtin(node.op, left, right)
        else:
            result = self.apply(node.op, left, right)
        if abs(result.numerator) > LIMIT or result.denominator > LIMIT:
            raise TooBig("a value grows beyond 10^9")
        return result

    def apply(self, symbol: str, x: Fraction, y: Fraction) -> Fraction:
        key = (symbol, x, y)
        if key not in self.known:
            self.known[key] = self._apply(symbol, x, y)
        return self.known[key]

    def _apply(self, symbol: str, x: Fraction, y: Fraction) -> Fraction:
        definition = self.definitions[symbol]
        formula = definition.formula
        otherwise, condition = definition.otherwise, definition.condition
        if otherwise is not None and condition is not None and not holds(condition, x, y):
            formula = otherwise
        return self.value(formula, x, y)


def _builtin(op: str, left: Fraction, right: Fraction) -> Fraction:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        if right == 0:
            raise TooBig("division by zero")
        return left / right
    if right.denominator != 1 or not 0 <= right <= 4:
        raise TooBig("a power needs a whole exponent 0-4")
    return left ** int(right)


def table_of(definitions: list[Definition]) -> Table:
    """Returns the full operator table: built-ins and the new operators."""
    table = dict(BUILTIN_LEVELS)
    for definition in definitions:
        table[definition.symbol] = (definition.level, definition.assoc)
    return table


def read_definitions(raw: list[dict[str, Any]]) -> list[Definition]:
    """Parses the instance's operators, checking every rule of the grammar.

    Raises:
        ValueError: a rule is broken (the message names the operator).
    """
    definitions: list[Definition] = []
    directions: dict[int, str] = {}
    for entry in raw:
        symbol = entry["symbol"]
        if symbol not in SYMBOLS or any(d.symbol == symbol for d in definitions):
            raise ValueError(f"operator {symbol!r} is not a new, unused symbol of {SYMBOLS}")
        level, assoc = entry["level"], entry["assoc"]
        if level not in NEW_LEVELS or assoc not in ("left", "right"):
            raise ValueError(f"{symbol}: level must be one of {NEW_LEVELS}, assoc left/right")
        if directions.setdefault(level, assoc) != assoc:
            raise ValueError(f"{symbol}: level {level} already groups the other way")
        condition, otherwise = entry["condition"], entry["otherwise"]
        if (condition is None) != (otherwise is None):
            raise ValueError(f"{symbol}: condition and otherwise come together")
        if condition is not None and condition not in CONDITIONS:
            raise ValueError(f"{symbol}: unknown condition {str(condition)[:30]!r}")
        known = table_of(definitions)
        formulas = [entry["formula"]] + ([otherwise] if otherwise is not None else [])
        trees = []
        for text in formulas:
            if len(text) > MAX_TEXT:
                raise ValueError(f"{symbol}: a formula is longer than {MAX_TEXT} characters")
            try:
                tree = parse(text, known)
            except SyntaxProblem as exc:
                raise ValueError(f"{symbol}: formula {text[:30]!r}: {exc}") from None
            _check_literals(tree, symbol)
            trees.append(tree)
        definitions.append(
            Definition(symbol, level, assoc, trees[0], condition, trees[1] if otherwise else None)
        )
    return definitions


def _check_literals(tree: Node, where: str) -> None:
    for node in walk(tree):
        if isinstance(node, Bin) and node.op in "/^":
            right = node.right
            if not isinstance(right, Num) or (node.op == "/" and right.value == 0):
                raise ValueError(f"{where}: '{node.op}' needs a (non-zero) whole number after it")
            if node.op == "^" and right.value > 4:
                raise ValueError(f"{where}: exponents are 0-4")


class OperationInstance(BaseModel):
    """``Task.instance`` of the ``operation`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    operators: list[dict[str, Any]] = Field(min_length=1, max_length=len(SYMBOLS))
    expression: str = Field(min_length=1, max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _consistent(self) -> OperationInstance:
        keys = {"symbol", "level", "assoc", "formula", "condition", "otherwise"}
        for entry in self.operators:
            if set(entry) != keys:
                raise ValueError(f"each operator needs exactly the keys {sorted(keys)}")
            if not all(isinstance(entry[k], str) for k in ("symbol", "assoc", "formula")):
                raise ValueError("symbol, assoc and formula must be strings")
            if not isinstance(entry["level"], int) or isinstance(entry["level"], bool):
                raise ValueError("level must be an integer")
            if not all(isinstance(entry[k], str | None) for k in ("condition", "otherwise")):
                raise ValueError("condition and otherwise must be strings or null")
        definitions = read_definitions(self.operators)
        try:
            tree = parse(self.expression, table_of(definitions))
        except SyntaxProblem as exc:
            raise ValueError(f"expression: {exc}") from None
        for node in walk(tree):
            if isinstance(node, Var | Abs) or (isinstance(node, Bin) and node.op in "/^"):
                raise ValueError("the expression may use numbers, + - *, brackets, new operators")
        try:
            Evaluator({d.symbol: d for d in definitions}).value(tree)
        except TooBig as exc:
            raise ValueError(f"expression has no value within the bounds: {exc}") from None
        return self


def value_of(instance: dict[str, Any]) -> Fraction:
    """Returns the exact value of a (validated) instance's expression (cached per instance,
    so the completions of one prompt share one evaluation)."""
    return _value(json.dumps(instance, sort_keys=True, ensure_ascii=False))


@lru_cache(maxsize=1024)
def _value(key: str) -> Fraction:
    instance = json.loads(key)
    definitions = read_definitions(instance["operators"])
    tree = parse(instance["expression"], table_of(definitions))
    return Evaluator({d.symbol: d for d in definitions}).value(tree)


def lazy_values(instance: dict[str, Any]) -> dict[str, Fraction]:
    """Returns the values of the lazy readings: every new operator read as ``+`` or ``*``
    (with the usual precedence), and 0."""
    found: dict[str, Fraction] = {"zero": Fraction(0)}
    for name, op in (("as-plus", "+"), ("as-times", "*")):
        text = instance["expression"]
        for entry in instance["operators"]:
            text = text.replace(entry["symbol"], op)
        try:
            found[name] = Evaluator({}).value(parse(text, BUILTIN_LEVELS))
        except (SyntaxProblem, TooBig):
            continue
    return found


# -- generation ---------------------------------------------------------------------------------


def _leaf(rng: random.Random) -> Node:
    return rng.choice((Var("x"), Var("y"), Num(rng.randint(1, 5))))


def _tree(leaves: list[Node], rng: random.Random) -> Node:
    if len(leaves) == 1:
        return leaves[0]
    cut = rng.randint(1, len(leaves) - 1)
    op = rng.choices(("+", "-", "*"), weights=(0.35, 0.3, 0.35))[0]
    return Bin(op, _tree(leaves[:cut], rng), _tree(leaves[cut:], rng))


def _replace(node: Node, target: Node, new: Node) -> Node:
    """Returns ``node`` with the subtree ``target`` (by identity) replaced by ``new``."""
    if node is target:
        return new
    if isinstance(node, Bin):
        return Bin(node.op, _replace(node.left, target, new), _replace(node.right, target, new))
    if isinstance(node, Abs):
        return Abs(_replace(node.inner, target, new))
    return node


def draw_formula(knobs: OperationKnobs, reference: str | None, rng: random.Random) -> Node:
    """Draws a formula in x and y: 2 to ``max_terms`` leaves under + - *, maybe a power, an
    ``abs``, a division by 2 or 3, and an application of ``reference``."""
    count = rng.randint(2, knobs.max_terms)
    leaves = [Var("x"), Var("y")] + [_leaf(rng) for _ in range(count - 2)]
    rng.shuffle(leaves)
    tree = _tree(leaves, rng)
    if reference is not None:
        spots = [n for n in walk(tree) if isinstance(n, Var)]
        a, b = rng.choice(((Var("x"), Var("y")), (Var("y"), Var("x")), (Var("x"), Num(2))))
        tree = _replace(tree, rng.choice(spots), Bin(reference, a, b))
    if knobs.power and rng.random() < 0.3:
        base = rng.choice([n for n in walk(tree) if isinstance(n, Var)])
        tree = _replace(tree, base, Bin("^", base, Num(rng.choice((2, 2, 2, 3)))))
    if rng.random() < 0.2:
        sums = [n for n in walk(tree) if isinstance(n, Bin) and n.op in "+-"]
        if sums:
            group = rng.choice(sums)
            tree = _replace(tree, group, Abs(group))
    if knobs.division and rng.random() < 0.3:
        tree = Bin("/", tree, Num(rng.choice((2, 3))))
    return tree


_PROBES: tuple[Fraction, ...] = (Fraction(-2), Fraction(1), Fraction(3), Fraction(7, 2))


_PLAIN_FORMULAS: tuple[tuple[str, Any], ...] = (
    ("+", lambda a, b: a + b),
    ("*", lambda a, b: a * b),
    ("x - y", lambda a, b: a - b),
    ("y - x", lambda a, b: b - a),
)
"""Formulas that would only rename a built-in operator."""


def _depends(evaluator: Evaluator, formula: Node) -> bool:
    """Returns whether a formula changes with x and with y at some probe points and is not
    a built-in operator renamed (x + y, x * y, x - y, y - x at every probe point)."""
    seen: dict[tuple[Fraction, Fraction], Fraction] = {}

    def at(a: Fraction, b: Fraction) -> Fraction:
        if (a, b) not in seen:
            seen[a, b] = evaluator.value(formula, a, b)
        return seen[a, b]

    on_x = any(at(a, b) != at(_PROBES[0], b) for a in _PROBES[1:] for b in _PROBES[:2])
    on_y = any(at(a, b) != at(a, _PROBES[0]) for b in _PROBES[1:] for a in _PROBES[:2])
    renamed = any(
        all(at(a, b) == plain(a, b) for a in _PROBES for b in _PROBES)
        for _, plain in _PLAIN_FORMULAS
    )
    return on_x and on_y and not renamed


def _grows(evaluator: Evaluator, formula: Node) -> bool:
    """Returns whether a formula is explosive: more than :data:`GROWTH` at x, y = 7, 6 or
    6, 7 (such operators chained make nearly every expression exceed the bounds)."""
    return any(
        abs(evaluator.value(formula, Fraction(a), Fraction(b))) > GROWTH
        for a, b in ((7, 6), (6, 7))
    )


def draw_definitions(knobs: OperationKnobs, rng: random.Random) -> list[Definition]:
    """Draws the new operators: symbols, levels, directions, formulas and conditions."""
    symbols = rng.sample(SYMBOLS, knobs.symbols)
    directions = {level: rng.choice(("left", "right")) for level in NEW_LEVELS}
    conditional = set(rng.sample(range(knobs.symbols), knobs.conditions))
    definitions: list[Definition] = []
    for index, symbol in enumerate(symbols):
        level = rng.choice(NEW_LEVELS)
        reference = symbols[index - 1] if index >= knobs.symbols - knobs.nested else None
        evaluator = Evaluator({d.symbol: d for d in definitions})
        for _ in range(100):
            try:
                formula = draw_formula(knobs, reference, rng)
                if not _depends(evaluator, formula) or _grows(evaluator, formula):
                    continue
                condition, otherwise = None, None
                if index in conditional:
                    condition = rng.choice(CONDITIONS)
                    otherwise = draw_formula(knobs, reference, rng)
                    if (
                        _grows(evaluator, otherwise)
                        or not _depends(evaluator, otherwise)
                        or all(
                            evaluator.value(formula, a, b) == evaluator.value(otherwise, a, b)
                            for a in _PROBES
                            for b in _PROBES
                        )
                    ):
                        continue
                break
            except TooBig:
                continue
        else:
            raise InvalidParamsError("operation: no formula found; use other knobs")
        definitions.append(
            Definition(symbol, level, directions[level], formula, condition, otherwise)
        )
    return definitions


def draw_expression(
    knobs: OperationKnobs, definitions: list[Definition], rng: random.Random
) -> str:
    """Draws the expression's text: every new operator at least once, brackets, numbers."""
    symbols = [d.symbol for d in definitions]
    ops = symbols + [
        rng.choice(symbols) if rng.random() < 0.5 else rng.choice("+-*")
        for _ in range(knobs.operands - 1 - len(symbols))
    ]
    rng.shuffle(ops)
    numbers = [str(rng.randint(1, 7)) for _ in range(knobs.operands)]
    spans: list[tuple[int, int]] = []
    for _ in range(20 * knobs.parens):
        if len(spans) == knobs.parens:
            break
        width = rng.randint(2, min(3, knobs.operands - 1))
        start = rng.randint(0, knobs.operands - width)
        if all(start + width <= a or b <= start for a, b in spans):
            spans.append((start, start + width))
    parts: list[str] = []
    for index, number in enumerate(numbers):
        opening = "(" * sum(1 for a, _ in spans if a == index)
        closing = ")" * sum(1 for _, b in spans if b == index + 1)
        parts.append(opening + number + closing)
        if index < len(ops):
            parts.append(ops[index])
    return " ".join(parts)


def as_entry(definition: Definition, table: Table) -> dict[str, Any]:
    """Writes a definition as the instance's dict (formulas rendered as text)."""
    otherwise = definition.otherwise
    return {
        "symbol": definition.symbol,
        "level": definition.level,
        "assoc": definition.assoc,
        "formula": render(definition.formula, table, True),
        "condition": definition.condition,
        "otherwise": None if otherwise is None else render(otherwise, table, True),
    }


def write_value(value: Fraction) -> str:
    """Writes a value as the gold: an integer or a fraction in lowest terms.

    >>> write_value(Fraction(-7, 2)), write_value(Fraction(4))
    ('-7/2', '4')
    """
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def generate_instance(knobs: OperationKnobs, rng: random.Random) -> tuple[dict[str, Any], Fraction]:
    """Draws an instance whose value is within the bounds and no lazy reading's."""
    for draw in range(MAX_DRAWS):
        if draw % EXPRESSIONS_PER_DRAW == 0:
            drawn = draw_definitions(knobs, rng)
            entries = [as_entry(d, table_of(drawn)) for d in drawn]
            definitions = read_definitions(entries)  # the rendered text, as the checker reads it
            table = table_of(definitions)
            evaluator = Evaluator({d.symbol: d for d in definitions})
        expression = draw_expression(knobs, drawn, rng)
        instance = {"operators": entries, "expression": expression}
        try:
            evaluator.ops = 0
            value = evaluator.value(parse(expression, table))
        except TooBig:
            continue
        if abs(value) > MAX_VALUE or value.denominator > MAX_DENOMINATOR:
            continue
        if value in lazy_values(instance).values():
            continue
        return instance, value
    raise InvalidParamsError(
        f"operation: no expression within the bounds in {MAX_DRAWS} draws with "
        f"{knobs.model_dump()}; use fewer operands or no powers"
    )


# -- prompt -------------------------------------------------------------------------------------

FORMAT_EXAMPLE = "-\\frac{1}{1000001}"
"""Its denominator exceeds any gold's (at most 1000), so it is never the answer."""


def _direction(assoc: str) -> str:
    return "left to right" if assoc == "left" else "right to left"


def render_prompt(instance: dict[str, Any]) -> str:
    """Writes the prompt: definitions, precedence table, meanings, expression, answer format."""
    lines = []
    for entry in instance["operators"]:
        s = entry["symbol"]
        if entry["condition"] is None:
            lines.append(f"- x {s} y = {entry['formula']}")
        else:
            lines.append(
                f"- x {s} y = {entry['formula']} if {entry['condition']}; "
                f"otherwise x {s} y = {entry['otherwise']}"
            )
    uses_power = any("^" in (e["formula"] + (e["otherwise"] or "")) for e in instance["operators"])
    rows: dict[int, list[str]] = {2: ["+", "-"], 4: ["*", "/"]}
    direction = {2: "left", 4: "left", 6: "right"}
    if uses_power:
        rows[6] = ["^"]
    for entry in instance["operators"]:
        rows.setdefault(entry["level"], []).append(entry["symbol"])
        direction[entry["level"]] = entry["assoc"]
    table = "\n".join(
        f"- level {level}: {' '.join(rows[level])} (grouped {_direction(direction[level])})"
        for level in sorted(rows, reverse=True)
    )
    return (
        "Operation: evaluate an expression with new operators.\n\n"
        "New binary operators are defined by formulas in x and y:\n"
        + "\n".join(lines)
        + "\n\nTo compute a ⊙ b for a new operator ⊙, first find the values of a and b, then "
        "put x = a and y = b into its formula (for a formula with a condition, use the first "
        "formula when the condition holds for these x and y, else the second).\n"
        "Conditions: 'is even' and 'is odd' are about whole numbers only (even: divisible by "
        "2, odd: not); a fraction is neither even nor odd, so such a condition is false for "
        "it. 'is a multiple of 3' likewise holds only for whole numbers divisible by 3. "
        "'x > y' and 'x < y' compare the exact values.\n"
        "All arithmetic is exact: + - * as usual, / is exact division (7 / 2 is 7/2), ^ is a "
        "power with a whole exponent, abs(t) is the absolute value of t. Inside the formulas "
        "the usual rules hold and a new operator is always in brackets.\n\n"
        "Precedence of every operator (a higher level binds tighter; brackets first; "
        "operators of one level are grouped in the stated direction, e.g. a - b - c is "
        "(a - b) - c, and for a level grouped right to left, a ⊙ b ⊙ c is a ⊙ (b ⊙ c)):\n"
        f"{table}\n\n"
        f"Evaluate: {instance['expression']}\n\n"
        "Give the exact value as one number: an integer, a fraction such as 7/2 or "
        "\\frac{7}{2}, or a terminating decimal such as 3.5 (read exactly: 0.333 is not "
        "1/3).\n"
        f"Format example (not this answer): \\boxed{{{FORMAT_EXAMPLE}}}\n"
        "Think step by step, then put only the final number inside \\boxed{}."
    )


# -- reading an answer --------------------------------------------------------------------------

_DECIMAL = r"(?:\d{1,40}(?:\.\d{1,40})?|\.\d{1,40})"
_SIGNED = rf"(?:[+-]?{_DECIMAL}|\([+-]?{_DECIMAL}\))"
_PLAIN = re.compile(rf"([+-]?)({_DECIMAL})")
_RATIO = re.compile(rf"([+-]?)({_SIGNED})/({_SIGNED})")
_FRAC = re.compile(rf"([+-]?)\\[dt]?frac\{{({_SIGNED})\}}\{{({_SIGNED})\}}")


def _signed(text: str) -> Fraction:
    return Fraction(text.strip("()"))


def read_number(payload: str) -> Fraction | str:
    """Reads one number (integer, fraction, ``\\frac``, terminating decimal), exactly; or
    returns the reason it is not one.

    >>> read_number("\\\\frac{-7}{2}"), read_number("3.5"), read_number("(-14)/4")
    (Fraction(-7, 2), Fraction(7, 2), Fraction(-7, 2))
    """
    text = unwrap_latex(payload)
    if len(text) > MAX_PAYLOAD:
        return f"answer is too long ({len(text)} characters)"
    text = re.sub(r"\s+|\\[,!;: ]|\\left|\\right", "", text.replace("\u2212", "-"))
    if not text:
        return "the answer is empty"
    while text.startswith("(") and text.endswith(")") and _PLAIN.fullmatch(text[1:-1]):
        text = text[1:-1]
    match = _PLAIN.fullmatch(text)
    if match:
        value = Fraction(match.group(2))
        return -value if match.group(1) == "-" else value
    match = _RATIO.fullmatch(text) or _FRAC.fullmatch(text)
    if match:
        numerator, denominator = _signed(match.group(2)), _signed(match.group(3))
        if denominator == 0:
            return "the fraction divides by zero"
        value = numerator / denominator
        return -value if match.group(1) == "-" else value
    return f"{text[:30]!r} is not one number (integer, fraction or decimal)"


# -- the family ---------------------------------------------------------------------------------


@register("operation")
class Operation(Family):
    """Evaluate an expression with newly defined operators (SynLogic's operation)."""

    cell_answer = False  # one number, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Operation: evaluate an expression whose new operators are defined by formulas"
    Knobs = OperationKnobs
    Instance = OperationInstance

    def validate_for_generation(self, knobs: OperationKnobs) -> None:
        if knobs.nested > knobs.symbols - 1:
            raise InvalidParamsError(
                f"operation: nested must be at most symbols - 1 = {knobs.symbols - 1}, "
                f"got {knobs.nested}"
            )
        if knobs.conditions > knobs.symbols:
            raise InvalidParamsError(
                f"operation: conditions must be at most symbols = {knobs.symbols}, "
                f"got {knobs.conditions}"
            )
        if knobs.operands < knobs.symbols + 1:
            raise InvalidParamsError(
                f"operation: operands must be at least symbols + 1 = {knobs.symbols + 1}, "
                f"got {knobs.operands}"
            )
        if knobs.parens > (knobs.operands - 1) // 2:
            raise InvalidParamsError(
                f"operation: parens must be at most (operands - 1) // 2 = "
                f"{(knobs.operands - 1) // 2}, got {knobs.parens}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        symbols, nested, conditions, operands, parens, terms, power, division = LEVELS[level]
        return {
            "symbols": symbols,
            "nested": nested,
            "conditions": conditions,
            "operands": operands,
            "parens": parens,
            "max_terms": terms,
            "power": power,
            "division": division,
        }

    def generate(self, knobs: OperationKnobs, rng: random.Random) -> Draft:
        instance, value = generate_instance(knobs, rng)
        return Draft(render_prompt(instance), write_value(value), instance)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        written = read_number(payload)
        if isinstance(written, str):
            return Check(False, 0.0, written, False)
        if written != value_of(instance):
            return Check(False, 0.0, f"{write_value(written)[:40]} is not the expression's value")
        return Check(True, 1.0, f"the value is {write_value(written)[:40]}")

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        return {name: [write_value(v)] for name, v in lazy_values(instance).items()}

    def hardness(self, task: Task) -> float:
        """Operands + brackets + 3 per new operator, 3 per nested definition, 2 per condition,
        plus one each when a formula has ^ or /."""
        operators = task.instance["operators"]
        expression: str = task.instance["expression"]
        texts = " ".join(e["formula"] + " " + (e["otherwise"] or "") for e in operators)
        nested = sum(
            any(o["symbol"] in (e["formula"] + (e["otherwise"] or "")) for o in operators)
            for e in operators
        )
        operands = len(re.findall(r"\d+", expression))
        return float(
            operands
            + expression.count("(")
            + 3 * len(operators)
            + 3 * nested
            + 2 * sum(e["condition"] is not None for e in operators)
            + ("^" in texts)
            + ("/" in texts)
        )
