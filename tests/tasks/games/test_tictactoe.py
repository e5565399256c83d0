"""TicTacToe: every win line, draws, invalid cells, minimax, and the family."""

from __future__ import annotations

import random

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError
from taskgen.tasks.games._base import Illegal
from taskgen.tasks.games.tictactoe import (
    CELL_CAP,
    LEVEL_BANDS,
    LINES,
    TicTacToe,
    TicTacToeState,
    band_positions,
    decision_score,
    lookahead_depth,
    minimax_value,
    optimal_moves,
)
from taskgen.verifiers.extract import boxed


def play(cells: list[int]) -> TicTacToeState:
    game = TicTacToe()
    state = TicTacToeState()
    for cell in cells:
        move = game.parse_move(state, str(cell))
        assert not isinstance(move, Illegal), move
        state = game.apply(state, move)
    return state


@pytest.mark.parametrize("line", LINES, ids=[f"{a}{b}{c}" for a, b, c in LINES])
@pytest.mark.parametrize("player", [0, 1])
def test_every_line_wins(line: tuple[int, int, int], player: int) -> None:
    game = TicTacToe()
    others = [c for c in range(9) if c not in line]
    # the opponent plays two cells off the line (edges first), never completing a line
    taken: list[int] = []

    def spare() -> int:  # an off-line cell that completes no line with the opponent's others
        cell = next(
            c for c in others if c not in taken and not any(set(ln) <= {c, *taken} for ln in LINES)
        )
        taken.append(cell)
        return cell

    moves: list[int] = []
    if player == 1:
        moves.append(spare())
    for cell in line:
        moves.append(cell)
        if cell != line[-1]:
            moves.append(spare())
    state = play(moves)
    assert game.is_terminal(state)
    outcome = game.outcome(state)
    assert outcome.winner == player
    assert outcome.returns == ((1.0, -1.0) if player == 0 else (-1.0, 1.0))


def test_full_board_without_a_line_is_a_draw() -> None:
    game = TicTacToe()
    state = play([0, 1, 2, 4, 3, 5, 7, 6, 8])  # X O X / X O O / O X X
    assert game.is_terminal(state)
    assert game.outcome(state).winner is None
    assert game.outcome(state).returns == (0.0, 0.0)


def test_invalid_cells() -> None:
    game = TicTacToe()
    state = play([4])
    taken = game.parse_move(state, "4")
    assert isinstance(taken, Illegal) and "taken" in taken.reason and not taken.malformed
    for text in ("9", "-1", "centre", "44", ""):
        bad = game.parse_move(state, text)
        assert isinstance(bad, Illegal) and bad.malformed
    assert game.parse_move(state, " 0 ") == 0
    assert game.parse_move(state, "cell 8") == 8
    assert game.parse_move(state, "7.") == 7


def test_minimax_values() -> None:
    assert minimax_value("." * 9) == 0
    assert optimal_moves("XX.OO....") == [2]  # X completes the top row
    assert minimax_value("XX.O.....") == -1  # O to move cannot stop a fork after blocking
    assert minimax_value("OO.XX...X") == 1 and 2 in optimal_moves("OO.XX...X")
    assert 4 in optimal_moves("X........") and 1 not in optimal_moves("X........")


def test_perfect_player_never_loses_to_random() -> None:
    game = TicTacToe()
    rng = random.Random(0)
    for episode in range(40):
        strong_seat = episode % 2
        state = game.new_state(rng)
        while not game.is_terminal(state):
            mover = game.current_player(state)
            if mover == strong_seat:
                move = game.strong_move(state, rng)
            else:
                move = game.random_move(state, rng)
            state = game.apply(state, move)
        assert game.outcome(state).winner in (strong_seat, None)


def test_observation_shows_board_and_legal_moves() -> None:
    game = TicTacToe()
    state = play([4, 0])
    view = game.observation(state, 0)
    assert "You are Player 0 and play X" in view
    assert " O | 1 | 2" in view and " 3 | X | 5" in view
    assert "Your legal moves: [1], [2], [3], [5], [6], [7], [8]" in view
    assert game.state_from_dict(game.state_to_dict(state)) == state
    with pytest.raises(ValueError):
        game.state_from_dict({"moves": [4, 4]})


def test_lookahead_depth_and_decision_score() -> None:
    assert lookahead_depth("XX.OO....") == 1  # X wins at once
    assert lookahead_depth("X...O...X") == 4  # O must take an edge, not a corner
    assert lookahead_depth("........X") == 6  # O must take the centre
    assert decision_score("XX.OO....") == pytest.approx(1 + 4 / 5)
    assert lookahead_depth("XOXOXOOX.") == 10  # one legal move: every move is sound


def test_family_task_is_minimax_checked() -> None:
    task = taskgen.sample("tictactoe", difficulty=3, seed=2)
    assert taskgen.verify(task, boxed(task.answer)).correct
    assert taskgen.verify(task, f"I play \\boxed{{[{task.answer}]}}").correct
    assert taskgen.verify(task, f"I play [{task.answer}]").correct
    legal, sound = task.instance["legal_moves"], task.instance["sound_moves"]
    wrong = [m for m in legal if m not in sound]
    assert wrong
    assert not taskgen.verify(task, boxed(wrong[0])).correct
    board = TicTacToe().state_from_dict(task.instance["state"]).board
    occupied = next(i for i in range(9) if board[i] != ".")
    verdict = taskgen.verify(task, boxed(str(occupied)))
    assert not verdict.format_ok and "taken" in verdict.reason
    assert "\\boxed{<cell>}" in task.prompt


def test_levels_follow_the_band_table() -> None:
    family = taskgen.core.registry.get("tictactoe")
    previous_high = 0.0
    for level in range(1, 11):
        low, high = LEVEL_BANDS[level]
        assert low >= previous_high
        previous_high = high
        for seed in range(12):
            task = taskgen.sample("tictactoe", level, seed)
            board = TicTacToe().state_from_dict(task.instance["state"]).board
            assert low <= family.hardness(task) < high
            sound = optimal_moves(board)
            assert 1 <= len(sound) <= 2 and 2 * len(sound) <= board.count(".")
            assert task.meta["depth"] == lookahead_depth(board)
            assert task.instance["seat"] == (9 - board.count(".")) % 2


def test_no_cell_is_sound_too_often_and_knobs_check() -> None:
    positions, cumulative = band_positions(5.0, 7.0, None, 2)
    weights = [b - a for a, b in zip((0, *cumulative), cumulative, strict=False)]
    total = sum(weights)
    for cell in range(9):
        share = sum(w for w, p in zip(weights, positions, strict=True) if cell in p.sound)
        assert share / total <= CELL_CAP + 0.01
    seated = taskgen.sample("tictactoe", 10, 0, seat=1)
    assert seated.instance["seat"] == 1
    with pytest.raises(InvalidParamsError, match="no position"):
        taskgen.sample("tictactoe", 1, 0, score_band=[8.0, 9.0])
    with pytest.raises(InvalidParamsError):
        taskgen.sample("tictactoe", 1, 0, score_band=[3.0, 2.0])
