"""TicTacToe: every win line, draws, invalid cells, minimax, and the family."""

from __future__ import annotations

import random

import pytest

import taskgen
from taskgen.tasks.games._base import Illegal
from taskgen.tasks.games.tictactoe import (
    LINES,
    TicTacToe,
    TicTacToeState,
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


def test_family_task_is_minimax_checked() -> None:
    task = taskgen.sample("tictactoe", difficulty=3, seed=2)
    assert taskgen.verify(task, boxed(task.answer)).correct
    assert taskgen.verify(task, f"I play \\boxed{{[{task.answer}]}}").correct
    legal, sound = task.instance["legal_moves"], task.instance["sound_moves"]
    wrong = [m for m in legal if m not in sound]
    assert wrong
    assert not taskgen.verify(task, boxed(wrong[0])).correct
    board = TicTacToe().state_from_dict(task.instance["state"]).board
    occupied = next(i for i in range(9) if board[i] != ".")
    verdict = taskgen.verify(task, boxed(str(occupied)))
    assert not verdict.format_ok and "taken" in verdict.reason
