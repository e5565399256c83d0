"""Prints the signal of the game decision tasks, and full random games per second.

    python benchmarks/bench_games.py signal [--seeds 100] [--game kuhn_poker ...]
    python benchmarks/bench_games.py [speed] [--seconds 4] [--slices 8] [--game kuhn_poker ...]

``signal``: for each game family and level, over ``--seeds`` seeds, the accuracy
of the best constant answer (each candidate of
:func:`taskgen.tasks.games._signal.constant_answers` used on every task), of a verbatim copy of
the prompt, and of a uniformly random decision move (the mean share of sound decision moves),
with the mean ``hardness``. Targets: best constant at most 35% (55% for Kuhn Poker), a copy of
the prompt no more than that.

``speed`` (the default): a game is played to its end by two uniformly random *legal* players,
and the player to move gets its full text observation at every turn (what a language model
would read). taskgen: a :class:`~taskgen.envs.games.GameSession` with the random policy of
:mod:`taskgen.envs.opponents`, replies written as ``\\boxed{move}`` and read back. TextArena:
``ta.make`` per game (its observation wrapper keeps history across resets), then
``get_observation`` / ``step`` with a legal move read from its state or observation. Both run
the same match sizes: Kuhn Poker 5 hands, Simple Negotiation 10 turns, 5 resources. The two
libraries alternate in short slices so that both see the same machine load. Target: taskgen
at least twice TextArena's rate. One core.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable
from typing import Any

from taskgen.envs.games import GameSession
from taskgen.envs.opponents import random_policy
from taskgen.tasks.games import get_game
from taskgen.tasks.games._signal import measure_signal

GAMES = ("kuhn_poker", "tictactoe", "simple_negotiation")
TEXTARENA_IDS = {
    "kuhn_poker": "KuhnPoker-v0-short",
    "tictactoe": "TicTacToe-v0",
    "simple_negotiation": "SimpleNegotiation-v0",
}


class Meter:
    """Counts games and turns of one player function over several timed slices."""

    def __init__(self, play: Callable[[int], int]) -> None:
        self.play = play
        self.games = self.turns = 0
        self.elapsed = 0.0

    def run(self, seconds: float) -> None:
        """Plays games for about ``seconds`` more."""
        start = time.perf_counter()
        while (now := time.perf_counter()) - start < seconds:
            self.turns += self.play(self.games)
            self.games += 1
        self.elapsed += now - start

    def rates(self) -> tuple[float, float]:
        """Returns (games/s, turns/s) so far."""
        return self.games / self.elapsed, self.turns / self.elapsed


def ours(name: str) -> Callable[[int], int]:
    """Returns a function that plays one full random game of ours, with text observations."""
    game = get_game(name)
    policy = random_policy(seed=0)

    def play(seed: int) -> int:
        session = GameSession(game, seed=seed)
        turns = 0
        while not session.done:
            player = session.current_player
            session.step(policy([(session.observation(), player, name)])[0])
            turns += 1
        return turns

    return play


def _textarena_move(name: str, env: Any, player: int, observation: str, rng: random.Random) -> str:
    state = env.state.game_state
    if name == "kuhn_poker":
        last = observation.rsplit("\n", 1)[-1]
        return rng.choice(re.findall(r"\[(?:check|bet|call|fold)\]", last))
    if name == "tictactoe":
        board = state["board"]
        empty = [r * 3 + c for r in range(3) for c in range(3) if not board[r][c]]
        return f"[{rng.choice(empty)}]"
    offer = state.get("current_offer")
    moves = ["Pass"]
    if offer and offer.get("to_player") == player:
        moves += ["[Accept]", "[Deny]"]
    held = [r for r, q in state["player_resources"][player].items() if q > 0]
    others = list(state["player_resources"][player])
    give = rng.choice(held)
    get = rng.choice([r for r in others if r != give])
    moves.append(f"[Offer: 1 {give} -> {rng.randint(1, 3)} {get}]")
    return rng.choice(moves)


def textarena(name: str) -> Callable[[int], int] | None:
    """Returns a function that plays one full random TextArena game, or None without it."""
    try:
        import textarena as ta
    except ImportError:
        return None
    rng = random.Random(0)

    def play(seed: int) -> int:
        env = ta.make(TEXTARENA_IDS[name])
        env.reset(num_players=2, seed=seed)
        done, turns = False, 0
        while not done:
            player, observation = env.get_observation()
            done, _ = env.step(_textarena_move(name, env, player, observation, rng))
            turns += 1
        env.close()
        return turns

    return play


def signal(games: list[str], seeds: int) -> None:
    """Prints the signal table of the decision tasks (see the module docstring)."""
    print(f"{'family':<20}{'level':>6}{'best constant':>15}  {'(answer)':<28}{'copy':>6}", end="")
    print(f"{'random move':>13}{'hardness':>10}")
    for name in games:
        for level in range(1, 11):
            report = measure_signal(name, level, range(seeds))
            answer = report.constant if len(report.constant) <= 26 else report.constant[:23] + "..."
            print(
                f"{name:<20}{level:>6}{report.best_constant:>15.2f}  {answer:<28}"
                f"{report.prompt_copy:>6.2f}{report.random_move:>13.4f}{report.hardness:>10.2f}"
            )


def speed(games: list[str], seconds: float, slices: int) -> None:
    """Prints full random games per second, ours and TextArena's (see the module docstring)."""
    header = f"{'game':<20}{'taskgen games/s':>16}{'turns/s':>10}{'TextArena games/s':>19}"
    print(header + f"{'ratio':>7}")
    for name in games:
        mine = Meter(ours(name))
        theirs_play = textarena(name)
        theirs = Meter(theirs_play) if theirs_play is not None else None
        state = random.getstate()  # TextArena reseeds the global generator; restore it after
        for _ in range(slices):  # alternate, so both see the same machine load
            mine.run(seconds / slices)
            if theirs is not None:
                theirs.run(seconds / slices)
        random.setstate(state)
        games_per_s, turns = mine.rates()
        if theirs is None:
            print(f"{name:<20}{games_per_s:>16,.0f}{turns:>10,.0f}{'not installed':>19}")
            continue
        their_games, _ = theirs.rates()
        ratio = games_per_s / their_games
        print(f"{name:<20}{games_per_s:>16,.0f}{turns:>10,.0f}{their_games:>19,.0f}{ratio:>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", nargs="?", choices=("speed", "signal"), default="speed")
    parser.add_argument("--seeds", type=int, default=100, help="signal: seeds per level")
    parser.add_argument("--seconds", type=float, default=4.0, help="speed: time per game")
    parser.add_argument("--slices", type=int, default=8, help="speed: alternations")
    parser.add_argument("--game", choices=GAMES, action="append", help="only these games")
    args = parser.parse_args()
    games = args.game or list(GAMES)
    if args.what == "signal":
        signal(games, args.seeds)
    else:
        speed(games, args.seconds, args.slices)


if __name__ == "__main__":
    main()
