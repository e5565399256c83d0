"""Reward policies: how a verdict becomes the scalar a trainer optimises.

A policy is a plain value passed to :func:`taskgen.verify`, never global state.

>>> RewardPolicy.named("saturn").reward(correct=False, format_ok=False, score=0.0)
-1.0
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

from taskgen.core.errors import InvalidParamsError

PolicyName = Literal["binary", "saturn", "partial"]
POLICY_NAMES: tuple[str, ...] = get_args(PolicyName)


class RewardPolicy(BaseModel):
    """Maps a verdict's ``correct`` / ``format_ok`` / ``score`` to a reward.

    * ``binary`` (default, as SynLogic): 1.0 when correct, else 0.0.
    * ``saturn`` (SATURN): -1.0 when no parsable answer, 0.0 when wrong, +1.0 when right.
    * ``partial``: the family's partial credit ``score`` in [0, 1] (1.0 when correct), e.g. the
      fraction of clauses an assignment satisfies.

    Subclass and override :meth:`reward` and :attr:`bounds` for a policy of your own.
    """

    model_config = ConfigDict(frozen=True)

    kind: PolicyName = "binary"

    @classmethod
    def named(cls, name: str | RewardPolicy) -> RewardPolicy:
        """Returns the built-in policy called ``name`` (a policy passes through unchanged)."""
        if isinstance(name, RewardPolicy):
            return name
        found = _BUILT_IN.get(name) if isinstance(name, str) else None
        if found is None:
            raise InvalidParamsError(
                f"unknown reward policy {name!r}; known: {', '.join(POLICY_NAMES)}"
            )
        return found

    def reward(self, *, correct: bool, format_ok: bool, score: float) -> float:
        """Returns the reward for one verdict."""
        if self.kind == "binary":
            return 1.0 if correct else 0.0
        if self.kind == "saturn":
            if not format_ok:
                return -1.0
            return 1.0 if correct else 0.0
        return 1.0 if correct else min(max(score, 0.0), 1.0)

    @property
    def uses_score(self) -> bool:
        """Whether :meth:`reward` reads ``score`` (else a costly partial credit is skipped).

        True for ``partial`` and, to be safe, for any subclass.
        """
        return self.kind == "partial" or type(self) is not RewardPolicy

    @property
    def bounds(self) -> tuple[float, float]:
        """The smallest and largest reward this policy can give."""
        return (-1.0, 1.0) if self.kind == "saturn" else (0.0, 1.0)


_BUILT_IN: dict[str, RewardPolicy] = {
    name: RewardPolicy.model_validate({"kind": name}) for name in POLICY_NAMES
}
BINARY = _BUILT_IN["binary"]
SATURN = _BUILT_IN["saturn"]
PARTIAL = _BUILT_IN["partial"]
