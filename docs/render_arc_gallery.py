"""Renders docs/arc_gallery.png: a few arc_agi tasks per level, demonstrations and test.

    python docs/render_arc_gallery.py [--levels 1 4 7 10] [--per-level 2] [--out PATH]

Each row is one task: its demonstration pairs (input, then output), then the test input and
the gold output, in the ARC colours. Needs matplotlib (the project's ``plot`` extra); the
family itself does not.
"""

from __future__ import annotations

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap

import taskgen

ARC_COLOURS = [
    "#000000",
    "#0074D9",
    "#FF4136",
    "#2ECC40",
    "#FFDC00",
    "#AAAAAA",
    "#F012BE",
    "#FF851B",
    "#7FDBFF",
    "#870C25",
]
"""The usual ARC palette, digit 0 to 9."""


def draw(ax: Axes, grid: list[list[int]], title: str) -> None:
    """Draws one grid with thin grey cell borders."""
    rows, cols = len(grid), len(grid[0])
    ax.imshow(grid, cmap=ListedColormap(ARC_COLOURS), vmin=0, vmax=9, interpolation="nearest")
    ax.set_xticks([x - 0.5 for x in range(1, cols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
    ax.grid(which="minor", color="#555555", linewidth=0.4)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=7)


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 4, 7, 10])
    parser.add_argument("--per-level", type=int, default=2)
    parser.add_argument("--out", default=os.path.join(here, "arc_gallery.png"))
    args = parser.parse_args()
    tasks = [
        taskgen.sample("arc_agi", level, seed)
        for level in args.levels
        for seed in range(args.per_level)
    ]
    columns = max(2 * len(t.instance["examples"]) + 2 for t in tasks)
    figure, axes = plt.subplots(
        len(tasks), columns, figsize=(1.25 * columns, 1.55 * len(tasks)), squeeze=False
    )
    for row, task in enumerate(tasks):
        panels: list[tuple[list[list[int]], str]] = []
        for number, example in enumerate(task.instance["examples"], 1):
            panels.append((example["input"], f"example {number} in"))
            panels.append((example["output"], f"example {number} out"))
        panels.append((task.instance["test_input"], "test in"))
        panels.append((task.instance["test_output"], "test out (gold)"))
        for column in range(columns):
            ax = axes[row][column]
            if column < len(panels):
                draw(ax, *panels[column])
            else:
                ax.axis("off")
        axes[row][0].set_ylabel(
            f"level {task.difficulty}, seed {task.seed}\n{task.meta['program']}",
            fontsize=6,
            rotation=0,
            ha="right",
            va="center",
        )
    figure.suptitle("arc_agi: demonstrations, test input and gold output", fontsize=10)
    figure.tight_layout()
    figure.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
