"""Self-play: RAE arithmetic, lock-step batching, seating, samples, metrics, learning."""

from __future__ import annotations

import importlib.util
import json
import pathlib
import re
from collections.abc import Sequence

import pytest

from taskgen.core.errors import InvalidParamsError
from taskgen.envs.opponents import PolicyInput, ScriptedPolicy, random_policy
from taskgen.selfplay import GameSpec, RoleBaselines, metrics, play_games, to_samples
from taskgen.selfplay.rollout import Trajectory, Turn
from taskgen.tasks.games._base import Outcome
from taskgen.tasks.games.kuhn_poker import exploitability, uniform_strategy

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "selfplay_kuhn.py"


def _trajectory(game: str, returns: tuple[float, float], turns_per_role: int = 2) -> Trajectory:
    turns = [
        Turn(game, role, f"obs {i}", f"reply {i}", "x", True)
        for i in range(turns_per_role)
        for role in (0, 1)
    ]
    winner = None if returns[0] == returns[1] else (0 if returns[0] > returns[1] else 1)
    return Trajectory(game, 0, turns, Outcome(returns, winner, "test"), (0, 1))


def test_rae_reads_the_baseline_before_updating_by_default() -> None:
    rae = RoleBaselines(alpha=0.95)
    assert rae.advantage("g", 0, 1.0) == 1.0  # b was 0
    assert rae.baseline("g", 0) == pytest.approx(0.05)
    assert rae.advantage("g", 0, -1.0) == pytest.approx(-1.05)  # -1 - 0.05
    assert rae.baseline("g", 0) == pytest.approx(0.95 * 0.05 - 0.05)
    assert rae.baseline("g", 1) == 0.0  # roles are separate
    assert rae.baseline("h", 0) == 0.0  # games are separate


def test_rae_update_first_is_the_papers_order() -> None:
    rae = RoleBaselines(alpha=0.95, update_first=True)
    assert rae.advantage("g", 1, 1.0) == pytest.approx(0.95)  # 1 - 0.05
    before = rae.baseline("g", 1)
    assert rae.advantage("g", 1, 1.0) == pytest.approx(0.95 * (1.0 - before))


def test_rae_state_round_trip_through_json() -> None:
    rae = RoleBaselines()
    for ret in (1.0, -1.0, 1.0):
        rae.advantage("kuhn_poker", 0, ret)
    rae.advantage("tictactoe", 1, -1.0)
    restored = RoleBaselines()
    restored.load_state_dict(json.loads(json.dumps(rae.state_dict())))
    assert restored == rae
    assert restored.advantage("kuhn_poker", 0, 0.5) == rae.advantage("kuhn_poker", 0, 0.5)


def test_rae_alpha_range() -> None:
    with pytest.raises(InvalidParamsError, match="alpha"):
        RoleBaselines(alpha=1.0)


def test_samples_carry_each_roles_advantage_on_every_turn() -> None:
    rae = RoleBaselines(alpha=0.5)
    first = _trajectory("g", (1.0, -1.0))
    second = _trajectory("g", (1.0, -1.0))
    samples = to_samples([first, second], rae)
    assert len(samples) == 8
    by_game = [samples[:4], samples[4:]]
    assert {s.advantage for s in by_game[0] if s.role == 0} == {1.0}
    assert {s.advantage for s in by_game[0] if s.role == 1} == {-1.0}
    assert [s.advantage for s in by_game[1] if s.role == 0] == [0.5, 0.5]  # 1 - 0.5
    assert [s.advantage for s in by_game[1] if s.role == 1] == [-0.5, -0.5]
    assert samples[0].prompt == "obs 0" and samples[0].response == "reply 0"


def test_zero_advantage_samples_can_be_dropped() -> None:
    draw = _trajectory("g", (0.0, 0.0))
    assert to_samples([draw], RoleBaselines(), drop_zero_advantage=True) == []
    assert len(to_samples([draw], RoleBaselines())) == 4
    assert {s.advantage for s in to_samples([_trajectory("g", (2.0, -2.0))], None)} == {2.0, -2.0}


class CountingPolicy:
    """Wraps a policy and records the size of every call."""

    def __init__(self, inner: ScriptedPolicy) -> None:
        self.inner = inner
        self.calls: list[int] = []

    def __call__(self, batch: Sequence[PolicyInput]) -> list[str]:
        self.calls.append(len(batch))
        return self.inner(batch)


def test_one_policy_call_per_step_for_all_games() -> None:
    learner = CountingPolicy(random_policy(seed=0))
    games = play_games(["tictactoe"] * 16 + ["kuhn_poker"] * 16, learner, seed=1)
    longest = max(len(t.turns) for t in games)
    assert len(learner.calls) == longest  # one call per lock-step step, not per game
    assert learner.calls[0] == 32
    assert sum(learner.calls) == sum(len(t.turns) for t in games)


def test_learner_vs_pool_alternates_seats_and_calls_each_policy_once_per_step() -> None:
    learner = CountingPolicy(random_policy(seed=0))
    opponent = CountingPolicy(ScriptedPolicy(10, seed=5))
    games = play_games(["tictactoe"] * 10, learner, opponents=[opponent], seed=2)
    assert [t.learner_roles for t in games] == [(0,), (1,)] * 5
    longest = max(len(t.turns) for t in games)
    assert len(learner.calls) <= longest and len(opponent.calls) <= longest
    for trajectory in games:
        role = trajectory.learner_roles[0]
        assert all(turn.learner == (turn.role == role) for turn in trajectory.turns)
    samples = to_samples(games, RoleBaselines())
    assert all(s.role == t.learner_roles[0] for t in games for s in to_samples([t], None))
    assert len(samples) == sum(1 for t in games for turn in t.turns if turn.learner)


def test_self_play_is_deterministic_by_seed() -> None:
    def run(seed: int) -> list[tuple[object, ...]]:
        games = play_games(
            ["kuhn_poker", "tictactoe", "simple_negotiation"] * 3, random_policy(seed=7), seed=seed
        )
        return [(t.seed, t.returns, [(x.role, x.reply) for x in t.turns]) for t in games]

    assert run(4) == run(4)
    assert run(4) != run(5)


def test_invalid_moves_are_recorded_and_counted() -> None:
    def stubborn(batch: Sequence[PolicyInput]) -> list[str]:
        return ["\\boxed{dance}"] * len(batch)

    games = play_games(
        ["kuhn_poker"] * 4, stubborn, opponents=[random_policy(seed=0)], seed=0, invalid="spiral"
    )
    for trajectory in games:
        assert trajectory.outcome.invalid_move
        learner_turns = [t for t in trajectory.turns if t.learner]
        assert learner_turns[-1].legal is False and learner_turns[-1].action is None
        assert trajectory.returns[trajectory.learner_roles[0]] == -1.5
    table = metrics(games)
    assert sum(row["invalid"] * row["games"] for row in table.values()) == 4
    assert all(row["loss"] == 1.0 for row in table.values())


def test_turn_limit_truncates_as_a_draw() -> None:
    games = play_games(["tictactoe"] * 2, random_policy(seed=0), seed=0, max_turns=3)
    assert all(t.truncated and t.returns == (0.0, 0.0) and len(t.turns) == 3 for t in games)


def test_metrics_rates_sum_to_one() -> None:
    games = play_games(["tictactoe"] * 20, random_policy(seed=3), seed=3)
    table = metrics(games)
    assert set(table) == {"tictactoe/0", "tictactoe/1"}
    for row in table.values():
        assert row["win"] + row["loss"] + row["draw"] == pytest.approx(1.0)
        assert 5 <= row["length"] <= 9
    assert table["tictactoe/0"]["win"] == table["tictactoe/1"]["loss"]


def test_game_options_reach_the_engine() -> None:
    games = play_games(
        [GameSpec("kuhn_poker", {"num_hands": 1, "reward": "chips"})] * 8, random_policy(seed=0)
    )
    assert all(abs(t.returns[0]) in (1.0, 2.0) for t in games)
    assert all(t.returns[0] == -t.returns[1] for t in games)


def test_a_policy_returning_the_wrong_number_of_replies_is_a_clear_error() -> None:
    with pytest.raises(InvalidParamsError, match="returned 0 replies"):
        play_games(["tictactoe"], lambda batch: [])


def _load_example() -> object:
    spec = importlib.util.spec_from_file_location("selfplay_kuhn", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_learns_at_reduced_size() -> None:
    example = _load_example()
    curve = example.train(
        iterations=60, games_per_iteration=48, seed=0, report_every=20, verbose=False
    )  # type: ignore[attr-defined]
    start, end = curve[0][1], curve[-1][1]
    assert start == pytest.approx(float(exploitability(uniform_strategy())))
    assert end < 0.7 * start  # well below the uniform random policy


def _textarena_tictactoe_policy(batch: Sequence[PolicyInput]) -> list[str]:
    """Plays the first available cell that TextArena's observation lists."""
    replies = []
    for observation, _role, _game in batch:
        available = str(observation).rsplit("Available Moves:", 1)[-1]
        cells = re.findall(r"\[(\d)\]", available)
        replies.append(f"[{cells[0] if cells else 0}]")
    return replies


def test_textarena_games_join_the_batch() -> None:
    """TextArena games (through the adapter) and our own games advance in the same steps."""
    calls: list[int] = []

    def learner(batch: Sequence[PolicyInput]) -> list[str]:
        calls.append(len(batch))
        ours = [i for i, item in enumerate(batch) if item[2] == "tictactoe"]
        replies = _textarena_tictactoe_policy(batch)
        for i in ours:  # our TicTacToe lists legal moves the same way: "[0], [1]"
            cells = re.findall(r"\[(\d)\]", str(batch[i][0]).rsplit("legal moves", 1)[-1])
            replies[i] = f"\\boxed{{{cells[0]}}}"
        return replies

    games = play_games(["textarena:TicTacToe-v0", "tictactoe"] * 2, learner, seed=0)
    assert calls[0] == 4
    for trajectory in games:
        assert not trajectory.outcome.invalid_move, trajectory.outcome.reason
        assert trajectory.outcome.winner == 0  # first-free-cell play: player 0 wins the diagonal
        assert len(trajectory.turns) == 7
    again = play_games(["textarena:TicTacToe-v0"], learner, seed=0)
    assert [t.reply for t in again[0].turns] == [t.reply for t in games[0].turns]
