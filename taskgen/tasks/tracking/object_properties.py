"""Object properties: follow a collection through changes, then count items with properties.

Description:
    The idea of SynLogic's ``object_properties`` task (arXiv 2505.19641, after BBEH's
    "object properties"), implemented here from its rules. I own a collection of items,
    each with a kind and, by level, a size, a colour, a material and an origin. A list of
    changes follows: I give items away, paint them, have them remade in another material or
    size, receive altered duplicates, buy new ones, and trade some with a neighbour. Each
    question asks how many items the collection holds now that fit **any** of several
    properties (or, at higher levels, **all** of them). A task asks two or three such
    questions at once, so one guessed count does not solve it (a single small count is
    guessed right by a constant about one time in five).

    Every gold is determinable from the text: each change names exactly which items it
    touches by one property, and every item that enters the collection is described in
    full. (The original's "neighbour trade" brought in items with random colours, smells
    and origins that the text never revealed, so some golds could not be known.) The
    collection is simulated by :func:`simulate`, the same rules engine the checker uses,
    and every change touches at least one item.

Instance:
    ``{"attributes": ["kind", "size", ...], "items": [{"kind": "vase", "size": "tiny",
    ...}, ...], "steps": [{"op": "paint", "where": ["material", "glass"], "value": "red",
    "items": []}, ...], "questions": [{"mode": "any", "conditions": [["colour", "red"],
    ...]}, ...]}``. ``op`` is ``give`` (remove the matching items), ``paint``, ``remake`` or
    ``resize`` (set the colour, material or size of the matching items to ``value``),
    ``twin`` (each matching item gets a copy differing in ``attribute`` = ``value``), ``buy``
    (add ``items``) or ``trade`` (each matching item is replaced by ``items[0]``).

Answer format:
    The counts in question order, comma-separated, in ``\\boxed{}``: ``\\boxed{7, 3}``
    (``[7, 3]`` is read too), each a whole number read with
    :func:`taskgen.verifiers.parse.parse_integer`. Only the answer container is read.

Scoring:
    0/1: every count must be right. The reason names the first wrong count and whether it
    is too high or too low. No answer layout and no partial credit.

Difficulty:
    More items, more properties per item, more changes, more conditions and questions,
    ``all`` questions,
    and (from level 5) the origins given apart from the list, in bulk ("the first three
    come from Peru, ..."), so items must be matched up by position. ``hardness`` is items
    plus three per change plus two per condition (over all questions), plus 4 when origins
    come in bulk.

    =====  =====  ==========  ======  =====  ==========  =========  ====  ========
    level  items  attributes  values  steps  conditions  questions  bulk  modes
    =====  =====  ==========  ======  =====  ==========  =========  ====  ========
    1      8-10   3           4       1      2           2          no    any
    2      9-12   3           4       2      2           2          no    any
    3      10-13  4           5       2      2           2          no    any
    4      11-14  4           5       3      3           2          no    any
    5      12-15  5           5       3      3           2          yes   any
    6      13-16  5           6       4      3           2          yes   any, all
    7      14-18  5           6       4      3           3          yes   any, all
    8      15-20  5           7       5      4           3          yes   any, all
    9      16-22  5           7       5      4           3          yes   any, all
    10     18-24  5           8       6      4           3          yes   any, all
    =====  =====  ==========  ======  =====  ==========  =========  ====  ========

    (attributes: kind, size, colour, material, origin, the first k of them; values: how
    many values of each attribute a task draws from.)

Knobs:
    ``min_items`` and ``max_items`` (2-30), ``attributes`` (2-5), ``values`` (3-8),
    ``steps`` (0-10), ``conditions`` (1-5, per question), ``questions`` (1-4), ``bulk``
    (origins apart, needs 5 attributes) and ``modes`` (a non-empty list of ``any`` and
    ``all``).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``object_properties``);
    Kazemi et al., "BIG-Bench Extra Hard", arXiv 2502.19187.

Version history:
    v0: first release.
"""

from __future__ import annotations

import itertools
import random
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.verifiers.parse import PayloadError, parse_integer, parse_items

ATTRIBUTES: tuple[str, ...] = ("kind", "size", "colour", "material", "origin")
VALUES: dict[str, tuple[str, ...]] = {
    "kind": ("cup", "vase", "box", "lamp", "bowl", "clock", "mirror", "basket"),
    "size": ("tiny", "small", "medium-sized", "large", "huge", "giant", "miniature", "oversized"),
    "colour": ("red", "blue", "green", "yellow", "white", "black", "purple", "orange"),
    "material": ("wood", "glass", "metal", "plastic", "ceramic", "stone", "leather", "paper"),
    "origin": ("France", "Japan", "Brazil", "Egypt", "Canada", "India", "Kenya", "Peru"),
}
PLURAL_KIND: dict[str, str] = {
    "cup": "cups", "vase": "vases", "box": "boxes", "lamp": "lamps", "bowl": "bowls",
    "clock": "clocks", "mirror": "mirrors", "basket": "baskets",
}  # fmt: skip
MATERIAL_ADJECTIVE: dict[str, str] = {
    "wood": "wooden", "glass": "glass", "metal": "metal", "plastic": "plastic",
    "ceramic": "ceramic", "stone": "stone", "leather": "leather", "paper": "paper",
}  # fmt: skip
Op = Literal["give", "paint", "remake", "resize", "twin", "buy", "trade"]
SETTERS: dict[str, str] = {"paint": "colour", "remake": "material", "resize": "size"}
Mode = Literal["any", "all"]
MAX_ATTEMPTS = 500
EXAMPLE = 4321
"""The number in the prompt's format example; a task whose gold it is gets redrawn."""
Item = dict[str, str]

LEVELS: dict[int, tuple[int, int, int, int, int, int, int, bool, tuple[Mode, ...]]] = {
    1: (8, 10, 3, 4, 1, 2, 2, False, ("any",)),
    2: (9, 12, 3, 4, 2, 2, 2, False, ("any",)),
    3: (10, 13, 4, 5, 2, 2, 2, False, ("any",)),
    4: (11, 14, 4, 5, 3, 3, 2, False, ("any",)),
    5: (12, 15, 5, 5, 3, 3, 2, True, ("any",)),
    6: (13, 16, 5, 6, 4, 3, 2, True, ("any", "all")),
    7: (14, 18, 5, 6, 4, 3, 3, True, ("any", "all")),
    8: (15, 20, 5, 7, 5, 4, 3, True, ("any", "all")),
    9: (16, 22, 5, 7, 5, 4, 3, True, ("any", "all")),
    10: (18, 24, 5, 8, 6, 4, 3, True, ("any", "all")),
}
"""Level -> (min_items, max_items, attributes, values, steps, conditions, questions, bulk,
modes)."""


class ObjectPropertiesKnobs(BaseModel):
    """Knobs of the ``object_properties`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    min_items: int = Field(ge=2, le=30, description="fewest items at the start")
    max_items: int = Field(ge=2, le=30, description="most items at the start")
    attributes: int = Field(ge=2, le=len(ATTRIBUTES), description="properties per item")
    values: int = Field(ge=3, le=8, description="values drawn per property")
    steps: int = Field(ge=0, le=10, description="changes to the collection")
    conditions: int = Field(ge=1, le=5, description="properties in each question")
    questions: int = Field(ge=1, le=4, description="questions asked at once")
    bulk: bool = Field(description="origins given apart from the list, in bulk")
    modes: list[Mode] = Field(min_length=1, description="question modes: any, all")


Condition = tuple[str, str]


class Step(BaseModel):
    """One change to the collection (see the module docstring for each ``op``)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    op: Op
    where: list[str] | None = None
    attribute: str | None = None
    value: str | None = None
    items: list[dict[str, str]] = Field(default_factory=list, max_length=10)


class Question(BaseModel):
    """Count the items fitting any (or all) of the conditions."""

    model_config = ConfigDict(extra="forbid", strict=True)

    mode: Mode
    conditions: list[list[str]] = Field(min_length=1, max_length=5)


class ObjectPropertiesInstance(BaseModel):
    """``Task.instance`` of the ``object_properties`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    attributes: list[str] = Field(min_length=2, max_length=len(ATTRIBUTES))
    items: list[dict[str, str]] = Field(min_length=1, max_length=60)
    steps: list[Step] = Field(max_length=10)
    questions: list[Question] = Field(min_length=1, max_length=4)

    @model_validator(mode="after")
    def _consistent(self) -> ObjectPropertiesInstance:
        attributes = self.attributes
        if attributes != list(ATTRIBUTES[: len(attributes)]):
            raise ValueError(f"attributes must be a prefix of {list(ATTRIBUTES)}")
        for item in self.items:
            _check_item(item, attributes)
        for index, step in enumerate(self.steps, 1):
            _check_step(step, attributes, index)
        for question in self.questions:
            for condition in question.conditions:
                _check_condition(condition, attributes, "question")
        return self


def _check_item(item: dict[str, str], attributes: list[str]) -> None:
    if sorted(item) != sorted(attributes):
        raise ValueError(f"an item must have exactly the properties {attributes}")
    for attribute, value in item.items():
        if value not in VALUES[attribute]:
            raise ValueError(f"unknown {attribute} {value!r}")


def _check_condition(condition: list[str], attributes: list[str], where: str) -> None:
    if len(condition) != 2 or condition[0] not in attributes:
        raise ValueError(f"{where}: a condition is [property, value] of a used property")
    if condition[1] not in VALUES[condition[0]]:
        raise ValueError(f"{where}: unknown {condition[0]} {condition[1]!r}")


def _check_step(step: Step, attributes: list[str], index: int) -> None:
    where = f"step {index}"
    if step.op == "buy":
        if not step.items:
            raise ValueError(f"{where}: buy needs items")
    else:
        if step.where is None:
            raise ValueError(f"{where}: {step.op} needs 'where'")
        _check_condition(step.where, attributes, where)
    if step.op in SETTERS or step.op == "twin":
        attribute = SETTERS.get(step.op, step.attribute)
        if attribute is None or step.value is None:
            raise ValueError(f"{where}: {step.op} needs an attribute and a value")
        _check_condition([attribute, step.value], attributes, where)
    if step.op == "trade" and len(step.items) != 1:
        raise ValueError(f"{where}: trade needs exactly one item")
    for item in step.items:
        _check_item(item, attributes)


# -- the rules engine ---------------------------------------------------------------------------


def matches(item: Item, condition: list[str] | Condition) -> bool:
    """Whether ``item`` has property ``condition[0]`` equal to ``condition[1]``."""
    return item.get(condition[0]) == condition[1]


def apply_step(items: list[Item], step: dict[str, Any]) -> list[Item]:
    """Returns the collection after one change (a new list; items are copied)."""
    op, where = step["op"], step.get("where")
    if op == "buy":
        return [dict(item) for item in items] + [dict(item) for item in step["items"]]
    out: list[Item] = []
    for item in items:
        hit = where is not None and matches(item, where)
        if op == "give" and hit:
            continue
        if op == "trade" and hit:
            out.append(dict(step["items"][0]))
            continue
        changed = dict(item)
        if op in SETTERS and hit:
            changed[SETTERS[op]] = step["value"]
        out.append(changed)
        if op == "twin" and hit:
            twin = dict(item)
            twin[step["attribute"]] = step["value"]
            out.append(twin)
    return out


def simulate(instance: dict[str, Any]) -> list[Item]:
    """Returns the collection at the end of the story."""
    items = [dict(item) for item in instance["items"]]
    for step in instance["steps"]:
        items = apply_step(items, step)
    return items


def count(items: list[Item], mode: str, conditions: list[list[str]]) -> int:
    """Counts the items fitting any (``mode="any"``) or all of ``conditions``."""
    test = any if mode == "any" else all
    return sum(1 for item in items if test(matches(item, c) for c in conditions))


def answer_of(instance: dict[str, Any]) -> list[int]:
    """Computes the gold counts of an instance, in question order (the checker's rule too).

    >>> answer_of({"attributes": ["kind", "size"],
    ...            "items": [{"kind": "cup", "size": "tiny"}, {"kind": "vase", "size": "huge"}],
    ...            "steps": [{"op": "twin", "where": ["kind", "cup"], "attribute": "size",
    ...                       "value": "huge", "items": []}],
    ...            "questions": [{"mode": "any", "conditions": [["size", "huge"]]}]})
    [2]
    """
    final = simulate(instance)
    return [count(final, q["mode"], q["conditions"]) for q in instance["questions"]]


def lazy_values(instance: dict[str, Any]) -> dict[str, list[int]]:
    """Answers of readers who skip a rule, by the rule skipped (see ``lazy_answers``)."""
    final = simulate(instance)
    names = ("changes ignored", "every item", "first condition only", "overlaps twice")
    values: dict[str, list[int]] = {name: [] for name in (*names, "other mode")}
    for question in instance["questions"]:
        mode, conditions = question["mode"], question["conditions"]
        values["changes ignored"].append(count(instance["items"], mode, conditions))
        values["every item"].append(len(final))
        values["first condition only"].append(count(final, mode, conditions[:1]))
        values["overlaps twice"].append(sum(count(final, "any", [c]) for c in conditions))
        values["other mode"].append(count(final, "all" if mode == "any" else "any", conditions))
    return values


# -- generation ---------------------------------------------------------------------------------


def _draw_item(palette: dict[str, list[str]], rng: random.Random) -> Item:
    return {attribute: rng.choice(values) for attribute, values in palette.items()}


def _draw_step(
    items: list[Item], palette: dict[str, list[str]], rng: random.Random
) -> dict[str, Any] | None:
    """Draws one change that touches at least one item (None: this draw touches none)."""
    attributes = list(palette)
    ops: list[str] = ["give", "twin", "buy", "trade"]
    ops += [op for op, attribute in SETTERS.items() if attribute in palette]
    op = rng.choice(sorted(ops))
    if op == "buy":
        bought = [_draw_item(palette, rng) for _ in range(rng.randint(1, 3))]
        return {"op": "buy", "where": None, "attribute": None, "value": None, "items": bought}
    source = rng.choice(items)
    key = rng.choice(attributes)
    where = [key, source[key]]
    hits = [item for item in items if matches(item, where)]
    step: dict[str, Any] = {"op": op, "where": where, "attribute": None, "value": None}
    step["items"] = []
    if op == "give":
        if len(hits) == len(items):
            return None
    elif op == "trade":
        step["items"] = [_draw_item(palette, rng)]
    else:
        attribute = SETTERS.get(op) or rng.choice([a for a in attributes if a != "kind"])
        value = rng.choice(palette[attribute])
        if all(item[attribute] == value for item in hits):
            return None  # a change that changes nothing
        step["value"] = value
        if op == "twin":
            step["attribute"] = attribute
    return step


def draw_instance(knobs: ObjectPropertiesKnobs, rng: random.Random) -> dict[str, Any]:
    """Draws a collection, its changes and a question (not yet screened)."""
    attributes = list(ATTRIBUTES[: knobs.attributes])
    palette = {a: sorted(rng.sample(VALUES[a], knobs.values)) for a in attributes}
    items = [_draw_item(palette, rng) for _ in range(rng.randint(knobs.min_items, knobs.max_items))]
    if knobs.bulk:  # origins in runs, as a person would tell them ("the first three ...")
        for previous, item in itertools.pairwise(items):
            if rng.random() < 0.6:
                item["origin"] = previous["origin"]
    steps: list[dict[str, Any]] = []
    current = items
    while len(steps) < knobs.steps:
        step = _draw_step(current, palette, rng)
        if step is not None:
            steps.append(step)
            current = apply_step(current, step)
    questions = [_draw_question(current, attributes, knobs, rng) for _ in range(knobs.questions)]
    return {"attributes": attributes, "items": items, "steps": steps, "questions": questions}


def _draw_question(
    current: list[Item], attributes: list[str], knobs: ObjectPropertiesKnobs, rng: random.Random
) -> dict[str, Any]:
    """Draws distinct conditions that the final collection holds (so counts are rarely 0).

    An ``all`` question takes its conditions from one item, on distinct properties, so at
    least that item fits (never "from Peru and from India").
    """
    mode = rng.choice(knobs.modes)
    if mode == "all":
        source = rng.choice(current)
        chosen = rng.sample(attributes, min(knobs.conditions, len(attributes)))
        return {"mode": mode, "conditions": [[a, source[a]] for a in chosen]}
    conditions: list[list[str]] = []
    keys: set[tuple[str, str]] = set()
    while len(conditions) < knobs.conditions:
        source = rng.choice(current)
        attribute = rng.choice(attributes)
        if (attribute, source[attribute]) not in keys:
            keys.add((attribute, source[attribute]))
            conditions.append([attribute, source[attribute]])
    return {"mode": mode, "conditions": conditions}


def _article(text: str) -> str:
    return ("an " if text[0] in "aeiou" else "a ") + text


def describe(item: Item, *, origin: bool = True) -> str:
    """``a tiny red glass vase from Peru`` (the properties the item has)."""
    words = [item[a] for a in ("size", "colour") if a in item]
    if "material" in item:
        words.append(MATERIAL_ADJECTIVE[item["material"]])
    words.append(item["kind"])
    text = _article(" ".join(words))
    if origin and "origin" in item:
        text += f" from {item['origin']}"
    return text


def _every(condition: list[str]) -> str:
    """``every red item``, ``every item from Peru``, ``every vase``."""
    attribute, value = condition
    if attribute == "kind":
        return f"every {value}"
    if attribute == "origin":
        return f"every item from {value}"
    if attribute == "material":
        return f"every {MATERIAL_ADJECTIVE[value]} item"
    return f"every {value} item"


def _trait(attribute: str, value: str) -> str:
    """The predicate of a question: ``are red``, ``come from Peru``, ``are vases``."""
    if attribute == "kind":
        return f"are {PLURAL_KIND[value]}"
    if attribute == "origin":
        return f"come from {value}"
    if attribute == "material":
        return f"are made of {value}"
    return f"are {value}"


def _difference(attribute: str, value: str) -> str:
    if attribute == "origin":
        return f"it comes from {value}"
    if attribute == "material":
        return f"it is made of {value}"
    return f"it is {value}"


def _bulk_origins(items: list[Item]) -> str:
    """``the first 3 come from Peru, the next 2 from Japan, and the last one from Egypt``."""
    runs: list[tuple[str, int]] = []
    for item in items:
        if runs and runs[-1][0] == item["origin"]:
            runs[-1] = (item["origin"], runs[-1][1] + 1)
        else:
            runs.append((item["origin"], 1))
    parts = []
    for index, (origin, length) in enumerate(runs):
        many = "one" if length == 1 else str(length)
        if index == 0:
            parts.append(f"the first {many} from {origin}")
        elif index == len(runs) - 1:
            parts.append(f"the last {many} from {origin}")
        else:
            parts.append(f"the next {many} from {origin}")
    if len(parts) == 1:
        return f"all of them come from {runs[0][0]}"
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def _step_sentence(step: dict[str, Any], rng: random.Random) -> str:
    op = step["op"]
    if op == "buy":
        bought = [describe(item) for item in step["items"]]
        listed = bought[0] if len(bought) == 1 else ", ".join(bought[:-1]) + " and " + bought[-1]
        return f"I bought {listed}."
    every = _every(step["where"])
    if op == "give":
        return f"I gave away {every} I had."
    if op == "trade":
        new = describe(step["items"][0])
        return f"My neighbour took {every} I had and gave me, for each one, {new}."
    if op == "paint":
        return f"I painted {every} {step['value']}."
    if op == "remake":
        return f"A craftsman remade {every} in {step['value']}; nothing else about them changed."
    if op == "resize":
        return f"I exchanged {every} I had for an otherwise identical one that is {step['value']}."
    relative = rng.choice(("brother", "aunt", "cousin", "grandmother"))
    return (
        f"For {every} I had, my {relative} gave me an identical one, except that "
        f"{_difference(step['attribute'], step['value'])}."
    )


def render_prompt(instance: dict[str, Any], bulk: bool, rng: random.Random) -> str:
    """Writes the collection, the changes in order, and the question."""
    items = instance["items"]
    lines = [f"{i}. {describe(item, origin=not bulk)}" for i, item in enumerate(items, 1)]
    listing = "\n".join(lines)
    if bulk:
        listing += f"\nWhere they come from, in the order listed: {_bulk_origins(items)}."
    changes = "\n".join(
        f"{i}. {_step_sentence(step, rng)}" for i, step in enumerate(instance["steps"], 1)
    )
    asked = "\n".join(
        f"{i}. {_ask(question)}" for i, question in enumerate(instance["questions"], 1)
    )
    many = len(instance["questions"])
    example = ", ".join(str(EXAMPLE + i) for i in range(many))
    return (
        "I keep a collection of items. Follow it through the changes below, in order, "
        "and answer the questions.\n\n"
        f"At the start I have {len(items)} items:\n{listing}\n\n"
        + (f"Then, in order:\n{changes}\n\n" if changes else "")
        + "A change touches exactly the items it names, as they are at that moment; an item "
        "keeps every property a change does not mention.\n\n"
        f"Questions:\n{asked}\n\n"
        f"Give the {many} counts in question order, comma-separated, inside \\boxed{{}}; for "
        f"example, counts of {example} are written \\boxed{{{example}}}."
    )


def _ask(question: dict[str, Any]) -> str:
    traits = [_trait(a, v) for a, v in question["conditions"]]
    if len(traits) == 1:
        return f"How many items in my collection now {traits[0]}?"
    if question["mode"] == "any":
        joined = ", ".join(traits[:-1]) + ", or " + traits[-1]
        return (
            f"How many items in my collection now {joined}? (An item counts once, even "
            "if it fits several of these.)"
        )
    joined = ", ".join(traits[:-1]) + ", and " + traits[-1]
    return f"How many items in my collection now {joined}, all at once?"


def _screened(instance: dict[str, Any]) -> bool:
    gold = answer_of(instance)
    if EXAMPLE in gold:
        return False
    return all(values != gold for values in lazy_values(instance).values())


def read_counts(payload: str, many: int) -> list[int] | Check:
    """Reads ``many`` comma-separated whole numbers, or returns the format error."""
    try:
        counts = [parse_integer(item) for item in parse_items(payload)]
    except PayloadError as exc:
        return Check(False, 0.0, str(exc), False)
    if len(counts) != many:
        return Check(False, 0.0, f"expected {many} counts, got {len(counts)}", False)
    return counts


# -- the family ---------------------------------------------------------------------------------


@register("object_properties")
class ObjectProperties(Family):
    """Count the items of a changing collection that fit some properties."""

    cell_answer = False  # one number, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Object properties: follow a collection through changes, count by properties"
    Knobs = ObjectPropertiesKnobs
    Instance = ObjectPropertiesInstance

    def validate_for_generation(self, knobs: ObjectPropertiesKnobs) -> None:
        if knobs.min_items > knobs.max_items:
            raise InvalidParamsError(
                "object_properties: min_items must be at most max_items, got "
                f"{knobs.min_items} > {knobs.max_items}"
            )
        if knobs.bulk and knobs.attributes < len(ATTRIBUTES):
            raise InvalidParamsError("object_properties: bulk origins need attributes = 5")

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        low, high, attributes, values, steps, conditions, questions, bulk, modes = LEVELS[level]
        return {
            "min_items": low,
            "max_items": high,
            "attributes": attributes,
            "values": values,
            "steps": steps,
            "conditions": conditions,
            "questions": questions,
            "bulk": bulk,
            "modes": list(modes),
        }

    def generate(self, knobs: ObjectPropertiesKnobs, rng: random.Random) -> Draft:
        for _ in range(MAX_ATTEMPTS):
            instance = draw_instance(knobs, rng)
            if _screened(instance):
                break
        else:
            raise InvalidParamsError(
                f"object_properties: no draw in {MAX_ATTEMPTS} separates the answer from "
                "every shortcut with these knobs"
            )
        prompt = render_prompt(instance, knobs.bulk, rng)
        meta = {"final_items": len(simulate(instance))}
        gold = ", ".join(map(str, answer_of(instance)))
        return Draft(prompt, gold, instance, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        gold = answer_of(instance)
        counts = read_counts(payload, len(gold))
        if isinstance(counts, Check):
            return counts
        for index, (value, right) in enumerate(zip(counts, gold, strict=True), 1):
            if value != right:
                direction = "high" if value > right else "low"
                return Check(False, 0.0, f"count {index} ({value}) is too {direction}")
        return Check(True, 1.0, f"all {len(gold)} counts right")

    def hardness(self, task: Task) -> float:
        """Items plus three per change plus two per condition, plus 4 for bulk origins."""
        instance = task.instance
        bulk = 4.0 if task.params["bulk"] else 0.0
        conditions = sum(len(q["conditions"]) for q in instance["questions"])
        return len(instance["items"]) + 3.0 * len(instance["steps"]) + 2.0 * conditions + bulk

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        """Changes ignored, every item counted, the first condition only, overlaps counted
        twice, and the other mode (all for any, any for all)."""
        return {
            name: [", ".join(map(str, values))] for name, values in lazy_values(instance).items()
        }
