"""The grid reader: its fast path for plain JSON rows reads exactly what the general one does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taskgen.verifiers import grid as grid_module
from taskgen.verifiers.grid import parse_int_grid
from taskgen.verifiers.parse import PayloadError


def _slow(text: str, rows: int, cols: int, low: int | None, high: int | None) -> object:
    saved = grid_module._plain_grid
    grid_module._plain_grid = lambda *args: None  # type: ignore[assignment]
    try:
        return _read(text, rows, cols, low, high)
    finally:
        grid_module._plain_grid = saved


def _read(text: str, rows: int, cols: int, low: int | None, high: int | None) -> object:
    try:
        return parse_int_grid(text, rows, cols, low=low, high=high)
    except PayloadError as exc:
        return ("error", str(exc))


@pytest.mark.parametrize(
    "text",
    [
        "[[1,2],[2,1]]",
        "[ [1, 2] , [2,1] ]",
        "[[1,2],[2]]",
        "[[1,2],[2,3]]",
        "[[01,2],[2,1]]",
        "[[1,,2],[2,1]]",
        "[[-1,2],[2,1]]",
        "[[1,2],[2,1],[1,2]]",
        "[[],[]]",
        "[[1 2],[2 1]]",
        "[[-,2],[2,1]]",
        "[[1,2],[2,1]]]",
        "[[1,2][2,1]]",
    ],
)
def test_fast_path_equals_general_reader(text: str) -> None:
    assert _read(text, 2, 2, 1, 2) == _slow(text, 2, 2, 1, 2)
    assert _read(text, 2, 2, None, None) == _slow(text, 2, 2, None, None)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="[], -0123", max_size=24))
def test_fast_path_equals_general_reader_on_any_text(text: str) -> None:
    assert _read(text, 2, 2, 0, 2) == _slow(text, 2, 2, 0, 2)
