"""Contracts every registered family keeps, at every level (new families need no new code)."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import taskgen
from taskgen import testing
from taskgen.core.policy import POLICY_NAMES, RewardPolicy
from taskgen.core.registry import get, names
from taskgen.verifiers.extract import boxed

FAMILIES = names()
SNAPSHOTS = os.path.join(os.path.dirname(__file__), "snapshots")


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_gold_verifies_at_every_level(family: str) -> None:
    testing.check_gold(family)


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_same_seed_same_task(family: str) -> None:
    testing.check_determinism(family)


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_json_round_trip(family: str) -> None:
    testing.check_roundtrip(family)


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_junk_gets_a_verdict(family: str) -> None:
    testing.check_junk(family)


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_difficulty_grows(family: str) -> None:
    testing.check_difficulty_grows(family)


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_accepts_agrees_with_check(family: str) -> None:
    testing.check_accepts(family)


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_stream_items_differ_and_match_their_seed(family: str) -> None:
    testing.check_stream(family)


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_task_ids_match_snapshot(family: str) -> None:
    """A changed id means a seed's output changed: bump the family version, then refresh
    the snapshot with ``python tests/update_snapshots.py FAMILY``."""
    path = os.path.join(SNAPSHOTS, f"{family}.json")
    assert os.path.exists(path), f"no snapshot; run python tests/update_snapshots.py {family}"
    with open(path, encoding="utf-8") as handle:
        expected = json.load(handle)
    for key, task_id in expected.items():
        level, seed = (int(part) for part in key.split(":"))
        assert taskgen.sample(family, level, seed).id == task_id, key


def test_tasks_identical_across_processes_and_hash_seeds() -> None:
    here = testing.fingerprint()
    for hash_seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-m", "taskgen.testing"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        assert out.stdout.strip() == here


@functools.cache
def _task(family: str, level: int, seed: int) -> taskgen.Task:
    """Caches tasks so the fuzz tests spend their time in verify, not in generation."""
    return taskgen.sample(family, level, seed)


_completion = st.one_of(
    st.text(max_size=300),
    st.text(max_size=80).map(boxed),
    st.text(alphabet="01 {}\\[],\"'-0123456789abc", max_size=120).map(boxed),
    st.builds(lambda a, b: f"<think>{a}</think>{b}", st.text(max_size=40), st.text(max_size=40)),
)


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(completion=_completion, level=st.integers(1, 10), policy=st.sampled_from(POLICY_NAMES))
def test_verify_never_raises(family: str, completion: str, level: int, policy: str) -> None:
    spec = get(family)
    task = _task(family, min(max(level, spec.min_level), spec.max_level), 0)
    verdict = taskgen.verify(task, completion, policy=policy)
    low, high = RewardPolicy.named(policy).bounds
    assert low <= verdict.reward <= high
    assert 0.0 <= verdict.score <= 1.0
    assert verdict.reason


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
@settings(max_examples=120, deadline=None)
@given(payload=st.text(max_size=200))
def test_checker_itself_never_raises(family: str, payload: str) -> None:
    """The family checker is fuzzed directly, so verify's safety net never hides a bug."""
    spec = get(family)
    task = _task(family, spec.min_level, 1)
    check = spec.check(task.instance, payload)
    assert 0.0 <= check.score <= 1.0
    assert check.reason


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_gold_with_mutations_near_gold(family: str) -> None:
    """Mutated golds (near misses, unlike the fuzzer's random text) never crash the checker."""
    spec = get(family)
    task = taskgen.sample(family, spec.max_level, 3)
    gold = task.answer
    variants = [gold[:-1], gold + gold[-1:], gold[::-1], gold.replace("1", "2"), " " + gold + " "]
    for variant in variants:
        check = spec.check(task.instance, variant)
        assert 0.0 <= check.score <= 1.0
        assert check.reason
