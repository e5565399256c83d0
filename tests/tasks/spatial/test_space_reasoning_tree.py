"""space_reasoning_tree: the facts in the text determine every gold (re-derived from the text,
proven with python-sat on small levels); lazy answers and wrong names fail with reasons."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pysat.solvers import Solver

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import CNF, SOLVER, VarPool, exactly_one
from taskgen.tasks.spatial.space_reasoning_tree import (
    SpaceReasoningTreeInstance,
    depths,
    derive,
)
from taskgen.verifiers.extract import boxed

FAMILY = "space_reasoning_tree"
LABELS = {
    "cousins": "cousins",
    "aunts and uncles": "aunts_uncles",
    "nieces and nephews": "nieces_nephews",
    "second cousins": "second_cousins",
}


def _names(text: str) -> list[str]:
    return re.split(r", | and ", text)


def facts_from_text(prompt: str) -> tuple[list[dict[str, Any]], str, str]:
    """Reads the facts, the relation and the target from the prompt's text alone."""
    block = prompt.split("Facts (in no particular order):\n", 1)[1].split("\n\n", 1)[0]
    facts: list[dict[str, Any]] = []
    for line in block.splitlines():
        sentence = line.removeprefix("- ").removesuffix(".")
        if m := re.fullmatch(r"(\w+) has no (children|grandchildren)", sentence):
            facts.append({"kind": m.group(2), "subject": m.group(1), "names": []})
        elif m := re.fullmatch(r"(\w+) has (\d+) (grand)?child(?:ren)?: (.+)", sentence):
            kind = "grandchildren" if m.group(3) else "children"
            listed = _names(m.group(4))
            assert len(listed) == int(m.group(2))
            facts.append({"kind": kind, "subject": m.group(1), "names": listed})
        elif m := re.fullmatch(r"(\w+) is an only child", sentence):
            facts.append({"kind": "siblings", "names": [m.group(1)]})
        else:
            m = re.fullmatch(r"(.+) are siblings, and they have no other siblings", sentence)
            assert m is not None, sentence
            facts.append({"kind": "siblings", "names": _names(m.group(1))})
    q = re.search(r"Question: who are the ([a-z ]+) of (\w+)\?", prompt)
    assert q is not None
    return facts, LABELS[q.group(1)], q.group(2)


@pytest.mark.parametrize("level", range(1, 11))
def test_the_facts_in_the_text_give_the_gold(level: int) -> None:
    for seed in range(5):
        task = taskgen.sample(FAMILY, level, seed)
        facts, relation, target = facts_from_text(task.prompt)
        found = derive(facts, relation, target)
        assert found is not None and sorted(found) == task.answer.split(", "), (level, seed)


def _people(facts: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for fact in facts:
        if fact.get("subject"):
            seen[fact["subject"]] = None
        for name in fact["names"]:
            seen[name] = None
    return list(seen)


def forced_members(prompt: str, people: list[str]) -> tuple[set[str], set[str]]:
    """Proves with python-sat which people are in the relation in every tree (one founder,
    everyone else one parent, generations numbered so no cycle exists) where every fact of
    the text holds. Returns (forced in, undecided)."""
    facts, relation, target = facts_from_text(prompt)
    pool = VarPool()
    clauses: CNF = []

    def par(x: str, y: str) -> int:
        return pool.var(("par", x, y))

    def conj(key: tuple[Any, ...], parts: list[int]) -> int:
        out = pool.var(key)
        clauses.extend([[-out, p] for p in parts])
        clauses.append([out] + [-p for p in parts])
        return out

    def disj(key: tuple[Any, ...], parts: list[int]) -> int:
        out = pool.var(key)
        clauses.extend([[out, -p] for p in parts])
        clauses.append([-out, *parts])
        return out

    for x in people:
        clauses += exactly_one([pool.var(("root", x))] + [par(x, y) for y in people if y != x])
    clauses += exactly_one([pool.var(("root", x)) for x in people])

    def gp(x: str, g: str) -> int:
        key = ("gp", x, g)
        if key in pool._ids:
            return pool.var(key)
        terms = [
            conj(("gp-via", x, z, g), [par(x, z), par(z, g)]) for z in people if z not in (x, g)
        ]
        return disj(key, terms)

    def same_parent(x: str, y: str) -> int:
        return disj(
            ("sib", x, y),
            [conj(("sib-via", x, y, z), [par(x, z), par(y, z)]) for z in people if z not in (x, y)],
        )

    for fact in facts:
        listed = set(fact["names"])
        if fact["kind"] == "children":
            for y in people:
                if y != fact["subject"]:
                    clauses.append(
                        [par(y, fact["subject"]) if y in listed else -par(y, fact["subject"])]
                    )
        elif fact["kind"] == "grandchildren":
            for y in people:
                if y != fact["subject"]:
                    clauses.append(
                        [gp(y, fact["subject"]) if y in listed else -gp(y, fact["subject"])]
                    )
        else:
            first = fact["names"][0]
            clauses.append([-pool.var(("root", first))])
            for y in people:
                if y == first:
                    continue
                link = same_parent(first, y)
                clauses.append([link] if y in listed else [-link])

    def member(y: str) -> int:
        if relation == "cousins":
            share = [
                conj(("c", y, g), [gp(y, g), gp(target, g)]) for g in people if g not in (y, target)
            ]
            return conj(("m", y), [disj(("c-any", y), share), -same_parent(y, target)])
        assert relation == "aunts_uncles"
        share = [
            conj(("a", y, g), [par(y, g), gp(target, g)]) for g in people if g not in (y, target)
        ]
        return conj(("m", y), [disj(("a-any", y), share), -par(target, y)])

    members = {y: member(y) for y in people if y != target}
    acyclic: CNF = []
    n = len(people)  # generations, one-hot: the founder is 0, a child one more than its parent
    for x in people:
        acyclic += exactly_one([pool.var(("gen", x, k)) for k in range(n)])
        acyclic.append([-pool.var(("root", x)), pool.var(("gen", x, 0))])
        acyclic.append([pool.var(("root", x)), -pool.var(("gen", x, 0))])
        for y in people:
            if y != x:
                acyclic.append([-par(x, y), -pool.var(("gen", y, n - 1))])
                for k in range(n - 1):
                    link = [-par(x, y), -pool.var(("gen", y, k))]
                    acyclic.append([*link, pool.var(("gen", x, k + 1))])

    # first without acyclicity (a relaxation: what it forces, every tree forces), then with
    # it for whoever the relaxation leaves open
    forced, undecided = set(), set()
    with Solver(name=SOLVER, bootstrap_with=clauses) as solver:
        assert solver.solve(), "the facts have no model"
        for y, var in members.items():
            can_in = solver.solve(assumptions=[var])
            can_out = solver.solve(assumptions=[-var])
            if can_in and not can_out:
                forced.add(y)
            elif can_in and can_out:
                undecided.add(y)
    if undecided:
        with Solver(name=SOLVER, bootstrap_with=clauses + acyclic) as solver:
            for y in sorted(undecided):
                can_in = solver.solve(assumptions=[members[y]])
                can_out = solver.solve(assumptions=[-members[y]])
                if can_in != can_out:
                    undecided.discard(y)
                    if can_in:
                        forced.add(y)
    return forced, undecided


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_python_sat_proves_the_gold_forced_on_small_levels(level: int) -> None:
    for seed in range(2):
        task = taskgen.sample(FAMILY, level, seed)
        facts, _, target = facts_from_text(task.prompt)
        people = sorted(set(task.instance["names"]))
        forced, undecided = forced_members(task.prompt, people)
        assert not undecided, (level, seed, sorted(undecided)[:5])
        assert sorted(forced) == task.answer.split(", "), (level, seed)
        assert target in people and set(_people(facts)) <= set(people)


@pytest.mark.parametrize("level", range(1, 11))
def test_no_lazy_answer_is_right(level: int) -> None:
    spec = get(FAMILY)
    for seed in range(5):
        task = taskgen.sample(FAMILY, level, seed)
        for name, answers in spec.lazy_answers(task.instance).items():
            for answer in answers:
                assert not spec.check(task.instance, answer).correct, (name, level, seed)


# A hand-made tree: Ada -> Bo, Cy; Bo -> Di, Ed; Cy -> Fay, Gus; Di -> Hal.
NAMES = ["Ada", "Bo", "Cy", "Di", "Ed", "Fay", "Gus", "Hal"]
PARENTS = [-1, 0, 0, 1, 1, 2, 2, 3]
HAND: dict[str, Any] = {
    "names": NAMES,
    "parents": PARENTS,
    "facts": [
        {"kind": "grandchildren", "subject": "Ada", "names": ["Di", "Ed", "Fay", "Gus"]},
        {"kind": "siblings", "names": ["Di", "Ed"]},
        {"kind": "children", "subject": "Di", "names": ["Hal"]},
    ],
    "relation": "cousins",
    "target": "Ed",
}


def test_a_hand_made_instance_is_solved_and_wrong_answers_get_reasons() -> None:
    SpaceReasoningTreeInstance.model_validate(HAND)
    spec = get(FAMILY)
    assert spec.check(HAND, "Fay, Gus").correct
    assert spec.check(HAND, "[gus; FAY, fay]").correct  # any order, case, repeats
    wrong = spec.check(HAND, "Fay, Gus, Di")
    assert not wrong.correct and wrong.format_ok and "Di is not one of the cousins" in wrong.reason
    assert "1 of the cousins missing" in spec.check(HAND, "Fay").reason
    assert "not a person" in spec.check(HAND, "Fay, Zed").reason
    for bad in ("", "Fay,,Gus", "Fay Gus", "42"):
        verdict = spec.check(HAND, bad)
        assert not verdict.correct and not verdict.format_ok, bad


def test_the_lazy_answers_of_the_hand_made_instance() -> None:
    lazy = get(FAMILY).lazy_answers(HAND)
    assert lazy["siblings"] == ["Di"]
    assert lazy["generation"] == ["Di, Ed, Fay, Gus"]
    assert lazy["generation without the siblings"] == ["Fay, Gus"]  # why targets sit deeper


def test_facts_that_do_not_determine_the_answer_are_refused() -> None:
    thin = dict(HAND, facts=HAND["facts"][:1])  # the grandchildren alone: who are siblings?
    with pytest.raises(ValueError, match="do not determine"):
        SpaceReasoningTreeInstance.model_validate(thin)
    false = dict(HAND, facts=[{"kind": "children", "subject": "Bo", "names": ["Di"]}])
    with pytest.raises(ValueError, match="not true"):
        SpaceReasoningTreeInstance.model_validate(false)
    cyclic = dict(HAND, parents=[-1, 2, 1, 1, 1, 2, 2, 3])
    with pytest.raises(ValueError, match="cycle"):
        SpaceReasoningTreeInstance.model_validate(cyclic)
    task = taskgen.sample(FAMILY, 2, 0).model_dump()
    task["instance"] = thin
    with pytest.raises(InvalidTaskError):
        taskgen.verify(task, boxed("Fay, Gus"))


def test_depths() -> None:
    assert depths(PARENTS) == [0, 1, 1, 2, 2, 2, 2, 3]


def test_relations_beyond_cousins_appear_at_higher_levels() -> None:
    seen = {taskgen.sample(FAMILY, 10, seed).instance["relation"] for seed in range(12)}
    assert {"second_cousins", "nieces_nephews"} <= seen
