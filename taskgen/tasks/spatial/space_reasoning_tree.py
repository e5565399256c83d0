"""Space reasoning on a tree: from shuffled facts about a family tree, name everyone in a relation.

Description:
    The idea of SynLogic's ``space_reasoning_tree`` task (arXiv 2505.19641), implemented here
    from its rules. A family tree of people with distinct made-up names is described by a
    shuffled list of true facts, each complete about what it names: "X has 3 children: A, B
    and C", "X has no children", "X has 4 grandchildren: ..." (which child each belongs to is
    not said), "A, B and C are siblings, and they have no other siblings", "A is an only
    child". The question asks for everyone in one relation to a target person: the cousins
    (children of the siblings of the parent; SynLogic's only question), and from level 3 the
    aunts and uncles (siblings of the parent), from level 5 the nieces and nephews (children
    of the siblings), from level 8 the second cousins (children of the cousins of the parent).
    Every relation is defined in the prompt.

    **The facts determine the answer.** :func:`derive` is a reasoner that reads only the
    facts and applies sound rules of trees (every person has one parent; a children fact
    fixes the parent of each child; a sibling group whose parent is known is that parent's
    children; grandchildren are the children's children; the grandchildren minus the known
    children's children are the last child's children; ...). Generation adds true facts about
    the target's neighbourhood in a random order, weighted toward indirect kinds
    (grandchildren and sibling facts) at higher levels, until the reasoner derives the
    relation; then drops every fact it can do without, so the needed set is minimal; then
    adds true distractor facts about people outside the neighbourhood. The instance keeps
    the tree; the gold is the relation computed on the tree, and the validator refuses an
    instance whose facts are not true of the tree or do not let :func:`derive` reach the
    same set. A test re-derives every gold from the prompt's text alone with an independent
    reader.

    Generation also rejects tasks where an answer written without solving is right: the
    target's siblings, the parent's children, the target's whole generation (with or without
    the target), that generation without the target's siblings, and the whole generation of
    the answer without the target's own line.

Instance:
    ``{"names": [...], "parents": [-1, 0, 0, ...], "facts": [{"kind": "children",
    "subject": "Bako", "names": ["Lim", "Tessa"]}, ...], "relation": "cousins", "target":
    "Lim"}``. ``parents[i]`` is the index of person ``i``'s parent (``-1`` for the founder,
    exactly one). Fact kinds: ``children`` and ``grandchildren`` (a subject and the complete
    list, empty for none) and ``siblings`` (a complete sibling group, one name for an only
    child).

Answer format:
    The names, separated by commas, in any order, inside ``\\boxed{}``, e.g.
    ``\\boxed{Dora, Milo}``; read with :func:`taskgen.verifiers.parse.parse_items`. Letter
    case is ignored and a name listed twice counts once. The answer is never empty.

Scoring:
    0/1: right iff the set of names equals the relation's set. The reason names the first
    listed name that does not belong (or is not in the tree), else how many are missing.

Difficulty:
    More people, a deeper tree, relations further from the target, more indirect facts
    (grandchildren and sibling groups instead of children lists), more distractors.
    ``hardness`` is the number of facts, plus a tenth of the people, plus 3 per generation,
    3 per step of the longest relation path the level allows (aunts and uncles 3, cousins 4,
    second cousins 6), 4 per needed fact required and 4 times the indirection weight.

    =====  =====  =======  ======  ===========  ======  ===========  ======================
    level  depth  people   branch  indirection  needed  distractors  relations
    =====  =====  =======  ======  ===========  ======  ===========  ======================
    1      3      8-16     3       0.2          2       0.2          cousins
    2      3      12-22    4       0.4          2       0.25         cousins
    3      4      15-30    3       0.6          2       0.3          cousins, aunts_uncles
    4      4      20-40    4       0.8          3       0.3          cousins, aunts_uncles
    5      4      30-50    4       1.0          3       0.35         + nieces_nephews
    6      5      40-70    4       1.2          3       0.35         + nieces_nephews
    7      5      50-85    4       1.4          4       0.4          + nieces_nephews
    8      5      60-100   5       1.6          4       0.4          cousins, nieces_nephews,
                                                                     second_cousins
    9      5      80-120   5       1.8          4       0.45         cousins, aunts_uncles,
                                                                     second_cousins
    10     6      100-150  5       2.0          5       0.5          cousins, nieces_nephews,
                                                                     second_cousins
    =====  =====  =======  ======  ===========  ======  ===========  ======================

    (depth: generations below the founder; branch: most children per person; indirection:
    weight of grandchildren and sibling facts against children lists when the needed facts
    are drawn; needed: fewest facts in the minimal needed set (up to six random orders of
    the candidates are tried per tree); distractors: share of the other people whose true
    facts may be added, each with probability one half.)

Knobs:
    ``depth`` (2-7), ``min_people`` and ``max_people`` (4-250), ``branch`` (2-6),
    ``indirection`` (0-10), ``min_needed`` (1-12), ``distractors`` (0-1), ``relations``
    (non-empty list of ``cousins``, ``aunts_uncles``, ``nieces_nephews``,
    ``second_cousins``). A relation needs enough generations above the target
    (``InvalidParamsError`` otherwise); knobs no draw satisfies fail after ``MAX_ATTEMPTS``.

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``space_reasoning_tree``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.verifiers.parse import PayloadError, parse_items

Relation = Literal["cousins", "aunts_uncles", "nieces_nephews", "second_cousins"]
FactKind = Literal["children", "grandchildren", "siblings"]
MAX_ATTEMPTS = 400
"""Draws before knobs are declared impossible."""
ORDERS = 6
"""Orders of the candidate facts tried per tree, until a minimal set is large enough."""
EXAMPLE = "Quill, Quorra"
"""The prompt's format example: names with a q never occur."""

UP: dict[str, int] = {"cousins": 2, "aunts_uncles": 2, "nieces_nephews": 1, "second_cousins": 3}
"""How many generations above the target the relation's common ancestor is."""
PATH: dict[str, int] = {"cousins": 4, "aunts_uncles": 3, "nieces_nephews": 3, "second_cousins": 6}
"""Steps in the tree from the target to a person of the relation."""
DEFINITION: dict[str, tuple[str, str]] = {
    "cousins": ("cousins", "the children of the siblings of {t}'s parent"),
    "aunts_uncles": ("aunts and uncles", "the siblings of {t}'s parent"),
    "nieces_nephews": ("nieces and nephews", "the children of {t}'s siblings"),
    "second_cousins": (
        "second cousins",
        "the children of the cousins of {t}'s parent, where a person's cousins are the "
        "children of the siblings of that person's parent",
    ),
}

_ONSETS = ("b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br",
           "st", "th", "sh", "tr")  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea")
_CODAS = ("", "", "", "", "n", "l", "r", "s", "m", "x")

LEVELS: dict[int, tuple[int, int, int, int, float, int, float, tuple[Relation, ...]]] = {
    1: (3, 8, 16, 3, 0.2, 2, 0.2, ("cousins",)),
    2: (3, 12, 22, 4, 0.4, 2, 0.25, ("cousins",)),
    3: (4, 15, 30, 3, 0.6, 2, 0.3, ("cousins", "aunts_uncles")),
    4: (4, 20, 40, 4, 0.8, 3, 0.3, ("cousins", "aunts_uncles")),
    5: (4, 30, 50, 4, 1.0, 3, 0.35, ("cousins", "aunts_uncles", "nieces_nephews")),
    6: (5, 40, 70, 4, 1.2, 3, 0.35, ("cousins", "aunts_uncles", "nieces_nephews")),
    7: (5, 50, 85, 4, 1.4, 4, 0.4, ("cousins", "aunts_uncles", "nieces_nephews")),
    8: (5, 60, 100, 5, 1.6, 4, 0.4, ("cousins", "nieces_nephews", "second_cousins")),
    9: (5, 80, 120, 5, 1.8, 4, 0.45, ("cousins", "aunts_uncles", "second_cousins")),
    10: (6, 100, 150, 5, 2.0, 5, 0.5, ("cousins", "nieces_nephews", "second_cousins")),
}
"""Level -> (depth, min_people, max_people, branch, indirection, min_needed, distractors,
relations)."""


class SpaceReasoningTreeKnobs(BaseModel):
    """Knobs of the ``space_reasoning_tree`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    depth: int = Field(ge=2, le=7, description="generations below the founder")
    min_people: int = Field(ge=4, le=250, description="fewest people in the tree")
    max_people: int = Field(ge=4, le=250, description="most people in the tree")
    branch: int = Field(ge=2, le=6, description="most children per person")
    indirection: float = Field(ge=0.0, le=10.0, description="weight of indirect facts")
    min_needed: int = Field(ge=1, le=12, description="fewest facts the answer needs")
    distractors: float = Field(ge=0.0, le=1.0, description="share of others given a fact")
    relations: list[Relation] = Field(min_length=1, description="relations asked")


class Fact(BaseModel):
    """One fact: a subject's complete children or grandchildren, or a complete sibling group."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: FactKind
    subject: str | None = None
    names: list[str]


class SpaceReasoningTreeInstance(BaseModel):
    """``Task.instance`` of the ``space_reasoning_tree`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    names: list[str] = Field(min_length=2)
    parents: list[int]
    facts: list[Fact] = Field(min_length=1)
    relation: Relation
    target: str

    @model_validator(mode="after")
    def _consistent(self) -> SpaceReasoningTreeInstance:
        names, parents = self.names, self.parents
        if len(parents) != len(names):
            raise ValueError("parents and names differ in length")
        if len({name.casefold() for name in names}) != len(names):
            raise ValueError("names are not distinct (ignoring case)")
        for name in names:
            if not re.fullmatch(r"[A-Z][a-z]{1,15}", name):
                raise ValueError(f"name {name[:20]!r} is not a capitalised word")
        if parents.count(-1) != 1:
            raise ValueError("the tree needs exactly one founder (parent -1)")
        for i, p in enumerate(parents):
            if p != -1 and not (0 <= p < len(names) and p != i):
                raise ValueError(f"person {i} has parent {p}, not a person of the tree")
        if any(d < 0 for d in depths(parents)):
            raise ValueError("the parents form a cycle")
        if self.target not in names:
            raise ValueError(f"target {self.target[:20]!r} is not in the tree")
        tree = Tree(names, parents)
        facts = self.model_dump()["facts"]
        for fact in facts:
            if fact != tree.true_fact(fact):
                raise ValueError(f"a fact is not true of the tree: {render_fact(fact)[:60]!r}")
        truth = tree.relation(self.relation, self.target)
        if not truth:
            raise ValueError("the relation is empty")
        if derive(facts, self.relation, self.target) != truth:
            raise ValueError("the facts do not determine the answer")
        return self


# -- the tree ------------------------------------------------------------------------------------


def depths(parents: list[int]) -> list[int]:
    """Returns each person's generation (the founder's is 0); -1 for people on or below a
    cycle of parents.

    >>> depths([-1, 0, 1, 0]), depths([-1, 2, 1])
    ([0, 1, 2, 1], [0, -1, -1])
    """
    found = [-2] * len(parents)
    for start in range(len(parents)):
        chain: list[int] = []
        on_chain: set[int] = set()
        here = start
        while here != -1 and found[here] == -2 and here not in on_chain:
            on_chain.add(here)
            chain.append(here)
            here = parents[here]
        if here == -1:
            base = -1
        elif here in on_chain or found[here] == -1:
            base = None
        else:
            base = found[here]
        for node in reversed(chain):
            if base is None:
                found[node] = -1
            else:
                base += 1
                found[node] = base
    return found


class Tree:
    """A family tree by names: parents, children, generations and relations."""

    def __init__(self, names: list[str], parents: list[int]) -> None:
        self.names = names
        self.parent: dict[str, str] = {names[i]: names[p] for i, p in enumerate(parents) if p != -1}
        self.kids: dict[str, list[str]] = {name: [] for name in names}
        for child, parent in self.parent.items():
            self.kids[parent].append(child)
        generation = depths(parents)
        self.depth = {name: generation[i] for i, name in enumerate(names)}

    def group(self, name: str) -> list[str]:
        """Returns the name with its siblings (the parent's children), or just the founder."""
        parent = self.parent.get(name)
        return [name] if parent is None else self.kids[parent]

    def grandkids(self, name: str) -> list[str]:
        """Returns the children of ``name``'s children."""
        return [g for child in self.kids[name] for g in self.kids[child]]

    def siblings(self, name: str) -> set[str]:
        """Returns the other children of ``name``'s parent."""
        return set(self.group(name)) - {name}

    def relation(self, relation: str, target: str) -> frozenset[str]:
        """Returns the set of people in ``relation`` to ``target``."""
        if relation == "nieces_nephews":
            return frozenset(k for s in self.siblings(target) for k in self.kids[s])
        parent = self.parent.get(target)
        if parent is None:
            return frozenset()
        if relation == "aunts_uncles":
            return frozenset(self.siblings(parent))
        if relation == "cousins":
            return frozenset(k for u in self.siblings(parent) for k in self.kids[u])
        return frozenset(k for c in self.relation("cousins", parent) for k in self.kids[c])

    def true_fact(self, fact: dict[str, Any]) -> dict[str, Any] | None:
        """Returns the true fact of the same kind about the same people (names sorted as
        given when they match), or None when the fact names unknown people."""
        kind, subject, listed = fact["kind"], fact.get("subject"), fact["names"]
        if kind == "siblings":
            if not listed or any(name not in self.depth for name in listed) or subject:
                return None
            group = self.group(listed[0])
            return fact if sorted(group) == sorted(listed) else None
        if subject not in self.kids:
            return None
        actual = self.kids[subject] if kind == "children" else self.grandkids(subject)
        return fact if sorted(actual) == sorted(listed) else None


# -- the reasoner: what the facts alone imply --------------------------------------------------


def _union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    result: set[str] = set()
    for part in sets:
        result |= part
    return frozenset(result)


def derive(facts: list[dict[str, Any]], relation: str, target: str) -> frozenset[str] | None:
    """Returns the relation's set as the facts alone imply it, or None when the rules below
    do not reach it.

    Rules (each sound for any tree, where every person has at most one parent): a children
    list fixes each child's parent and sibling group; a sibling group with a known parent is
    that parent's children; a grandchildren list fixes each grandchild's grandparent;
    parent of parent is grandparent; children lists of all children give the grandchildren;
    grandchildren minus the other children's children are the last child's children; a
    grandchild of G whose parent can only be one of G's children has that parent.
    """
    kids: dict[str, frozenset[str]] = {}
    gkids: dict[str, frozenset[str]] = {}
    group: dict[str, frozenset[str]] = {}
    parent: dict[str, str] = {}
    grand: dict[str, str] = {}
    for fact in facts:
        listed = frozenset(fact["names"])
        if fact["kind"] == "children":
            kids[fact["subject"]] = listed
        elif fact["kind"] == "grandchildren":
            gkids[fact["subject"]] = listed
        else:
            for name in listed:
                group[name] = listed
    changed = True
    while changed:
        changed = False
        for who, children in list(kids.items()):
            for child in children:
                if child not in parent:
                    parent[child] = who
                    changed = True
                if child not in group:
                    group[child] = children
                    changed = True
            if who not in gkids and all(child in kids for child in children):
                gkids[who] = _union(kids[child] for child in children)
                changed = True
        for name, members in list(group.items()):
            if name in parent and parent[name] not in kids:
                kids[parent[name]] = members
                changed = True
        for who, grandchildren in list(gkids.items()):
            for person in grandchildren:
                if person not in grand:
                    grand[person] = who
                    changed = True
            known = kids.get(who)
            if known is None:
                continue
            children = known
            open_ = [child for child in children if child not in kids]
            if len(open_) == 1:
                kids[open_[0]] = grandchildren - _union(
                    kids[child] for child in children if child in kids
                )
                changed = True
        for person, up in list(parent.items()):
            if up in parent and person not in grand:
                grand[person] = parent[up]
                changed = True
        for person, top in list(grand.items()):
            if person in parent or top not in kids:
                continue
            fits = [c for c in kids[top] if c not in kids or person in kids[c]]
            if len(fits) == 1:
                parent[person] = fits[0]
                changed = True

    def siblings(name: str) -> frozenset[str] | None:
        members = group.get(name)
        return None if members is None else members - {name}

    def children_of(names: frozenset[str] | None) -> frozenset[str] | None:
        if names is None or any(name not in kids for name in names):
            return None
        return _union(kids[name] for name in names)

    def cousins(name: str) -> frozenset[str] | None:
        up2 = grand.get(name)
        if up2 is not None and up2 in gkids and name in group:
            return gkids[up2] - group[name]
        up = parent.get(name)
        return None if up is None else children_of(siblings(up))

    if relation == "cousins":
        return cousins(target)
    above: str | None = parent.get(target)
    if relation == "aunts_uncles":
        return None if above is None else siblings(above)
    if relation == "nieces_nephews":
        found = children_of(siblings(target))
        if found is None and above is not None and above in gkids and target in kids:
            found = gkids[above] - kids[target]
        return found
    if above is not None:
        found = children_of(cousins(above))
        if found is not None:
            return found
    great = grand.get(target)
    uncles = None if great is None else siblings(great)
    if uncles is None or any(u not in gkids for u in uncles):
        return None
    return _union(gkids[u] for u in uncles)


# -- generation ----------------------------------------------------------------------------------


def draw_names(count: int, rng: random.Random) -> list[str]:
    """Draws ``count`` distinct made-up names (two or three syllables, never a q)."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        parts = [
            _ONSETS[rng.randrange(len(_ONSETS))] + _VOWELS[rng.randrange(len(_VOWELS))]
            for _ in range(2 if rng.random() < 0.85 else 3)
        ]
        name = ("".join(parts) + _CODAS[rng.randrange(len(_CODAS))]).capitalize()
        if name not in seen and len(name) <= 10:
            seen.add(name)
            names.append(name)
    return names


def draw_tree(knobs: SpaceReasoningTreeKnobs, rng: random.Random) -> list[int]:
    """Draws parents: a line from the founder down ``depth`` generations, then every other
    person attached to a random person above the last generation with room for a child."""
    total = rng.randint(knobs.min_people, knobs.max_people)
    parents = [-1]
    depth = [0]
    kids = [0]
    for generation in range(1, knobs.depth + 1):
        parents.append(len(parents) - 1)
        depth.append(generation)
        kids[-1] += 1
        kids.append(0)
    open_ = [i for i in range(len(parents)) if depth[i] < knobs.depth]
    while len(parents) < total and open_:
        slot = rng.randrange(len(open_))
        up = open_[slot]
        parents.append(up)
        depth.append(depth[up] + 1)
        kids.append(0)
        kids[up] += 1
        if kids[up] >= knobs.branch:
            open_[slot] = open_[-1]
            open_.pop()
        if depth[-1] < knobs.depth:
            open_.append(len(parents) - 1)
    return parents


def facts_about(tree: Tree, people: Iterable[str]) -> list[dict[str, Any]]:
    """Returns every true fact about ``people``: children, grandchildren, sibling group."""
    found: list[dict[str, Any]] = []
    groups: set[tuple[str, ...]] = set()
    for name in people:
        found.append({"kind": "children", "subject": name, "names": list(tree.kids[name])})
        if tree.kids[name]:
            found.append({"kind": "grandchildren", "subject": name, "names": tree.grandkids(name)})
        if name in tree.parent:
            group = tuple(tree.group(name))
            if group not in groups:
                groups.add(group)
                found.append({"kind": "siblings", "names": list(group)})
    return found


def needed_facts(
    tree: Tree, relation: str, target: str, knobs: SpaceReasoningTreeKnobs, rng: random.Random
) -> tuple[list[dict[str, Any]], set[str]] | None:
    """Picks a minimal set of true facts from which :func:`derive` reaches the relation;
    returns it with the neighbourhood whose facts were candidates."""
    top = target
    for _ in range(UP[relation]):
        top = tree.parent[top]
    bottom = tree.depth[target] + (relation == "nieces_nephews")
    hood: set[str] = set()
    frontier = [top]
    while frontier:
        here = frontier.pop()
        hood.add(here)
        if tree.depth[here] < bottom:
            frontier.extend(tree.kids[here])
    if top in tree.parent:
        hood.add(tree.parent[top])
    candidates = facts_about(tree, sorted(hood))
    weight = {"children": 1.0, "grandchildren": knobs.indirection, "siblings": knobs.indirection}
    truth = tree.relation(relation, target)
    best: list[dict[str, Any]] = []
    for _ in range(ORDERS):
        keyed: list[tuple[float, int, dict[str, Any]]] = []
        for fact in candidates:
            w = weight[fact["kind"]]
            keyed.append((rng.random() ** (1.0 / w) if w > 0 else 0.0, len(keyed), fact))
        keyed.sort(key=lambda entry: (-entry[0], entry[1]))
        ordered = [fact for _, _, fact in keyed]
        if derive(ordered, relation, target) != truth:
            return None
        low, high = 0, len(ordered)  # derive is monotone: find the shortest deriving prefix
        while low + 1 < high:
            middle = (low + high) // 2
            if derive(ordered[:middle], relation, target) == truth:
                high = middle
            else:
                low = middle
        chosen = ordered[:high]
        if len(chosen) <= len(best):
            continue
        order = list(range(len(chosen)))
        rng.shuffle(order)
        keep = [True] * len(chosen)
        for i in order:
            keep[i] = False
            trial = [fact for fact, kept in zip(chosen, keep, strict=True) if kept]
            if derive(trial, relation, target) != truth:
                keep[i] = True
        if sum(keep) > len(best):
            best = [fact for fact, kept in zip(chosen, keep, strict=True) if kept]
        if len(best) >= knobs.min_needed:
            break
    return (best, hood) if len(best) >= knobs.min_needed else None


def lazy_sets(tree: Tree, relation: str, target: str) -> dict[str, frozenset[str]]:
    """Returns the answers written without solving, by class (possibly empty sets)."""
    level = tree.depth[target]
    generation = frozenset(n for n in tree.names if tree.depth[n] == level)
    group = frozenset(tree.group(target))
    truth = tree.relation(relation, target)
    answer_level = level + {"aunts_uncles": -1, "nieces_nephews": 1}.get(relation, 0)
    line = group | tree.relation("cousins", target) if relation == "second_cousins" else group
    if relation == "aunts_uncles":
        line = frozenset({tree.parent[target]})
    elif relation == "nieces_nephews":
        line = frozenset(tree.kids[target])
    answer_generation = frozenset(
        n for n in tree.names if tree.depth[n] == answer_level and n not in line
    )
    del truth
    return {
        "siblings": group - {target},
        "parent's children": group,
        "generation": generation,
        "generation without the target": generation - {target},
        "generation without the siblings": generation - group,
        "answer's generation": answer_generation,
    }


def draw_instance(knobs: SpaceReasoningTreeKnobs, rng: random.Random) -> dict[str, Any] | None:
    """Draws a tree, a relation, a target and the facts; None when the draw is not usable."""
    parents = draw_tree(knobs, rng)
    names = draw_names(len(parents), rng)
    tree = Tree(names, parents)
    relation = knobs.relations[rng.randrange(len(knobs.relations))]
    options = [
        name for name in names if tree.depth[name] >= UP[relation] and tree.relation(relation, name)
    ]
    if not options:
        return None
    target = options[rng.randrange(len(options))]
    truth = tree.relation(relation, target)
    if any(lazy == truth for lazy in lazy_sets(tree, relation, target).values()):
        return None
    picked = needed_facts(tree, relation, target, knobs, rng)
    if picked is None:
        return None
    facts, hood = picked
    others = [name for name in names if name not in hood]
    extra = rng.sample(others, round(len(others) * knobs.distractors))
    pool = facts_about(tree, extra)
    for fact in pool:
        if rng.random() < 0.5 and fact not in facts:
            facts.append(fact)
    rng.shuffle(facts)
    for fact in facts:
        rng.shuffle(fact["names"])
    return {
        "names": names,
        "parents": parents,
        "facts": facts,
        "relation": relation,
        "target": target,
    }


# -- prompt --------------------------------------------------------------------------------------


def _listing(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def render_fact(fact: dict[str, Any]) -> str:
    """Writes one fact as a sentence.

    >>> render_fact({"kind": "children", "subject": "Bo", "names": ["Al", "Cy"]})
    'Bo has 2 children: Al and Cy.'
    """
    listed = fact["names"]
    if fact["kind"] == "siblings":
        if len(listed) == 1:
            return f"{listed[0]} is an only child."
        return f"{_listing(listed)} are siblings, and they have no other siblings."
    noun = fact["kind"][:-3] if fact["kind"].endswith("children") else fact["kind"]
    if not listed:
        return f"{fact['subject']} has no {fact['kind']}."
    word = noun if len(listed) == 1 else fact["kind"]
    return f"{fact['subject']} has {len(listed)} {word}: {_listing(listed)}."


def render_prompt(instance: dict[str, Any]) -> str:
    """Writes the prompt: the rules, the facts, the question and the answer format."""
    target = instance["target"]
    label, definition = DEFINITION[instance["relation"]]
    facts = "\n".join(f"- {render_fact(fact)}" for fact in instance["facts"])
    return (
        "The facts below describe a family tree. Every person in it has exactly one parent, "
        "except one founder at the top, and no two people share a name. Every fact is true "
        "and complete about what it states:\n"
        '- "X has 3 children: A, B and C" names all of X\'s children, and "X has no '
        'children" says X has none;\n'
        '- "X has 4 grandchildren: ..." names all of X\'s grandchildren (the children of '
        "X's children), without saying whose child each one is;\n"
        '- "A, B and C are siblings, and they have no other siblings" says they have the '
        'same parent and that parent has no other children; "A is an only child" says '
        "A's parent has no other children.\n\n"
        f"Facts (in no particular order):\n{facts}\n\n"
        f"Question: who are the {label} of {target}? They are "
        f"{definition.format(t=target)}. The facts determine the answer, and it is not "
        "empty.\n\n"
        "Give every name once, separated by commas, in any order (letter case does not "
        f"matter), inside \\boxed{{}}; for example \\boxed{{{EXAMPLE}}}."
    )


# -- reading an answer ---------------------------------------------------------------------------


def read_names(payload: str) -> list[str] | Check:
    """Reads the listed names, casefolded, or returns the format-error :class:`Check`."""
    try:
        items = parse_items(payload)
    except PayloadError as exc:
        return Check(False, 0.0, str(exc), False)
    if not items:
        return Check(False, 0.0, "no names given; the answer is never empty", False)
    names = []
    for item in items:
        if not re.fullmatch(r"[A-Za-z]+", item):
            return Check(False, 0.0, f"{item[:30]!r} is not a name", False)
        names.append(item.casefold())
    return names


# -- the family ----------------------------------------------------------------------------------


@register("space_reasoning_tree")
class SpaceReasoningTree(Family):
    """Name everyone in a relation (cousins, ...) to a person of a tree given by shuffled facts."""

    cell_answer = False  # a set of names, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Space reasoning on a tree: derive cousins and other relations from facts"
    Knobs = SpaceReasoningTreeKnobs
    Instance = SpaceReasoningTreeInstance

    def validate_for_generation(self, knobs: SpaceReasoningTreeKnobs) -> None:
        if knobs.min_people > knobs.max_people:
            raise InvalidParamsError(
                "space_reasoning_tree: min_people must be at most max_people, got "
                f"{knobs.min_people} > {knobs.max_people}"
            )
        for relation in knobs.relations:
            if knobs.depth < UP[relation] + (relation == "nieces_nephews"):
                raise InvalidParamsError(
                    f"space_reasoning_tree: {relation} needs depth >= {UP[relation] + 1}"
                )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        depth, low, high, branch, indirection, needed, distractors, relations = LEVELS[level]
        return {
            "depth": depth,
            "min_people": low,
            "max_people": high,
            "branch": branch,
            "indirection": indirection,
            "min_needed": needed,
            "distractors": distractors,
            "relations": list(relations),
        }

    def generate(self, knobs: SpaceReasoningTreeKnobs, rng: random.Random) -> Draft:
        for _ in range(MAX_ATTEMPTS):
            instance = draw_instance(knobs, rng)
            if instance is not None:
                break
        else:
            raise InvalidParamsError(
                f"space_reasoning_tree: no usable draw in {MAX_ATTEMPTS} with "
                f"{knobs.model_dump()}; widen the people range or raise depth or branch"
            )
        tree = Tree(instance["names"], instance["parents"])
        gold = sorted(tree.relation(instance["relation"], instance["target"]))
        meta = {"people": len(instance["names"]), "facts": len(instance["facts"])}
        return Draft(render_prompt(instance), ", ".join(gold), instance, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        found = read_names(payload)
        if isinstance(found, Check):
            return found
        tree = Tree(instance["names"], instance["parents"])
        truth = tree.relation(instance["relation"], instance["target"])
        by_fold = {name.casefold(): name for name in instance["names"]}
        wanted = {name.casefold() for name in truth}
        label = DEFINITION[instance["relation"]][0]
        for name in found:
            if name not in by_fold:
                return Check(False, 0.0, f"{name!r} is not a person of the tree")
            if name not in wanted:
                return Check(
                    False, 0.0, f"{by_fold[name]} is not one of the {label} of {instance['target']}"
                )
        missing = len(wanted - set(found))
        if missing:
            return Check(False, 0.0, f"{missing} of the {label} missing")
        return Check(True, 1.0, f"right: all {len(wanted)} {label}")

    def hardness(self, task: Task) -> float:
        """Facts, people / 10, 3 per generation, 3 per step of the longest relation path
        allowed, 4 per needed fact required, 4 times the indirection weight."""
        p, instance = task.params, task.instance
        return float(
            len(instance["facts"])
            + len(instance["names"]) / 10
            + 3 * p["depth"]
            + 3 * max(PATH[relation] for relation in p["relations"])
            + 4 * p["min_needed"]
            + 4 * p["indirection"]
        )

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        """The siblings, the parent's children, the generation (with or without the target
        or the siblings), and the answer's generation without the target's own line."""
        tree = Tree(instance["names"], instance["parents"])
        found = lazy_sets(tree, instance["relation"], instance["target"])
        return {name: [", ".join(sorted(names))] for name, names in found.items() if names}
