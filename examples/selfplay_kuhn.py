"""Self-play REINFORCE with role-conditioned advantages (RAE) on Kuhn Poker, from scratch.

The policy is a table of 12 logits, one per Kuhn information set, that it reads from the
observation *text* (its card and the hand's moves), exactly as a language model would see the
game. It plays both seats through :func:`taskgen.selfplay.play_games`, turns the games into
samples with :func:`taskgen.selfplay.to_samples` (RAE baselines per game and role) and takes a
REINFORCE step. Every few iterations it prints the exact exploitability of the current table
(chips per hand a best response wins; 0 at a Nash equilibrium).

    python examples/selfplay_kuhn.py                 # RAE (default)
    python examples/selfplay_kuhn.py --no-rae        # plain REINFORCE, no baselines
    python examples/selfplay_kuhn.py --plot curve.png  # needs matplotlib (extra "plot")
"""

from __future__ import annotations

import argparse
import math
import re
import time
from collections.abc import Sequence

import numpy as np

from taskgen.envs.opponents import PolicyInput
from taskgen.selfplay import GameSpec, RoleBaselines, play_games, to_samples
from taskgen.tasks.games.kuhn_poker import INFOSETS, exploitability, uniform_strategy

_CARD = re.compile(r"Your card: ([JQK])")
_MOVES = re.compile(r"Moves this hand: ([^\n]*)")
_WORD_TO_LETTER = {"checked": "c", "bet": "b"}


def information_set(observation: str) -> str:
    """Reads the information set (card + moves so far as c/b) from an observation's text.

    >>> information_set("Your card: Q.\\nMoves this hand: Player 1 checked, Player 0 bet.")
    'Qcb'
    """
    card = _CARD.search(observation)
    moves = _MOVES.search(observation)
    if card is None or moves is None:
        raise ValueError("not a Kuhn Poker decision observation")
    line = "".join(
        _WORD_TO_LETTER[word] for word in re.findall(r"\b(checked|bet)\b", moves.group(1))
    )
    return card.group(1) + line


class TablePolicy:
    """A softmax (here: sigmoid, two moves) table over information sets, read from text."""

    name = "table"

    def __init__(self, seed: int) -> None:
        self.logits = np.zeros(len(INFOSETS))
        self.index = {key: i for i, key in enumerate(INFOSETS)}
        self.rng = np.random.default_rng(seed)

    def probability(self, key: str) -> float:
        """Returns the probability of the aggressive move (bet / call) at ``key``."""
        return 1.0 / (1.0 + math.exp(-self.logits[self.index[key]]))

    def __call__(self, batch: Sequence[PolicyInput]) -> list[str]:
        replies = []
        for observation, _role, _game in batch:
            key = information_set(str(observation))
            aggressive = self.rng.random() < self.probability(key)
            facing_bet = key.endswith("b")
            move = (
                ("call" if aggressive else "fold")
                if facing_bet
                else ("bet" if aggressive else "check")
            )
            replies.append(f"My card and the line say {move}. \\boxed{{{move}}}")
        return replies

    def strategy(self) -> dict[str, float]:
        """Returns the table as a Kuhn strategy {information set: P(bet or call)}."""
        return {key: self.probability(key) for key in INFOSETS}


def train(
    iterations: int = 300,
    games_per_iteration: int = 64,
    learning_rate: float = 0.5,
    use_rae: bool = True,
    seed: int = 0,
    report_every: int = 25,
    verbose: bool = True,
) -> list[tuple[int, float]]:
    """Trains the table by self-play; returns (iteration, exploitability) points."""
    policy = TablePolicy(seed)
    baselines = RoleBaselines(alpha=0.95) if use_rae else None
    game = GameSpec("kuhn_poker", {"num_hands": 1, "reward": "chips"})
    curve = [(0, float(exploitability(policy.strategy())))]
    if verbose:
        print(f"{'iteration':>9}  {'exploitability':>14}")
        print(f"{0:>9}  {curve[0][1]:>14.4f}")
    for iteration in range(1, iterations + 1):
        games = play_games([game] * games_per_iteration, policy, seed=seed * 100_003 + iteration)
        samples = to_samples(games, baselines)  # None: advantage = return (no RAE)
        gradient = np.zeros_like(policy.logits)
        for sample in samples:
            key = information_set(sample.prompt)
            aggressive = sample.response.endswith(("{bet}", "{call}"))
            p = policy.probability(key)
            gradient[policy.index[key]] += sample.advantage * ((1.0 if aggressive else 0.0) - p)
        policy.logits += learning_rate * gradient / games_per_iteration
        if iteration % report_every == 0 or iteration == iterations:
            value = float(exploitability(policy.strategy()))
            curve.append((iteration, value))
            if verbose:
                print(f"{iteration:>9}  {value:>14.4f}")
    return curve


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--games", type=int, default=64, help="games per iteration")
    parser.add_argument("--lr", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-rae", action="store_true", help="plain REINFORCE without baselines")
    parser.add_argument("--compare", action="store_true", help="run with and without RAE")
    parser.add_argument("--plot", help="write the curve(s) to this PNG (needs matplotlib)")
    args = parser.parse_args()
    random_value = float(exploitability(uniform_strategy()))
    print(f"exploitability of the uniform random policy: {random_value:.4f} chips/hand")
    runs = (
        [("RAE", True), ("no RAE", False)]
        if args.compare
        else [("no RAE" if args.no_rae else "RAE", not args.no_rae)]
    )
    curves = {}
    for label, use_rae in runs:
        print(f"\n== {label} ==")
        start = time.perf_counter()
        curves[label] = train(args.iterations, args.games, args.lr, use_rae, args.seed)
        print(f"({time.perf_counter() - start:.1f} s)")
    if args.plot:
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            raise SystemExit("--plot needs matplotlib: pip install 'taskgen[plot]'") from None
        figure, axis = plt.subplots(figsize=(6, 3.5))
        for label, curve in curves.items():
            axis.plot([i for i, _ in curve], [v for _, v in curve], label=label)
        axis.axhline(random_value, color="grey", linestyle=":", label="uniform random")
        axis.axhline(0, color="black", linewidth=0.5)
        axis.set_xlabel("iteration")
        axis.set_ylabel("exploitability (chips/hand)")
        axis.set_title("Kuhn Poker self-play, REINFORCE")
        axis.legend()
        figure.tight_layout()
        figure.savefig(args.plot, dpi=120)
        print(f"wrote {args.plot}")


if __name__ == "__main__":
    main()
