"""Rewrites tests/snapshots/FAMILY.json: the task id of (level, seed) pairs.

Run it only after bumping the family's version (or for a new family):

    python tests/update_snapshots.py sat
"""

from __future__ import annotations

import json
import os
import sys

import taskgen
from taskgen.core.registry import get

SEEDS = (0, 1, 12345)


def snapshot(family: str) -> dict[str, str]:
    spec = get(family)
    return {
        f"{level}:{seed}": taskgen.sample(family, level, seed).id
        for level in range(spec.min_level, spec.max_level + 1)
        for seed in SEEDS
    }


if __name__ == "__main__":
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "snapshots")
    for name in sys.argv[1:]:
        with open(os.path.join(here, f"{name}.json"), "w", encoding="utf-8") as handle:
            json.dump(snapshot(name), handle, indent=1, sort_keys=True)
            handle.write("\n")
        print(f"wrote snapshots/{name}.json")
