"""The game environments' fast paths against a reference built from the engines' plain rules.

``ReferenceAEC`` is the PettingZoo environment as it was before the fast paths (issue 16): no
turn table, no remembered observations, the move read the general way, the mask and the legal
moves recomputed from the rules at every call (a vocabulary entry is legal iff the engine
parses it as a legal move). Many seeded games with valid, invalid, talkative and junk replies
are played in both, and every step (agent, observations of both agents, masks, rewards,
cumulative rewards, terminations, infos) must be identical.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pettingzoo import AECEnv

from taskgen.envs._game_aec import GameAECEnv
from taskgen.envs.games import (
    PLAYERS,
    GameGymEnv,
    GameSession,
    InvalidMovePolicy,
    aec_env,
)
from taskgen.tasks.games import get_game
from taskgen.tasks.games._base import (
    Game,
    Illegal,
    Observation,
    Outcome,
    _find_move_in_full,
    bare_move,
    read_move,
    talk_of,
)

CONFIGS: list[tuple[str, dict[str, Any]]] = [
    ("tictactoe", {}),
    ("tictactoe", {"invalid": "spiral"}),
    ("kuhn_poker", {}),
    ("kuhn_poker", {"num_hands": 1}),
    ("kuhn_poker", {"num_hands": 3, "reward": "chips", "invalid": "strict"}),
    ("simple_negotiation", {}),
    ("simple_negotiation", {"num_resources": 2, "max_turns": 6}),
    ("simple_negotiation", {"num_resources": 3, "max_turns": 12, "invalid": "spiral"}),
]
JUNK = [
    "",
    "no idea",
    "\\boxed{}",
    "[ ]",
    "<think>x",
    "<think>[4]</think> \\boxed{4}",
    "\\boxed{ 4 }",
    "\\boxed{4.}",
    "\\boxed{Bet}",
    "[check]",
    "\\boxed{\\text{bet}}",
    "\\boxed{raise}",
    "hello \\boxed{Pass}",
    "\\boxed{accept}",
    "Let's trade [Offer: 2 Wood -> 1 Ore]",
    "\\boxed{Offer: 1 Wheat -> 1 Ore}",
    "\\boxed{Offer: 1 Wheat -> 2 Wheat}",
    "\\boxed{Offer: 1 Wheat, 1 Wood -> 2 Ore}",
    "\\boxed{Offer: 99 Wheat -> 1 Ore}",
    "\\boxed{cell 3}",
    "\\boxed{9}",
    "$\\boxed{5}$",
    "\\boxed{\uff22\uff45\uff54}",
    "\\boxed{fold}",
    "\\boxed{Deny}",
    "[Accept]",
]


def reference_legal(game: Game[Any, Any], state: Any) -> list[str]:
    """The legal vocabulary by the rules: the entries the engine parses as legal moves."""
    if game.is_terminal(state):
        return []
    return [
        text for text in game.vocabulary if not isinstance(game.parse_move(state, text), Illegal)
    ]


class ReferenceSession:
    """``GameSession`` as it was: every answer recomputed, the move read the general way."""

    def __init__(self, game: Game[Any, Any], rng: random.Random, invalid: InvalidMovePolicy):
        self.game, self.invalid = game, invalid
        self.state = game.new_state(rng)
        self.outcome: Outcome | None = None
        self.feedback = ""
        self.strikes = 0
        self.log: list[tuple[int, str]] = []

    def observation(self, player: int) -> Observation:
        current = self.game.current_player(self.state)
        text = self.game.observation(self.state, player, self.feedback if player == current else "")
        if self.outcome is not None and self.outcome.invalid_move:
            text += f"The game is over: {self.outcome.reason}.\n"
        return Observation.of(text, self.state, player, self.game)

    def legal_moves(self) -> list[str]:
        return [] if self.outcome is not None else reference_legal(self.game, self.state)

    def action_mask(self, player: int) -> list[int]:
        if self.outcome is not None or self.game.current_player(self.state) != player:
            return [0] * len(self.game.vocabulary)
        legal = set(self.legal_moves())
        return [int(entry in legal) for entry in self.game.vocabulary]

    def step(self, reply: str) -> tuple[int, bool, str]:
        game = self.game
        player = game.current_player(self.state)
        text = _find_move_in_full(reply)[0]
        if text is None and game.move_optional:
            text = game.pass_move
        move: Any
        if text is None:
            move = Illegal("no move found; put your move in \\boxed{}", True)
        elif not text:
            move = Illegal("the move is empty", True)
        else:
            move = game.parse_move(self.state, text)
        if isinstance(move, Illegal):
            self.strikes += 1
            if self.strikes > self.invalid.retries:
                returns = [0.0, 0.0]
                returns[player] = self.invalid.penalty
                returns[1 - player] = self.invalid.opponent_reward
                self.outcome = Outcome(
                    (returns[0], returns[1]),
                    1 - player,
                    f"Player {player} made an invalid move ({move.reason})",
                    invalid_move=True,
                    offender=player,
                )
                self.feedback = ""
            else:
                left = self.invalid.retries - self.strikes + 1
                self.feedback = (
                    f"Your last reply was invalid: {move.reason}. Try again "
                    f"({left} {'try' if left == 1 else 'tries'} left before you forfeit)."
                )
            return player, False, move.reason
        self.state = game.apply(self.state, move, talk_of(reply) if game.has_talk else "")
        self.log.append((player, game.format_move(move)))
        self.strikes = 0
        self.feedback = ""
        if game.is_terminal(self.state):
            self.outcome = game.outcome(self.state)
        return player, True, ""


class ReferenceAEC:
    """The AEC environment's bookkeeping as PettingZoo's base class and HEAD did it."""

    def __init__(self, game: str, invalid: Any = None, **config: Any) -> None:
        self.game = get_game(game, **config)
        self.invalid = InvalidMovePolicy.named(invalid)
        self.source = random.Random()

    def reset(self, seed: int | None) -> None:
        if seed is not None:
            self.source = random.Random(seed)
        self.session = ReferenceSession(
            self.game, random.Random(self.source.getrandbits(63)), self.invalid
        )
        self.agents = list(PLAYERS)
        self.rewards = dict.fromkeys(self.agents, 0.0)
        self.cumulative = dict.fromkeys(self.agents, 0.0)
        self.terminations = dict.fromkeys(self.agents, False)
        self.infos: dict[str, dict[str, Any]] = {}
        self.selection = PLAYERS[self.game.current_player(self.session.state)]
        self.refresh(None)

    def refresh(self, result: tuple[int, bool, str] | None) -> None:
        outcome = self.session.outcome
        for index, name in enumerate(self.agents):
            current = self.game.current_player(self.session.state) == index
            info: dict[str, Any] = {
                "legal_moves": self.session.legal_moves() if outcome is None and current else []
            }
            if result is not None and result[0] == index and not result[1]:
                info["reason"] = result[2]
            if outcome is not None:
                info["outcome"] = outcome.to_dict()
            self.infos[name] = info

    def observe(self, agent: str) -> tuple[str, Any, int, list[int]]:
        player = PLAYERS.index(agent)
        seen = self.session.observation(player)
        return str(seen), seen.state, seen.player, self.session.action_mask(player)

    def step(self, action: str | None) -> None:
        agent = self.selection
        if self.terminations[agent]:
            assert action is None
            for table in (self.terminations, self.rewards, self.cumulative, self.infos):
                del table[agent]
            self.agents.remove(agent)
            if self.agents:
                self.selection = self.agents[0]
            self.rewards = dict.fromkeys(self.rewards, 0)
            return
        self.cumulative[agent] = 0.0
        result = self.session.step("" if action is None else action)
        self.rewards = dict.fromkeys(self.agents, 0.0)
        outcome = self.session.outcome
        if outcome is not None:
            for index, name in enumerate(PLAYERS):
                self.rewards[name] = float(outcome.returns[index])
                self.terminations[name] = True
        else:
            self.selection = PLAYERS[self.game.current_player(self.session.state)]
        self.refresh(result)
        for name, reward in self.rewards.items():
            self.cumulative[name] += reward


def seen_by(env: Any, agent: str) -> tuple[str, Any, int, list[int]]:
    observed = env.observe(agent)
    text, mask = observed["text"], observed["action_mask"]
    assert isinstance(text, Observation) and mask.dtype == np.int8
    return str(text), text.state, text.player, mask.tolist()


def pick_reply(rng: random.Random, legal: list[str]) -> str | None:
    roll = rng.random()
    if legal and roll < 0.7:
        return "\\boxed{" + rng.choice(legal) + "}"
    if legal and roll < 0.8:
        move = rng.choice(legal)
        return rng.choice(
            [f"[{move}]", f"I say {move}", f"Sure! \\boxed{{{move}}}", f"\\boxed{{ {move} }}"]
        )
    return rng.choice([*JUNK, None])


@pytest.mark.parametrize(("game", "config"), CONFIGS, ids=[f"{g}-{c}" for g, c in CONFIGS])
def test_aec_env_plays_every_step_as_the_reference(game: str, config: dict[str, Any]) -> None:
    env, ref = aec_env(game, **config), ReferenceAEC(game, **config)
    rng = random.Random(f"{game}{config}")
    for number in range(60):
        seed = None if number % 4 == 3 else number  # None: the stream of the last seed goes on
        env.reset(seed=seed)
        ref.reset(seed)
        for agent in env.agent_iter(400):
            assert agent == ref.selection
            assert env.agents == ref.agents
            for other in env.agents:  # the mover's view twice: remembered views must agree
                assert seen_by(env, other) == ref.observe(other)
            assert seen_by(env, agent) == ref.observe(agent)
            obs, reward, done, cut, info = env.last()
            assert (str(obs["text"]), obs["action_mask"].tolist()) == ref.observe(agent)[::3]
            assert (reward, done, cut) == (ref.cumulative[agent], ref.terminations[agent], False)
            assert info == ref.infos[agent]
            assert env.infos == ref.infos and env.rewards == ref.rewards
            assert env._cumulative_rewards == ref.cumulative
            action = None if done else pick_reply(rng, info["legal_moves"])
            env.step(action)
            ref.step(action)
        assert not env.agents and not ref.agents


@pytest.mark.parametrize("game", ["tictactoe", "kuhn_poker", "simple_negotiation"])
def test_session_answers_are_fresh_copies(game: str) -> None:
    session = GameSession(game, seed=4)
    mask, legal = session.action_mask(0), session.legal_moves()
    mask[:] = 0
    legal.clear()
    assert session.action_mask(0).any() and session.legal_moves()
    other = GameSession(game, seed=4)  # the same engine table serves every session
    assert other.legal_moves() == session.legal_moves()


def test_session_sees_a_state_set_from_outside() -> None:
    session = GameSession("tictactoe", seed=0)
    assert session.legal_moves() == [str(i) for i in range(9)]
    session.state = session.game.apply(session.state, 4)
    assert "4" not in session.legal_moves() and session.action_mask(1)[4] == 0
    assert session.current_player == 1 and session.observation().player == 1


@pytest.mark.parametrize("game", ["tictactoe", "kuhn_poker", "simple_negotiation"])
def test_session_on_any_state_set_from_outside_answers_by_the_rules(game: str) -> None:
    engine = get_game(game)
    session = GameSession(engine, seed=0)
    rng = random.Random(game)
    for _ in range(30):
        state = engine.new_state(rng)
        states = [state]
        while not engine.is_terminal(state):
            state = engine.apply(state, engine.random_move(state, rng))
            states.append(state)
        for state in rng.sample(states, len(states)):  # finished ones too, outcome unset
            session.state = state
            legal = reference_legal(engine, state)
            assert session.legal_moves() == legal
            player = engine.current_player(state)
            mask = [int(move in legal) for move in engine.vocabulary]
            assert session.action_mask(player).tolist() == mask
            assert session.current_player == player


@pytest.mark.parametrize("game", ["tictactoe", "kuhn_poker", "simple_negotiation"])
def test_gym_env_plays_as_the_reference_session(game: str) -> None:
    rng = random.Random(game)
    for seed in range(20):
        env = GameGymEnv(game, opponent="random", seat=seed % 2)
        _, info = env.reset(seed=seed)
        session = env.session
        assert session is not None
        while not session.done:
            assert info["legal_moves"] == reference_legal(session.game, session.state)
            mask = [int(move in info["legal_moves"]) for move in session.game.vocabulary]
            assert info["action_mask"].tolist() == mask
            reply = pick_reply(rng, info["legal_moves"]) or ""
            _, _, done, _, info = env.step(reply)
            assert done == session.done


# -- the move reader's fast path -----------------------------------------------------------------

BOX_TEXT = st.text(
    alphabet=st.sampled_from(list("abcXY 09.:->,!{}[]$<\\/\t\n\u00e9\uff11")), max_size=30
)


@settings(max_examples=1500, deadline=None)
@given(inner=BOX_TEXT, before=st.sampled_from(["", " ", "x", "<think>", "</think>"]))
def test_bare_move_agrees_with_the_general_reading(inner: str, before: str) -> None:
    reply = before + "\\boxed{" + inner + "}"
    bare = bare_move(reply)
    general = _find_move_in_full(reply)
    if bare is not None:
        assert (bare, "") == general
    assert read_move(reply) == general[0]
    for container in ("boxed", "answer", "auto"):
        assert read_move(reply, container) == _find_move_in_full(reply, container)[0]


def test_bare_move_takes_the_common_replies() -> None:
    assert bare_move("\\boxed{Offer: 1 Wheat -> 2 Ore}") == "Offer: 1 Wheat -> 2 Ore"
    assert bare_move("\\boxed{ 4 }") == "4"
    for reply in ("\\boxed{4.}", "x \\boxed{4}", "\\boxed{[4]}", "\\boxed{\\text{4}}", "[4]"):
        assert bare_move(reply) is None


class PlainBookkeeping(GameAECEnv):
    """The AEC environment whose reset, end of match and dead steps are PettingZoo's and HEAD's
    plain ones (before the lean bookkeeping of issue 16)."""

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        super().reset(seed, options)
        self.agents = list(PLAYERS)
        self.rewards = dict.fromkeys(self.agents, 0.0)
        self._cumulative_rewards = dict.fromkeys(self.agents, 0.0)
        self.terminations = dict.fromkeys(self.agents, False)
        self.truncations = dict.fromkeys(self.agents, False)
        self.infos = {agent: {} for agent in self.agents}
        self.agent_selection = PLAYERS[self.session.current_player]
        self._refresh_infos(None)

    def step(self, action: Any) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            AECEnv._was_dead_step(self, action)
            return
        self._cumulative_rewards[agent] = 0.0
        session = self.session
        result = session.step("" if action is None else str(action))
        self.rewards = dict.fromkeys(self.agents, 0.0)
        if session.outcome is not None:
            for index, name in enumerate(PLAYERS):
                self.rewards[name] = float(session.outcome.returns[index])
                self.terminations[name] = True
        else:
            self.agent_selection = PLAYERS[session.current_player]
        self._refresh_infos(result)
        self._accumulate_rewards()


@pytest.mark.parametrize(("game", "config"), CONFIGS, ids=[f"{g}-{c}" for g, c in CONFIGS])
def test_lean_bookkeeping_is_pettingzoos(game: str, config: dict[str, Any]) -> None:
    """Reset, the steps (the inlined bare-box move too), the end of a match and the dead steps
    leave every table and the session as PettingZoo's plain code and ``GameSession.step`` do:
    same keys in the same order, same values of the same types (int 0 after a dead step), the
    same agent selection, state, log and strikes."""
    env, plain = aec_env(game, **config), PlainBookkeeping(game, **config)
    rng = random.Random(f"lean{game}{config}")

    def tables(aec: Any) -> str:
        return repr(
            (
                aec.agents,
                aec.agent_selection,
                aec.rewards,
                aec._cumulative_rewards,
                aec.terminations,
                aec.truncations,
                aec.infos,
                getattr(aec, "_skip_agent_selection", "unset"),
                aec.session.state,
                aec.session.log,
                aec.session.strikes,
                aec.session.feedback,
                aec.session.outcome,
                aec.session.current_player,
            )
        )

    for number in range(40):
        env.reset(seed=number)
        plain.reset(seed=number)
        assert tables(env) == tables(plain)
        for _ in env.agent_iter(400):
            _, _, done, cut, info = env.last()
            action = None if done or cut else pick_reply(rng, info["legal_moves"])
            env.step(action)
            plain.step(action)
            assert tables(env) == tables(plain)
        with pytest.raises(ValueError, match="only valid action is None"):
            finished = aec_env(game, **config)
            finished.reset(seed=number)
            for _ in finished.agent_iter(400):
                _, _, done, _, info = finished.last()
                finished.step("junk" if done else "\\boxed{" + info["legal_moves"][0] + "}")
