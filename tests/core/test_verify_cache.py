"""The load cache of ``verify``: a repeated task is not parsed again, yet never trusted blindly."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

import taskgen
from taskgen.core import task as task_module
from taskgen.core.errors import InvalidTaskError
from taskgen.core.task import (
    LOAD_CACHE_SIZE,
    Task,
    Verdict,
    clear_load_cache,
    load_task,
    make_verdict,
)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    clear_load_cache()


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts how often a record is really validated."""
    calls = [0]
    real = task_module._validate

    def counting(data: dict[str, Any]) -> Task:
        calls[0] += 1
        return real(data)

    monkeypatch.setattr(task_module, "_validate", counting)
    return calls


def test_same_json_text_is_validated_once(counted: list[int]) -> None:
    task = taskgen.sample("sat", 2, 0)
    text = task.model_dump_json()
    first = [taskgen.verify(text, rf"\boxed{{{task.answer}}}") for _ in range(8)]
    assert counted[0] == 1
    assert all(v.correct for v in first)
    # an equal text built afresh (another object) is found by content
    assert load_task("".join(list(text))) is load_task(text)
    assert counted[0] == 1


def test_same_dict_is_validated_once(counted: list[int]) -> None:
    task = taskgen.sample("sudoku", 1, 3)
    record = task.model_dump(mode="json")
    for _ in range(5):
        assert taskgen.verify(record, rf"\boxed{{{task.answer}}}").correct
    assert counted[0] == 1


def test_dict_edited_in_place_is_validated_again(counted: list[int]) -> None:
    task = taskgen.sample("sat", 1, 0)
    record = task.model_dump(mode="json")
    assert load_task(record) == task
    record["instance"]["clauses"][0][0] = 10**9  # a literal out of range: malformed now
    with pytest.raises(InvalidTaskError):
        load_task(record)
    with pytest.raises(InvalidTaskError):
        load_task(record)
    assert counted[0] == 3


def test_edited_seed_in_dict_changes_the_loaded_task() -> None:
    task = taskgen.sample("sat", 1, 0)
    record = task.model_dump(mode="json")
    assert load_task(record).seed == task.seed
    record["seed"] = task.seed + 1
    assert load_task(record).seed == task.seed + 1


def test_forged_id_is_never_looked_up() -> None:
    """Two records with the same id but different content load as themselves."""
    good = taskgen.sample("sat", 5, 0)
    other = taskgen.sample("sat", 5, 1)
    forged = other.model_dump(mode="json")
    forged["id"] = good.id
    load_task(good.model_dump_json())
    loaded = load_task(json.dumps(forged))
    assert loaded.instance == other.instance
    assert loaded.instance != good.instance
    assert loaded.seed == other.seed


@pytest.mark.parametrize(
    "record",
    [
        "{not json",
        "[1, 2]",
        '{"family": "sat"}',
        b'{"family": "nope"}',
    ],
)
def test_malformed_text_raises_every_time(record: str | bytes) -> None:
    for _ in range(3):
        with pytest.raises(InvalidTaskError):
            taskgen.verify(record, r"\boxed{1}")


def test_malformed_dict_raises_every_time() -> None:
    record = taskgen.sample("sat", 1, 0).model_dump(mode="json")
    record["instance"] = {"clauses": "x"}
    for _ in range(3):
        with pytest.raises(InvalidTaskError):
            taskgen.verify(record, r"\boxed{1}")


def test_cache_is_bounded() -> None:
    base = taskgen.sample("sat", 1, 0).model_dump(mode="json")
    for index in range(LOAD_CACHE_SIZE + 40):
        record = dict(base, meta={"n": index})
        load_task(json.dumps(record))
        load_task(record)
    assert len(task_module._texts) <= LOAD_CACHE_SIZE
    assert len(task_module._dicts) <= LOAD_CACHE_SIZE


def test_cached_verdicts_equal_fresh_ones() -> None:
    for family, level in [("sat", 3), ("sudoku", 2), ("survo", 2), ("futoshiki", 1)]:
        task = taskgen.sample(family, level, 7)
        completions = [rf"\boxed{{{task.answer}}}", r"\boxed{0}", "no box", ""]
        for policy in ("binary", "saturn", "partial"):
            fresh = [taskgen.verify(task, c, policy=policy) for c in completions]
            for record in (task.model_dump_json(), task.model_dump(mode="json")):
                for _ in range(2):
                    again = [taskgen.verify(record, c, policy=policy) for c in completions]
                    assert again == fresh
                    assert [v.model_dump_json() for v in again] == [
                        v.model_dump_json() for v in fresh
                    ]


def test_make_verdict_fast_path_equals_validated() -> None:
    values: dict[str, Any] = {
        "reward": 0.5,
        "correct": False,
        "format_ok": True,
        "score": 0.5,
        "reason": "cell (1,1) repeats 3",
        "answer": None,
        "family": "sudoku",
        "task_id": "sudoku-v1-abc",
    }
    fast = make_verdict(**values)
    slow = Verdict(**values)
    assert fast == slow
    assert fast.model_dump_json() == slow.model_dump_json()
    assert repr(fast) == repr(slow)
    with pytest.raises(ValidationError):  # frozen like any Verdict
        fast.reward = 2.0  # type: ignore[misc]


def test_make_verdict_validates_unusual_values() -> None:
    with pytest.raises(ValueError):
        make_verdict(1.0, True, True, 1.5, "x", None, "sat", "t")  # score above 1
    verdict = make_verdict(1, True, True, 1, "x", None, "sat", "t")  # ints: validated path
    assert verdict.reward == 1.0
    assert type(verdict.reward) is float


# -- the check memo: a repeated payload is judged once ----------------------------------------


@pytest.fixture
def check_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every payload the sat checker really judges (memo cleared first)."""
    from taskgen.core.api import CHECK_MEMO
    from taskgen.core.registry import get

    CHECK_MEMO.clear()
    family = get("sat")
    real = type(family).check
    seen: list[str] = []

    def counting(instance: dict[str, Any], payload: str) -> Any:
        seen.append(payload)
        return real(family, instance, payload)

    monkeypatch.setattr(family, "check", counting)
    return seen


def test_repeated_payload_is_checked_once(check_calls: list[str]) -> None:
    task = taskgen.sample("sat", 3, 0)
    check_calls.clear()  # generation's own screens check too
    first = taskgen.verify(task, "\\boxed{" + task.answer + "}")
    again = taskgen.verify(task, "I think \\boxed{" + task.answer + "}")
    wrong = taskgen.verify(task, "\\boxed{" + "0" * len(task.answer) + "}")
    assert first == again and first.correct
    assert check_calls == [task.answer, "0" * len(task.answer)]
    assert not wrong.correct


def test_memo_never_answers_for_another_task(check_calls: list[str]) -> None:
    task = taskgen.sample("sat", 3, 0)
    other = taskgen.sample("sat", 3, 1)
    check_calls.clear()
    taskgen.verify(task, "\\boxed{" + task.answer + "}")
    edited = task.model_dump(mode="json")
    edited["instance"]["clauses"] = other.instance["clauses"]
    edited["instance"]["num_vars"] = other.instance["num_vars"]
    taskgen.verify(edited, "\\boxed{" + task.answer + "}")
    assert len(check_calls) == 2  # same payload, different instance: judged again


def test_memo_can_be_turned_off(check_calls: list[str]) -> None:
    from taskgen.core.api import CHECK_MEMO

    task = taskgen.sample("sat", 3, 0)
    check_calls.clear()
    size = CHECK_MEMO.size
    CHECK_MEMO.size = 0
    try:
        for _ in range(3):
            taskgen.verify(task, "\\boxed{" + task.answer + "}")
    finally:
        CHECK_MEMO.size = size
    assert len(check_calls) == 3


def test_memo_is_bounded_and_skips_long_payloads() -> None:
    from taskgen.core.api import CheckMemo
    from taskgen.core.registry import Check

    memo = CheckMemo(size=3, max_payload=10)
    instance: dict[str, Any] = {"x": 1}
    verdict = Check(True, 1.0, "ok")
    for payload in ("a", "b", "c", "d", "e" * 11):
        memo.put(instance, payload, verdict)
    assert memo.get(instance, "a") is None  # the oldest went first
    assert memo.get(instance, "d") is verdict
    assert memo.get(instance, "e" * 11) is None
    assert memo.get({"x": 1}, "d") is None  # an equal but different object is not trusted


def test_generated_tasks_are_assembled_as_model_construct_builds_them() -> None:
    assert task_module._TASK_ASSEMBLE_OK  # the fast path is the one exercised here
    for family, level in (("sat", 3), ("sudoku", 1), ("zebra_puzzle", 2), ("kuhn_poker", 1)):
        fast = taskgen.sample(family, level, 5)
        slow = Task.model_construct(**dict(fast.__dict__))
        assert fast == slow
        assert fast.model_dump_json() == slow.model_dump_json()
        assert repr(fast) == repr(slow)
        assert fast.model_fields_set == slow.model_fields_set
        assert Task.model_validate_json(fast.model_dump_json()) == fast
        with pytest.raises(ValidationError):  # frozen like any Task
            fast.seed = 1  # type: ignore[misc]


def test_a_level_s_knobs_are_shared_but_overrides_are_not() -> None:
    spec = taskgen.core.registry.get("sudoku")
    assert spec.resolve_knobs(4) is spec.resolve_knobs(4)
    overridden = spec.resolve_knobs(4, {"givens": 9})
    assert overridden.givens == 9 and spec.resolve_knobs(4).givens != 9  # type: ignore[attr-defined]
    assert taskgen.sample("sudoku", 4, 3, givens=9).params["givens"] == 9
