"""Boolean expressions: pick every option whose nested boolean expression is true.

Description:
    The idea of SynLogic's ``boolean_expressions`` task (arXiv 2505.19641, after BBH/BBEH),
    implemented here from its rules. The prompt lists options ``A``, ``B``, ... each a
    nested boolean expression; the model names every option that evaluates to true.

    Leaves are of three kinds, kept apart:

    * **comparisons** of two arithmetic sub-expressions (``(3 + 4) * 2 > 13``, in words
      ``(3 plus 4) times 2 is greater than 13``). Comparison words only compare and
      arithmetic words only compute: the original drew its comparison from one table that
      also held "plus" and "times", so some "comparisons" were sums and Python truthiness
      decided them. Arithmetic is on exact rationals (:class:`fractions.Fraction`): ``/``
      is exact division (``7 / 2`` is three and a half), never by zero;
    * **facts**: a quoted sentence stands for its truth value. The sentences come from
      :data:`FACTS` in this module: plain arithmetic, geometry, geography and science facts
      beyond dispute and true at any time (the original marked a myth, "the Great Wall is
      visible from space", as true);
    * **literals** ``True`` and ``False``.

    Operators: ``not``, ``and``, ``or`` (two or three operands) at every level, ``xor``
    (true when exactly one of its two operands is true) from level 5 and ``implies``
    (``p implies q`` is false only when ``p`` is true and ``q`` false) from level 8. Every
    compound operand is in brackets, so no precedence rule is needed.

    Everything is evaluated by this module's own evaluator on the stored tree; nothing is
    passed to ``eval``. Generation first draws the gold label set uniformly among the
    non-empty sets of labels (the set of every label and the set of the first label alone
    at half weight, so "all of them" and "A" each solve under 2 % of tasks), then draws
    each option's tree until its value is the one wanted.

Instance:
    ``{"options": [tree, ...]}``, one tree per option, labels ``A``, ``B``, ... in order.
    A tree is a JSON list: ``["lit", true]``; ``["fact", "<sentence of FACTS>"]``;
    ``["cmp", op, arith, arith]`` with ``op`` one of :data:`COMPARISONS`;
    ``["not", t]``, ``["and", t, t(, t)]``, ``["or", t, t(, t)]``, ``["xor", t, t]``,
    ``["implies", t, t]``. An arithmetic tree is ``["num", n]`` (a whole number) or
    ``[op, arith, arith]`` with ``op`` one of :data:`ARITHMETIC`. A tree of another shape, an
    unknown fact or operator, a division by zero, too deep a nesting, or a list of options
    none of which is true is refused.

Answer format:
    The true labels inside ``\\boxed{}``, separated by commas (or spaces), in any order,
    case-insensitive: ``\\boxed{A, C}``, ``\\boxed{c,a}`` and ``\\boxed{[A, C]}`` are the same
    answer; a label written twice counts once. An item that is not one of the option labels
    (``none``, ``J``, ``True``) or an empty answer is a format error.

Scoring:
    0/1: correct iff the listed labels are exactly the true options. The answer is not a
    grid, so there is no answer layout and no partial credit. The reason names the first
    listed false option, else the first true option missing.

Difficulty:
    Depth of the logic tree (every option reaches the full depth on one random branch;
    other operands below the root stop at a leaf with probability 0.3), number of options, depth
    of the arithmetic, share of operators written in words, and the operator mix.
    ``hardness`` is the number of nodes (logic and arithmetic) over all options plus the
    operators written in words.

    =====  =====  =======  ======  =====  =========
    level  depth  options  arith   words  operators
    =====  =====  =======  ======  =====  =========
    1      1      5        1       0.0    not and or
    2      2      5        1       0.0    not and or
    3      2      6        1       0.3    not and or
    4      3      6        2       0.5    not and or
    5      3      6        2       0.5    + xor
    6      3      7        2       0.5    + xor
    7      4      7        2       0.6    + xor
    8      4      8        2       0.7    + xor implies
    9      5      8        2       0.8    + xor implies
    10     5      8        3       1.0    + xor implies
    =====  =====  =======  ======  =====  =========

Knobs:
    ``depth`` (1-6), ``options`` (2-8), ``arith_depth`` (1-3), ``words`` (share of
    arithmetic and comparison operators written in words, 0-1), ``use_xor``, ``use_implies``.

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``boolean_expressions``);
    Suzgun et al., "Challenging BIG-Bench Tasks" (BBH), ``boolean_expressions``.

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
import re
import string
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.verifiers.parse import PayloadError, parse_items

MAX_OPTIONS = 8
MAX_DEPTH = 6
MAX_ARITH_DEPTH = 3
MAX_TREE_DEPTH = 16
"""Deepest nesting an instance's tree may have (logic and arithmetic together)."""
MAX_NODES = 400
"""Most nodes one option's tree may have."""
MAX_DRAWS = 2000
"""Trees drawn for one option before the knobs are declared impossible."""
LABELS = string.ascii_uppercase[:MAX_OPTIONS]
MIN_NUMBER = -12
MAX_NUMBER = 12

Tree = list[Any]

FACTS: dict[str, bool] = {
    # true
    "A triangle has three sides": True,
    "A hexagon has six sides": True,
    "Seven is a prime number": True,
    "One hundred is a perfect square": True,
    "A week has seven days": True,
    "An hour has sixty minutes": True,
    "Water is made of hydrogen and oxygen": True,
    "Ice is the solid form of water": True,
    "The Earth orbits the Sun": True,
    "The Moon orbits the Earth": True,
    "Light travels faster than sound": True,
    "Sound cannot travel through a vacuum": True,
    "Gold is a metal": True,
    "Oxygen is a chemical element": True,
    "Whales are mammals": True,
    "Spiders have eight legs": True,
    "Paris is the capital of France": True,
    "The Pacific is the largest ocean on Earth": True,
    "Mount Everest is in Asia": True,
    "Twelve is an even number": True,
    # false
    "A triangle has four sides": False,
    "A hexagon has five sides": False,
    "Nine is a prime number": False,
    "Ten is a perfect square": False,
    "A week has ten days": False,
    "An hour has one hundred minutes": False,
    "Water is made of carbon and nitrogen": False,
    "Ice is the gaseous form of water": False,
    "The Sun orbits the Earth": False,
    "The Moon is larger than the Earth": False,
    "Sound travels faster than light": False,
    "Iron is a noble gas": False,
    "Gold is a gas at room temperature": False,
    "Whales are fish": False,
    "Spiders have six legs": False,
    "Paris is the capital of Italy": False,
    "The Atlantic is the largest ocean on Earth": False,
    "Mount Everest is in South America": False,
    "Eleven is an even number": False,
    "Penguins are mammals": False,
}
"""Fact sentences and their truth: undisputed and timeless (no myths, no current events)."""
TRUE_FACTS = [text for text, value in FACTS.items() if value]
FALSE_FACTS = [text for text, value in FACTS.items() if not value]

COMPARISONS: dict[str, str] = {
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
    "==": "==",
    "!=": "!=",
    "is less than": "<",
    "is at most": "<=",
    "is greater than": ">",
    "is at least": ">=",
    "equals": "==",
    "does not equal": "!=",
}
"""Comparison token -> relation (the symbol or its words)."""
ARITHMETIC: dict[str, str] = {
    "+": "+",
    "-": "-",
    "*": "*",
    "/": "/",
    "plus": "+",
    "minus": "-",
    "times": "*",
    "divided by": "/",
}
"""Arithmetic token -> operation (the symbol or its words)."""
_WORDS = {"<": "is less than", "<=": "is at most", ">": "is greater than", ">=": "is at least"}
_WORDS |= {"==": "equals", "!=": "does not equal"}
_WORDS |= {"+": "plus", "-": "minus", "*": "times", "/": "divided by"}
LOGIC_ARITY: dict[str, tuple[int, ...]] = {
    "not": (1,),
    "and": (2, 3),
    "or": (2, 3),
    "xor": (2,),
    "implies": (2,),
}

LEVELS: dict[int, tuple[int, int, int, float, bool, bool]] = {
    1: (1, 5, 1, 0.0, False, False),
    2: (2, 5, 1, 0.0, False, False),
    3: (2, 6, 1, 0.3, False, False),
    4: (3, 6, 2, 0.5, False, False),
    5: (3, 6, 2, 0.5, True, False),
    6: (3, 7, 2, 0.5, True, False),
    7: (4, 7, 2, 0.6, True, False),
    8: (4, 8, 2, 0.7, True, True),
    9: (5, 8, 2, 0.8, True, True),
    10: (5, 8, 3, 1.0, True, True),
}
"""Level -> (depth, options, arith_depth, words, use_xor, use_implies)."""


class BooleanExpressionsKnobs(BaseModel):
    """Knobs of the ``boolean_expressions`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    depth: int = Field(ge=1, le=MAX_DEPTH, description="depth of each option's logic tree")
    options: int = Field(ge=2, le=MAX_OPTIONS, description="options (labels A..)")
    arith_depth: int = Field(default=1, ge=1, le=MAX_ARITH_DEPTH, description="arithmetic depth")
    words: float = Field(default=0.0, ge=0.0, le=1.0, description="share of operators in words")
    use_xor: bool = Field(default=False, description="draw xor operators")
    use_implies: bool = Field(default=False, description="draw implies operators")


# -- evaluation (the instance's own trees; never eval) ----------------------------------------


class TreeError(ValueError):
    """Raised when a stored tree is malformed or cannot be evaluated."""


def eval_arith(tree: object, depth: int = 0) -> Fraction:
    """Returns the exact value of an arithmetic tree.

    >>> eval_arith(["/", ["num", 7], ["+", ["num", 1], ["num", 1]]])
    Fraction(7, 2)
    """
    if depth > MAX_TREE_DEPTH or not isinstance(tree, list) or not tree:
        raise TreeError("arithmetic is not a list or is nested too deeply")
    head = tree[0]
    if head == "num":
        if len(tree) != 2 or isinstance(tree[1], bool) or not isinstance(tree[1], int):
            raise TreeError("a number is not ['num', whole number]")
        if abs(tree[1]) > 10**6:
            raise TreeError("a number is too large")
        return Fraction(tree[1])
    if not isinstance(head, str) or head not in ARITHMETIC or len(tree) != 3:
        raise TreeError(f"unknown arithmetic node {str(head)[:20]!r}")
    left = eval_arith(tree[1], depth + 1)
    right = eval_arith(tree[2], depth + 1)
    op = ARITHMETIC[head]
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if right == 0:
        raise TreeError("division by zero")
    return left / right


def compare(relation: str, left: Fraction, right: Fraction) -> bool:
    """Returns whether ``left relation right`` holds."""
    return {
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
        "==": left == right,
        "!=": left != right,
    }[relation]


def evaluate(tree: object, depth: int = 0) -> bool:
    """Returns the truth value of a boolean tree.

    >>> evaluate(["and", ["lit", True], ["cmp", ">", ["num", 3], ["num", 2]]])
    True
    >>> evaluate(["implies", ["fact", "Whales are fish"], ["lit", False]])
    True
    """
    if depth > MAX_TREE_DEPTH or not isinstance(tree, list) or not tree:
        raise TreeError("an expression is not a list or is nested too deeply")
    head = tree[0]
    if head == "lit":
        if len(tree) != 2 or not isinstance(tree[1], bool):
            raise TreeError("a literal is not ['lit', true or false]")
        return tree[1]
    if head == "fact":
        if len(tree) != 2 or not isinstance(tree[1], str) or tree[1] not in FACTS:
            raise TreeError(f"unknown fact {str(tree[1:])[:40]!r}")
        return FACTS[tree[1]]
    if head == "cmp":
        if len(tree) != 4 or not isinstance(tree[1], str) or tree[1] not in COMPARISONS:
            raise TreeError(f"unknown comparison {str(tree[1:2])[:20]!r}")
        left, right = eval_arith(tree[2], depth + 1), eval_arith(tree[3], depth + 1)
        return compare(COMPARISONS[tree[1]], left, right)
    if not isinstance(head, str) or head not in LOGIC_ARITY:
        raise TreeError(f"unknown operator {str(head)[:20]!r}")
    if len(tree) - 1 not in LOGIC_ARITY[head]:
        raise TreeError(f"{head} takes {' or '.join(map(str, LOGIC_ARITY[head]))} operands")
    values = [evaluate(child, depth + 1) for child in tree[1:]]
    if head == "not":
        return not values[0]
    if head == "and":
        return all(values)
    if head == "or":
        return any(values)
    if head == "xor":
        return values[0] != values[1]
    return (not values[0]) or values[1]


def logic_depth(tree: Tree) -> int:
    """Returns how many operator levels a boolean tree has above its deepest leaf.

    >>> logic_depth(["or", ["lit", True], ["not", ["lit", False]]])
    2
    """
    if tree[0] in ("lit", "fact", "cmp"):
        return 0
    return 1 + max(logic_depth(child) for child in tree[1:])


def count_nodes(tree: object, words: bool = False) -> int:
    """Returns the number of nodes of a (validated) tree, leaves and numbers included; with
    ``words``, only the arithmetic and comparison operators written in words."""
    if not isinstance(tree, list) or not tree or tree[0] in ("lit", "fact", "num"):
        return 0 if words else 1
    start = 2 if tree[0] == "cmp" else 1
    token = tree[1] if tree[0] == "cmp" else tree[0]
    here = (token in _WORDS.values()) if words else True
    return int(here) + sum(count_nodes(child, words) for child in tree[start:])


class BooleanExpressionsInstance(BaseModel):
    """``Task.instance`` of the ``boolean_expressions`` family: one tree per option."""

    model_config = ConfigDict(extra="forbid", strict=True)

    options: list[list[Any]] = Field(min_length=2, max_length=MAX_OPTIONS)

    @model_validator(mode="after")
    def _evaluates(self) -> BooleanExpressionsInstance:
        values = []
        for label, tree in zip(LABELS, self.options, strict=False):
            try:
                values.append(evaluate(tree))
            except TreeError as exc:
                raise ValueError(f"option {label}: {exc}") from None
            except RecursionError:
                raise ValueError(f"option {label} is nested too deeply") from None
            if count_nodes(tree) > MAX_NODES:
                raise ValueError(f"option {label} has more than {MAX_NODES} nodes")
        if not any(values):
            raise ValueError("no option is true; the answer must name at least one")
        return self


def true_labels(options: list[Tree]) -> list[str]:
    """Returns the labels of the true options, in order."""
    return [label for label, tree in zip(LABELS, options, strict=False) if evaluate(tree)]


# -- rendering --------------------------------------------------------------------------------


def render_arith(tree: Tree, top: bool = True) -> str:
    """Writes an arithmetic tree; compound operands and negative numbers in brackets.

    >>> render_arith(["*", ["+", ["num", 3], ["num", -4]], ["num", 2]])
    '(3 + (-4)) * 2'
    """
    if tree[0] == "num":
        value: int = tree[1]
        return str(value) if value >= 0 or top else f"({value})"
    text = f"{render_arith(tree[1], False)} {tree[0]} {render_arith(tree[2], False)}"
    return text if top else f"({text})"


def render(tree: Tree, top: bool = True) -> str:
    """Writes a boolean tree; every compound operand of an operator is in brackets.

    >>> render(["not", ["and", ["lit", True], ["fact", "Whales are fish"]]])
    'not (True and "Whales are fish")'
    """
    head = tree[0]
    if head == "lit":
        return "True" if tree[1] else "False"
    if head == "fact":
        return f'"{tree[1]}"'
    if head == "cmp":
        text = f"{render_arith(tree[2])} {tree[1]} {render_arith(tree[3])}"
        return text if top else f"({text})"
    if head == "not":
        text = f"not {render(tree[1], False)}"
        return text if top else f"({text})"
    text = f" {head} ".join(render(child, False) for child in tree[1:])
    return text if top else f"({text})"


# -- generation -------------------------------------------------------------------------------


def _token(relation: str, knobs: BooleanExpressionsKnobs, rng: random.Random) -> str:
    return _WORDS[relation] if rng.random() < knobs.words else relation


def draw_arith(
    depth: int, knobs: BooleanExpressionsKnobs, rng: random.Random
) -> tuple[Tree, Fraction]:
    """Draws an arithmetic tree of at most ``depth`` operators deep (no division by zero);
    returns it with its value."""
    if depth == 0 or rng.random() < 0.25:
        number = rng.randint(MIN_NUMBER, MAX_NUMBER)
        return ["num", number], Fraction(number)
    op = rng.choice("+-*/")
    left, a = draw_arith(depth - 1, knobs, rng)
    right, b = draw_arith(depth - 1, knobs, rng)
    if op == "/" and b == 0:
        number = rng.choice([n for n in range(MIN_NUMBER, MAX_NUMBER + 1) if n])
        right, b = ["num", number], Fraction(number)
    value = a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else a / b
    return [_token(op, knobs, rng), left, right], value


def draw_comparison(knobs: BooleanExpressionsKnobs, rng: random.Random) -> tuple[Tree, bool]:
    """Draws a comparison and its value; half the time the right side is a number near the
    left's value, so the arithmetic must be done exactly."""
    left, value = draw_arith(knobs.arith_depth, knobs, rng)
    if left[0] == "num":
        left, value = draw_arith(knobs.arith_depth, knobs, rng)
    if rng.random() < 0.5:
        number = round(value) + rng.randint(-1, 1)
        right: Tree = ["num", number]
        other = Fraction(number)
    else:
        right, other = draw_arith(max(0, knobs.arith_depth - 1), knobs, rng)
    relation = rng.choice(["<", "<=", ">", ">=", "==", "!="])
    tree = ["cmp", _token(relation, knobs, rng), left, right]
    return tree, compare(relation, value, other)


def draw_leaf(knobs: BooleanExpressionsKnobs, rng: random.Random) -> tuple[Tree, bool]:
    """Draws a comparison (45 %), a fact (30 %, true or false alike) or a literal (25 %),
    with its value."""
    roll = rng.random()
    if roll < 0.45:
        return draw_comparison(knobs, rng)
    if roll < 0.75:
        fact = rng.choice(TRUE_FACTS if rng.random() < 0.5 else FALSE_FACTS)
        return ["fact", fact], FACTS[fact]
    value = rng.random() < 0.5
    return ["lit", value], value


def draw_tree(
    depth: int, knobs: BooleanExpressionsKnobs, rng: random.Random, full: bool = True
) -> tuple[Tree, bool]:
    """Draws a boolean tree of ``depth`` operator levels and its value. One random branch
    (``full``) reaches the full depth; every other operand may stop at a leaf early, with
    probability 0.3."""
    if depth == 0 or (not full and rng.random() < 0.3):
        return draw_leaf(knobs, rng)
    ops = ["not", "and", "or"] + ["xor"] * knobs.use_xor + ["implies"] * knobs.use_implies
    op = rng.choice(ops)
    if op == "not":
        child, value = draw_tree(depth - 1, knobs, rng, full)
        return ["not", child], not value
    arity = 3 if op in ("and", "or") and rng.random() < 0.2 else 2
    deep = rng.randrange(arity) if full else -1
    drawn = [draw_tree(depth - 1, knobs, rng, i == deep) for i in range(arity)]
    values = [value for _, value in drawn]
    if op == "and":
        result = all(values)
    elif op == "or":
        result = any(values)
    elif op == "xor":
        result = values[0] != values[1]
    else:
        result = (not values[0]) or values[1]
    return [op] + [tree for tree, _ in drawn], result


def max_chars(knobs: BooleanExpressionsKnobs) -> int:
    """Returns the longest an option may be written (longer draws are redrawn)."""
    return 100 + 80 * knobs.depth + 40 * knobs.arith_depth


def draw_gold(options: int, rng: random.Random) -> list[bool]:
    """Draws which options are true: uniform over non-empty label sets, with the set of
    every label and the first label alone at half weight."""
    full = (1 << options) - 1
    while True:
        mask = rng.randint(1, full)
        if mask in (full, 1) and rng.random() < 0.5:
            continue
        return [bool(mask >> i & 1) for i in range(options)]


def generate_options(knobs: BooleanExpressionsKnobs, rng: random.Random) -> list[Tree]:
    """Draws the gold label set, then each option's tree until its value matches."""
    wanted = draw_gold(knobs.options, rng)
    limit = max_chars(knobs)
    options: list[Tree] = []
    seen: set[str] = set()
    for value in wanted:
        for _ in range(MAX_DRAWS):
            tree, drawn_value = draw_tree(knobs.depth, knobs, rng)
            if drawn_value != value:
                continue
            text = render(tree)
            if len(text) <= limit and text not in seen:
                options.append(tree)
                seen.add(text)
                break
        else:
            raise InvalidParamsError(
                f"boolean_expressions: no option of value {value} in {MAX_DRAWS} draws "
                f"with {knobs.model_dump()}"
            )
    return options


# -- prompt -----------------------------------------------------------------------------------

FORMAT_EXAMPLE = "B, D, J"
"""Names a label J: never an answer here (at most eight options, A to H)."""


def render_prompt(options: list[Tree]) -> str:
    """Writes the prompt: the rules, the options and the answer format."""
    ops = {str(node) for tree in options for node in _heads(tree)}
    lines = [
        "Boolean expressions.",
        "",
        "Each option below is a boolean expression. Decide which options are true.",
        "",
        "Rules:",
        "- True and False are the truth values; a sentence in double quotes stands for its "
        "truth value (each is a plain, well-established fact or falsehood).",
        "- Arithmetic is exact: + (plus), - (minus), * (times) and / (divided by) are the "
        "usual operations on rational numbers, so 7 / 2 is 3.5. Comparisons: < (is less than), "
        "<= (is at most), > (is greater than), >= (is at least), == (equals), "
        "!= (does not equal).",
        "- Brackets group every compound operand, so no precedence rule is needed.",
        "- not p is true when p is false; p and q (and r) is true when all operands are true; "
        "p or q (or r) is true when at least one operand is true.",
    ]
    if "xor" in ops:
        lines.append("- p xor q is true when exactly one of p and q is true.")
    if "implies" in ops:
        lines.append("- p implies q is false only when p is true and q is false.")
    lines += ["", "Options:"]
    lines += [f"{label}. {render(tree)}" for label, tree in zip(LABELS, options, strict=False)]
    last = LABELS[len(options) - 1]
    lines += [
        "",
        f"Which options are true? At least one is. Answer with the letters of every true "
        f"option (A to {last}) and no other, separated by commas, in any order "
        "(upper or lower case).",
        f"Format example for a question with ten options: \\boxed{{{FORMAT_EXAMPLE}}}",
        "Think step by step, then put only your final list inside \\boxed{}.",
    ]
    return "\n".join(lines)


def _heads(tree: Tree) -> list[str]:
    if tree[0] in ("lit", "fact", "cmp"):
        return []
    return [tree[0]] + [head for child in tree[1:] for head in _heads(child)]


# -- reading an answer ------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def read_labels(payload: str, options: int) -> set[str] | Check:
    """Reads a list of option labels (commas, semicolons, new lines or spaces between them),
    or returns the format-error :class:`Check`."""
    try:
        items = parse_items(payload)
    except PayloadError as exc:
        return Check(False, 0.0, str(exc), False)
    labels = [part for item in items for part in _SPACES.split(item) if part]
    if not labels:
        return Check(False, 0.0, "no option label given; at least one option is true", False)
    valid = LABELS[:options]
    found: set[str] = set()
    for label in labels:
        upper = label.upper()
        if len(upper) != 1 or upper not in valid:
            shown = label[:20]
            return Check(False, 0.0, f"{shown!r} is not an option label (A to {valid[-1]})", False)
        found.add(upper)
    return found


# -- the family -------------------------------------------------------------------------------


@register("boolean_expressions")
class BooleanExpressions(Family):
    """Pick the options whose nested boolean expression is true (SynLogic's
    boolean_expressions)."""

    cell_answer = False  # a set of labels, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Boolean expressions: name every option whose nested expression is true"
    Knobs = BooleanExpressionsKnobs
    Instance = BooleanExpressionsInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        depth, options, arith_depth, words, use_xor, use_implies = LEVELS[level]
        return {
            "depth": depth,
            "options": options,
            "arith_depth": arith_depth,
            "words": words,
            "use_xor": use_xor,
            "use_implies": use_implies,
        }

    def generate(self, knobs: BooleanExpressionsKnobs, rng: random.Random) -> Draft:
        options = generate_options(knobs, rng)
        gold = true_labels(options)
        meta = {"true": len(gold), "nodes": sum(count_nodes(tree) for tree in options)}
        return Draft(render_prompt(options), ", ".join(gold), {"options": options}, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        options: list[Tree] = instance["options"]
        found = read_labels(payload, len(options))
        if isinstance(found, Check):
            return found
        gold = true_labels(options)
        for label in sorted(found):
            if label not in gold:
                return Check(False, 0.0, f"option {label} is false but was listed")
        for label in gold:
            if label not in found:
                return Check(False, 0.0, f"option {label} is true but was not listed")
        return Check(True, 1.0, f"exactly the {len(gold)} true options listed")

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        labels = LABELS[: len(instance["options"])]
        return {
            "every label": [", ".join(labels)],
            "first label": [labels[0]],
            "last label": [labels[-1]],
            "no label": ["none", ""],
        }

    def hardness(self, task: Task) -> float:
        """Nodes (logic and arithmetic) over all options, plus the operators in words."""
        options = task.instance["options"]
        return float(sum(count_nodes(tree) + count_nodes(tree, True) for tree in options))
