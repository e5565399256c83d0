"""LearningProgress: the bandit follows where success is changing."""

from __future__ import annotations

import pytest

from taskgen.core.errors import InvalidParamsError
from taskgen.curricula import LearningProgress


def test_focuses_on_the_arm_where_the_learner_improves() -> None:
    bandit = LearningProgress("sat", levels=[1, 3, 5, 7], explore=0.2, seed=0)
    practice = 0
    for _ in range(60):
        tasks = bandit.next_tasks(8)
        rewards = []
        for task in tasks:
            if task.difficulty == 1:
                rewards.append(1.0)  # mastered: flat
            elif task.difficulty == 5:
                practice += 1  # improving with practice: success climbs 0 -> 1
                rewards.append(1.0 if (practice * 7) % 100 < min(practice, 100) else 0.0)
            else:
                rewards.append(0.0)  # out of reach: flat
        bandit.update(tasks, rewards)
    alp = bandit.progress()
    assert alp["sat@5"] == max(alp.values()) > 0
    assert alp["sat@1"] == alp["sat@7"] == 0.0
    probabilities = bandit.probabilities()
    assert probabilities["sat@5"] > 0.5
    assert abs(sum(probabilities.values()) - 1) < 1e-9
    assert 4.0 < bandit.levels()["sat"] <= 5.0


def test_uniform_until_anything_changes() -> None:
    bandit = LearningProgress("sat", levels=[2, 4])
    assert bandit.probabilities() == {"sat@2": 0.5, "sat@4": 0.5}
    assert bandit.levels() == {"sat": 3.0}
    assert {t.difficulty for t in bandit.next_tasks(30)} == {2, 4}


def test_arguments_are_checked() -> None:
    with pytest.raises(InvalidParamsError):
        LearningProgress("sat", fast=0.01, slow=0.1)
    with pytest.raises(InvalidParamsError):
        LearningProgress("sat", levels=[11, 12])
    with pytest.raises(InvalidParamsError):
        LearningProgress("sat", explore=1.5)
