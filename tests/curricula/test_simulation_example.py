"""The curriculum simulation example runs and tells the schedulers apart."""

from __future__ import annotations

import pathlib
import runpy

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "curriculum_simulation.py"


def test_adaptive_schedulers_teach_more_than_a_too_hard_fixed_level() -> None:
    module = runpy.run_path(str(EXAMPLE), run_name="simulation")
    factories = module["schedulers"](400, 0)
    final = {name: module["simulate"](make(), 400, 0, 4)[2] for name, make in factories.items()}
    assert final["TargetBand"] > final["Fixed(5)"] + 1
    assert final["SaturnGate"] > final["Fixed(5)"]
    levels = module["simulate"](factories["TargetBand"](), 400, 0, 4)[0]
    assert levels == sorted(levels) and levels[-1] > levels[0]  # it climbs as skill grows
