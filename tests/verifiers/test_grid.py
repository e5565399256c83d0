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


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda rows: st.integers(1, 6).flatmap(
            lambda cols: st.tuples(
                st.just((rows, cols)),
                st.lists(
                    st.lists(st.integers(-3, 12), min_size=cols, max_size=cols),
                    min_size=rows,
                    max_size=rows,
                ),
                st.sampled_from(["compact", "spaced", "wrong shape", "typo"]),
            )
        )
    )
)
def test_compact_digits_reads_exactly_what_the_grid_reader_reads(
    case: tuple[tuple[int, int], list[list[int]], str],
) -> None:
    (rows, cols), grid, form = case
    text = grid_module.format_grid(grid)
    if form == "spaced":
        text = text.replace("[", "[ ")
    elif form == "typo":
        text = text.replace(",", ";", 1)
    asked = (rows + 1, cols) if form == "wrong shape" else (rows, cols)
    digits = grid_module.compact_digits(text, *asked)
    one_digit = all(0 <= v <= 9 for row in grid for v in row)
    if form == "compact" and one_digit:
        assert digits == "".join(str(v) for row in grid for v in row)
    elif form in ("spaced", "wrong shape") or not one_digit:
        assert digits is None
    if digits is not None:  # whatever it accepts, the general reader reads the same grid
        assert parse_int_grid(text, *asked) == [
            [int(d) for d in digits[r * asked[1] : (r + 1) * asked[1]]] for r in range(asked[0])
        ]
