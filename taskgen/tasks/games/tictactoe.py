"""TicTacToe: three in a row on a 3×3 board, with a perfect minimax player.

Description:
    The classic game, one of SPIRAL's three training games. The engine :class:`TicTacToe` is
    exact and tiny; :func:`minimax_value` solves any position (memoised over the 5,478
    reachable boards).

Rules (exact):
    * Cells are numbered 0–8 row by row (0 1 2 / 3 4 5 / 6 7 8).
    * Player 0 plays X and moves first; Player 1 plays O. Players alternate, each placing
      their mark in an empty cell. A move is a cell number: ``\\boxed{4}`` or ``[4]``.
    * Three of a player's marks in a row, column or diagonal (:data:`LINES`) win at once
      (+1 / −1); a full board without a line is a draw (0 / 0).
    * An occupied cell, a number outside 0–8 or anything else is an invalid move.

Task contract (family ``tictactoe``):
    See :class:`~taskgen.tasks.games._base.GameFamily`. Answer: the cell inside the box,
    ``\\boxed{4}``. A legal move is sound iff it is minimax-optimal: its game-theoretic value
    (win, draw or loss under perfect play) equals the best available. Only positions where
    some legal move is not optimal become tasks, when the episode has one.

Difficulty:
    Level = opponent strength (1 random, 10 perfect minimax); hardness is that strength.

Knobs:
    ``opponent_strength`` 1–10, ``seat`` (0 = X, 1 = O, None: drawn).

References:
    Liu et al., "SPIRAL", 2025 (TextArena's ``TicTacToe-v0``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
from functools import cache, lru_cache
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from taskgen.core.registry import register
from taskgen.tasks.games._base import Game, GameFamily, Illegal, Outcome, quote, zero_sum

LINES: tuple[tuple[int, int, int], ...] = (
    (0, 1, 2),
    (3, 4, 5),
    (6, 7, 8),
    (0, 3, 6),
    (1, 4, 7),
    (2, 5, 8),
    (0, 4, 8),
    (2, 4, 6),
)
"""The eight winning lines."""
MARKS = ("X", "O")
EMPTY = "."
CELLS = tuple(str(i) for i in range(9))


class TicTacToeState(NamedTuple):
    """A board as nine characters (``X``, ``O`` or ``.``) and the cells played, in order."""

    board: str = EMPTY * 9
    moves: tuple[int, ...] = ()
    winner: str | None = None
    """The mark with three in a row, if any (derived, kept for speed)."""
    transcript: str = "none"
    """The moves so far as text, "X 4, O 0" (derived, kept for speed)."""


_LINES_THROUGH: tuple[tuple[tuple[int, int, int], ...], ...] = tuple(
    tuple(line for line in LINES if cell in line) for cell in range(9)
)
_BOARD = " {} | {} | {}\n---+---+---\n {} | {} | {}\n---+---+---\n {} | {} | {}"


def line_winner(board: str) -> str | None:
    """Returns the mark with three in a row, else None.

    >>> line_winner("XXX" + "OO." + "...")
    'X'
    """
    for a, b, c in LINES:
        if board[a] != EMPTY and board[a] == board[b] == board[c]:
            return board[a]
    return None


@cache
def minimax_value(board: str) -> int:
    """Returns the value of ``board`` for the player to move: +1 win, 0 draw, −1 loss.

    The player to move is X when both have played equally often.

    >>> minimax_value("." * 9)
    0
    >>> minimax_value("XX." + "OO." + "...")
    1
    """
    winner = line_winner(board)
    if winner is not None:  # the previous player completed a line
        return -1
    if EMPTY not in board:
        return 0
    mark = MARKS[(9 - board.count(EMPTY)) % 2]
    return max(
        -minimax_value(board[:i] + mark + board[i + 1 :]) for i in range(9) if board[i] == EMPTY
    )


def move_values(board: str) -> dict[int, int]:
    """Returns each empty cell's minimax value for the player to move."""
    mark = MARKS[(9 - board.count(EMPTY)) % 2]
    return {
        i: -minimax_value(board[:i] + mark + board[i + 1 :]) for i in range(9) if board[i] == EMPTY
    }


def optimal_moves(board: str) -> list[int]:
    """Returns the minimax-optimal cells of a non-terminal board.

    >>> optimal_moves("XX." + "OO." + "...")
    [2]
    """
    values = move_values(board)
    best = max(values.values())
    return [cell for cell, value in values.items() if value == best]


_HEADERS = tuple(
    f"You are Player {p} and play {MARKS[p]} in TicTacToe against Player {1 - p} "
    f"({MARKS[1 - p]}).\n\n"
    "Rules: the board has 9 cells numbered 0-8 row by row (0 1 2 / 3 4 5 / 6 7 8). X moves "
    "first; players take turns placing their mark in an empty cell. Three of your marks in a "
    "row, column or diagonal win; a full board without three in a row is a draw.\n"
    for p in (0, 1)
)


@lru_cache(maxsize=8192)
def _views(board: str) -> tuple[str, str, str]:
    """Returns the drawn board, the legal-moves line and the instruction (cached per board)."""
    empty = [i for i in range(9) if board[i] == EMPTY]
    drawn = _BOARD.format(*[m if m != EMPTY else CELLS[i] for i, m in enumerate(board)]) + "\n\n"
    legal = "Your legal moves: " + ", ".join([f"[{i}]" for i in empty]) + "\n"
    instruction = (
        "Think it over, then give the cell of your move in \\boxed{}, for example "
        f"\\boxed{{{empty[0] if empty else 0}}}.\n"
    )
    return drawn, legal, instruction


class TicTacToe(Game[TicTacToeState, int]):
    """The TicTacToe engine (rules in the module docstring)."""

    name = "tictactoe"
    title = "TicTacToe"
    vocabulary = CELLS

    def config(self) -> dict[str, Any]:
        return {}

    def new_state(self, rng: random.Random) -> TicTacToeState:
        return TicTacToeState()

    def current_player(self, state: TicTacToeState) -> int:
        return len(state.moves) % 2

    def is_terminal(self, state: TicTacToeState) -> bool:
        return state.winner is not None or len(state.moves) == 9

    def outcome(self, state: TicTacToeState) -> Outcome:
        mark = state.winner
        if mark is None:
            return zero_sum(None, "full board without a line: draw")
        winner = MARKS.index(mark)
        return zero_sum(winner, f"Player {winner} ({mark}) has three in a row")

    def legal_vocabulary(self, state: TicTacToeState) -> list[str]:
        if self.is_terminal(state):
            return []
        return [str(i) for i in range(9) if state.board[i] == EMPTY]

    def parse_move(self, state: TicTacToeState, text: str) -> int | Illegal:
        if self.is_terminal(state):
            return Illegal("the game is over")
        value = text.strip().rstrip(".!")
        if value.lower().startswith("cell"):
            value = value[4:].strip()
        if len(value) != 1 or value not in CELLS:
            return Illegal(f"move {quote(text)} is not a cell number 0-8", True)
        cell = int(value)
        if state.board[cell] != EMPTY:
            return Illegal(f"cell {cell} is already taken by {state.board[cell]}")
        return cell

    def apply(self, state: TicTacToeState, move: int, message: str = "") -> TicTacToeState:
        mark = MARKS[len(state.moves) % 2]
        board = state.board[:move] + mark + state.board[move + 1 :]
        won = False
        for a, b, c in _LINES_THROUGH[move]:
            if board[a] == board[b] == board[c]:
                won = True
                break
        said = f"{mark} {move}" if not state.moves else f"{state.transcript}, {mark} {move}"
        return TicTacToeState(board, (*state.moves, move), mark if won else None, said)

    def format_move(self, move: int) -> str:
        return str(move)

    def strong_move(self, state: TicTacToeState, rng: random.Random) -> int:
        return rng.choice(optimal_moves(state.board))

    def random_move(self, state: TicTacToeState, rng: random.Random) -> int:
        return rng.choice([i for i in range(9) if state.board[i] == EMPTY])

    def is_sound(self, state: TicTacToeState, move: int) -> bool:
        return move in optimal_moves(state.board)

    def render_board(self, board: str) -> str:
        """Draws the board with each empty cell showing its number."""
        return _BOARD.format(*[mark if mark != EMPTY else CELLS[i] for i, mark in enumerate(board)])

    def observation(self, state: TicTacToeState, player: int, feedback: str = "") -> str:
        drawn, legal, instruction = _views(state.board)
        parts = [_HEADERS[player], f"Moves so far: {state.transcript}.\nBoard:\n", drawn]
        if state.winner is not None or len(state.moves) == 9:
            parts.append(f"The game is over: {self.outcome(state).reason}.\n")
        elif len(state.moves) % 2 != player:
            parts.append(f"Waiting for Player {1 - player} to move.\n")
        else:
            parts.append(legal)
            if feedback:
                parts.append(feedback + "\n")
            parts.append(instruction)
        return "".join(parts)

    def state_to_dict(self, state: TicTacToeState) -> dict[str, Any]:
        return {"moves": list(state.moves)}

    def state_from_dict(self, data: dict[str, Any]) -> TicTacToeState:
        state = TicTacToeState()
        for cell in data["moves"]:
            if isinstance(cell, bool) or not isinstance(cell, int) or not 0 <= cell <= 8:
                raise ValueError("bad cell")
            if state.board[cell] != EMPTY or self.is_terminal(state):
                raise ValueError("bad move sequence")
            state = self.apply(state, cell)
        return state


class TicTacToeKnobs(BaseModel):
    """Knobs of the ``tictactoe`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    opponent_strength: int = Field(ge=1, le=10, description="1 random … 10 perfect minimax")
    seat: int | None = Field(default=None, ge=0, le=1, description="0 = X, 1 = O; None: drawn")


@register("tictactoe")
class TicTacToeFamily(GameFamily):
    """One TicTacToe decision: play a minimax-optimal cell."""

    version = 0
    description = "TicTacToe positions from seeded games; sound = minimax-optimal cell (SPIRAL)"
    Knobs = TicTacToeKnobs
    game_class = TicTacToe

    def make_game(self, knobs: TicTacToeKnobs) -> TicTacToe:
        return TicTacToe()
