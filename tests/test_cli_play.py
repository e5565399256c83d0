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
    assert result.exit_code == 2
    assert "unknown option 'colour' for kuhn_poker; valid options: alpha, num_hands, reward" in (
        result.stderr
    )
    result = runner.invoke(app, ["play", "kuhn_poker"], input="")
    assert result.exit_code == 2 and "input ended" in result.stderr


def test_play_option_errors_list_what_is_valid() -> None:
    for args, fragment in [
        (["play", "kuhn_poker", "-p", "foo=1"], "valid options: alpha, num_hands, reward"),
        (["play", "tictactoe", "-p", "size=4"], "tictactoe; it takes no options"),
        (["play", "simple_negotiation", "-p", "turns=4"], "valid options: max_turns, num_"),
        (["play", "TicTacToe"], "did you mean 'tictactoe'? Games: kuhn_poker, "),
        (["play", "kuhn_poker", "-p", "num_hands=[1]"], "num_hands"),
    ]:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert fragment in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert "TypeError" not in result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_person_may_type_the_bare_move() -> None:
    result = runner.invoke(
        app, ["play", "kuhn_poker", "--vs", "nash", "-p", "num_hands=1"], input="check\ncall\n"
    )
    assert result.exit_code == 0, result.output
    assert "no move found" not in result.stdout and "invalid move" not in result.stdout
    assert "Game over (" in result.stdout


def test_a_bare_move_that_is_illegal_gets_the_games_reason() -> None:
    moves = "4\n4\n" + "".join(f"{cell}\n" for cell in range(9))
    result = runner.invoke(app, ["play", "tictactoe", "--vs", "minimax"], input=moves)
    assert result.exit_code == 0, result.output
    assert "invalid move: cell 4 is already taken" in result.stdout


def test_free_talk_is_not_taken_for_a_move() -> None:
    result = runner.invoke(
        app,
        [
            "play",
            "simple_negotiation",
            "--vs",
            "random",
            "-p",
            "max_turns=2",
            "--invalid",
            "strict",
        ],
        input="hello there\nPass\nPass\n",
    )
    assert result.exit_code == 0, result.output
    assert "invalid move" not in result.stdout  # talk alone passes, as a model's would
