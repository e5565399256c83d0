"""Role-conditioned advantage estimation (RAE), as SPIRAL describes it.

One exponential-moving-average baseline per (game, role), starting at 0:
``b <- alpha * b + (1 - alpha) * R`` with ``alpha = 0.95``, and the advantage ``A = R - b``. Every
turn a role played in a game gets that game's ``A`` for that role.

Order of reading and updating. SPIRAL's code reads the baseline *before* updating it
(``A = R - b_old``); its paper's Algorithm 1 updates first (``A = R - b_new``). The default here is
read-before-update: the baseline then depends only on earlier games, never on the return it is
subtracted from, which keeps the policy-gradient estimate unbiased. Update-first is available
(``update_first=True``); for one game it equals ``alpha * (R - b_old)``, a rescaled version.

>>> rae = RoleBaselines()
>>> rae.advantage("kuhn_poker", 0, 1.0)   # baseline 0 -> advantage 1, baseline becomes 0.05
1.0
>>> round(rae.advantage("kuhn_poker", 0, 1.0), 4)
0.95
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from taskgen.core.errors import InvalidParamsError


@dataclass
class RoleBaselines:
    """EMA baselines keyed by (game, role); part of a trainer's state (see :meth:`state_dict`)."""

    alpha: float = 0.95
    update_first: bool = False
    values: dict[tuple[str, int], float] = field(default_factory=dict)
    counts: dict[tuple[str, int], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 <= self.alpha < 1.0:
            raise InvalidParamsError(f"alpha must be in [0, 1), got {self.alpha}")

    def baseline(self, game: str, role: int) -> float:
        """Returns the current baseline of ``(game, role)`` (0 before any game)."""
        return self.values.get((game, role), 0.0)

    def advantage(self, game: str, role: int, ret: float) -> float:
        """Returns the advantage of return ``ret`` and folds ``ret`` into the baseline."""
        key = (game, role)
        before = self.values.get(key, 0.0)
        after = self.alpha * before + (1.0 - self.alpha) * ret
        self.values[key] = after
        self.counts[key] = self.counts.get(key, 0) + 1
        return ret - (after if self.update_first else before)

    def state_dict(self) -> dict[str, Any]:
        """Returns a JSON-serialisable snapshot of the baselines and settings."""
        return {
            "alpha": self.alpha,
            "update_first": self.update_first,
            "baselines": [
                {
                    "game": game,
                    "role": role,
                    "value": value,
                    "count": self.counts.get((game, role), 0),
                }
                for (game, role), value in sorted(self.values.items())
            ],
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Restores a snapshot made by :meth:`state_dict`."""
        self.alpha = float(state["alpha"])
        self.update_first = bool(state["update_first"])
        self.values = {(b["game"], int(b["role"])): float(b["value"]) for b in state["baselines"]}
        self.counts = {(b["game"], int(b["role"])): int(b["count"]) for b in state["baselines"]}
