"""Simulated learner under each curriculum: level over time and final skill, side by side.

The learner has one number, its skill ``s``. On a task of level ``d`` it succeeds with
probability ``sigmoid((s - d) / TEMPERATURE)``, and every attempt raises the skill by
``LEARNING_RATE * 4 * p * (1 - p)``: practice teaches most at the frontier (success near 1/2,
where a group-relative method such as GRPO gets the most signal) and almost nothing on tasks
that are always or never solved. Each scheduler hands out real ``sat`` tasks in batches and
gets the simulated rewards back through ``update``, exactly as in training.

Run ``python examples/curriculum_simulation.py [--steps 2000] [--seed 0] [--png out.png]``.
It prints a text table (and writes a PNG when matplotlib is installed and ``--png`` given).
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Callable

from taskgen.curricula import (
    BaseCurriculum,
    Fixed,
    LearningProgress,
    SaturnGate,
    Schedule,
    TargetBand,
)

FAMILY = "sat"
START_SKILL = 1.0
TEMPERATURE = 0.7
LEARNING_RATE = 0.006
BATCH = 16


def success_probability(skill: float, level: int) -> float:
    """Returns the chance that a learner of ``skill`` solves a task of ``level``."""
    return 1.0 / (1.0 + math.exp(-(skill - level) / TEMPERATURE))


def schedulers(steps: int, seed: int) -> dict[str, Callable[[], BaseCurriculum]]:
    """Returns a factory per scheduler, all over the same family."""
    return {
        "Fixed(5)": lambda: Fixed({FAMILY: 5}, seed=seed),
        "Schedule": lambda: Schedule(FAMILY, total=steps, seed=seed),
        "SaturnGate": lambda: SaturnGate(FAMILY, validation_size=20, check_every=250, seed=seed),
        "TargetBand": lambda: TargetBand(FAMILY, seed=seed),
        "LearningProgress": lambda: LearningProgress(FAMILY, seed=seed),
    }


def simulate(
    curriculum: BaseCurriculum, steps: int, seed: int, checkpoints: int
) -> tuple[list[float], list[float], float]:
    """Trains the simulated learner for ``steps`` tasks; returns levels, skills, final skill."""
    rng = random.Random(seed)
    skill = START_SKILL
    levels: list[float] = []
    skills: list[float] = []
    every = max(steps // checkpoints, 1)
    done = 0
    while done < steps:
        tasks = curriculum.next_tasks(min(BATCH, steps - done))
        rewards = []
        for task in tasks:
            p = success_probability(skill, task.difficulty)
            rewards.append(1.0 if rng.random() < p else 0.0)
            skill += LEARNING_RATE * 4 * p * (1 - p)
        curriculum.update(tasks, rewards)
        for _ in tasks:
            done += 1
            if done % every == 0:
                levels.append(curriculum.levels()[FAMILY])
                skills.append(skill)
    return levels, skills, skill


def main() -> None:
    """Runs every scheduler and prints the side-by-side table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000, help="tasks per scheduler")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--checkpoints", type=int, default=10)
    parser.add_argument("--png", default=None, help="write a plot here (needs matplotlib)")
    args = parser.parse_args()

    results = {}
    for name, make in schedulers(args.steps, args.seed).items():
        results[name] = simulate(make(), args.steps, args.seed, args.checkpoints)

    names = list(results)
    width = max(len(n) for n in names) + 2
    print(f"level of the curriculum after each {args.steps // args.checkpoints} tasks")
    print("tasks".rjust(7) + "".join(n.rjust(width) for n in names))
    for row in range(args.checkpoints):
        tasks = (row + 1) * (args.steps // args.checkpoints)
        cells = "".join(f"{results[n][0][row]:.1f}".rjust(width) for n in names)
        print(str(tasks).rjust(7) + cells)
    print("skill".rjust(7) + "".join(f"{results[n][2]:.2f}".rjust(width) for n in names))

    if args.png:
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            print("matplotlib is not installed: pip install 'taskgen[plot]' for the PNG")
            return
        fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
        xs = [(i + 1) * (args.steps // args.checkpoints) for i in range(args.checkpoints)]
        for n in names:
            left.plot(xs, results[n][0], label=n)
            right.plot(xs, results[n][1], label=n)
        left.set(title="curriculum level", xlabel="tasks")
        right.set(title="learner skill", xlabel="tasks")
        left.legend()
        fig.tight_layout()
        fig.savefig(args.png)
        print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
