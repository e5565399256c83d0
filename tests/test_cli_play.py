"""``taskgen play``: a person plays a game in the terminal, fed through stdin here."""

from __future__ import annotations

from typer.testing import CliRunner

from taskgen.cli import app

runner = CliRunner()


def test_play_kuhn_against_nash_to_the_end() -> None:
    result = runner.invoke(
        app, ["play", "kuhn_poker", "--vs", "nash", "-p", "num_hands=1"], input="[check]\n[call]\n"
    )
    assert result.exit_code == 0, result.output
    assert "You are Player 0 in a match of Kuhn Poker" in result.stdout
    assert "Your legal moves: [check], [bet]" in result.stdout
    assert "Game over (" in result.stdout and "Your return:" in result.stdout


def test_play_tictactoe_shows_invalid_reason_and_opponent_replies() -> None:
    moves = "".join(f"\\boxed{{{cell}}}\n" for cell in [4, 4, 0, 1, 2, 3, 5, 6, 7, 8])
    result = runner.invoke(
        app, ["play", "tictactoe", "--vs", "minimax", "--seat", "1"], input=moves
    )
    assert result.exit_code == 0, result.output
    assert "Player 0 (minimax) replied: \\boxed{" in result.stdout
    assert "You are Player 1 and play O" in result.stdout
    assert "Game over (" in result.stdout
    assert "you win" not in result.stdout  # perfect play never loses


def test_play_forfeits_after_invalid_moves_under_strict_policy() -> None:
    result = runner.invoke(
        app, ["play", "tictactoe", "--vs", "random", "--invalid", "strict"], input="pass\n"
    )
    assert result.exit_code == 0, result.output
    assert "invalid move: no move found" in result.stdout
    assert "Game over (you lose)" in result.stdout and "Your return: -1" in result.stdout


def test_play_errors_are_one_line() -> None:
    result = runner.invoke(app, ["play", "chess"])
    assert result.exit_code == 2 and "unknown game 'chess'" in result.stderr
    result = runner.invoke(app, ["play", "tictactoe", "--vs", "nash"])
    assert result.exit_code == 2 and "unknown opponent 'nash'" in result.stderr
    result = runner.invoke(app, ["play", "kuhn_poker", "-p", "num_hands=99"])
    assert result.exit_code == 2 and "num_hands" in result.stderr
    result = runner.invoke(app, ["play", "kuhn_poker", "-p", "colour=red"])
    assert result.exit_code == 2 and "bad option" in result.stderr
    result = runner.invoke(app, ["play", "kuhn_poker"], input="")
    assert result.exit_code == 2 and "input ended" in result.stderr
