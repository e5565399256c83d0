"""Game environments: PettingZoo api_test, Gymnasium check_env, invalid moves, opponents, RNG."""

from __future__ import annotations

import random
import subprocess
import sys
import warnings

import gymnasium
import pytest
from gymnasium.utils.env_checker import check_env
from hypothesis import given, settings
from hypothesis import strategies as st

import taskgen  # noqa: F401  (registers the environments)
from taskgen.core.errors import InvalidParamsError
from taskgen.envs.games import (
    GameGymEnv,
    GameOverError,
    GameSession,
    InvalidMovePolicy,
    aec_env,
    env_id,
    register_game_envs,
)
from taskgen.envs.opponents import ScriptedPolicy, make_opponent, opponent_strength
from taskgen.tasks.games import GAMES
from taskgen.tasks.games._base import read_move

GAME_NAMES = sorted(GAMES)


@pytest.mark.parametrize("game", GAME_NAMES)
def test_pettingzoo_api_test_passes(game: str) -> None:
    from pettingzoo.test import api_test

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api_test(aec_env(game), num_cycles=100)


@pytest.mark.parametrize("game", GAME_NAMES)
def test_registered_gym_env_passes_check_env(game: str) -> None:
    assert env_id(game) in gymnasium.registry
    env = gymnasium.make(env_id(game), opponent="strong", seat=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the passive checker must have nothing to say
        check_env(env.unwrapped, skip_render_check=True)
    env.close()


def test_register_is_idempotent() -> None:
    assert register_game_envs() == []


def test_gym_make_kuhn_vs_nash_plays_to_the_end() -> None:
    env = gymnasium.make("taskgen/kuhn_poker-v0", opponent="nash", seat=0)
    text, info = env.reset(seed=3)
    assert "You are Player 0" in text and info["seat"] == 0
    done, reward, turns = False, 0.0, 0
    while not done:
        text, reward, done, truncated, info = env.step(f"\\boxed{{{info['legal_moves'][0]}}}")
        assert not truncated
        turns += 1
    assert info["outcome"]["invalid_move"] is False
    assert reward in (-1.0, 0.0, 1.0) and turns >= 5


def test_gym_seed_determinism_and_difficulty() -> None:
    env = GameGymEnv("simple_negotiation", difficulty=4, seat=None)
    first = env.reset(seed=11)[0]
    assert env.reset(seed=11)[0] == first
    assert isinstance(env.opponent, ScriptedPolicy) and env.opponent.strength == 4


def test_global_random_is_untouched() -> None:
    state = random.getstate()
    env = GameGymEnv("tictactoe", opponent="random", seat=1)
    env.reset(seed=0)
    env.step("\\boxed{0}")
    session = GameSession("kuhn_poker", seed=5)
    session.step("[bet]")
    assert random.getstate() == state


def test_invalid_move_retry_shows_reason_then_forfeits() -> None:
    session = GameSession("tictactoe", seed=0, invalid=InvalidMovePolicy(2, -1.5, 0.5))
    result = session.step("I play the middle")
    assert not result.valid and not result.done and "no move found" in result.reason
    assert "Your last reply was invalid: no move found" in session.observation()
    assert "2 tries left" in session.observation()
    session.step("\\boxed{4}")  # a valid move clears the strikes
    assert session.current_player == 1 and "invalid" not in session.observation()
    session.step("[4]")
    assert "2 tries left" in session.observation() and "already taken" in session.observation()
    session.step("[4]")
    assert "1 try left" in session.observation()
    result = session.step("[42]")
    assert result.done and session.outcome is not None
    assert session.outcome.invalid_move and session.outcome.offender == 1
    assert session.outcome.returns == (0.5, -1.5) and session.outcome.winner == 0
    with pytest.raises(GameOverError):
        session.step("[0]")


def test_spiral_policy_ends_at_the_first_invalid_move() -> None:
    env = GameGymEnv("kuhn_poker", opponent="random", seat=0, invalid="spiral")
    env.reset(seed=0)
    _, reward, done, _, info = env.step("\\boxed{raise}")
    assert done and reward == -1.5
    assert info["outcome"]["invalid_move"] is True and info["valid"] is False


def test_aec_env_forfeit_rewards_and_infos() -> None:
    env = aec_env("tictactoe", invalid=InvalidMovePolicy(0, -1.5, 0.5))
    env.reset(seed=0)
    observation, _, _, _, info = env.last()
    assert set(observation) == {"text", "action_mask"}
    assert observation["action_mask"].tolist() == [1] * 9
    assert info["legal_moves"] == [str(i) for i in range(9)]
    env.step("no idea")
    assert env.rewards == {"player_0": -1.5, "player_1": 0.5}
    assert all(env.terminations.values())
    assert env.infos["player_1"]["outcome"]["invalid_move"] is True


def test_negotiation_reply_without_move_is_talk_only() -> None:
    session = GameSession("simple_negotiation", seed=2)
    result = session.step("Hi! I mostly want Ore.")
    assert result.valid and result.move == "Pass"
    assert 'said: "Hi! I mostly want Ore."' in session.observation(1)
    result = session.step("<think>secret</think> Deal? [Offer: 1 Wheat -> 1 Wood]")
    assert result.valid and "secret" not in session.observation(0)


def test_read_move_takes_last_box_else_last_brackets() -> None:
    assert read_move("[bet] no wait \\boxed{check}") == "check"
    assert read_move("\\boxed{bet} then [call]") == "bet"
    assert read_move("first [bet] then [call]") == "call"
    assert read_move("<think>[bet]</think> hmm") is None
    assert read_move("<think>never closed [bet]") is None


@pytest.mark.parametrize("game", GAME_NAMES)
def test_random_opponent_plays_only_legal_moves(game: str) -> None:
    policy = make_opponent("random", game, seed=1)
    for seed in range(15):
        session = GameSession(game, seed=seed, invalid="strict")
        while not session.done:
            player = session.current_player
            result = session.step(policy([(session.observation(), player, game)])[0])
            assert result.valid, result.reason
        assert session.outcome is not None and not session.outcome.invalid_move


def test_minimax_opponent_never_loses_and_strength_mixes() -> None:
    for seed in range(10):
        env = GameGymEnv("tictactoe", opponent="minimax", seat=seed % 2)
        _, info = env.reset(seed=seed)
        done, reward = False, 0.0
        rng = random.Random(seed)
        while not done:
            _, reward, done, _, info = env.step(f"[{rng.choice(info['legal_moves'])}]")
        assert reward <= 0.0
    assert opponent_strength("7", "kuhn_poker") == 7
    assert opponent_strength("negotiator", "simple_negotiation") == 10
    with pytest.raises(InvalidParamsError, match="unknown opponent"):
        opponent_strength("nash", "tictactoe")
    with pytest.raises(InvalidParamsError):
        ScriptedPolicy(11)
    with pytest.raises(TypeError):
        ScriptedPolicy(5)([("plain text", 0, "tictactoe")])


def test_callable_opponent_is_used_as_is() -> None:
    calls: list[int] = []

    def always_fold_or_check(batch: object) -> list[str]:
        calls.append(1)
        return ["\\boxed{check}"]

    env = GameGymEnv("kuhn_poker", opponent=always_fold_or_check, seat=1, num_hands=1)
    env.reset(seed=0)
    assert calls  # the opponent opened hand 1


def test_importing_taskgen_does_not_import_pettingzoo() -> None:
    code = "import sys, taskgen, taskgen.envs.games; print('pettingzoo' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("game", GAME_NAMES)
@settings(max_examples=60, deadline=None)
@given(
    replies=st.lists(
        st.one_of(
            st.text(max_size=80),
            st.text(max_size=40).map(lambda t: f"\\boxed{{{t}}}"),
            st.builds(
                lambda q, a, r, b: f"[Offer: {q} {a} -> {r} {b}]",
                st.integers(-2, 40),
                st.sampled_from(["Wood", "ore", "Sheeps", "gold", ""]),
                st.integers(-2, 40),
                st.sampled_from(["Wheat", "brick", "Ores", "wood"]),
            ),
            st.sampled_from(["[Accept]", "[Deny]", "[Pass]", "[4]", "\\boxed{bet}", "[call]"]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_replies_never_crash_a_session(game: str, replies: list[str]) -> None:
    session = GameSession(game, seed=len(replies), invalid=InvalidMovePolicy(3, -1.0, 1.0))
    for reply in replies:
        if session.done:
            break
        result = session.step(reply)
        assert result.valid or result.reason
    text = session.observation()
    assert text.isascii()


@pytest.mark.parametrize("game", ["kuhn_poker", "tictactoe", "simple_negotiation"])
def test_game_spaces_accept_any_unicode_reply(game: str) -> None:
    """A model may answer in any script; the spaces must not reject it (as TaskEnv's)."""
    env = GameGymEnv(game, opponent="random", seat=0)
    reply = "Je mise, 我下注 ✓ — \\boxed{" + env.reset(seed=0)[1]["legal_moves"][0] + "}"
    assert reply in env.action_space
    assert env.observation_space.contains(env.reset(seed=0)[0])


@settings(max_examples=300, deadline=None)
@given(
    reply=st.one_of(
        st.text(alphabet="[]{}\\boxed<think>/ abc", max_size=40),
        st.builds(
            lambda before, move, after: f"{before}[{move}]{after}",
            st.text(alphabet="[] ab", max_size=8),
            st.sampled_from(["bet", "check", " 4 ", "", "Offer: 1 Wood -> 2 Wheat"]),
            st.text(alphabet="[]{} \\boxed", max_size=8),
        ),
    )
)
def test_environments_and_verify_read_the_same_move(reply: str) -> None:
    """One reading rule: what a session plays is what ``verify`` grades, for any reply."""
    from taskgen.core.registry import get

    text = read_move(reply)
    extraction = get("kuhn_poker").extract(reply)
    assert extraction.payload == (text or None)
    assert extraction.payload is not None or extraction.reason


@pytest.mark.parametrize("game", GAME_NAMES)
def test_observations_show_a_placeholder_not_a_move(game: str) -> None:
    session = GameSession(game, seed=0)
    view = session.observation()
    assert view.rstrip().endswith("one of the moves listed above.") or ("\\boxed{<cell>}" in view)
    result = GameSession(game, seed=0).step(view)  # replaying the observation plays nothing
    assert not result.valid and "<" in result.reason


# -- the shared, read-only masks and legal moves of the AEC environment ----------------------


@pytest.mark.parametrize("game", GAME_NAMES)
def test_aec_masks_and_legal_moves_are_shared_read_only(game: str) -> None:
    """Turns with the same legal moves share one mask and one move list, so neither may be
    changed in place: what a trainer kept from an earlier turn must still say what it said."""
    import numpy as np

    from taskgen.envs.games import LegalMoves

    env = aec_env(game)
    rng = random.Random(3)
    kept: list[tuple[object, bytes, object, list[str]]] = []
    for seed in range(20):
        env.reset(seed=seed)
        for _ in env.agent_iter():
            observation, _, done, cut, info = env.last()
            mask, moves = observation["action_mask"], info["legal_moves"]
            assert not mask.flags.writeable
            with pytest.raises(ValueError, match="read-only"):
                mask[0] = 1
            kept.append((mask, mask.tobytes(), moves, list(moves)))
            if done or cut:
                env.step(None)
                continue
            assert isinstance(moves, LegalMoves) and isinstance(moves, list)
            assert [m for m, on in zip(env.game.vocabulary, mask, strict=True) if on] == moves
            env.step("\\boxed{" + rng.choice(moves) + "}")
    for mask, mask_bytes, moves, moves_copy in kept:  # nothing changed since it was handed out
        assert np.asarray(mask).tobytes() == mask_bytes and moves == moves_copy
    playing = [(mask, moves) for mask, _, moves, _ in kept if moves]
    assert len({id(mask) for mask, _ in playing}) < len(playing)  # shared, not copied per turn
    assert len({id(moves) for _, moves in playing}) < len(playing)


def test_legal_moves_read_like_a_list_and_refuse_edits() -> None:
    import copy
    import pickle

    from taskgen.envs.games import LegalMoves

    moves = LegalMoves(["check", "bet"])
    assert moves == ["check", "bet"] and moves[-1] == "bet" and len(moves) == 2
    assert moves + ["fold"] == ["check", "bet", "fold"]  # noqa: RUF005  (list + works)
    assert sorted(moves) == ["bet", "check"]
    edits = [
        lambda: moves.append("fold"),
        lambda: moves.extend(["fold"]),
        lambda: moves.insert(0, "fold"),
        lambda: moves.remove("bet"),
        lambda: moves.pop(),
        lambda: moves.clear(),
        lambda: moves.sort(),
        lambda: moves.reverse(),
        lambda: moves.__setitem__(0, "fold"),
        lambda: moves.__delitem__(0),
        lambda: moves.__iadd__(["fold"]),
        lambda: moves.__imul__(2),
    ]
    for edit in edits:
        with pytest.raises(TypeError, match=r"read-only .* list\(moves\)"):
            edit()
    assert moves == ["check", "bet"]
    for twin in (pickle.loads(pickle.dumps(moves)), copy.copy(moves), copy.deepcopy(moves)):
        assert type(twin) is LegalMoves and twin == moves
    editable = list(moves)
    editable.append("fold")
    assert editable == ["check", "bet", "fold"] and moves == ["check", "bet"]
