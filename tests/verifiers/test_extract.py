"""The shared answer protocol and the safe parsers."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taskgen.verifiers import (
    PayloadError,
    extract,
    extract_answer,
    format_grid,
    last_boxed,
    last_tagged,
    parse_int_grid,
    parse_json,
    parse_literal,
    strip_thinking,
    unwrap_latex,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\\boxed{1}", "1"),
        ("\\boxed{1} then \\boxed{2}", "2"),
        ("\\boxed{\\text{ab}}", "\\text{ab}"),
        ("\\boxed {x}", "x"),
        ("\\boxed{a{b}c}", "a{b}c"),
        ("\\boxed{\\{1,2\\}}", "\\{1,2\\}"),
        ("\\boxed{good} \\boxed{unbalanced", "good"),
        ("no box", None),
        ("\\boxed{", None),
        ("\\boxed{}", ""),
    ],
)
def test_last_boxed(text: str, expected: str | None) -> None:
    assert last_boxed(text) == expected


def test_thinking_is_ignored_up_to_the_last_close() -> None:
    assert strip_thinking("<think>a</think>b</think>c") == "c"
    assert strip_thinking("plain") == "plain"
    assert strip_thinking("<think>never closed \\boxed{1}") is None
    assert extract_answer("<think>never closed \\boxed{1}").payload is None


def test_answer_tags() -> None:
    assert last_tagged("<answer>1</answer><answer>2</answer>") == "2"
    assert last_tagged("<answer>1") is None
    assert extract_answer("<answer>7</answer>", "answer").payload == "7"
    assert extract_answer("\\boxed{3}<answer>7</answer>", "auto").payload == "3"


def test_reasons_say_what_is_missing() -> None:
    assert extract_answer("nothing").reason == "no \\boxed{} answer found"
    assert extract_answer("\\boxed{  }").reason == "the answer is empty"
    assert "too long" in extract_answer("\\boxed{" + "1" * 200_000 + "}").reason


def test_unwrap_latex() -> None:
    assert unwrap_latex(" $\\text{ 101 }$ ") == "101"
    assert unwrap_latex("\\mathrm{abc}") == "abc"
    assert unwrap_latex("a\\text{b}") == "a\\text{b}"


def test_extraction_is_linear_on_many_unbalanced_boxes() -> None:
    text = "\\boxed{" * 50_000 + "\\boxed{ok}"
    assert last_boxed(text) == "ok"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="\\boxed{}<>/thinkanswer 01", max_size=200))
def test_extraction_never_raises(text: str) -> None:
    for container in ("boxed", "answer", "auto"):
        result = extract_answer(text, container)  # type: ignore[arg-type]
        assert (result.payload is None) == bool(result.reason)


def test_parsers_are_safe_and_capped() -> None:
    assert parse_json(" [1, 2] ") == [1, 2]
    assert parse_literal("{'a': (1, 2)}") == {"a": (1, 2)}
    for bad in ("__import__('os')", "1 +", "[" * 100 + "]" * 100, "x" * 30_000):
        with pytest.raises(PayloadError):
            parse_literal(bad)
    for bad in ("{'a': 1}", "[" * 5000, "nan nan"):
        with pytest.raises(PayloadError):
            parse_json(bad)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100))
def test_parsers_raise_only_payload_errors(text: str) -> None:
    for parser in (parse_json, parse_literal):
        with contextlib.suppress(PayloadError):
            parser(text)


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("[[1,2],[2]]", "row 2 has 1 cells; expected 2"),
        ("[[1,2]]", "expected 2 rows, got 1"),
        ("[[1,2],[2,9]]", "cell (2,2) is 9; use 1-2"),
        ('[[1,2],[2,"x"]]', "cell (2,2) is not an integer"),
        ("[[1,2],[2,true]]", "cell (2,2) is not an integer"),
        ("[[1,2],", "not valid JSON"),
        ("hello", "expected 2 rows"),
    ],
)
def test_grid_reasons(payload: str, fragment: str) -> None:
    with pytest.raises(PayloadError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        parse_int_grid(payload, 2, 2, low=1, high=2)


def test_grid_forms_round_trip() -> None:
    grid = [[1, 2, 3], [3, 1, 2], [2, 3, 1]]
    for text in (
        format_grid(grid),
        "1 2 3\n3 1 2\n2 3 1",
        "1,2,3; 3,1,2; 2,3,1",
        "\\text{[[1,2,3],[3,1,2],[2,3,1]]}",
    ):
        assert parse_int_grid(text, 3, 3, low=1, high=3) == grid


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]0123456789,; \n-x.", max_size=80))
def test_grid_parser_raises_only_payload_errors(text: str) -> None:
    with contextlib.suppress(PayloadError):
        parse_int_grid(text, 3, 3, low=1, high=3)


# -- long completions take a vectorised path; it must agree with the reference scan --------

_PIECES = [
    "{", "}", "\\", "\\boxed", "\\boxed{", "\\boxed {", "\\boxed\n{", " ", "a", "\n", "é",
    "\t", "\x0b", "\x1c", "\xa0", "\x85", "\u3000", "\u2003", "\udcff", "\\{", "\\}",
]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), min_size=0, max_size=40))
@settings(max_examples=3000, deadline=None)
def test_the_vectorised_box_finder_agrees_with_the_scan(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert extract._last_boxed_vectorised(text) == extract._last_boxed_scan(text)


def test_long_texts_take_the_vectorised_path_with_the_same_answer() -> None:
    filler = "x" * (extract._VECTOR_SCAN_CHARS + 10)
    for text in (
        filler + "\\boxed{a{b}c} \\boxed{" + "{" * 100,
        "\\boxed {1}" + filler,
        filler + "\\boxed\u3000{2}",
        "\\boxed{3}" + "{}" * extract._VECTOR_SCAN_CHARS,
    ):
        assert extract.last_boxed(text) == extract._last_boxed_scan(text) is not None


@pytest.mark.parametrize(
    ("payload", "read"),
    [
        (" $\\text{1011}$. ", "1011"),
        ("１０１", "101"),
        ("\\text{101.}", "101"),
        ("Pass.", "Pass"),
        ("wait...", "wait..."),
    ],
)
def test_one_leniency_rule(payload: str, read: str) -> None:
    assert extract.unwrap_latex(payload) == read
