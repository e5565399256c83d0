"""Kuhn Poker: every betting line and payoff, the match rules, the exact game theory, the family."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError
from taskgen.tasks.games._base import Illegal
from taskgen.tasks.games.kuhn_poker import (
    DEPTH,
    INFOSETS,
    SOUND,
    KuhnPoker,
    KuhnState,
    best_response_value,
    exploitability,
    hand_result,
    hand_value,
    nash_strategy,
    uniform_strategy,
)
from taskgen.verifiers.extract import boxed

J, Q, K = 0, 1, 2
# line -> (winner when the opener holds the higher card, chips won, showdown)
LINES = {
    ("check", "check"): (1, True),
    ("bet", "call"): (2, True),
    ("check", "bet", "call"): (2, True),
    ("bet", "fold"): (1, False),
    ("check", "bet", "fold"): (1, False),
}


def play(game: KuhnPoker, deals: tuple[tuple[int, int], ...], moves: list[str]) -> KuhnState:
    state = KuhnState(deals=deals)
    for move in moves:
        parsed = game.parse_move(state, move)
        assert not isinstance(parsed, Illegal), parsed
        state = game.apply(state, parsed)
    return state


@pytest.mark.parametrize("line", list(LINES), ids=["-".join(m) for m in LINES])
@pytest.mark.parametrize("cards", [(a, b) for a in range(3) for b in range(3) if a != b])
def test_every_line_pays_the_pot(line: tuple[str, ...], cards: tuple[int, int]) -> None:
    game = KuhnPoker(num_hands=1, reward="chips")
    state = play(game, (cards,), list(line))
    assert game.is_terminal(state)
    amount, showdown = LINES[line]
    # a showdown goes to the higher card; a fold to the bettor (opener after bet-fold)
    higher = 0 if cards[0] > cards[1] else 1
    winner = higher if showdown else (0 if line == ("bet", "fold") else 1)
    expected = amount if winner == 0 else -amount
    assert state.chips == (expected, -expected)
    assert game.outcome(state).returns == (float(expected), float(-expected))
    assert hand_result(cards, 0, line) == (winner, amount, showdown)


def test_legal_moves_follow_the_tree() -> None:
    game = KuhnPoker(num_hands=1)
    state = KuhnState(deals=((K, J),))
    assert game.legal_moves(state) == ("check", "bet")
    after_bet = game.apply(state, "bet")
    assert game.legal_moves(after_bet) == ("call", "fold")
    assert isinstance(game.parse_move(after_bet, "check"), Illegal)
    after_check = game.apply(state, "check")
    assert game.legal_moves(after_check) == ("check", "bet")
    assert game.parse_move(after_check, " BET ") == "bet"
    assert game.parse_move(after_check, "Check.") == "check"
    unknown = game.parse_move(state, "raise")
    assert isinstance(unknown, Illegal) and unknown.malformed


def test_opener_alternates_and_match_winner_has_more_chips() -> None:
    game = KuhnPoker(num_hands=3)
    deals = ((K, J), (K, J), (J, Q))
    state = KuhnState(deals=deals)
    assert game.current_player(state) == 0
    state = play(game, deals, ["bet", "call"])  # hand 1: Player 0 (K) wins 2
    assert game.current_player(state) == 1  # Player 1 opens hand 2
    state = game.apply(state, "bet")  # Player 1 bets with J
    state = game.apply(state, "fold")  # Player 0 folds a K: Player 1 wins 1
    assert state.chips == (1, -1)
    state = game.apply(state, "check")  # hand 3, Player 0 opens with J
    state = game.apply(state, "check")  # showdown, Q wins 1
    assert game.is_terminal(state)
    assert state.chips == (0, 0)
    outcome = game.outcome(state)
    assert outcome.winner is None and outcome.returns == (0.0, 0.0)  # equal chips: a draw


def test_match_reward_is_plus_minus_one() -> None:
    game = KuhnPoker(num_hands=1)
    state = play(game, ((Q, K),), ["bet", "call"])
    outcome = game.outcome(state)
    assert outcome.winner == 1 and outcome.returns == (-1.0, 1.0)


def test_observation_hides_a_folded_card_and_shows_a_showdown() -> None:
    game = KuhnPoker(num_hands=3)
    state = play(game, ((K, J), (Q, K), (J, Q)), ["bet", "fold", "check", "check"])
    view = game.observation(state, 0)
    assert "Hand 1: you had K, Player 1 had ?" in view
    assert "Hand 2: you had Q, Player 1 had K" in view
    assert "Your card: J" in view and "[check], [bet]" in view
    assert "Q" not in view.split("Your card:")[1].split("\n")[0]


def test_state_round_trips_through_dict() -> None:
    game = KuhnPoker(num_hands=3)
    state = play(game, ((K, J), (Q, K), (J, Q)), ["bet", "fold", "check"])
    assert game.state_from_dict(game.state_to_dict(state)) == state
    with pytest.raises(ValueError):
        game.state_from_dict({**game.state_to_dict(state), "chips": [5, -5]})


def test_bad_config_raises() -> None:
    with pytest.raises(InvalidParamsError):
        KuhnPoker(num_hands=0)
    with pytest.raises(InvalidParamsError):
        KuhnPoker(reward="points")  # type: ignore[arg-type]


# -- game theory ------------------------------------------------------------------------------


@pytest.mark.parametrize("alpha", [Fraction(0), Fraction(1, 12), Fraction(1, 6), Fraction(1, 3)])
def test_nash_value_is_minus_one_eighteenth(alpha: Fraction) -> None:
    for beta in (Fraction(0), Fraction(1, 3)):
        assert hand_value(nash_strategy(alpha), nash_strategy(beta)) == Fraction(-1, 18)
    assert exploitability(nash_strategy(alpha)) == 0
    assert best_response_value(nash_strategy(alpha), 0) == Fraction(-1, 18)
    assert best_response_value(nash_strategy(alpha), 1) == Fraction(1, 18)


def test_uniform_and_perturbed_strategies_are_exploitable() -> None:
    # 11/24 = 0.458333...: the exploitability OpenSpiel reports for Kuhn's uniform random policy
    assert exploitability(uniform_strategy()) == Fraction(11, 24)
    nash = nash_strategy(0)
    assert exploitability({**nash, "Qb": Fraction(1, 2)}) > 0
    always_bet = dict.fromkeys(INFOSETS, 1)
    assert exploitability(always_bet) > 0


def test_exploitability_accepts_floats_and_checks_keys() -> None:
    floats = {key: float(p) for key, p in nash_strategy(Fraction(1, 4)).items()}
    assert abs(float(exploitability(floats))) < 1e-12
    with pytest.raises(InvalidParamsError, match="lacks information sets"):
        exploitability({"K": 1.0})
    with pytest.raises(InvalidParamsError, match=r"\[0, 1\]"):
        exploitability({**floats, "J": 1.5})
    with pytest.raises(InvalidParamsError):
        nash_strategy(Fraction(1, 2))


def test_sound_moves_are_the_union_of_equilibrium_supports() -> None:
    support: dict[str, set[str]] = {key: set() for key in INFOSETS}
    for alpha in (Fraction(0), Fraction(1, 6), Fraction(1, 3)):
        for key, p in nash_strategy(alpha).items():
            aggressive, passive = ("call", "fold") if key.endswith("b") else ("bet", "check")
            if p > 0:
                support[key].add(aggressive)
            if p < 1:
                support[key].add(passive)
    assert {key: frozenset(moves) for key, moves in support.items()} == SOUND


def test_strong_move_follows_nash_frequencies() -> None:
    game = KuhnPoker(num_hands=1)
    rng = random.Random(3)
    state = KuhnState(deals=((Q, J),))
    assert {game.strong_move(state, rng) for _ in range(200)} == {"check"}
    facing = game.apply(KuhnState(deals=((Q, K),)), "bet")  # responder holds K
    assert {game.strong_move(facing, rng) for _ in range(50)} == {"call"}


# -- the family -------------------------------------------------------------------------------


def test_fold_with_a_king_after_check_bet_is_judged_by_equilibria_that_reach_it() -> None:
    # alpha = 1/3 bets every K, so it never checks one and never faces check-bet with a K:
    # its behaviour there is arbitrary, folding included. Every equilibrium that reaches the
    # position (alpha < 1/3 checks a K with probability 1 - 3 alpha > 0) calls there.
    for alpha in (Fraction(0), Fraction(1, 6), Fraction(3, 10)):
        nash = nash_strategy(alpha)
        assert 1 - nash["K"] > 0 and nash["Kcb"] == 1
    assert 1 - nash_strategy(Fraction(1, 3))["K"] == 0
    assert SOUND["Kcb"] == frozenset({"call"})
    game = KuhnPoker(num_hands=1)
    state = play(game, ((K, Q),), ["check", "bet"])
    assert not game.is_sound(state, "fold") and game.is_sound(state, "call")


def test_decisions_are_drawn_only_where_a_move_is_unsound() -> None:
    game = KuhnPoker()
    assert set(DEPTH) == {key for key, moves in SOUND.items() if len(moves) == 1}
    for level in (1, 10):
        for seed in range(40):
            task = taskgen.sample("kuhn_poker", level, seed)
            state = game.state_from_dict(task.instance["state"])
            assert game.infoset(state) in DEPTH
            assert task.meta["depth"] == DEPTH[game.infoset(state)]
            assert task.meta["random_move_sound"] == 0.5
            assert len(task.instance["sound_moves"]) == 1


def test_family_task_checks_soundness() -> None:
    task = taskgen.sample("kuhn_poker", difficulty=5, seed=4)
    assert task.prompt.endswith("\\boxed{<move>}, with <move> one of the moves listed above.\n")
    assert taskgen.verify(task, boxed(task.answer)).correct
    legal, sound = task.instance["legal_moves"], task.instance["sound_moves"]
    unsound = [m for m in legal if m not in sound]
    assert unsound, "every task has an unsound legal move"
    verdict = taskgen.verify(task, boxed(unsound[0]))
    assert verdict.format_ok and not verdict.correct and "unsound" in verdict.reason
    illegal = next(m for m in ("check", "bet", "call", "fold") if m not in legal)
    verdict = taskgen.verify(task, boxed(illegal))
    assert not verdict.format_ok and "not legal" in verdict.reason
    assert taskgen.verify(task, boxed(f"[{task.answer.upper()}]")).correct
    assert taskgen.verify(task, f"I hold it. [{task.answer}]").correct  # no box: [move] reads


def test_family_knobs_and_hardness() -> None:
    family = taskgen.core.registry.get("kuhn_poker")
    task = taskgen.sample("kuhn_poker", difficulty=2, seed=0, seat=1, num_hands=3)
    assert task.instance["seat"] == 1 and task.instance["game"]["num_hands"] == 3
    assert family.hardness(task) == pytest.approx(1.4333, abs=1e-3)
    hardness = [family.hardness(taskgen.sample("kuhn_poker", level, 0)) for level in range(1, 11)]
    assert hardness == sorted(hardness) and hardness[0] == pytest.approx(1.4)
    assert hardness[-1] == pytest.approx(1.7)
    only_deep = taskgen.sample("kuhn_poker", 1, 3, depth_weights=[0, 0, 1])
    assert only_deep.meta["depth"] == 3 and only_deep.answer == "check"
    with pytest.raises(InvalidParamsError):
        taskgen.sample("kuhn_poker", difficulty=2, seed=0, seat=2)
    with pytest.raises(InvalidParamsError, match="depth_weights"):
        taskgen.sample("kuhn_poker", 1, 0, depth_weights=[0, 0, 0])
    with pytest.raises(InvalidParamsError, match="no decision"):  # seat 1 never opens hand 1
        taskgen.sample("kuhn_poker", 1, 0, depth_weights=[0, 0, 1], seat=1, num_hands=1)
