"""TRL adapter without TRL: rows, logged rates, curriculum feeds, the environment class.

The run inside TRL's own GRPOTrainer is in test_trl_grpo.py (it needs the ``trl`` extra).
"""

from __future__ import annotations

import sys
from itertools import islice

import pytest

import taskgen
from taskgen.curricula import Fixed, TargetBand
from taskgen.trainers import CurriculumFeed, CurriculumLagError, game_label
from taskgen.trainers.trl import TaskEnvironment, TrlReward, curriculum_dataset, trl_row
from taskgen.verifiers.extract import boxed


def _replies(rows: list[dict[str, object]], right: bool = True) -> list[object]:
    replies = []
    for row in rows:
        answer = taskgen.load_task(str(row["task"])).answer if right else "nope"
        replies.append([{"role": "assistant", "content": boxed(answer)}])
    return replies


def test_curriculum_dataset_declares_features_and_moves_with_the_results() -> None:
    band = TargetBand("sat", window=4, start=1)
    feed = CurriculumFeed(band, batch_size=4)
    dataset = curriculum_dataset(feed)
    assert set(dataset.features) == {"prompt", "task", "family", "difficulty", "task_id"}
    reward = TrlReward(feed)
    rows = list(islice(iter(dataset), 4))
    assert {row["difficulty"] for row in rows} == {1}
    assert reward(_replies(rows), task=[r["task"] for r in rows]) == [1.0] * 4
    assert band.levels() == {"sat": 2.0}
    assert (feed.issued, feed.answered) == (4, 4)
    assert {row["difficulty"] for row in islice(iter(dataset), 4)} == {2}


def test_rates_are_logged_through_trls_log_metric() -> None:
    band = TargetBand("sat", window=8, start=1)
    rows = [trl_row(t) for t in band.next_tasks(4)]
    logged: dict[str, float] = {}
    replies = [*_replies(rows[:3]), "no answer here"]
    TrlReward(band)(replies, task=[r["task"] for r in rows], log_metric=logged.__setitem__)
    assert logged["taskgen/accuracy"] == 0.75
    assert logged["taskgen/format_ok"] == 0.75
    assert logged["taskgen/level/sat"] == 1.0


def test_a_shuffle_buffer_between_dataset_and_reward_is_refused() -> None:
    """What GRPOTrainer's default shuffle_dataset=True does to an iterable dataset."""
    feed = CurriculumFeed(Fixed({"sat": 1}), batch_size=16)
    dataset = curriculum_dataset(feed).shuffle(seed=0, buffer_size=1000)
    rows = list(islice(iter(dataset), 8))  # the buffer pulled 1,000 rows to give these 8
    assert feed.issued >= 1000
    with pytest.raises(CurriculumLagError, match="shuffle_dataset=False"):
        TrlReward(feed)(_replies(rows), task=[r["task"] for r in rows])


def test_without_a_buffer_the_feed_stays_in_step() -> None:
    feed = CurriculumFeed(Fixed({"sat": 1}), batch_size=8, max_lag=16)
    reward = TrlReward(feed)
    stream = iter(curriculum_dataset(feed))
    for _ in range(20):
        rows = [next(stream) for _ in range(8)]
        group = [r for r in rows for _ in range(4)]  # a GRPO group: 4 samples per prompt
        reward(_replies(group), task=[r["task"] for r in group])
    assert feed.issued == 160 and feed.lag <= 16


def test_partitioned_ranks_each_hear_their_own_results() -> None:
    """Two data-parallel ranks, each with its own curriculum (seed = base + rank) and its
    own dataset: their tasks never overlap and each curriculum learns from its own."""
    bands = [TargetBand("sat", window=4, start=1, seed=100 + rank) for rank in (0, 1)]
    feeds = [CurriculumFeed(band, batch_size=4) for band in bands]
    streams = [iter(curriculum_dataset(feed)) for feed in feeds]
    rewards = [TrlReward(feed) for feed in feeds]
    seen: list[set[str]] = [set(), set()]
    for _step in range(3):
        for rank in (0, 1):
            rows = [next(streams[rank]) for _ in range(4)]
            seen[rank] |= {str(r["task_id"]) for r in rows}
            right = rank == 0  # rank 0's model is right, rank 1's wrong
            rewards[rank](_replies(rows, right), task=[r["task"] for r in rows])
    assert not seen[0] & seen[1]
    assert bands[0].levels()["sat"] > 1.0 and bands[1].levels()["sat"] == 1.0
    assert [f.answered for f in feeds] == [12, 12]


def test_the_datasets_library_missing_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "datasets", None)  # makes "import datasets" fail
    with pytest.raises(ImportError, match=r"taskgen\[trl\]"):
        curriculum_dataset(Fixed({"sat": 1}))


def test_task_environment_gives_feedback_and_the_schedules_reward() -> None:
    task = taskgen.sample("sudoku", 1, seed=4)
    env = TaskEnvironment()
    assert env.reset(**trl_row(task)) is None  # the prompt is already in the row
    first = env.answer("[[1]]")
    assert "attempt" in first and env.get_reward() == 0.0
    assert env.answer(task.answer) == "Correct."
    assert env.get_reward() == 0.5  # right at the second attempt


def test_task_environment_plays_a_game_from_its_label() -> None:
    env = TaskEnvironment()
    view = env.reset(task=game_label("tictactoe", seed=3, opponent="random"))
    assert view is not None and "0" in view
    for move in "012345678":
        env.answer(move)
        if env.session is not None and env.session.done:
            break
    assert env.session is not None and env.session.done
    assert env.get_reward() in (-1.0, 0.0, 1.0)
