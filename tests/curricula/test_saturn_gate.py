"""SaturnGate: SATURN's pass@1 gate."""

from __future__ import annotations

import pytest

from taskgen.core.errors import InvalidParamsError
from taskgen.curricula import SaturnGate


def _run(gate: SaturnGate, solved_up_to: int, batches: int, batch: int = 8) -> None:
    for _ in range(batches):
        tasks = gate.next_tasks(batch)
        gate.update(tasks, [1.0 if t.difficulty <= solved_up_to else 0.0 for t in tasks])


def test_hands_out_the_validation_set_first_then_trains() -> None:
    gate = SaturnGate(validation_size=5, check_every=10)
    first = gate.next_tasks(5)
    assert [t.id for t in first] == [t.id for t in gate.validation_tasks()]
    assert gate.needs_validation
    training = gate.next_tasks(3)
    assert not {t.id for t in training} & {t.id for t in first}


def test_advances_while_pass_at_1_exceeds_eps_and_stops_at_the_frontier() -> None:
    gate = SaturnGate(validation_size=4, check_every=8, seed=3)
    _run(gate, solved_up_to=4, batches=30)
    assert gate.level == 5
    history = gate.stats()["history"]
    assert [h["level"] for h in history[:4]] == [1, 2, 3, 4]
    assert all(h["advanced"] for h in history[:4])
    assert not any(h["advanced"] for h in history[4:]) and len(history) > 5  # re-checked


def test_eps_is_strict_and_keeps_training_at_the_level() -> None:
    gate = SaturnGate(validation_size=4, check_every=4, eps=0.75)
    tasks = gate.next_tasks(4)
    gate.update(tasks, [1.0, 1.0, 1.0, 0.0])  # pass@1 = 0.75, not above eps
    assert gate.level == 1 and not gate.needs_validation
    gate.update(gate.next_tasks(4), [0.0] * 4)  # 4 training results: a check is due
    assert gate.needs_validation
    gate.update(gate.validation_tasks(), [1.0] * 4)
    assert gate.level == 2


def test_group_samples_of_one_validation_task_are_averaged() -> None:
    gate = SaturnGate(validation_size=2, eps=0.5)
    a, b = gate.next_tasks(2)
    gate.update([a, a, a, a], [1.0, 1.0, 1.0, 0.0])  # b's results not in yet
    assert gate.level == 1
    gate.update([b, b], [1.0, 0.0])  # pass@1 = (0.75 + 0.5) / 2 = 0.625 > 0.5
    assert gate.level == 2


def test_external_validation_mode_serves_training_tasks_only() -> None:
    gate = SaturnGate(validation_size=3, check_every=5, in_stream_validation=False)
    validation = {t.id for t in gate.validation_tasks()}
    assert not {t.id for t in gate.next_tasks(20)} & validation
    assert gate.needs_validation
    assert gate.report_validation([1.0, 1.0, 1.0]) is True
    assert gate.level == 2
    assert gate.report_validation([1.0, 0.0, 0.0]) is False
    assert not gate.needs_validation
    with pytest.raises(InvalidParamsError):
        gate.report_validation([1.0])


def test_missing_validation_results_are_handed_out_again() -> None:
    gate = SaturnGate(validation_size=2, check_every=3)
    first = gate.next_tasks(2)
    gate.update(first[:1], [1.0])  # the second result never comes back
    gate.update(gate.next_tasks(3), [0.0] * 3)
    assert [t.id for t in gate.next_tasks(2)] == [t.id for t in first]


def test_stops_at_max_level() -> None:
    gate = SaturnGate(validation_size=2, check_every=2, max_level=3)
    _run(gate, solved_up_to=10, batches=20, batch=4)
    assert gate.level == 3


def test_in_stream_checks_use_a_fresh_set_and_external_checks_the_same_one() -> None:
    stream = SaturnGate(validation_size=3, check_every=3)
    first = {t.id for t in stream.next_tasks(3)}
    stream.update(list(stream.validation_tasks()), [0.0] * 3)  # fails: training follows
    stream.update(stream.next_tasks(3), [0.0] * 3)  # a check is due again
    second = {t.id for t in stream.next_tasks(3)}
    assert second == {t.id for t in stream.validation_tasks()} and not first & second

    external = SaturnGate(validation_size=3, in_stream_validation=False)
    before = [t.id for t in external.validation_tasks()]
    external.report_validation([0.0] * 3)
    assert [t.id for t in external.validation_tasks()] == before
