"""Object counting: a shuffled story of who owns what; count what the narrator ends up with.

Description:
    The idea of SynLogic's ``object_counting`` task (arXiv 2505.19641, after BIG-Bench's
    object counting), implemented here from its rules. A narrator ("I") tells a story in
    shuffled sentences: what I have, sometimes as a history ("I had 9 pears, then I bought 4
    more, then I gave 2 to my aunt"), what relatives and friends have, and at higher levels
    requests I turned down. The question asks how many things of one kind, one category or
    two categories (their total or their difference) I have **at the end**.

    Every gold is determinable from the text: each of my items appears in exactly one
    sentence of mine; a history's steps are in order inside its sentence; other people's
    things never count; a refused request changes nothing; and the prompt lists the members
    of every category the question names. The gold is computed from the instance by
    :func:`answer_of`, the same function the checker uses.

Instance:
    ``{"mine": [{"item": "pear", "start": 9, "changes": [4, -2]}, ...], "others":
    [{"person": "aunt", "item": "pear", "count": 3}, ...], "question": {"kind": "sum",
    "targets": ["fruit", "tool"]}}``. ``kind`` is ``item`` (one target: an item I own),
    ``category`` (one category), ``sum`` or ``difference`` (two categories). Items come
    from :data:`CATALOGUE`; counts never go below zero along a history.

Answer format:
    One whole number in ``\\boxed{}``, e.g. ``\\boxed{17}``; read with
    :func:`taskgen.verifiers.parse.parse_integer` (``17.0`` is read, ``17 pears`` is a
    format error). Only the answer container is read.

Scoring:
    0/1, exact integer equality. The reason says whether the answer is too high or too low
    (feedback without the gold). No answer layout and no partial credit.

Difficulty:
    More categories and items, histories on more of my items and with more steps, more
    sentences about other people (some about the very items asked), refused requests, and
    questions over two categories. ``hardness`` counts sentences plus twice the history
    steps, plus three per question step (item 0, category 1, sum 2, difference 3).

    =====  ==========  =====  ========  =====  ======  =======  =========  =========
    level  categories  items  max_count history steps  others   refusals   questions
    =====  ==========  =====  ========  =====  ======  =======  =========  =========
    1      2           2      12        0.0    0       2        0          item, category
    2      2           2      20        0.3    1       3        0          item, category
    3      3           3      20        0.4    2       4        0          category
    4      3           3      30        0.5    2       6        1          category, sum
    5      4           3      40        0.5    3       8        1          category, sum
    6      4           4      50        0.6    3       10       2          sum, difference
    7      5           4      60        0.6    4       12       2          sum, difference
    8      5           4      80        0.7    4       16       3          sum, difference
    9      6           5      90        0.7    5       20       3          sum, difference
    10     7           5      100       0.8    6       25       4          difference
    =====  ==========  =====  ========  =====  ======  =======  =========  =========

    (items: most of my item kinds per category; history: the chance each of my items is
    told as a history; steps: most steps per history; others: sentences about other
    people; refusals: requests I turned down.)

Knobs:
    ``categories`` (1-7), ``items`` (1-6), ``max_count`` (2-500), ``history`` (0-1),
    ``steps`` (0-8), ``others`` (0-60), ``refusals`` (0-10) and ``questions`` (a
    non-empty list of ``item``, ``category``, ``sum``, ``difference``). ``sum`` and
    ``difference`` need at least two categories.

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``object_counting``);
    Srivastava et al., "Beyond the Imitation Game" (BIG-Bench), arXiv 2206.04615.

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.verifiers.parse import PayloadError, parse_integer

QuestionKind = Literal["item", "category", "sum", "difference"]
QUESTION_WEIGHT: dict[str, int] = {"item": 0, "category": 1, "sum": 2, "difference": 3}
MAX_ATTEMPTS = 500
"""Draws before knobs are declared impossible."""
EXAMPLE = 4321
"""The number in the prompt's format example; a task whose gold it is gets redrawn."""

CATALOGUE: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "fruit": (
        "fruits",
        (
            ("apple", "apples"), ("banana", "bananas"), ("cherry", "cherries"),
            ("lemon", "lemons"), ("mango", "mangoes"), ("orange", "oranges"),
            ("peach", "peaches"), ("pear", "pears"), ("plum", "plums"),
            ("apricot", "apricots"), ("kiwi", "kiwis"), ("melon", "melons"),
        ),
    ),
    "vegetable": (
        "vegetables",
        (
            ("carrot", "carrots"), ("potato", "potatoes"), ("onion", "onions"),
            ("cabbage", "cabbages"), ("turnip", "turnips"), ("radish", "radishes"),
            ("leek", "leeks"), ("beetroot", "beetroots"), ("parsnip", "parsnips"),
        ),
    ),
    "animal": (
        "animals",
        (
            ("cat", "cats"), ("dog", "dogs"), ("rabbit", "rabbits"), ("hamster", "hamsters"),
            ("goat", "goats"), ("horse", "horses"), ("parrot", "parrots"),
            ("turtle", "turtles"), ("sheep", "sheep"), ("donkey", "donkeys"),
        ),
    ),
    "instrument": (
        "musical instruments",
        (
            ("guitar", "guitars"), ("piano", "pianos"), ("violin", "violins"),
            ("drum", "drums"), ("flute", "flutes"), ("trumpet", "trumpets"),
            ("harp", "harps"), ("cello", "cellos"), ("clarinet", "clarinets"),
        ),
    ),
    "vehicle": (
        "vehicles",
        (
            ("car", "cars"), ("bicycle", "bicycles"), ("motorcycle", "motorcycles"),
            ("truck", "trucks"), ("scooter", "scooters"), ("tractor", "tractors"),
            ("van", "vans"), ("bus", "buses"),
        ),
    ),
    "furniture": (
        "pieces of furniture",
        (
            ("chair", "chairs"), ("table", "tables"), ("sofa", "sofas"), ("bed", "beds"),
            ("desk", "desks"), ("wardrobe", "wardrobes"), ("stool", "stools"),
            ("bookcase", "bookcases"),
        ),
    ),
    "tool": (
        "tools",
        (
            ("hammer", "hammers"), ("saw", "saws"), ("drill", "drills"),
            ("wrench", "wrenches"), ("screwdriver", "screwdrivers"), ("shovel", "shovels"),
            ("rake", "rakes"), ("chisel", "chisels"),
        ),
    ),
}  # fmt: skip
"""Category -> (its plural in questions, its (singular, plural) items). Memberships are
beyond dispute (no tomato), and the prompt lists the members of every category asked."""

CATEGORY_OF: dict[str, str] = {
    item: category for category, (_, items) in CATALOGUE.items() for item, _ in items
}
PLURAL: dict[str, str] = {item: plural for _, items in CATALOGUE.values() for item, plural in items}
PEOPLE: tuple[str, ...] = (
    "mother", "father", "aunt", "uncle", "cousin", "grandmother", "grandfather", "brother",
    "sister", "neighbour", "best friend", "colleague", "nephew", "niece",
)  # fmt: skip
ASIDES: tuple[str, ...] = (
    "I am quite proud of that",
    "most of them were gifts",
    "I keep them at home",
    "that surprises many people",
    "I have had them for years",
)
"""Parenthetical remarks that change nothing (the original's flavour text)."""

LEVELS: dict[int, tuple[int, int, int, float, int, int, int, tuple[QuestionKind, ...]]] = {
    1: (2, 2, 12, 0.0, 0, 2, 0, ("item", "category")),
    2: (2, 2, 20, 0.3, 1, 3, 0, ("item", "category")),
    3: (3, 3, 20, 0.4, 2, 4, 0, ("category",)),
    4: (3, 3, 30, 0.5, 2, 6, 1, ("category", "sum")),
    5: (4, 3, 40, 0.5, 3, 8, 1, ("category", "sum")),
    6: (4, 4, 50, 0.6, 3, 10, 2, ("sum", "difference")),
    7: (5, 4, 60, 0.6, 4, 12, 2, ("sum", "difference")),
    8: (5, 4, 80, 0.7, 4, 16, 3, ("sum", "difference")),
    9: (6, 5, 90, 0.7, 5, 20, 3, ("sum", "difference")),
    10: (7, 5, 100, 0.8, 6, 25, 4, ("difference",)),
}
"""Level -> (categories, items, max_count, history, steps, others, refusals, questions)."""


class ObjectCountingKnobs(BaseModel):
    """Knobs of the ``object_counting`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    categories: int = Field(ge=1, le=len(CATALOGUE), description="categories in my story")
    items: int = Field(ge=1, le=6, description="most item kinds of mine per category")
    max_count: int = Field(ge=2, le=500, description="largest count in a sentence")
    history: float = Field(ge=0.0, le=1.0, description="chance an item of mine has a history")
    steps: int = Field(ge=0, le=8, description="most steps in a history")
    others: int = Field(ge=0, le=60, description="sentences about other people")
    refusals: int = Field(ge=0, le=10, description="requests I turned down")
    questions: list[QuestionKind] = Field(min_length=1, description="question kinds")


class MyItem(BaseModel):
    """One kind of thing I own, with its history (``changes``, in order)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    item: str
    start: int = Field(ge=0, le=10**6)
    changes: list[int] = Field(max_length=20)

    @field_validator("item")
    @classmethod
    def _known(cls, item: str) -> str:
        if item not in CATEGORY_OF:
            raise ValueError(f"unknown item {item!r}")
        return item

    @model_validator(mode="after")
    def _never_negative(self) -> MyItem:
        count = self.start
        for change in self.changes:
            if change == 0:
                raise ValueError(f"{self.item}: a history step changes nothing")
            count += change
            if count < 0:
                raise ValueError(f"{self.item}: the count goes below zero")
        return self


class OtherItem(BaseModel):
    """Something another person has (never counted)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    person: str
    item: str
    count: int = Field(ge=0, le=10**6)

    @model_validator(mode="after")
    def _known(self) -> OtherItem:
        if self.person not in PEOPLE or self.item not in CATEGORY_OF:
            raise ValueError(f"unknown person or item: {self.person!r}, {self.item!r}")
        return self


class Question(BaseModel):
    """What is asked: one item or category, or two categories' sum or difference."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: QuestionKind
    targets: list[str] = Field(min_length=1, max_length=2)


class ObjectCountingInstance(BaseModel):
    """``Task.instance`` of the ``object_counting`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    mine: list[MyItem] = Field(min_length=1, max_length=60)
    others: list[OtherItem] = Field(max_length=100)
    question: Question

    @model_validator(mode="after")
    def _consistent(self) -> ObjectCountingInstance:
        owned = [entry.item for entry in self.mine]
        if len(set(owned)) != len(owned):
            raise ValueError("an item of mine is listed twice")
        kind, targets = self.question.kind, self.question.targets
        if kind == "item":
            if len(targets) != 1 or targets[0] not in owned:
                raise ValueError("an item question names one item I own")
        else:
            wanted = 1 if kind == "category" else 2
            if len(targets) != wanted or len(set(targets)) != wanted:
                raise ValueError(f"a {kind} question names {wanted} distinct categories")
            mine = {CATEGORY_OF[item] for item in owned}
            for target in targets:
                if target not in CATALOGUE or target not in mine:
                    raise ValueError(f"category {target!r} is unknown or holds nothing of mine")
        return self


# -- the rules engine ---------------------------------------------------------------------------


def final_counts(mine: list[dict[str, Any]]) -> dict[str, int]:
    """Returns how many of each item I have at the end of the story."""
    return {entry["item"]: entry["start"] + sum(entry["changes"]) for entry in mine}


def _target_total(counts: dict[str, int], target: str) -> int:
    if target in CATALOGUE:
        return sum(n for item, n in counts.items() if CATEGORY_OF[item] == target)
    return counts.get(target, 0)


def _combine(kind: str, totals: list[int]) -> int:
    if kind == "sum":
        return totals[0] + totals[1]
    if kind == "difference":
        return abs(totals[0] - totals[1])
    return totals[0]


def answer_of(instance: dict[str, Any]) -> int:
    """Computes the gold of an instance (the checker's rule too).

    >>> answer_of({"mine": [{"item": "pear", "start": 9, "changes": [4, -2]},
    ...                     {"item": "saw", "start": 2, "changes": []}],
    ...            "others": [], "question": {"kind": "difference", "targets": ["fruit", "tool"]}})
    9
    """
    counts = final_counts(instance["mine"])
    question = instance["question"]
    totals = [_target_total(counts, target) for target in question["targets"]]
    return _combine(question["kind"], totals)


def lazy_values(instance: dict[str, Any]) -> dict[str, int]:
    """Answers of readers who skip a rule, by the rule skipped (see ``lazy_answers``)."""
    question = instance["question"]
    kind, targets = question["kind"], question["targets"]
    counts = final_counts(instance["mine"])
    values: dict[str, int] = {}
    if any(entry["changes"] for entry in instance["mine"]):
        starts = {entry["item"]: entry["start"] for entry in instance["mine"]}
        values["histories ignored"] = _combine(kind, [_target_total(starts, t) for t in targets])
        history_numbers = {
            entry["item"]: entry["start"] + sum(abs(c) for c in entry["changes"])
            for entry in instance["mine"]
        }
        values["every number added"] = _combine(
            kind, [_target_total(history_numbers, t) for t in targets]
        )
    if instance["others"]:
        everyone = dict(counts)
        for other in instance["others"]:
            everyone[other["item"]] = everyone.get(other["item"], 0) + other["count"]
        values["everyone's things"] = _combine(kind, [_target_total(everyone, t) for t in targets])
    if kind != "item":
        values["all my things"] = sum(counts.values())
        kinds_owned = {t: sum(1 for item in counts if CATEGORY_OF[item] == t) for t in targets}
        values["kinds counted"] = _combine(kind, [kinds_owned[t] for t in targets])
    if kind in ("sum", "difference"):
        other_kind = "difference" if kind == "sum" else "sum"
        values["other operation"] = _combine(
            other_kind, [_target_total(counts, t) for t in targets]
        )
    return values


# -- generation ---------------------------------------------------------------------------------


def _history(
    start: int, final_cap: int, steps: int, rng: random.Random
) -> tuple[int, list[int]] | None:
    """Draws non-zero changes from ``start`` that keep the count in 0..final_cap."""
    count, changes = start, []
    for _ in range(steps):
        step = max(1, final_cap // 4)
        if count > 0 and rng.random() < 0.5:
            change = -rng.randint(1, min(count, step))
        else:
            room = final_cap - count
            if room <= 0:
                change = -rng.randint(1, min(count, step))
            else:
                change = rng.randint(1, min(room, step))
        count += change
        changes.append(change)
    return (start, changes) if count >= 1 else None


def draw_instance(knobs: ObjectCountingKnobs, rng: random.Random) -> dict[str, Any]:
    """Draws my things, other people's things and a question (not yet screened)."""
    categories = rng.sample(sorted(CATALOGUE), knobs.categories)
    mine: list[dict[str, Any]] = []
    for category in categories:
        pool = [item for item, _ in CATALOGUE[category][1]]
        for item in rng.sample(pool, rng.randint(1, min(knobs.items, len(pool)))):
            if knobs.steps and rng.random() < knobs.history:
                drawn = None
                while drawn is None:
                    start = rng.randint(1, knobs.max_count)
                    drawn = _history(start, knobs.max_count, rng.randint(1, knobs.steps), rng)
                mine.append({"item": item, "start": drawn[0], "changes": drawn[1]})
            else:
                mine.append({"item": item, "start": rng.randint(1, knobs.max_count), "changes": []})
    owned_items = [entry["item"] for entry in mine]
    others: list[dict[str, Any]] = []
    told: set[tuple[str, str]] = set()  # one sentence per person and item: no contradictions
    while len(others) < knobs.others:
        # mostly about the very things I own: a count that must not be added
        pool = owned_items if rng.random() < 0.6 else sorted(CATEGORY_OF)
        item = rng.choice(pool)
        person = rng.choice(PEOPLE)
        if (person, item) not in told:
            told.add((person, item))
            count = rng.randint(1, knobs.max_count)
            others.append({"person": person, "item": item, "count": count})
    kind = rng.choice(knobs.questions)
    if kind == "item":
        targets = [rng.choice(owned_items)]
    elif kind == "category":
        targets = [rng.choice(categories)]
    else:
        targets = rng.sample(categories, 2)
    return {"mine": mine, "others": others, "question": {"kind": kind, "targets": targets}}


def _number(count: int, item: str) -> str:
    return f"{count} {PLURAL[item] if count != 1 else item}"


def _history_sentence(entry: dict[str, Any], rng: random.Random) -> str:
    item, count = entry["item"], entry["start"]
    parts = [f"I had {_number(count, item)}"]
    for change in entry["changes"]:
        amount = abs(change)
        person = rng.choice(PEOPLE)
        if change > 0:
            parts.append(
                rng.choice(
                    (
                        f"then I bought {amount} more",
                        f"then my {person} gave me {amount} more",
                        f"then I got {amount} more",
                    )
                )
            )
        else:
            parts.append(
                rng.choice(
                    (
                        f"then I gave {amount} to my {person}",
                        f"then I lost {amount}",
                        f"then I sold {amount}",
                    )
                )
            )
    return ", ".join(parts) + "."


def render_prompt(instance: dict[str, Any], knobs: ObjectCountingKnobs, rng: random.Random) -> str:
    """Writes the story (shuffled sentences), the counting rules and the question."""
    sentences = []
    for entry in instance["mine"]:
        if entry["changes"]:
            sentences.append(_history_sentence(entry, rng))
        else:
            aside = f" ({rng.choice(ASIDES)})" if rng.random() < 0.3 else ""
            sentences.append(f"I have {_number(entry['start'], entry['item'])}{aside}.")
    for other in instance["others"]:
        sentences.append(f"My {other['person']} has {_number(other['count'], other['item'])}.")
    counts = final_counts(instance["mine"])
    owned = sorted(item for item, n in counts.items() if n > 0)
    for _ in range(knobs.refusals):
        item = rng.choice(owned)
        amount = rng.randint(1, max(1, counts[item]))
        sentences.append(
            f"My {rng.choice(PEOPLE)} asked me for {_number(amount, item)}, but I said no."
        )
    rng.shuffle(sentences)
    question = instance["question"]
    kind, targets = question["kind"], question["targets"]
    if kind == "item":
        asked = f"How many {PLURAL[targets[0]]} do I have now?"
    elif kind == "category":
        asked = f"How many {CATALOGUE[targets[0]][0]} do I have now, in total?"
    elif kind == "sum":
        first, second = CATALOGUE[targets[0]][0], CATALOGUE[targets[1]][0]
        asked = f"How many {first} and {second} do I have now, all together?"
    else:
        first, second = CATALOGUE[targets[0]][0], CATALOGUE[targets[1]][0]
        asked = (
            f"What is the difference between the number of {first} and the number of "
            f"{second} I have now (the larger number minus the smaller)?"
        )
    members = ""
    if kind != "item":
        lines = [
            f"- {CATALOGUE[t][0]}: {', '.join(plural for _, plural in CATALOGUE[t][1])}"
            for t in targets
        ]
        members = "Categories in the question, with every kind of thing they include:\n"
        members += "\n".join(lines) + "\n\n"
    return (
        "Read my story and answer the question about the things I own.\n\n"
        "Story:\n" + "\n".join(sentences) + "\n\n"
        "Rules: count only what I (the narrator) have at the end of the story. What other "
        "people have never counts. A sentence that tells a history lists its steps in "
        "order; things I gave away, sold or lost are no longer mine. A request I turned "
        "down changes nothing.\n\n" + members + f"Question: {asked}\n\n"
        f"Give just the number inside \\boxed{{}}; for example, a count of {EXAMPLE} is "
        f"written \\boxed{{{EXAMPLE}}}."
    )


def _screened(instance: dict[str, Any]) -> bool:
    """Keeps draws whose gold differs from every lazy reading and from the example."""
    gold = answer_of(instance)
    if gold == EXAMPLE:
        return False
    return all(value != gold for value in lazy_values(instance).values())


# -- the family ---------------------------------------------------------------------------------


@register("object_counting")
class ObjectCounting(Family):
    """Count what the narrator of a shuffled ownership story has at the end."""

    cell_answer = False  # one number, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Object counting: total the narrator's things after histories and distractors"
    Knobs = ObjectCountingKnobs
    Instance = ObjectCountingInstance

    def validate_for_generation(self, knobs: ObjectCountingKnobs) -> None:
        if knobs.categories < 2 and any(q in ("sum", "difference") for q in knobs.questions):
            raise InvalidParamsError(
                "object_counting: sum and difference questions need categories >= 2"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        categories, items, max_count, history, steps, others, refusals, questions = LEVELS[level]
        return {
            "categories": categories,
            "items": items,
            "max_count": max_count,
            "history": history,
            "steps": steps,
            "others": others,
            "refusals": refusals,
            "questions": list(questions),
        }

    def generate(self, knobs: ObjectCountingKnobs, rng: random.Random) -> Draft:
        for _ in range(MAX_ATTEMPTS):
            instance = draw_instance(knobs, rng)
            if _screened(instance):
                break
        else:
            raise InvalidParamsError(
                f"object_counting: no draw in {MAX_ATTEMPTS} separates the answer from "
                "every shortcut with these knobs"
            )
        gold = answer_of(instance)
        prompt = render_prompt(instance, knobs, rng)
        meta = {"sentences": prompt.count("\n") + 1, "question": instance["question"]["kind"]}
        return Draft(prompt, str(gold), instance, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        try:
            value = parse_integer(payload)
        except PayloadError as exc:
            return Check(False, 0.0, str(exc), False)
        gold = answer_of(instance)
        if value == gold:
            return Check(True, 1.0, f"right: {gold}")
        direction = "high" if value > gold else "low"
        return Check(False, 0.0, f"{value} is too {direction}")

    def hardness(self, task: Task) -> float:
        """Sentences plus twice the history steps plus three per question step."""
        instance = task.instance
        steps = sum(len(entry["changes"]) for entry in instance["mine"])
        sentences = len(instance["mine"]) + len(instance["others"])
        weight = QUESTION_WEIGHT[instance["question"]["kind"]]
        return float(sentences + 2 * steps + 3 * weight + task.params["refusals"])

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        """Histories ignored, every number in a history added, everyone's things counted,
        all my things, the number of kinds, the other operation (sum vs difference)."""
        return {name: [str(value)] for name, value in lazy_values(instance).items()}
