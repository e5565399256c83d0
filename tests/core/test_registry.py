"""The registry, the Task contract, seeding and reward policies."""

from __future__ import annotations

import random
from typing import Any

import pytest
from pydantic import BaseModel

import taskgen
from taskgen.core import registry
from taskgen.core.errors import (
    InvalidParamsError,
    InvalidTaskError,
    RegistrationError,
    UnknownFamilyError,
)
from taskgen.core.policy import RewardPolicy
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.seeding import item_seed, stable_int
from taskgen.testing import check_family


def test_unknown_family_suggests_the_nearest_and_lists_all() -> None:
    with pytest.raises(UnknownFamilyError, match="did you mean 'sat'") as info:
        taskgen.sample("sta")
    assert isinstance(info.value, KeyError)
    known = str(info.value).split("Known: ")[1].split(", ")
    assert "sat" in known and known == sorted(known)
    with pytest.raises(UnknownFamilyError, match="known: "):
        taskgen.sample("zzzzzzzz")


@pytest.mark.parametrize("level", [0, 11, -3, 2.5, "5", True])
def test_difficulty_out_of_range_gives_the_range(level: Any) -> None:
    with pytest.raises(InvalidParamsError, match="difficulty must be"):
        taskgen.sample("sat", level)


@pytest.mark.parametrize("seed", [-1, 2**63, 1.5, "0"])
def test_bad_seed(seed: Any) -> None:
    with pytest.raises(InvalidParamsError, match="seed must be"):
        taskgen.sample("sat", 1, seed)


def test_errors_subclass_builtins() -> None:
    assert issubclass(InvalidParamsError, ValueError)
    assert issubclass(InvalidTaskError, ValueError)
    assert issubclass(UnknownFamilyError, KeyError)


def test_item_seeds_are_hashed_not_offset() -> None:
    assert item_seed("sat", 0, 5, 0) == 5
    assert item_seed("sat", 0, 0, 1) != 1
    assert item_seed("sat", 0, 0, 1) != item_seed("sat", 0, 1, 0)
    assert stable_int("a", 1) == stable_int("a", 1) != stable_int("a", 2)


def test_generate_is_lazy_endless_and_fresh() -> None:
    stream = taskgen.generate("sat", None, 1, seed=3)
    first = [next(stream) for _ in range(3)]
    again = taskgen.generate("sat", None, 1, seed=3)
    assert [next(again) for _ in range(3)] == first


def test_generate_validates_eagerly() -> None:
    with pytest.raises(InvalidParamsError):
        taskgen.generate("sat", 5, 99)
    with pytest.raises(InvalidParamsError, match="count must be"):
        taskgen.generate("sat", -1, 1)


def test_a_knob_named_n_is_a_knob_not_the_count() -> None:
    tasks = list(taskgen.generate("sat", 2, 5, seed=0, n=4))
    assert len(tasks) == 2
    assert all(task.params["n"] == 4 for task in tasks)
    assert taskgen.sample("sat", 5, 0, n=4) == tasks[0]


def test_tasks_are_immutable() -> None:
    task = taskgen.sample("sat", 1)
    with pytest.raises(ValueError):
        task.prompt = "changed"  # type: ignore[misc]


def test_verify_accepts_task_dict_and_json() -> None:
    task = taskgen.sample("sat", 2, 1)
    completion = "\\boxed{" + task.answer + "}"
    for form in (task, task.model_dump(), task.model_dump_json()):
        assert taskgen.verify(form, completion).correct


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda r: r.pop("prompt"), "field 'prompt'"),
        (lambda r: r.update(family="nope"), "unknown family 'nope'"),
        (lambda r: r.update(seed=-4), "field 'seed'"),
        (lambda r: r.update(params={"n": 3}), "params"),
        (lambda r: r.update(extra=1), "field 'extra'"),
    ],
)
def test_malformed_task_names_the_field(mutate: Any, fragment: str) -> None:
    record = taskgen.sample("sat", 2, 1).model_dump()
    mutate(record)
    with pytest.raises(InvalidTaskError, match=fragment):
        taskgen.load_task(record)


def test_malformed_task_text() -> None:
    with pytest.raises(InvalidTaskError, match="not JSON"):
        taskgen.load_task("{oops")
    with pytest.raises(InvalidTaskError, match="JSON object"):
        taskgen.load_task("[1]")


def test_verify_never_raises_on_non_text() -> None:
    task = taskgen.sample("sat", 1)
    verdict = taskgen.verify(task, None)  # type: ignore[arg-type]
    assert not verdict.correct and "must be text" in verdict.reason


def test_reward_policies() -> None:
    binary, saturn, partial = (RewardPolicy.named(n) for n in ("binary", "saturn", "partial"))
    assert binary.reward(correct=False, format_ok=True, score=0.5) == 0.0
    assert saturn.reward(correct=False, format_ok=False, score=0.0) == -1.0
    assert saturn.reward(correct=False, format_ok=True, score=0.9) == 0.0
    assert saturn.reward(correct=True, format_ok=True, score=1.0) == 1.0
    assert partial.reward(correct=False, format_ok=True, score=0.25) == 0.25
    with pytest.raises(InvalidParamsError, match="known: binary, saturn, partial"):
        RewardPolicy.named("nope")


class _Knobs(BaseModel):
    size: int = 1


class _Instance(BaseModel):
    value: int


def test_registration_rejects_mistakes() -> None:
    with pytest.raises(RegistrationError, match="snake_case"):
        register("Bad-Name")(type("X", (Family,), {}))
    with pytest.raises(RegistrationError, match="already registered"):
        register("sat")(type("X", (Family,), {}))
    with pytest.raises(RegistrationError, match="not a subclass"):
        register("plain_class")(type("X", (), {}))  # type: ignore[type-var]
    with pytest.raises(RegistrationError, match="Knobs"):
        register("no_knobs")(type("X", (Family,), {"Instance": _Instance, "description": "d"}))


def test_a_plugin_family_is_checked_like_a_built_in() -> None:
    class Echo(Family):
        kind = "puzzle"
        description = "repeat the number"
        Knobs = _Knobs
        Instance = _Instance

        def knobs_for_level(self, level: int) -> dict[str, Any]:
            return {"size": level}

        def generate(self, knobs: Any, rng: random.Random) -> Draft:
            value = rng.randrange(10 ** (knobs.size + 3))  # too many to guess
            return Draft(f"Write {value} in \\boxed{{}}.", str(value), {"value": value})

        def check(self, instance: dict[str, Any], payload: str) -> Check:
            ok = payload.strip() == str(instance["value"])
            return Check(ok, float(ok), "right" if ok else "not the number")

        def hardness(self, task: taskgen.Task) -> float:
            return float(task.params["size"])

    register("echo_test")(Echo)
    try:
        check_family("echo_test", seeds=(0, 1))
        assert "echo_test" in [f.name for f in taskgen.families()]
    finally:
        registry.unregister("echo_test")
